import { describe, expect, it } from "vitest";
import { evaluatePerformance } from "../rules/performance.js";
import {
  allProgramDataFiles,
  buildSummary,
  checklistDataFiles,
  checklistJson,
  loadTestProgram,
  programDataFiles,
  programJson,
  registryDataFiles,
  usageFor,
} from "../test-support/builders.js";
import {
  type DataFile,
  loadPrograms,
  type ProgramDataProblem,
  programControls,
} from "./program-definition.js";

const PROGRAM_FILE = "ai-ml-azure-fy24.json";
const MODULE_A_FILE = "module-a-2024-08.json";
const MODULE_B_FILE = "module-b-v1.7.json";

function problemsOf(
  programs: readonly DataFile[],
  checklists: readonly DataFile[],
): readonly ProgramDataProblem[] {
  const result = loadPrograms(programs, checklists);
  if (result.ok) throw new Error("expected the program data to be refused");
  return result.problems;
}

function checklistFiles(a: unknown, b: unknown): DataFile[] {
  return [
    { file: MODULE_A_FILE, json: a },
    { file: MODULE_B_FILE, json: b },
  ];
}

describe("the real program data", () => {
  it("loads", () => {
    const result = loadPrograms(programDataFiles(), checklistDataFiles());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.programs.map((p) => p.id)).toEqual(["ai-ml-azure-fy24"]);
  });

  it("holds the contract's numbers: window, thresholds, validity, evidence age, waivers", () => {
    const p = loadTestProgram();
    expect(p.performance.windowMonths).toBe(3);
    expect(p.performance.minimumMonthlyAverageUsd).toBe("2000");
    expect(p.performance.minimumCustomers).toBe(3);
    expect(p.performance.serviceGroup2).toEqual(["AI"]);
    expect(p.designation.minimumTotalPoints).toBe("70");
    expect(p.designation.everyMetricAbove).toBe("0");
    expect(p.designation.metrics.map((m) => m.name)).toEqual([
      "Net customer adds",
      "Intermediate certifications",
      "Advanced certifications",
      "Usage growth",
      "Deployments",
    ]);
    expect(p.designation.eligibleAreas).toEqual([
      { name: "Data & AI (Azure)", aliases: ["Data and AI (Azure)"] },
      { name: "Digital & App Innovation (Azure)", aliases: ["Digital and App Innovation (Azure)"] },
    ]);
    expect(p.knowledge.minimumIndividuals).toBe(3);
    expect(p.knowledge.defaultValidityMonths).toBe(12);
    expect(p.audit.evidenceMaxAgeMonths).toBe(12);
    expect(p.audit.moduleAWaivers.map((w) => [w.modules, w.withinMonths, w.notBefore])).toEqual([
      [["A", "A+B"], 24, "2021-07-01"],
      [["AEMSP-3.A"], 12, null],
    ]);
  });

  it("names the contract's eligible attributions, government clouds and excluded offer terms", () => {
    const p = loadTestProgram();
    const byType = Object.fromEntries(p.performance.eligibleAttributions.map((a) => [a.type, a]));
    expect(byType.PAL?.names).toEqual(["Partner admin link", "PAL"]);
    expect(byType.PAL?.countsForGovernment).toBe(false);
    expect(byType.DPOR?.names).toEqual(["Partner of record", "Digital Partner of Record", "DPOR", "POR"]);
    expect(byType.DPOR?.countsForGovernment).toBe(true);
    expect(byType.CSP?.names).toEqual(["CSP Tier 1", "CSP Tier 2", "CSP", "CSP direct", "CSP indirect"]);
    expect(byType.CSP?.countsForGovernment).toBe(true);
    expect(p.performance.governmentCloudInstances).toEqual(["AzureUSGovernment", "Government", "Fairfax"]);
    expect(p.performance.excludedOfferTypeTerms).toEqual(["trial", "benefit", "support", "internal"]);
  });

  it("names DP-100 and AI-102 as the contract does", () => {
    const p = loadTestProgram();
    expect(p.knowledge.certifications.map((c) => [c.id, c.names])).toEqual([
      [
        "DP-100",
        ["DP-100", "Azure Data Scientist Associate", "Microsoft Certified: Azure Data Scientist Associate"],
      ],
      [
        "AI-102",
        ["AI-102", "Azure AI Engineer Associate", "Microsoft Certified: Azure AI Engineer Associate"],
      ],
    ]);
  });

  it("links Module A 2024-08 and Module B V1.7 with the contract's fourteen controls and customer counts", () => {
    const p = loadTestProgram();
    expect(p.moduleA.id).toBe("module-a-2024-08");
    expect(p.moduleB.id).toBe("module-b-v1.7");
    expect(programControls(p).map((c) => [c.id, c.requiredCustomers])).toEqual([
      ["A1.1", 2],
      ["A1.2", 2],
      ["A2.1", 2],
      ["A2.2", 2],
      ["A3.1", 2],
      ["A3.2", 2],
      ["A3.3", 2],
      ["B1.1", 3],
      ["B2.1", 3],
      ["B2.2", 3],
      ["B2.3", 1],
      ["B3.1", 3],
      ["B4.1", 3],
      ["B4.2", 3],
    ]);
  });
});

