import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * The web app's one-way imports (bulletproof-react): a feature uses another only through that feature's
 * public index (`features/<x>/index.ts`), features never import each other in a circle, and the shared
 * folders (api, lib, components) never import a feature or the app. Each failure names the importing
 * file and what it imports.
 */

const SRC = dirname(fileURLToPath(import.meta.url));
const SHARED = new Set(["api", "lib", "components"]);
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".gen.ts") ? [path] : [];
  });
}

export interface ImportEdge {
  /** The importing file, relative to src ("features/evidence/api.ts"). */
  readonly from: string;
  /** What it imports, resolved relative to src, without extension ("features/projects/api"). */
  readonly to: string;
}

/** Every relative import of the source texts, resolved against src. */
export function importEdges(files: ReadonlyMap<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [from, text] of files) {
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? "";
      if (!specifier.startsWith(".")) continue;
      edges.push({ from, to: relative(SRC, resolve(SRC, dirname(from), specifier)).replaceAll("\\", "/") });
    }
  }
  return edges;
}

const featureOf = (path: string) => {
  const [top, name] = path.split("/");
  return top === "features" ? name : undefined;
};

/** Imports that break the rules, as `from -> to: why`. */
export function boundaryProblems(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const source = featureOf(from);
    const target = featureOf(to);
    const top = from.split("/")[0] ?? "";
    if (SHARED.has(top) && (target !== undefined || to.split("/")[0] === "app"))
      problems.push(
        `${from} -> ${to}: the shared folders (api, lib, components) import no feature and not the app`,
      );
    if (source === undefined || target === undefined || source === target) continue;
    if (to !== `features/${target}` && to !== `features/${target}/index`)
      problems.push(`${from} -> ${to}: import features/${target} (its index), not its internals`);
    const targets = graph.get(source) ?? new Set<string>();
    targets.add(target);
    graph.set(source, targets);
  }
  // A circle of features, found by a depth-first walk from each feature in name order.
  const seen = new Set<string>();
  const walk = (feature: string, path: readonly string[]): void => {
    if (path.includes(feature)) {
      const circle = [...path.slice(path.indexOf(feature)), feature];
      const text = `features import each other in a circle: ${circle.join(" -> ")}`;
      if (!problems.includes(text)) problems.push(text);
      return;
    }
    if (seen.has(feature)) return;
    for (const next of [...(graph.get(feature) ?? [])].sort()) walk(next, [...path, feature]);
    seen.add(feature);
  };
  for (const feature of [...graph.keys()].sort()) walk(feature, []);
  return problems;
}

describe("the web app's import boundaries", () => {
  it("hold for every file of src", () => {
    const files = new Map(
      sourceFiles(SRC).map((f) => [relative(SRC, f).replaceAll("\\", "/"), readFileSync(f, "utf8")]),
    );
    expect(files.size).toBeGreaterThan(100);
    expect(boundaryProblems(importEdges(files))).toEqual([]);
  });

  it("name an import of another feature's internals, a circle, and a shared folder importing a feature", () => {
    const files = new Map([
      [
        "features/controls/components/page.tsx",
        'import { AddEvidenceDialog } from "../../evidence/components/add";',
      ],
      ["features/evidence/api.ts", 'import { useReadiness } from "../controls";\nimport { x } from "./own";'],
      ["features/controls/index.ts", 'export * from "./api";\nexport { y } from "../evidence/index";'],
      ["lib/format.ts", 'import type { Evaluation } from "../features/dashboard/api";'],
      ["app/routes.ts", 'const page = () => import("../features/audit/components/audit-page");'],
    ]);
    expect(boundaryProblems(importEdges(files))).toEqual([
      "features/controls/components/page.tsx -> features/evidence/components/add: import features/evidence (its index), not its internals",
      "lib/format.ts -> features/dashboard/api: the shared folders (api, lib, components) import no feature and not the app",
      "features import each other in a circle: controls -> evidence -> controls",
    ]);
  });
});
