import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * The server's layers, checked on its source (issue 12): routes validate, authorize, call one command
 * and answer; commands (services) never speak HTTP; one mutation path writes the activity log, bumps the
 * data version and clears caches; and no module imports itself round a circle.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "test-support" ? [] : sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  path,
  name: relative(SRC, path).replaceAll("\\", "/"),
  text: readFileSync(path, "utf8"),
}));

/** The relative modules a file imports or re-exports (type-only ones too: they are edges of the design). */
function importsOf(file: { path: string; text: string }): string[] {
  return [...file.text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/g)].map(
    (m) =>
      relative(SRC, resolve(dirname(file.path), (m[1] as string).replace(/\.js$/, ".ts"))).replaceAll(
        "\\",
        "/",
      ),
  );
}

/** The areas whose changes are commands on the mutation path (services/<area>/<verb>.ts). */
const COMMAND_AREAS = [
  "mutation",
  "evidence",
  "audit",
  "customer-projects",
  "members",
  "tokens",
  "organization",
  "people",
  "capability-score",
  "plans",
  "imports",
];

/**
 * What writes the activity log, bumps a data version, opens a transaction or clears a cache outside the
 * mutation path: the areas not converted yet, each named with what is left (an entry here that no
 * longer matches fails the test, so the list only shrinks).
 */
const NOT_YET_ON_THE_MUTATION_PATH: Record<string, string> = {
  "app.ts": "a refused request (403) in the organization's activity log",
  "http/authenticate.ts": "API token use and session expiry (multi-instance freshness branch)",
  "routes/session/session-routes.ts": "sessions: setup, sign-in, invitations accepted, password changes",
  "routes/orgs/org-routes.ts": "a new organization (there is none to lock yet)",
  "services/demo-service.ts": "the demo seed",
  "services/session-service.ts": "sessions",
};

const MUTATION_PATH_ONLY =
  /\.activity\.record\(|bumpDataVersion\(|\.transaction\(|(?:org|token|session)Cache\.delete/;

describe("the server's layers", () => {
  it("changes data, writes the activity log and clears caches only through the mutation path", () => {
    const offenders = files
      .filter((f) => f.name !== "services/mutation/mutate.ts" && MUTATION_PATH_ONLY.test(f.text))
      .map((f) => f.name)
      .sort();
    expect(offenders).toEqual(Object.keys(NOT_YET_ON_THE_MUTATION_PATH).sort());
  });

  it("keeps routes away from the activity writer and the repositories' transactions", () => {
    const routes = files.filter(
      (f) => f.name.startsWith("routes/") && !(f.name in NOT_YET_ON_THE_MUTATION_PATH),
    );
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      expect(route.text, route.name).not.toMatch(MUTATION_PATH_ONLY);
      expect(
        importsOf(route).filter((m) => m.startsWith("services/mutation/mutate")),
        route.name,
      ).toEqual([]);
    }
  });

  it("keeps commands free of HTTP: no import of http/, routes/ or hono", () => {
    const commands = files.filter((f) =>
      COMMAND_AREAS.some((area) => f.name.startsWith(`services/${area}/`)),
    );
    expect(commands.length).toBeGreaterThan(20);
    for (const command of commands) {
      const bad = importsOf(command).filter((m) => m.startsWith("http/") || m.startsWith("routes/"));
      expect(bad, command.name).toEqual([]);
      expect(command.text, command.name).not.toMatch(/from "hono|from "@hono/);
    }
  });

  it("has no service importing a route", () => {
    for (const service of files.filter((f) => f.name.startsWith("services/")))
      expect(
        importsOf(service).filter((m) => m.startsWith("routes/")),
        service.name,
      ).toEqual([]);
  });

  it("has no import circle", () => {
    const graph = new Map(files.map((f) => [f.name, importsOf(f).filter((m) => m.endsWith(".ts"))]));
    const circles: string[][] = [];
    // Tarjan's strongly connected components: every component of more than one module is a circle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const visit = (v: string) => {
      index.set(v, next);
      low.set(v, next);
      next++;
      stack.push(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
        } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          component.push(w);
        } while (w !== v);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    expect(circles).toEqual([]);
  });
});