describe("the audit process and the checklist versions", () => {
  it("lists the process steps in order, each counting from approval or an earlier step", () => {
    const p = loadTestProgram();
    expect(
      p.audit.process.map((s) => [
        s.id,
        s.from,
        s.fromWithoutGaps ?? null,
        s.within.count,
        s.within.unit,
        s.onlyWithGaps,
      ]),
    ).toEqual([
      ["schedule", "approval", null, 2, "business days", false],
      ["audit", "approval", null, 30, "calendar days", false],
      ["gap-report", "audit", null, 2, "business days", true],
      ["acknowledgement", "gap-report", null, 2, "business days", true],
      ["gap-review", "gap-report", null, 15, "calendar days", true],
      ["final-report", "gap-review", "audit", 5, "business days", false],
      ["notification", "final-report", null, 2, "business days", false],
    ]);
    expect(p.audit.feesUsd).toEqual({ B: "2400", "A+B": "3600" });
  });

  it("installs the earlier Module A (V2.x, from 2021-07-01) next to the current versions", () => {
    const p = loadTestProgram();
    expect(p.checklistVersions.map((c) => c.id)).toEqual([
      "module-a-v2",
      "module-a-2024-08",
      "module-b-v1.3",
      "module-b-v1.4",
      "module-b-v1.5",
      "module-b-v1.6",
      "module-b-v1.65",
      "module-b-v1.7",
    ]);
    const v2 = p.checklistVersions[0];
    expect(v2?.effectiveFrom).toBe("2021-07-01");
    expect(v2?.controls.map((c) => [c.id, c.requiredCustomers])).toEqual([
      ["A1.1", 3],
      ["A2.1", 3],
      ["A2.2", 3],
      ["A3.1", 3],
      ["A4.1", 3],
      ["A5.1", 3],
    ]);
    // The program still measures readiness against the checklists it names.
    expect(p.moduleA.id).toBe("module-a-2024-08");
  });

  it("names the practice specialties of B1.1 and B2.1 only", () => {
    const p = loadTestProgram();
    expect(
      programControls(p)
        .filter((c) => c.practiceSpecialties.length > 0)
        .map((c) => [c.id, c.practiceSpecialties.length]),
    ).toEqual([
      ["B1.1", 2],
      ["B2.1", 2],
    ]);
  });
});

