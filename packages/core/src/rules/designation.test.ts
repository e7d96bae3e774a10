import { describe, expect, it } from "vitest";
import type { CapabilityScoreRecord, DesignationRecord } from "../records/input-records.js";
import {
  buildScore,
  DATA_AI,
  DIGITAL_APP,
  fullScores,
  loadTestProgram,
  METRICS,
} from "../test-support/builders.js";
import { type DesignationDetails, evaluateDesignation } from "./designation.js";
import type { RequirementResult } from "./evaluation-types.js";
import { lookupsOf } from "./program-lookups.js";

const program = loadTestProgram();

function evaluate(records: readonly CapabilityScoreRecord[]): RequirementResult<DesignationDetails> {
  return evaluateDesignation(program, records);
}

function contract(r: RequirementResult<DesignationDetails>) {
  return { status: r.status, qualifyingAreas: r.details?.qualifyingAreas };
}

function areaGap(r: RequirementResult, area: string): string | undefined {
  return r.gaps.find((g) => g.code === "designation.area-short" && g.message.startsWith(area))?.message;
}

describe("designation: no data", () => {
  it("is no_data without a capability-score file", () => {
    const r = evaluateDesignation(program, undefined);
    expect(r.id).toBe("designation");
    expect(r.status).toBe("no_data");
    expect(r.details).toBeUndefined();
    expect(r.gaps.map((g) => g.code)).toEqual(["designation.no-data"]);
  });

  it("is not met with a file of no eligible rows, every metric counting 0", () => {
    const r = evaluate([]);
    expect(contract(r)).toEqual({ status: "not_met", qualifyingAreas: [] });
    expect(r.details?.areas.map((a) => [a.area, a.totalPoints, a.metricsWithoutPoints.length])).toEqual([
      [DATA_AI, "0", 5],
      [DIGITAL_APP, "0", 5],
    ]);
  });
});

describe("designation: a total of at least 70 and every metric above 0", () => {
  it("is met at exactly 70", () => {
    const r = evaluate(fullScores(DATA_AI, ["30", "10", "10", "10", "10"]));
    expect(contract(r)).toEqual({ status: "met", qualifyingAreas: [DATA_AI] });
    expect(r.details?.areas[0]).toMatchObject({
      area: DATA_AI,
      totalPoints: "70",
      met: true,
      pointsShort: "0",
    });
    expect(r.gaps).toEqual([]);
  });

  it("is not met at 69.5", () => {
    const r = evaluate(fullScores(DATA_AI, ["30", "10", "9.5", "10", "10"]));
    expect(contract(r)).toEqual({ status: "not_met", qualifyingAreas: [] });
    expect(r.details?.areas[0]).toMatchObject({ totalPoints: "69.5", met: false, pointsShort: "0.5" });
    expect(areaGap(r, DATA_AI)).toContain("0.5 more points");
  });

  it("is not met when a metric has 0 points, whatever the total", () => {
    const r = evaluate(fullScores(DATA_AI, ["30", "25", "25", "20", "0"]));
    expect(contract(r)).toEqual({ status: "not_met", qualifyingAreas: [] });
    expect(r.details?.areas[0]?.metricsWithoutPoints).toEqual(["Deployments"]);
    expect(areaGap(r, DATA_AI)).toContain("deployments");
    expect(areaGap(r, DATA_AI)).not.toContain("more points");
  });

  it("is met with a small fraction above 0 in a metric", () => {
    expect(evaluate(fullScores(DATA_AI, ["30", "20", "19.9", "0.1", "10"])).status).toBe("met");
  });

  it("counts a missing metric as 0", () => {
    const r = evaluate(fullScores(DATA_AI, ["30", "30", "30", "30"]));
    expect(contract(r)).toEqual({ status: "not_met", qualifyingAreas: [] });
    const area = r.details?.areas[0];
    expect(area?.totalPoints).toBe("120");
    expect(area?.metricsWithoutPoints).toEqual(["Deployments"]);
    expect(area?.metrics.find((m) => m.metric === "Deployments")).toMatchObject({ points: "0", line: null });
  });

  it("lists both areas when both qualify, in the program's order", () => {
    const r = evaluate([
      ...fullScores(DIGITAL_APP, ["20", "20", "10", "10", "10"]),
      ...fullScores(DATA_AI, ["30", "10", "10", "10", "10"]),
    ]);
    expect(contract(r)).toEqual({ status: "met", qualifyingAreas: [DATA_AI, DIGITAL_APP] });
  });

  it("is met through Digital & App Innovation alone", () => {
    const r = evaluate([
      ...fullScores(DIGITAL_APP, ["30", "20", "10", "10", "10"]),
      ...fullScores(DATA_AI, ["30", "10", "10", "10", "0"]),
    ]);
    expect(contract(r)).toEqual({ status: "met", qualifyingAreas: [DIGITAL_APP] });
    expect(r.gaps).toEqual([]);
  });

  it("does not add metrics across areas", () => {
    const r = evaluate([
      buildScore(DATA_AI, "Net customer adds", "30"),
      buildScore(DATA_AI, "Intermediate certifications", "30"),
      buildScore(DIGITAL_APP, "Advanced certifications", "10"),
      buildScore(DIGITAL_APP, "Usage growth", "10"),
      buildScore(DIGITAL_APP, "Deployments", "10"),
    ]);
    expect(contract(r)).toEqual({ status: "not_met", qualifyingAreas: [] });
    expect(r.gaps.map((g) => g.code)).toEqual(["designation.area-short", "designation.area-short"]);
  });

  it("ignores rows of other areas and metrics that reach the core", () => {
    const r = evaluate([
      ...fullScores("Security", ["30", "30", "30", "30", "30"]),
      ...fullScores(DATA_AI, ["30", "10", "10", "10", "9"]),
      buildScore(DATA_AI, "Customer satisfaction", "10"),
    ]);
    expect(contract(r)).toEqual({ status: "not_met", qualifyingAreas: [] });
    expect(r.details?.areas.map((a) => a.area)).toEqual([DATA_AI, DIGITAL_APP]);
    expect(r.details?.areas[0]?.totalPoints).toBe("69");
  });

  it("reports each metric with its points, category and source line", () => {
    const records = fullScores(DATA_AI, ["30", "10", "10", "10", "10"]);
    const r = evaluate(records);
    expect(r.details?.areas[0]?.metrics).toEqual(
      METRICS.map((metric, i) => ({
        metric,
        category: expect.any(String),
        points: ["30", "10", "10", "10", "10"][i],
        line: records[i]?.source.line,
      })),
    );
  });
});

