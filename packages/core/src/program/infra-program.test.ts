import { describe, expect, it } from "vitest";
import moduleBInfra from "../../checklists/module-b-infra-db-v1.4.json" with { type: "json" };
import {
  allProgramDataFiles,
  checklistDataFiles,
  checklistJson,
  infraProgramJson,
  loadInfraProgram,
  loadTestProgram,
  registryDataFiles,
} from "../test-support/builders.js";
import { uncitedFacts } from "./citations.js";
import { compileFilter, filterInWords } from "./performance-rules.js";
import { type Citation, loadPrograms, type ProgramDataProblem } from "./program-definition.js";

/** Loads the installed data with the Infra program file as given: its problems, by path. */
function problemsWith(json: unknown): ProgramDataProblem[] {
  const result = loadPrograms(
    [...allProgramDataFiles(), { file: "infra.json", json }],
    [...checklistDataFiles(), { file: "module-b-infra-db-v1.4.json", json: moduleBInfra }],
    registryDataFiles(),
  );
  return result.ok ? [] : result.problems.filter((p) => p.file === "infra.json");
}

describe("the Infra and Database Migration program data", () => {
  it("cites a source for every number, its Module B checklist too", () => {
    const json = infraProgramJson();
    expect(uncitedFacts(json, json.citations as Citation[])).toEqual([]);
    expect(uncitedFacts(moduleBInfra, moduleBInfra.citations as Citation[])).toEqual([]);
  });

  it("is its own specialization, shares Module A with AI Platform and keeps its own Module B", () => {
    const infra = loadInfraProgram();
    const ai = loadTestProgram();
    expect(infra.specialization).toBe("infra-db-migration");
    expect(ai.specialization).toBe("ai-platform-azure");
    expect(infra.moduleA.id).toBe(ai.moduleA.id);
    expect(infra.moduleB.id).toBe("module-b-infra-db-v1.4");
    expect(infra.checklistVersions.filter((c) => c.module === "B").map((c) => c.id)).toEqual([
      "module-b-infra-db-v1.4",
    ]);
    expect(ai.checklistVersions.map((c) => c.id)).not.toContain("module-b-infra-db-v1.4");
  });

  it("states the four sub-rules with their thresholds, totals over three months from three customers", () => {
    const p = loadInfraProgram().performance;
    expect(p.windowMonths).toBe(3);
    expect(
      p.rules?.map((r) => [
        r.id,
        r.aggregate,
        r.minimumUsd,
        r.minimumCustomers,
        r.minimums.map((m) => m.minimumUsd),
      ]),
    ).toEqual([
      ["windows-vm", "window-total", "30000", 3, []],
      ["linux-vm", "window-total", "15000", 3, []],
      ["sql", "window-total", "9000", 3, ["3000"]],
      ["oss-db", "window-total", "4500", 3, []],
    ]);
  });

  it("marks its certifications and its Module B controls as not in program data", () => {
    const infra = loadInfraProgram();
    expect("notInProgramData" in infra.knowledge && infra.knowledge.notInProgramData).toMatch(
      /^not in program data — check Partner Center/,
    );
    expect(infra.audit.moduleBNotInProgramData).toMatch(/^not in program data — check Partner Center/);
  });
});