describe("broken program data is refused, every problem named by file and path", () => {
  it("a missing threshold", () => {
    const program = programJson();
    delete (program.performance.rules[0] as { minimumUsd?: string }).minimumUsd;
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toContainEqual(
      expect.objectContaining({ file: PROGRAM_FILE, path: "performance.rules.0.minimumUsd" }),
    );
  });

  it("a threshold that is not a decimal", () => {
    const program = programJson();
    program.designation.minimumTotalPoints = "seventy";
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toEqual([
      expect.objectContaining({ file: PROGRAM_FILE, path: "designation.minimumTotalPoints" }),
    ]);
  });

  it("an impossible date", () => {
    const program = programJson();
    program.published = "2024-02-30";
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toEqual([expect.objectContaining({ file: PROGRAM_FILE, path: "published" })]);
  });

  it("a checklist control of the wrong module", () => {
    const { A, B } = checklistJson();
    (A.controls[2] as { id: string }).id = "B9.9";
    const problems = problemsOf(programDataFiles(), checklistFiles(A, B));
    expect(problems).toContainEqual({
      file: MODULE_A_FILE,
      path: "controls.2.id",
      message: expect.stringContaining("not of module A"),
    });
  });

  it("a duplicated control", () => {
    const { A, B } = checklistJson();
    (B.controls[3] as { id: string }).id = "B1.1";
    const problems = problemsOf(programDataFiles(), checklistFiles(A, B));
    expect(problems).toContainEqual({
      file: MODULE_B_FILE,
      path: "controls.3.id",
      message: expect.stringContaining("B1.1 is listed twice"),
    });
  });

  it("an unknown checklist reference", () => {
    const program = programJson();
    program.audit.checklists.B = "module-b-v9.9";
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toEqual([
      { file: PROGRAM_FILE, path: "audit.checklists.B", message: expect.stringContaining("module-b-v9.9") },
    ]);
  });

  it("a checklist of the wrong module in a module's place", () => {
    const program = programJson();
    program.audit.checklists.A = "module-b-v1.7";
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toEqual([
      { file: PROGRAM_FILE, path: "audit.checklists.A", message: expect.any(String) },
    ]);
  });

  it("a name given to two certifications", () => {
    const program = programJson();
    (program.knowledge.certifications[1] as { names: string[] }).names.push("dp-100");
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toEqual([
      {
        file: PROGRAM_FILE,
        path: "knowledge.certifications",
        message: expect.stringMatching(/dp-100.*DP-100.*AI-102/),
      },
    ]);
  });

  it("a certification listed twice", () => {
    const program = programJson();
    const certs = program.knowledge.certifications as { id: string; names: string[] }[];
    (certs[1] as { id: string }).id = "DP-100";
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toContainEqual(
      expect.objectContaining({ file: PROGRAM_FILE, path: "knowledge.certifications.1.id" }),
    );
  });

  it("an unknown member (strict objects catch typos)", () => {
    const program = programJson() as unknown as { performance: Record<string, unknown> };
    program.performance.minimumCustomer = 3;
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems.some((p) => p.file === PROGRAM_FILE && p.path.startsWith("performance"))).toBe(true);
  });

  it("several problems in several files at once: all of them, not only the first", () => {
    const program = programJson();
    delete (program.performance.rules[0] as { minimumUsd?: string }).minimumUsd;
    program.performance.windowMonths = 0;
    const { A, B } = checklistJson();
    (A.controls[0] as { id: string }).id = "B1.1";
    (B.controls[6] as { id: string }).id = "B2.1";
    (B.controls[1] as { requiredCustomers: number }).requiredCustomers = 0;
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistFiles(A, B));
    const where = problems.map((p) => `${p.file} ${p.path}`);
    expect(where).toEqual(
      expect.arrayContaining([
        `${PROGRAM_FILE} performance.rules.0.minimumUsd`,
        `${PROGRAM_FILE} performance.windowMonths`,
        `${MODULE_A_FILE} controls.0.id`,
        `${MODULE_B_FILE} controls.6.id`,
        `${MODULE_B_FILE} controls.1.requiredCustomers`,
      ]),
    );
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  });

  it("a checklist or a program defined twice", () => {
    const twiceChecklist = problemsOf(programDataFiles(), [
      ...checklistDataFiles(),
      { file: "module-b-copy.json", json: checklistJson().B },
    ]);
    expect(twiceChecklist).toEqual([
      { file: "module-b-copy.json", path: "id", message: expect.stringContaining("twice") },
    ]);
    const twiceProgram = problemsOf(
      [...programDataFiles(), { file: "copy.json", json: programJson() }],
      checklistDataFiles(),
    );
    expect(twiceProgram).toEqual([
      { file: "copy.json", path: "id", message: expect.stringContaining("twice") },
    ]);
  });

  it.each([
    ["an unknown step", 2, "from", "nowhere"],
    ["a later step", 1, "from", "final-report"],
    ["the step itself", 3, "from", "acknowledgement"],
    ["an unknown step without gaps", 5, "fromWithoutGaps", "gap-reviews"],
    ["a later step without gaps", 5, "fromWithoutGaps", "notification"],
  ] as const)("a process step counting from %s", (_, index, key, ref) => {
    const program = programJson();
    (program.audit.process[index] as Record<string, unknown>)[key] = ref;
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems).toEqual([
      {
        file: PROGRAM_FILE,
        path: `audit.process.${index}.${key}`,
        message: `"${ref}" is neither "approval" nor the id of an earlier step`,
      },
    ]);
  });

  it("a process step listed twice", () => {
    const program = programJson();
    (program.audit.process[4] as { id: string }).id = "acknowledgement";
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    // The final report counts from "gap-review", which is no longer there.
    expect(problems).toEqual([
      { file: PROGRAM_FILE, path: "audit.process.4.id", message: "acknowledgement is listed twice" },
      {
        file: PROGRAM_FILE,
        path: "audit.process.5.from",
        message: '"gap-review" is neither "approval" nor the id of an earlier step',
      },
    ]);
  });

  it("a process step without the event it counts from, or with an unknown unit", () => {
    const program = programJson();
    delete (program.audit.process[0] as { from?: string }).from;
    (program.audit.process[1] as { within: { unit: string } }).within.unit = "weeks";
    const problems = problemsOf([{ file: PROGRAM_FILE, json: program }], checklistDataFiles());
    expect(problems.map((p) => p.path)).toEqual(["audit.process.0.from", "audit.process.1.within.unit"]);
  });

  it("a file that is not an object at all", () => {
    const problems = problemsOf([{ file: "empty.json", json: null }], checklistDataFiles());
    expect(problems).toEqual([{ file: "empty.json", path: "(top)", message: expect.any(String) }]);
  });
});

