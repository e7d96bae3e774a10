import { describe, expect, it } from "vitest";
import type { CapabilityScoreRecord } from "../records/input-records.js";
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
