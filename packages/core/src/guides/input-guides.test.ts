import guides from "@specready/core/guides/partner-center-inputs.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { sourcesFileSchema } from "../program/program-definition.js";
import { cloneJson, loadTestProgram, registryDataFiles } from "../test-support/builders.js";
import { inputGuides } from "./input-guides.js";

const sources = new Map(
  sourcesFileSchema.parse(registryDataFiles().sources?.[0]?.json).sources.map((s) => [s.key, s]),
);

describe("where each input lives in Partner Center", () => {
  it("names a menu path and sources for every Partner Center input, with the program's figures filled in", () => {
    const list = inputGuides(guides, loadTestProgram(), sources);
    expect(list.map((g) => g.kind)).toEqual([
      "azure-usage",
      "certifications",
      "capability-score",
      "audit-evidence",
    ]);
    for (const g of list.filter((x) => x.where !== null)) {
      expect(g.where?.[0]).toBe("Partner Center");
      expect(g.sources.length).toBeGreaterThan(0);
      for (const s of g.sources) expect(s.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    }
    const usage = list[0];
    expect(usage?.range).toContain("the last 3 full months");
    expect(usage?.replaces).toContain("after the 5th");
    expect(`${usage?.range} ${usage?.replaces} ${list.map((g) => g.note).join(" ")}`).not.toMatch(/\{\w+\}/);
  });

  it("refuses a guide that names a Partner Center place without a source, and an unknown source", () => {
    const uncited = cloneJson(guides) as { inputs: { sources: string[] }[] };
    (uncited.inputs[0] as { sources: string[] }).sources = [];
    expect(() => inputGuides(uncited, loadTestProgram(), sources)).toThrow(/cites a source/);
    const unknown = cloneJson(guides) as { inputs: { sources: string[] }[] };
    (unknown.inputs[0] as { sources: string[] }).sources = ["no-such-source"];
    expect(() => inputGuides(unknown, loadTestProgram(), sources)).toThrow(
      /"no-such-source" is not in sources/,
    );
  });
});
