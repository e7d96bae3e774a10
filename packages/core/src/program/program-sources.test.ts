import { describe, expect, it } from "vitest";
import {
  allProgramDataFiles,
  checklistDataFiles,
  cloneJson,
  loadTestPrograms,
  programDataFiles,
  registryDataFiles,
} from "../test-support/builders.js";
import { covers, factPaths, resolvePath, uncitedFacts } from "./citations.js";
import { type Citation, type DataFile, loadPrograms, sourcesFileSchema } from "./program-definition.js";

const programs = loadTestPrograms();
const sources = sourcesFileSchema.parse(registryDataFiles().sources?.[0]?.json).sources;

describe("every number of the program data has a source", () => {
  it.each(allProgramDataFiles().map((f) => [f.file, f] as const))("%s", (_file, f: DataFile) => {
    const id = (f.json as { id: string }).id;
    const program = programs.find((p) => p.id === id);
    if (program === undefined) throw new Error(`${id} did not load`);
    // A version's own facts are covered by its citations or those of the versions it extends.
    expect(uncitedFacts(f.json, program.citations)).toEqual([]);
  });

  it.each(checklistDataFiles().map((f) => [f.file, f] as const))("%s", (_file, f: DataFile) => {
    const citations = (f.json as { citations: Citation[] }).citations;
    expect(uncitedFacts(f.json, citations)).toEqual([]);
  });

  it("names a known source for every citation and credential, each with the day it was read", () => {
    const keys = new Set(sources.map((s) => s.key));
    for (const p of programs)
      for (const c of p.citations) for (const k of c.sources) expect(keys).toContain(k);
    for (const c of programs[0]?.credentials.values() ?? [])
      for (const k of c.sources) expect(keys).toContain(k);
    for (const s of sources) expect(s.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("says which sources are third parties: the certification retirements are only reported by them", () => {
    const thirdParty = new Set(sources.filter((s) => s.publisher === "third-party").map((s) => s.key));
    const dp100 = programs[0]?.credentials.get("DP-100");
    expect(dp100?.confidence).toBe("third-party");
    expect(dp100?.sources.every((k) => thirdParty.has(k))).toBe(true);
  });

  it("finds the facts a test would miss: a number without a citation", () => {
    const json = cloneJson(programDataFiles()[0]?.json) as { citations: Citation[] };
    json.citations = json.citations.filter((c) => !c.paths.includes("audit.feesUsd.*"));
    expect(uncitedFacts(json, json.citations)).toEqual(["audit.feesUsd.B", "audit.feesUsd.A+B"]);
  });
});

describe("citation paths", () => {
  const data = {
    audit: { process: [{ within: { count: 2 } }, { within: { count: 30 } }], feesUsd: { B: "2400" } },
  };

  it("resolve members, `*` standing for every element or key", () => {
    expect(resolvePath(data, "audit.process.*.within.count")).toEqual([
      { path: "audit.process.0.within.count", value: 2 },
      { path: "audit.process.1.within.count", value: 30 },
    ]);
    expect(resolvePath(data, "audit.feesUsd.*")).toEqual([{ path: "audit.feesUsd.B", value: "2400" }]);
    expect(resolvePath(data, "audit.nothing")).toEqual([]);
  });

  it("cover what is below them", () => {
    expect(covers("audit.process", "audit.process.1.within.count")).toBe(true);
    expect(covers("audit.process.*.within", "audit.process.1.within.count")).toBe(true);
    expect(covers("audit.feesUsd.A+B", "audit.feesUsd.B")).toBe(false);
  });

  it("find numbers, dates and decimals written as text, not other text", () => {
    expect(
      factPaths({ a: 1, b: "2024-06-17", c: "2000", d: "V1.7", e: [{ f: "text" }], citations: [{ x: 1 }] }),
    ).toEqual(["a", "b", "c"]);
  });

  it("must name a source of the registry", () => {
    const json = cloneJson(programDataFiles()[0]?.json) as { citations: Citation[] };
    json.citations[0] = { paths: ["published"], sources: ["no-such-source"] };
    const result = loadPrograms([{ file: "p.json", json }], checklistDataFiles(), registryDataFiles());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({
      file: "p.json",
      path: "citations.0.sources.0",
      message: "no source with the key no-such-source in the source registry",
    });
  });
});
