import { createRequire } from "node:module";
import griffel from "@griffel/vite-plugin";
import react from "@vitejs/plugin-react";
import { build, defineConfig, type Plugin, type Rolldown } from "vite";

const FIRST_REQUESTS = "src/first-requests.ts";
/** The modules of the dashboard's first render: the page, the chunks it loads at once, the frame. */
const DASHBOARD_CHUNKS = [
  "src/features/dashboard/components/dashboard-page.tsx",
  "src/features/dashboard/components/dashboard-figures.tsx",
  "src/features/dashboard/components/explanation-dialog.tsx",
  "src/app/layout/app-shell.tsx",
];

/**
 * src/first-requests.ts as index.html's first script, a chunk of its own that imports nothing: it asks
 * for the dashboard's session and data while the app's chunks are still arriving (see that file).
 * Vite would bundle a second `<script type=module>` of index.html into the app's entry, which runs
 * only after React and Fluent UI have: hence an entry emitted here and a tag added to the built page.
 */
function firstRequests(): Plugin {
  const name = "first-requests";
  let building = false;
  return {
    name: "specready:first-requests",
    configResolved(config) {
      building = config.command === "build";
    },
    buildStart() {
      if (building) this.emitFile({ type: "chunk", id: FIRST_REQUESTS, name });
    },
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        // In development, Vite serves the source itself.
        let src = `/${FIRST_REQUESTS}`;
        let dashboard = "";
        if (ctx.bundle !== undefined) {
          const chunk = Object.values(ctx.bundle).find((c) => c.type === "chunk" && c.name === name);
          if (chunk === undefined || chunk.type !== "chunk")
            throw new Error(`${FIRST_REQUESTS}: no chunk built`);
          if (chunk.imports.length > 0 || chunk.dynamicImports.length > 0)
            throw new Error(
              `${FIRST_REQUESTS} must import nothing; its chunk imports ${chunk.imports.join(", ")}`,
            );
          src = `/${chunk.fileName}`;
          // The dashboard's own chunks and what they import, beyond what index.html preloads already.
          const chunks = new Map(
            Object.values(ctx.bundle).flatMap((c) => (c.type === "chunk" ? [[c.fileName, c] as const] : [])),
          );
          const inHtml = new Set<string>();
          const entry = ctx.chunk;
          if (entry !== undefined) for (const f of [entry.fileName, ...entry.imports]) inHtml.add(f);
          const wanted = new Set<string>();
          const add = (fileName: string) => {
            const c = chunks.get(fileName);
            if (c === undefined || inHtml.has(fileName) || wanted.has(fileName)) return;
            wanted.add(fileName);
            for (const i of c.imports) add(i);
          };
          for (const id of DASHBOARD_CHUNKS) {
            const c = [...chunks.values()].find((k) => k.facadeModuleId?.endsWith(id) === true);
            if (c === undefined)
              throw new Error(`${id}: no chunk of its own (DASHBOARD_CHUNKS in vite.config.ts)`);
            add(c.fileName);
          }
          dashboard = [...wanted].map((f) => `/${f}`).join(" ");
        }
        // async: it runs as soon as it is in, not after the document is parsed and in its order.
        const attrs: Record<string, string | boolean> = { type: "module", async: true, src };
        if (dashboard !== "") attrs["data-dashboard-chunks"] = dashboard;
        return [{ tag: "script", attrs, injectTo: "head-prepend" }];
      },
    },
  };
}

const NODE_MODULES = /[\\/]node_modules[\\/]/;
const APP_SOURCES = /[\\/]apps[\\/]web[\\/]src[\\/]/;

/**
 * The modules whose code the dashboard's first load runs: those of index.html's entry chunk and of the
 * dashboard's chunks (DASHBOARD_CHUNKS), with the chunks these import. Found by a build of its own at the
 * start of the real one (about 2 s, nothing written): a build that splits the libraries by the pages that
 * use their code, after tree-shaking. (The import graph alone cannot tell: `@fluentui/react-components`
 * imports every component, the dashboard uses a few.) The real build then puts the libraries and the
 * shared app code in two chunks each, along that line (see `build.rolldownOptions`). The analysis leaves
 * out the build-time styles (`griffelAtBuild`, most of the build's time): with them the app needs less
 * of Griffel's run time, never more, and `generateBundle` fails a build whose first load would still
 * import a `-pages` chunk.
 */
