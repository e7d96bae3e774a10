import { describe, expect, it } from "vitest";
import { buildSummary, loadTestProgram, usageFor } from "../test-support/builders.js";
import { monthShownOn, withDataLag } from "./data-lag.js";
import { evaluatePerformance } from "./performance.js";

const program = loadTestProgram();

describe("when Partner Center shows a month's ACR (program data)", () => {
  it("is after the 5th in the usage report and by the 20th in the specialization's progress", () => {
    expect(monthShownOn(program, "2026-12")).toEqual({
      inUsageReport: "2027-01-06",
      inSpecializationProgress: "2027-01-20",
    });
    expect(monthShownOn(program, "2024-01")).toEqual({
      inUsageReport: "2024-02-06",
      inSpecializationProgress: "2024-02-20",
    });
  });

  it("tells a partner short of ACR when the month in progress shows, and until when the last one may not", () => {
    const rows = usageFor(["a", "b", "c"], ["2026-09", "2026-10", "2026-11"], "500.00");
    const result = withDataLag(
      program,
      evaluatePerformance(program, buildSummary(rows), "2026-12-06"),
      "2026-12-06",
    );
    expect(result.status).toBe("not_met");
    expect(result.gaps.find((g) => g.code === "performance.data-lag")?.message).toBe(
      "Partner Center shows November 2026, the last month of this window, in the specialization's progress by about 2026-12-20 (it refreshes performance by the 20th of each month): until then it may still show the window before. " +
        "December 2026, the month in progress, shows in the Azure usage report download from 2027-01-06 and in the specialization's progress by about 2027-01-20: a result that depends on it can be seen in Partner Center, and applied for, only from then.",
    );
  });

  it("says nothing once the last month shows and performance is met", () => {
    const rows = usageFor(["a", "b", "c"], ["2026-09", "2026-10", "2026-11"], "2000.00");
    const met = (asOf: string) =>
      withDataLag(program, evaluatePerformance(program, buildSummary(rows), asOf), asOf).gaps.map(
        (g) => g.code,
      );
    expect(met("2026-12-19")).toContain("performance.data-lag");
    expect(met("2026-12-20")).not.toContain("performance.data-lag");
  });

  it("leaves a result without data alone", () => {
    const none = evaluatePerformance(program, undefined, "2026-12-06");
    expect(withDataLag(program, none, "2026-12-06")).toBe(none);
  });
});