describe("a second program version, added as data only", () => {
  function secondVersion() {
    const program = programJson();
    program.id = "ai-platform-azure-fy26";
    program.name = "AI Platform on Microsoft Azure";
    program.version = "FY26";
    (program.performance.rules[0] as { minimumUsd: string }).minimumUsd = "3000";
    program.audit.checklists.B = "module-b-v2.0";
    const { B } = checklistJson();
    B.id = "module-b-v2.0";
    B.version = "V2.0";
    (B.controls[0] as { requiredCustomers: number }).requiredCustomers = 4;
    return { program, checklist: B };
  }

  it("loads next to the first, each with its own checklists", () => {
    const { program, checklist } = secondVersion();
    const result = loadPrograms(
      [{ file: "ai-platform-azure-fy26.json", json: program }, ...programDataFiles()],
      [...checklistDataFiles(), { file: "module-b-v2.0.json", json: checklist }],
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.programs.map((p) => p.id)).toEqual(["ai-ml-azure-fy24", "ai-platform-azure-fy26"]);
    const [fy24, fy26] = result.programs;
    expect(fy24?.moduleB.id).toBe("module-b-v1.7");
    expect(fy26?.moduleB.id).toBe("module-b-v2.0");
    expect(fy26?.moduleA.id).toBe("module-a-2024-08");
    expect(fy26?.moduleB.controls[0]?.requiredCustomers).toBe(4);
  });

  it("is evaluated with its own numbers: USD 6,000.00 meets FY24 but not a USD 3,000 monthly minimum", () => {
    const { program, checklist } = secondVersion();
    const result = loadPrograms(
      [...programDataFiles(), { file: "ai-platform-azure-fy26.json", json: program }],
      [...checklistDataFiles(), { file: "module-b-v2.0.json", json: checklist }],
    );
    if (!result.ok) throw new Error("second version refused");
    const rows = usageFor(["a", "b", "c"], ["2024-04"], "2000.00");
    const [fy24, fy26] = result.programs;
    if (fy24 === undefined || fy26 === undefined) throw new Error("missing program");
    const met = evaluatePerformance(fy24, buildSummary(rows, fy24), "2024-06-17");
    const notMet = evaluatePerformance(fy26, buildSummary(rows, fy26), "2024-06-17");
    expect(met.status).toBe("met");
    expect(notMet.status).toBe("not_met");
    expect(notMet.details?.requiredWindowTotalUsd).toBe("9000.00");
  });
});

