import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/*
 * The subpath exports (`@specready/core/calendar`, `/csv`, `/money`, `/tenant-id`, `/warnings`) are what
 * the web app bundles: they must not reach the program schemas, whose zod would come along. Both module
 * graphs are walked: the sources (what Vite and the tests read, through the "source" condition) and the
 * build (what Node loads in the installed package), the latter by loading it in Node and recording every
 * module it resolves.
 */

const run = promisify(execFile);
const coreDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(coreDir, "package.json"), "utf8")) as {
  exports: Record<string, string | { source: string; types: string; default: string }>;
};
const subpaths = Object.entries(manifest.exports).flatMap(([key, target]) =>
  key !== "." && typeof target === "object" ? [{ key, ...target }] : [],
);

/** Specifiers a module loads when run: value imports and re-exports, bare imports; not `import type`. */
function loadedSpecifiers(source: string): string[] {
  const found: string[] = [];
  const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^;]*?)\bfrom\s*["']([^"']+)["']/g;
  for (const m of source.matchAll(statement)) if (m[2] === undefined) found.push(m[4] as string);
  for (const m of source.matchAll(/(?:^|[;\n])\s*import\s*["']([^"']+)["']/g)) found.push(m[1] as string);
  for (const m of source.matchAll(/\bimport\s*\(\s*["']([^"']+)["']/g)) found.push(m[1] as string);
  return found;
}

/** Every file of the source graph from `entry`, and every specifier outside the package it reaches. */
function sourceGraph(entry: string): { files: string[]; outside: string[] } {
  const files = new Set<string>();
  const outside = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of loadedSpecifiers(readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) {
        outside.add(spec);
        continue;
      }
      visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
    }
  };
  visit(entry);
  return { files: [...files], outside: [...outside] };
}

/** The URLs Node resolves while importing `specifier` from the core package (its built files). */
async function builtGraph(specifier: string): Promise<string[]> {
  const script = `
    import { registerHooks } from "node:module";
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r; } });
    await import(${JSON.stringify(specifier)});
    process.stdout.write(JSON.stringify(seen));
  `;
  const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", script], { cwd: coreDir });
  return JSON.parse(stdout) as string[];
}

describe("the core's subpath exports", () => {
  it("are the pure modules the web app imports", () => {
    expect(subpaths.map((s) => s.key)).toEqual([
      "./calendar",
      "./csv",
      "./money",
      "./tenant-id",
      "./warnings",
    ]);
  });

  for (const sub of subpaths) {
    it(`${sub.key}: its sources import nothing outside the core (no zod)`, () => {
      const { files, outside } = sourceGraph(join(coreDir, sub.source));
      expect(outside).toEqual([]);
      for (const file of files) {
        expect(existsSync(file), `${file} (imported from ${sub.source})`).toBe(true);
        expect(file.startsWith(join(coreDir, "src"))).toBe(true);
      }
    });

    it(`${sub.key}: loaded from the build, it reaches no module outside the core's dist/ (no zod)`, async () => {
      const built = join(coreDir, sub.default);
      expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
      const urls = await builtGraph(`@specready/core${sub.key.slice(1)}`);
      expect(urls[0]).toBe(pathToFileURL(built).href);
      const dist = pathToFileURL(join(coreDir, "dist")).href;
      expect(urls.filter((u) => !u.startsWith(`${dist}/`))).toEqual([]);
      expect(urls.some((u) => u.includes("/zod/"))).toBe(false);
    });
  }

  it("the walk would catch zod: the package's main entry reaches it", async () => {
    expect(sourceGraph(join(coreDir, "src/index.ts")).outside).toContain("zod");
    const urls = await builtGraph("@specready/core");
    expect(urls.some((u) => u.includes("/zod/"))).toBe(true);
  });
});
