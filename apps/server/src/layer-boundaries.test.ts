import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * The server's layers call downward only: routes -> http -> services -> storage, binder, auth, errors,
 * config -> the db and core packages. A lower layer never imports a higher one (a service never reaches
 * for a route, the request or the HTTP context); app.ts, server.ts, main.ts and commands/ compose the
 * layers and sit above them all. Each failure names the importing file and what it imports.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

/** Each layer, and the layers (and composition files) it must not import. */
const COMPOSITION = ["app", "server", "main", "index", "commands"];
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  routes: [...COMPOSITION],
  http: ["routes", ...COMPOSITION],
  services: ["routes", "http", ...COMPOSITION],
  storage: ["routes", "http", "services", ...COMPOSITION],
  binder: ["routes", "http", "services", ...COMPOSITION],
  auth: ["routes", "http", "services", ...COMPOSITION],
  errors: ["routes", "http", "services", "api", ...COMPOSITION],
  config: ["routes", "http", "services", "storage", "binder", "auth", "api", ...COMPOSITION],
  threads: ["routes", "http", "services", "storage", "binder", "auth", "api", ...COMPOSITION],
  api: ["routes", "http", "services", ...COMPOSITION],
};
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The layer of a file relative to src: its folder, or for a top-level file its name ("app"). */
function layerOf(path: string): string {
  const parts = path.split("/");
  return parts.length === 1 ? (parts[0] ?? "").replace(/\.[jt]s$/, "") : (parts[0] ?? "");
}

/** Imports that call upward, as `from -> to: why`. */
export function layerProblems(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [from, text] of files) {
    const forbidden = FORBIDDEN[layerOf(from)] ?? [];
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? "";
      if (!specifier.startsWith(".")) continue;
      const to = relative(SRC, resolve(SRC, dirname(from), specifier)).replaceAll("\\", "/");
      if (forbidden.includes(layerOf(to)))
        problems.push(`${from} -> ${to}: the ${layerOf(from)} layer does not import ${layerOf(to)}`);
    }
  }
  return problems;
}

describe("the server's layers", () => {
  it("import only downward", () => {
    const files = new Map(
      sourceFiles(SRC).map((f) => [relative(SRC, f).replaceAll("\\", "/"), readFileSync(f, "utf8")]),
    );
    expect(files.size).toBeGreaterThan(50);
    expect(layerProblems(files)).toEqual([]);
  });

  it("name a service that reaches for the HTTP layer or a route, and a route that imports the app", () => {
    const files = new Map([
      [
        "services/evidence-service.ts",
        'import { answerOf } from "../http/domain-errors.js";\nimport { errors } from "../errors/app-error.js";',
      ],
      ["services/import-service.ts", 'import type { Route } from "../routes/imports/import-routes.js";'],
      [
        "routes/orgs/org-routes.ts",
        'import { createApp } from "../../app.js";\nimport { s } from "../../services/s.js";',
      ],
      ["http/secured-route.ts", 'import { allows } from "../auth/policy.js";'],
    ]);
    expect(layerProblems(files)).toEqual([
      "services/evidence-service.ts -> http/domain-errors.js: the services layer does not import http",
      "services/import-service.ts -> routes/imports/import-routes.js: the services layer does not import routes",
      "routes/orgs/org-routes.ts -> app.js: the routes layer does not import app",
    ]);
  });
});