function firstLoadModules(): { plugin: Plugin; has: (id: string) => boolean } {
  let modules: ReadonlySet<string> | undefined;
  const plugin: Plugin = {
    name: "specready:first-load-modules",
    apply: "build",
    async buildStart() {
      const analysis = (await build({
        configFile: false,
        root: import.meta.dirname,
        logLevel: "silent",
        plugins: [react()],
        resolve: { conditions: ["source"] },
        build: {
          write: false,
          minify: false,
          sourcemap: false,
          reportCompressedSize: false,
          target: "es2022",
          rolldownOptions: {
            output: { codeSplitting: { groups: [{ name: "lib", test: NODE_MODULES, entriesAware: true }] } },
          },
        },
      })) as Rolldown.RolldownOutput;
      const chunks = new Map(
        analysis.output.flatMap((c) => (c.type === "chunk" ? [[c.fileName, c] as const] : [])),
      );
      const roots = [...chunks.values()].filter(
        (c) =>
          (c.isEntry && c.facadeModuleId?.endsWith("index.html") === true) ||
          DASHBOARD_CHUNKS.some((id) => c.facadeModuleId?.endsWith(id) === true),
      );
      if (roots.length !== DASHBOARD_CHUNKS.length + 1)
        this.error(
          `the first load's chunks: ${roots.map((c) => c.facadeModuleId).join(", ")} (index.html and DASHBOARD_CHUNKS expected)`,
        );
      const found = new Set<string>();
      const seen = new Set<string>();
      const visit = (c: Rolldown.OutputChunk) => {
        if (seen.has(c.fileName)) return;
        seen.add(c.fileName);
        for (const id of c.moduleIds) found.add(id);
        for (const i of c.imports) {
          const next = chunks.get(i);
          if (next !== undefined) visit(next);
        }
      };
      for (const c of roots) visit(c);
      modules = found;
    },
    generateBundle(_options, bundle) {
      // What the dashboard's first load runs must never wait for the chunks of other pages.
      const chunks = new Map(
        Object.values(bundle).flatMap((c) => (c.type === "chunk" ? [[c.fileName, c] as const] : [])),
      );
      const first = [...chunks.values()].filter(
        (c) =>
          (c.isEntry && c.name !== "first-requests") ||
          DASHBOARD_CHUNKS.some((id) => c.facadeModuleId?.endsWith(id) === true),
      );
      const seen = new Set<string>();
      const visit = (c: Rolldown.OutputChunk, from: string) => {
        if (seen.has(c.fileName)) return;
        seen.add(c.fileName);
        if (c.name === "vendor-pages" || c.name === "shared-pages")
          this.error(`the dashboard's first load (${from}) imports ${c.fileName}, the code of other pages`);
        for (const i of c.imports) {
          const next = chunks.get(i);
          if (next !== undefined) visit(next, c.fileName);
        }
      };
      for (const c of first) visit(c, c.fileName);
    },
  };
  return {
    plugin,
    has(id) {
      if (modules === undefined) throw new Error("the first load's modules are not known yet");
      return modules.has(id);
    },
  };
}

const firstLoad = firstLoadModules();

const local = createRequire(import.meta.url);

/**
 * The app's own `makeStyles` and `makeResetStyles` turned into their classes and CSS rules at build time
 * (Griffel's `@griffel/vite-plugin`, on wyw-in-js), as Fluent UI's own packages already ship: the first
 * render no longer computes them (about 40 ms of a cold dashboard load's profile on a 2-core machine).
 * The rules are still inserted at run time. Only the app's sources are transformed; wyw-in-js evaluates
 * the style modules with Babel, hence the TypeScript and React presets. Development (`vite`) computes
 * the styles at run time, as before.
 */
function griffelAtBuild(): Plugin {
  return {
    ...(griffel({
      include: [APP_SOURCES],
      exclude: [/\.test\.tsx?$/],
      babelOptions: {
        presets: [
          local.resolve("@babel/preset-typescript"),
          [local.resolve("@babel/preset-react"), { runtime: "automatic" }],
        ],
      },
    }) as Plugin),
    apply: "build",
  };
}

// The server serves dist/ with the SPA fallback to index.html for every path outside /api; in
// development the Vite server forwards /api to the API server on port 3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), griffelAtBuild(), firstRequests(), firstLoad.plugin],
  // Workspace packages are read from their TypeScript sources, like the tests do (only their types are
  // imported today, but a stale dist/ must never leak into a build).
  resolve: { conditions: ["source"] },
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://localhost:3000", changeOrigin: false } },
  },
  preview: { proxy: { "/api": { target: "http://localhost:3000" } } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    reportCompressedSize: true,
    // The libraries (React, Fluent UI, TanStack Query) are two files on purpose: a browser opens six
    // connections per server over HTTP/1.1, and 60 small chunks queued behind each other cost more than
    // a few files kept for a year. `vendor` holds the libraries' code the dashboard's first load runs,
    // `vendor-pages` what only other pages use (their first visit loads it, once); the app's code shared
    // by several chunks is split the same way (`shared`, `shared-pages`). See `firstLoadModules`.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      // wyw-in-js takes most of the build's time by design: no report of it at every build.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [
            {
              name: "vendor",
              test: (id) => NODE_MODULES.test(id) && firstLoad.has(id),
              priority: 4,
            },
            { name: "vendor-pages", test: NODE_MODULES, priority: 3 },
            {
              name: "shared",
              test: (id) => APP_SOURCES.test(id) && firstLoad.has(id),
              minShareCount: 2,
              priority: 2,
            },
            // Not with the modules these import: that would pull shared code of the first load (the error
            // message, the spinner) in with them, and the entry would import this chunk.
            {
              name: "shared-pages",
              test: APP_SOURCES,
              minShareCount: 2,
              priority: 1,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