describe("program versions that extend another", () => {
  const all = () => loadPrograms(allProgramDataFiles(), checklistDataFiles(), registryDataFiles());

  it("load with the members of the version they extend, and their own name, dates and changes", () => {
    const result = all();
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const byId = new Map(result.programs.map((p) => [p.id, p]));
    const fy24 = byId.get("ai-ml-azure-fy24");
    const platform = byId.get("ai-platform-azure-2025-01");
    expect(platform?.name).toBe("AI Platform on Microsoft Azure");
    expect(platform?.effective).toEqual({ from: "2025-01-01", to: null });
    expect(platform?.extends).toBe("ai-ml-azure-2022-10");
    expect(platform?.performance).toEqual(fy24?.performance);
    expect(platform?.designation).toEqual(fy24?.designation);
    expect(platform?.knowledge).toEqual(fy24?.knowledge);
    expect(platform?.audit.checklists).toBe("by-date");
    expect(platform?.audit.process).toEqual(fy24?.audit.process);
    expect(platform?.resources).toEqual(fy24?.resources);
    expect(platform?.changes[0]).toMatch(/^Renamed from AI and Machine Learning on Microsoft Azure/);
    expect(byId.get("ai-ml-azure-2022-10")?.changes).not.toEqual(platform?.changes);
    // Citations add up along the chain.
    expect(platform?.citations.length).toBeGreaterThan(fy24?.citations.length ?? 0);
    expect(fy24?.effective).toBeUndefined();
    expect(byId.get("ai-platform-azure-2026-provisional")?.provisional?.label).toBe(
      "provisional — verify in Partner Center",
    );
  });

  it("refuse an unknown base and a version that extends itself", () => {
    const base = programJson() as Record<string, unknown>;
    const unknown = { ...base, id: "v-unknown", extends: "nope" };
    const a = { ...base, id: "v-a", extends: "v-b" };
    const b = { ...base, id: "v-b", extends: "v-a" };
    const problems = problemsOf(
      [
        { file: "unknown.json", json: unknown },
        { file: "a.json", json: a },
        { file: "b.json", json: b },
      ],
      checklistDataFiles(),
    );
    expect(problems).toContainEqual({
      file: "unknown.json",
      path: "extends",
      message: "no program version with id nope",
    });
    expect(problems.some((p) => p.path === "extends" && p.message.endsWith("extends itself"))).toBe(true);
  });

  it("refuse pinning a checklist that holds no controls, and a complete checklist without controls", () => {
    const program = programJson() as Record<string, unknown> & { audit: { checklists: unknown } };
    program.audit.checklists = { A: "module-a-v2", B: "module-b-v1.7" };
    expect(problemsOf([{ file: "p.json", json: program }], checklistDataFiles())).toContainEqual({
      file: "p.json",
      path: "audit.checklists.A",
      message: "checklist module-a-v2 holds no complete control data to measure against",
    });
    const { B } = checklistJson();
    const empty = { ...B, id: "module-b-empty", controls: [] };
    expect(
      problemsOf(programDataFiles(), [...checklistDataFiles(), { file: "e.json", json: empty }]),
    ).toContainEqual({
      file: "e.json",
      path: "controls",
      message: "a checklist with complete control data lists its controls",
    });
  });

  it("refuse an effective period that ends before it starts", () => {
    const program = {
      ...(programJson() as Record<string, unknown>),
      effective: { from: "2025-01-01", to: "2024-12-31" },
    };
    expect(problemsOf([{ file: "p.json", json: program }], checklistDataFiles())).toContainEqual({
      file: "p.json",
      path: "effective.to",
      message: "is before effective.from",
    });
  });
});