describe("designation: area names", () => {
  it("maps the alias spelling to the canonical area for the reader (the core gets canonical names)", () => {
    const areas = lookupsOf(program).areas;
    expect(areas.get("data and ai (azure)")).toBe(DATA_AI);
    expect(areas.get("data & ai (azure)")).toBe(DATA_AI);
    expect(areas.get("digital and app innovation (azure)")).toBe(DIGITAL_APP);
    expect(areas.get("security")).toBeUndefined();
  });

  it("names qualifying areas canonically", () => {
    const canonical = lookupsOf(program).areas.get("Data and AI (Azure)".toLowerCase()) ?? "";
    const r = evaluate(fullScores(canonical, ["30", "10", "10", "10", "10"]));
    expect(r.details?.qualifyingAreas).toEqual(["Data & AI (Azure)"]);
  });

  it("maps metric names case-insensitively to the canonical names", () => {
    const metrics = lookupsOf(program).metrics;
    expect(metrics.get("net customer adds")).toBe("Net customer adds");
    expect(metrics.get("deployments")).toBe("Deployments");
    expect(metrics.size).toBe(5);
  });
});

describe("designation: an active designation, as Partner Center shows it (the designation input)", () => {
  function enrolled(overrides: Partial<DesignationRecord> = {}): DesignationRecord {
    return {
      solutionArea: DATA_AI,
      status: "Enrolled",
      attainedDate: "2025-03-15",
      anniversaryDate: "2026-03-15",
      source: { file: "designation.csv", line: 2 },
      ...overrides,
    };
  }
  const active = (designation: DesignationRecord[], asOf: string, scores?: CapabilityScoreRecord[]) =>
    evaluateDesignation(program, scores, { asOf, designation });
  const gap = (r: RequirementResult, code: string) => r.gaps.find((g) => g.code === code)?.message;

  it("holds from the attained date through the anniversary date, and not the day after", () => {
    expect(contract(active([enrolled()], "2025-03-14"))).toEqual({ status: "not_met", qualifyingAreas: [] });
    expect(contract(active([enrolled()], "2025-03-15"))).toEqual({
      status: "met",
      qualifyingAreas: [DATA_AI],
    });
    expect(contract(active([enrolled()], "2026-03-15"))).toEqual({
      status: "met",
      qualifyingAreas: [DATA_AI],
    });
    const after = active([enrolled()], "2026-03-16");
    expect(contract(after)).toEqual({ status: "not_met", qualifyingAreas: [] });
    expect(gap(after, "designation.not-active")).toBe(
      "Data & AI (Azure) reached its anniversary on 2026-03-15: unless it was renewed, it is no longer active. If you renewed, import the status Partner Center shows now.",
    );
  });

  it("stays met through a mid-year dip of the score, and warns with the anniversary date", () => {
    const dip = fullScores(DATA_AI, ["10", "10", "10", "10", "10"]);
    const r = active([enrolled()], "2025-09-10", dip);
    expect(contract(r)).toEqual({ status: "met", qualifyingAreas: [DATA_AI] });
    expect(r.details?.basis).toBe("designation");
    // The capability score alone would not meet it.
    expect(evaluateDesignation(program, dip).status).toBe("not_met");
    expect(gap(r, "designation.renewal-at-risk")).toBe(
      "Data & AI (Azure) has 50 points now, below what renewing needs: by its anniversary on 2026-03-15 it must qualify (at least 70 points, every metric above 0) on at least one day between 2025-10-01 and 2026-03-31, else the designation ends after 2026-03-15. It needs 20 more points.",
    );
    expect(r.details?.designations?.[0]).toMatchObject({
      area: DATA_AI,
      active: true,
      renewalWindow: { from: "2025-10-01", to: "2026-03-31" },
      score: { totalPoints: "50", qualifies: false },
    });
  });

  it("says when to renew once the area qualifies within its renewal window", () => {
    const qualifying = fullScores(DATA_AI, ["20", "20", "10", "10", "15"]);
    expect(gap(active([enrolled()], "2025-09-30", qualifying), "designation.renewal-open")).toBeUndefined();
    expect(gap(active([enrolled()], "2025-10-01", qualifying), "designation.renewal-open")).toBe(
      "Data & AI (Azure) qualifies now (75 points) within its renewal window (2025-10-01 and 2026-03-31): renew it in Partner Center before its anniversary on 2026-03-15.",
    );
  });

  it("announces the day after the anniversary as the day the requirement changes", () => {
    const r = active([enrolled()], "2025-09-10");
    expect(r.changes).toEqual([
      {
        date: "2026-03-16",
        requirement: "designation",
        status: "not_met",
        statusChanges: true,
        message:
          "Data & AI (Azure) passes its anniversary and ends unless renewed — designation becomes not met.",
      },
    ]);
    // With a second active area lasting longer, the status does not change then.
    const two = active(
      [enrolled(), enrolled({ solutionArea: DIGITAL_APP, anniversaryDate: "2026-09-01" })],
      "2025-09-10",
    );
    expect(two.changes.map((c) => [c.date, c.statusChanges])).toEqual([
      ["2026-03-16", false],
      ["2026-09-02", true],
    ]);
  });

  it("is not met for a Qualified or In progress area, nor for an ineligible one", () => {
    const qualified = active([enrolled({ status: "Qualified" })], "2025-09-10");
    expect(qualified.status).toBe("not_met");
    expect(gap(qualified, "designation.not-active")).toMatch(
      /is Qualified but not enrolled: .* enroll in Partner Center/,
    );
    const other = active([enrolled({ solutionArea: "Infrastructure (Azure)" })], "2025-09-10");
    expect(other.status).toBe("not_met");
    expect(gap(other, "designation.no-eligible-area")).toBeDefined();
  });

  it("keeps the contract's reading without the designation input", () => {
    const scores = fullScores(DATA_AI, ["10", "10", "10", "10", "10"]);
    expect(evaluateDesignation(program, scores, { asOf: "2025-09-10" })).toEqual(
      evaluateDesignation(program, scores),
    );
    expect(evaluateDesignation(program, scores).details?.basis).toBe("capability-score");
  });
});
