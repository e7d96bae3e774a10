import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

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

// The server serves dist/ with the SPA fallback to index.html for every path outside /api; in
// development the Vite server forwards /api to the API server on port 3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), firstRequests()],
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
    // The vendor chunk (React, Fluent UI, TanStack Query) is one file on purpose: a browser opens six
    // connections per server over HTTP/1.1, and 60 small chunks queued behind each other cost more than
    // one 870 kB file (190 kB with brotli) that is kept for a year.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "vendor", test: /[\\/]node_modules[\\/]/ },
            { name: "shared", test: /[\\/]apps[\\/]web[\\/]src[\\/]/, minShareCount: 2 },
          ],
        },
      },
    },
  },
});
