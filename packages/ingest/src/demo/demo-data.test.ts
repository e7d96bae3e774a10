import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { demoData, relativeDate } from "./demo-data.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("the demo partner's data files", () => {
  it("read relative dates step by step, months clamped to the month's end", () => {
    expect(relativeDate("2025-03-31", "-1m")).toBe("2025-02-28");
    expect(relativeDate("2025-03-31", "-1m +3d")).toBe("2025-03-03");
    expect(relativeDate("2024-02-29", "+38d -1y")).toBe("2023-04-07");
    expect(relativeDate("2025-09-10", "-38m +9d")).toBe("2022-07-19");
    expect(() => relativeDate("2025-09-10", "-2 months")).toThrow(
      'demo partner: "-2 months" is not a relative date (like "-2m +3d")',
    );
  });

  it("hold together: every service, customer and document they name exists", () => {
    const data = demoData();
    expect(data.customers.map((c) => c.key)).toContain("adatum");
    expect(data.partner.name).toBe("Adatum Consulting");
    expect(Object.keys(data.shortNames)).not.toContain("$comment");
    expect(data.reviews.map((r) => `${r.customer} ${r.control} ${r.status}`)).toEqual([
      "proseware B2.2 changes_requested",
      "litware B4.1 ready",
      "fabrikam A3.3 draft",
    ]);
  });

  it("are shipped with the package: in its files, every one imported by the builder", async () => {
    const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as {
      files: string[];
      exports: Record<string, unknown>;
    };
    expect(manifest.files).toContain("demo-partner");
    expect(manifest.exports["./demo-partner/*"]).toBe("./demo-partner/*");
    const source = await readFile(join(packageDir, "src/demo/demo-data.ts"), "utf8");
    const imported = [...source.matchAll(/@specready\/ingest\/demo-partner\/([a-z-]+\.json)/g)].map(
      (m) => m[1],
    );
    expect(imported.sort()).toEqual((await readdir(join(packageDir, "demo-partner"))).sort());
  });
});
