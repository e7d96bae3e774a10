import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import {
  buildCertification,
  buildHistory,
  buildSummary,
  DATA_AI,
  evidenceForAllControls,
  evidenceForModule,
  fullScores,
  loadTestProgram,
  usageFor,
} from "../test-support/builders.js";
import type { AuditDetails } from "./audit.js";
import { evaluateReadiness, type ReadinessInputs } from "./evaluate-readiness.js";
import type { Evaluation, RequirementStatus } from "./evaluation-types.js";

const program = loadTestProgram();
const AS_OF = "2024-06-17";

const met = {
  capabilityScore: fullScores(DATA_AI, ["30", "10", "10", "10", "10"]),
  usage: buildSummary(usageFor(["a", "b", "c"], ["2024-03", "2024-04", "2024-05"], "700.00")),
  certifications: [
    buildCertification({ personId: "p-1", certification: "DP-100", earnedDate: "2024-01-10" }),
    buildCertification({ personId: "p-2", certification: "AI-102", earnedDate: "2023-11-20" }),
    buildCertification({ personId: "p-3", certification: "DP-100", earnedDate: "2024-03-05" }),
  ],
  auditEvidence: evidenceForAllControls(["c-1", "c-2", "c-3"], "2024-02-01"),
  auditHistory: [],
} satisfies ReadinessInputs;

const notMet = {
  capabilityScore: fullScores(DATA_AI, ["30", "10", "10", "10"]),
  usage: buildSummary(usageFor(["a", "b"], ["2024-04"], "3000.00")),
  certifications: met.certifications.slice(0, 2),
  auditEvidence: evidenceForModule("B", ["c-1", "c-2"], "2024-02-01"),
  auditHistory: [buildHistory({ result: "No Pass" })],
} satisfies ReadinessInputs;

type Key = "designation" | "performance" | "knowledge" | "audit";

function evaluate(inputs: ReadinessInputs, asOf: CalendarDate = AS_OF): Evaluation {
  return evaluateReadiness(program, inputs, asOf);
}

function statuses(e: Evaluation): Record<string, RequirementStatus> {
  return Object.fromEntries(e.requirements.map((r) => [r.id, r.status]));
}

/** Inputs where each requirement is met, not met or without data, as asked. */
function inputsFor(wanted: Record<Key, RequirementStatus>): ReadinessInputs {
  const pick = <K extends keyof ReadinessInputs>(key: K, status: RequirementStatus) =>
    status === "met"
      ? met[key as keyof typeof met]
      : status === "not_met"
        ? notMet[key as keyof typeof notMet]
        : undefined;
  return {
    capabilityScore: pick("capabilityScore", wanted.designation) as ReadinessInputs["capabilityScore"],
    usage: pick("usage", wanted.performance) as ReadinessInputs["usage"],
    certifications: pick("certifications", wanted.knowledge) as ReadinessInputs["certifications"],
    auditEvidence: pick("auditEvidence", wanted.audit) as ReadinessInputs["auditEvidence"],
    auditHistory: pick("auditHistory", wanted.audit) as ReadinessInputs["auditHistory"],
  };
}

describe("evaluateReadiness", () => {
  it("evaluates the four requirements in the contract's order", () => {
    const e = evaluate(met);
    expect(e.program).toBe("ai-ml-azure-fy24");
    expect(e.asOf).toBe(AS_OF);
    expect(e.requirements.map((r) => r.id)).toEqual(["designation", "performance", "knowledge", "audit"]);
  });

  it("is ready and eligible to apply when all four are met, with the contract's fields", () => {
    const e = evaluate(met);
    expect(statuses(e)).toEqual({ designation: "met", performance: "met", knowledge: "met", audit: "met" });
    expect(e.ready).toBe(true);
    expect(e.eligibleToApply).toBe(true);
    const [designation, performance, knowledge, audit] = e.requirements;
    expect(designation?.details).toMatchObject({ qualifyingAreas: [DATA_AI] });
    expect(performance?.details).toMatchObject({
      window: ["2024-03", "2024-04", "2024-05"],
      monthlyAverageUsd: 2100,
      customerCount: 3,
    });
    expect(knowledge?.details).toMatchObject({ individualCount: 3, holders: { "DP-100": 2, "AI-102": 1 } });
    expect(audit?.details).toMatchObject({ moduleAWaived: false });
    const controls = (audit?.details as AuditDetails | undefined)?.controls ?? [];
    expect(controls).toHaveLength(14);
    expect(controls[0]).toMatchObject({ id: "A1.1", status: "met", customerCount: 3, required: 2 });
  });

  it("is no_data everywhere without files, neither ready nor eligible", () => {
    const e = evaluate({});
    expect(statuses(e)).toEqual({
      designation: "no_data",
      performance: "no_data",
      knowledge: "no_data",
      audit: "no_data",
    });
    expect(e.ready).toBe(false);
    expect(e.eligibleToApply).toBe(false);
    for (const r of e.requirements) expect(r.details).toBeUndefined();
    expect(e.timeline).toEqual([]);
  });

  const cases: [Record<Key, RequirementStatus>, boolean, boolean][] = [
    [{ designation: "met", performance: "met", knowledge: "met", audit: "met" }, true, true],
    [{ designation: "met", performance: "met", knowledge: "met", audit: "not_met" }, false, true],
    [{ designation: "met", performance: "met", knowledge: "met", audit: "no_data" }, false, true],
    [{ designation: "not_met", performance: "met", knowledge: "met", audit: "met" }, false, false],
    [{ designation: "met", performance: "not_met", knowledge: "met", audit: "met" }, false, false],
    [{ designation: "met", performance: "met", knowledge: "not_met", audit: "met" }, false, false],
    [{ designation: "no_data", performance: "met", knowledge: "met", audit: "met" }, false, false],
    [{ designation: "met", performance: "no_data", knowledge: "met", audit: "met" }, false, false],
    [{ designation: "met", performance: "met", knowledge: "no_data", audit: "met" }, false, false],
    [
      { designation: "not_met", performance: "not_met", knowledge: "not_met", audit: "not_met" },
      false,
      false,
    ],
  ];
  it.each(cases)("%j: ready %s, eligibleToApply %s", (wanted, ready, eligible) => {
    const e = evaluate(inputsFor(wanted));
    expect(statuses(e)).toEqual(wanted);
    expect(e.ready).toBe(ready);
    expect(e.eligibleToApply).toBe(eligible);
  });

  it("collects every requirement's change events in one timeline, earliest first", () => {
    const e = evaluate(met);
    const all = e.requirements.flatMap((r) => r.changes);
    expect(e.timeline).toHaveLength(all.length);
    expect(new Set(e.timeline.map((c) => c.requirement))).toEqual(
      new Set(["performance", "knowledge", "audit"]),
    );
    const dates = e.timeline.map((c) => c.date);
    expect(dates).toEqual([...dates].sort());
    expect(e.timeline[0]).toMatchObject({
      date: "2024-07-01",
      requirement: "performance",
      status: "not_met",
      statusChanges: true,
    });
  });

  it("passes the readers' warnings and files through", () => {
    const warnings = [
      { code: "usage.ineligible-attribution", file: "azure-usage.csv", message: "2 rows", count: 2 },
    ];
    const files = [{ kind: "azure-usage", file: "azure-usage.csv", rows: 9 }];
    const e = evaluate({ ...met, warnings, files });
    expect(e.warnings).toEqual(warnings);
    expect(e.inputs).toEqual(files);
    expect(evaluate(met).warnings).toEqual([]);
  });

  it("is plain JSON: serializing it loses nothing", () => {
    const e = evaluate(met);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });
});