describe("the rule language refuses broken sub-rules, naming the path", () => {
  const withRule = (change: (rule: Record<string, unknown>) => void) => {
    const json = infraProgramJson() as unknown as { performance: { rules: Record<string, unknown>[] } };
    change(json.performance.rules[0] as Record<string, unknown>);
    return problemsWith(json);
  };

  it("a column the usage report does not have", () => {
    const problems = withRule((r) => {
      r.filter = { column: "ServiceLevel9", equals: "x" };
    });
    expect(problems.map((p) => p.path)).toContain("performance.rules.0.filter.column");
  });

  it("an aggregate other than monthly-average or window-total, and a threshold that is not a decimal", () => {
    const problems = withRule((r) => {
      r.aggregate = "median";
      r.minimumUsd = "30k";
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(["performance.rules.0.aggregate", "performance.rules.0.minimumUsd"]),
    );
  });

  it("the one-rule form of earlier program files, with the way to write it as a rule", () => {
    const json = infraProgramJson() as unknown as { performance: Record<string, unknown> };
    json.performance.minimumMonthlyAverageUsd = "2000";
    expect(problemsWith(json)).toContainEqual({
      file: "infra.json",
      path: "performance.minimumMonthlyAverageUsd",
      message: expect.stringContaining(
        'the performance rule is written in performance.rules: e.g. {"id": "ai-acr"',
      ),
    });
    delete json.performance.minimumMonthlyAverageUsd;
    delete json.performance.rules;
    expect(problemsWith(json).map((p) => p.path)).toEqual(["performance.rules"]);
  });

  it("one monthly average of ServiceGroup2 groups is read in the detailed form; any other rule is not", () => {
    const load = (rules: unknown[]) => {
      const json = infraProgramJson() as unknown as { id: string; performance: Record<string, unknown> };
      json.id = "one-rule-probe";
      json.performance.rules = rules;
      const result = loadPrograms(
        [...allProgramDataFiles(), { file: "probe.json", json }],
        [...checklistDataFiles(), { file: "module-b-infra-db-v1.4.json", json: moduleBInfra }],
        registryDataFiles(),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.programs.find((p) => p.id === json.id)?.performance;
    };
    const rule = {
      id: "ai",
      title: "AI",
      filter: { column: "ServiceGroup2", equals: "AI" },
      aggregate: "monthly-average",
      minimumUsd: "2000",
      minimumCustomers: 3,
    };
    const detailed = load([rule]);
    expect(detailed).toMatchObject({
      serviceGroup2: ["AI"],
      minimumMonthlyAverageUsd: "2000",
      minimumCustomers: 3,
    });
    expect(detailed?.rules).toBeUndefined();
    for (const other of [
      [{ ...rule, aggregate: "window-total" }],
      [{ ...rule, filter: { column: "ServiceGroup3", equals: "AI" } }],
      [{ ...rule, filter: { anyOf: [rule.filter] } }],
      [{ ...rule, caveats: ["read with care"] }],
      [{ ...rule, minimums: [{ id: "part", title: "Part", filter: rule.filter, minimumUsd: "1" }] }],
      [rule, { ...rule, id: "second" }],
    ]) {
      const perf = load(other);
      expect(perf?.rules).toHaveLength(other.length);
      expect(perf?.serviceGroup2).toBeUndefined();
    }
  });

  it("a sub-rule listed twice", () => {
    const json = infraProgramJson() as unknown as { performance: { rules: { id: string }[] } };
    (json.performance.rules[1] as { id: string }).id = "windows-vm";
    expect(problemsWith(json)).toContainEqual({
      file: "infra.json",
      path: "performance.rules.1.id",
      message: "windows-vm is listed twice",
    });
  });

  it("a Module B control id another specialization uses, since evidence is linked by control id", () => {
    const checklist = {
      ...moduleBInfra,
      id: "module-b-infra-db-v2.0",
      version: "V2.0",
      effectiveFrom: "2024-07-01",
      effectiveTo: null,
      controlData: "complete",
      controls: [
        { ...(checklistJson().B.controls[0] as Record<string, unknown>), id: "B9.1" },
        { ...(checklistJson().B.controls[1] as Record<string, unknown>), id: "B2.1" },
      ],
    };
    const result = loadPrograms(
      allProgramDataFiles(),
      [
        ...checklistDataFiles(),
        { file: "module-b-infra-db-v1.4.json", json: moduleBInfra },
        { file: "module-b-infra-db-v2.0.json", json: checklist },
      ],
      registryDataFiles(),
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        file: "module-b-infra-db-v2.0.json",
        path: "controls.1.id",
        message: expect.stringContaining("B2.1 is also a Module B control of ai-platform-azure"),
      },
    ]);
  });

  it("a Module B checklist of another specialization", () => {
    const json = infraProgramJson() as unknown as { audit: { checklists: { B: string } } };
    json.audit.checklists.B = "module-b-v1.7";
    expect(problemsWith(json)).toContainEqual({
      file: "infra.json",
      path: "audit.checklists.B",
      message: "checklist module-b-v1.7 is of the specialization ai-platform-azure, not infra-db-migration",
    });
  });
});

describe("filters", () => {
  const f = compileFilter({
    allOf: [
      { column: "ServiceLevel1", equals: "Databases" },
      {
        anyOf: [
          { column: "ServiceGroup3", in: ["SQLDB"] },
          { column: "ServiceLevel4", notIn: ["M"] },
        ],
      },
    ],
  });

  it("compare without case or surrounding spaces", () => {
    expect(f({ ServiceLevel1: " databases ", ServiceGroup3: "sqldb", ServiceLevel4: "M" })).toBe(true);
    expect(f({ ServiceLevel1: "Compute", ServiceGroup3: "SQLDB", ServiceLevel4: "x" })).toBe(false);
    expect(f({ ServiceLevel1: "Databases", ServiceGroup3: "Other", ServiceLevel4: "m" })).toBe(false);
  });

  it("answer unknown when a column they need is missing from the file, and no more than needed", () => {
    expect(f({ ServiceGroup3: "SQLDB" })).toBe("unknown");
    expect(f({ ServiceLevel1: "Compute" })).toBe(false);
    expect(f({ ServiceLevel1: "Databases", ServiceGroup3: "SQLDB" })).toBe(true);
    expect(f({ ServiceLevel1: "Databases", ServiceGroup3: "Other" })).toBe("unknown");
  });

  it("read in words", () => {
    expect(
      filterInWords({
        allOf: [
          { column: "ServiceLevel1", equals: "Databases" },
          { column: "ServiceLevel2", in: ["PostgreSQL", "Cosmos DB"] },
        ],
      }),
    ).toBe('(ServiceLevel1 is "Databases" and ServiceLevel2 is "PostgreSQL" or "Cosmos DB")');
  });
});
