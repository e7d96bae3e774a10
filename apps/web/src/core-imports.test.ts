import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * The web app takes only types from the core's main entry, which brings the program schemas and zod
 * into the bundle; code comes from the core's zod-free subpaths (@specready/core/calendar, /csv, /money,
 * /tenant-id, /warnings), whose module graphs packages/core/src/subpath-exports.test.ts checks.
 */

const src = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The import and export statements of a file that load `@specready/core` itself when bundled. */
function valueImportsOfCoreMain(source: string): string[] {
  const statements = source.matchAll(
    /(?:^|\n)\s*((?:import|export)\s+(type\s+)?[^;]*?from\s*"@specready\/core")/g,
  );
  return [...statements].filter((m) => m[2] === undefined).map((m) => (m[1] as string).replace(/\s+/g, " "));
}

describe("the web app's imports of the core", () => {
  it("are types only from the main entry, code from the zod-free subpaths", () => {
    const found = sourceFiles(src).flatMap((file) =>
      valueImportsOfCoreMain(readFileSync(file, "utf8")).map((s) => `${relative(src, file)}: ${s}`),
    );
    expect(found).toEqual([]);
  });

  it("would see a value import", () => {
    expect(valueImportsOfCoreMain('import { tenantIdProblem } from "@specready/core";\n')).toHaveLength(1);
    expect(valueImportsOfCoreMain('import type { Evaluation } from "@specready/core";\n')).toEqual([]);
    expect(valueImportsOfCoreMain('import { addMonths } from "@specready/core/calendar";\n')).toEqual([]);
  });
});
