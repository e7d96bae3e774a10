import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonthsToMonth,
  type CalendarDate,
  monthOf,
  type YearMonth,
} from "../calendar/calendar-date.js";
import {
  compareDecimals,
  divideRounded,
  formatDecimal,
  parseValidDecimal,
  sumDecimals,
  toJsonNumber,
} from "../money/decimal.js";
import type {
  AuditEvidenceRecord,
  AuditHistoryRecord,
  CapabilityScoreRecord,
  CertificationRecord,
  UsageRecord,
} from "../records/input-records.js";
import type { AuditDetails } from "../rules/audit.js";
import type { DesignationDetails } from "../rules/designation.js";
import { evaluateReadiness, type ReadinessInputs } from "../rules/evaluate-readiness.js";
import type { Evaluation, RequirementResult } from "../rules/evaluation-types.js";
import type { KnowledgeDetails } from "../rules/knowledge.js";
import type { PerformanceDetails } from "../rules/performance.js";
import {
  buildCertification,
  buildEvidence,
  buildHistory,
  buildScore,
  buildSummary,
  buildUsage,
  controlIds,
  DATA_AI,
  DIGITAL_APP,
  evidenceForAllControls,
  fullScores,
  loadTestProgram,
  METRICS,
  usageFor,
} from "../test-support/builders.js";
import { type DashboardCharts, dashboardCharts } from "./dashboard-charts.js";

const program = loadTestProgram();
const AS_OF = "2024-06-17";
const RUNS = { numRuns: 150 };

function chartsAt(
  inputs: ReadinessInputs,
  asOf: CalendarDate = AS_OF,
): { charts: DashboardCharts; evaluation: Evaluation } {
  const evaluation = evaluateReadiness(program, inputs, asOf);
  return { charts: dashboardCharts(program, inputs, evaluation), evaluation };
}

function detailsOf<D extends object>(evaluation: Evaluation, id: string): D {
  const r = evaluation.requirements.find((x) => x.id === id) as RequirementResult<D> | undefined;
  if (r?.details === undefined) throw new Error(`no details for ${id}`);
  return r.details;
}

const performanceOf = (e: Evaluation) => detailsOf<PerformanceDetails>(e, "performance");
const knowledgeOf = (e: Evaluation) => detailsOf<KnowledgeDetails>(e, "knowledge");
const designationOf = (e: Evaluation) => detailsOf<DesignationDetails>(e, "designation");
const auditOf = (e: Evaluation) => detailsOf<AuditDetails>(e, "audit");

/** The months from `from` to `to`, both included. */
function monthRange(from: YearMonth, to: YearMonth): YearMonth[] {
  const months: YearMonth[] = [];
  for (let m = from; m <= to; m = addMonthsToMonth(m, 1)) months.push(m);
  return months;
}

/** The chart's window totals, summed exactly and averaged as the rule does. */
function averageOfWindowTotals(charts: DashboardCharts): number {
  const { acr } = charts;
  const inWindow = acr.months.flatMap((m, i) => (acr.window.includes(m) ? [acr.totalsUsd[i] as string] : []));
  expect(inWindow).toHaveLength(acr.window.length);
  return toJsonNumber(divideRounded(sumDecimals(inWindow.map(parseValidDecimal)), acr.window.length, 2));
}

function usage(rows: readonly UsageRecord[]): ReadinessInputs {
  return { usage: buildSummary(rows) };
}

describe("dashboardCharts: monthly ACR", () => {
  it("shows the twelve months before the as-of month, the evaluation's window and the threshold", () => {
    const { charts, evaluation } = chartsAt(
      usage(usageFor(["c-1", "c-2", "c-3", "c-4"], ["2024-03", "2024-04", "2024-05"], "600.25")),
    );
    const { acr } = charts;
    expect(acr.months).toEqual(monthRange("2023-06", "2024-05"));
    expect(acr.window).toEqual(["2024-03", "2024-04", "2024-05"]);
    expect(acr.window).toEqual(performanceOf(evaluation).window);
    expect(acr.thresholdUsd).toBe("2000");
    expect(acr.totalsUsd).toEqual([...Array(9).fill("0"), "2401", "2401", "2401"]);
    expect(acr.windowTotalUsd).toBe("7203");
    expect(acr.windowAverageUsd).toBe("2401.00");
    expect(acr.customerCount).toBe(4);
    expect(acr.customerCount).toBe(performanceOf(evaluation).customerCount);
    expect(acr.status).toBe("met");
    expect(acr.hasData).toBe(true);
    expect(acr.customers[0]).toEqual({
      tenantId: "c-1",
      name: null,
      countsInWindow: true,
      windowSumUsd: "1800.75",
      amountsUsd: [...Array(9).fill("0"), "600.25", "600.25", "600.25"],
      colorRank: 0,
    });
  });

  it("ranks customers for their colour by all their ACR, whatever the as-of date", () => {
    // Big leads over the whole history, Late leads the window of 2024-06-17, Early that of 2023-06-17.
    const rows = [
      ...["2023-01", "2023-02", "2023-03", "2024-03"].map((month) =>
        buildUsage({ customerTenantId: "big", month, acrUsd: "1000" }),
      ),
      buildUsage({ customerTenantId: "early", month: "2023-04", acrUsd: "1500" }),
      buildUsage({ customerTenantId: "late", month: "2024-04", acrUsd: "3000" }),
    ];
    const ranks = (asOf: CalendarDate) =>
      Object.fromEntries(
        chartsAt(usage(rows), asOf).charts.acr.customers.map((c) => [c.tenantId, c.colorRank]),
      );
    const byWindow = (asOf: CalendarDate) =>
      chartsAt(usage(rows), asOf).charts.acr.customers.map((c) => c.tenantId);
    expect(byWindow("2024-06-17")[0]).toBe("late");
    expect(byWindow("2023-06-17")[0]).toBe("early");
    expect(ranks("2024-06-17")).toEqual({ big: 0, late: 1, early: 2 });
    expect(ranks("2023-06-17")).toMatchObject({ big: 0, early: 2 });
  });

  it("averages the window totals exactly as the evaluation does (half a cent rounds up)", () => {
    const rows = [
      buildUsage({ customerTenantId: "c-1", month: "2024-03", acrUsd: "1000.01" }),
      buildUsage({ customerTenantId: "c-2", month: "2024-04", acrUsd: "2,000" }),
      buildUsage({ customerTenantId: "c-3", month: "2024-05", acrUsd: "3000.005" }),
    ];
    const { charts, evaluation } = chartsAt(usage(rows));
    expect(charts.acr.totalsUsd.slice(-3)).toEqual(["1000.01", "2000", "3000.005"]);
    expect(charts.acr.windowTotalUsd).toBe("6000.015");
    expect(charts.acr.windowAverageUsd).toBe("2000.01");
    expect(averageOfWindowTotals(charts)).toBe(performanceOf(evaluation).monthlyAverageUsd);
    expect(performanceOf(evaluation).monthlyAverageUsd).toBe(2000.01);
  });

  it('gives "0" for the months without data, per customer and in the totals', () => {
    const rows = [
      buildUsage({ customerTenantId: "c-1", month: "2024-01", acrUsd: "10" }),
      buildUsage({ customerTenantId: "c-1", month: "2024-05", acrUsd: "20.5" }),
      buildUsage({ customerTenantId: "c-2", month: "2024-05", acrUsd: "0.50" }),
    ];
    const { acr } = chartsAt(usage(rows)).charts;
    const at = (m: YearMonth) => acr.months.indexOf(m);
    const c1 = acr.customers.find((c) => c.tenantId === "c-1");
    expect(c1?.amountsUsd.filter((a) => a !== "0")).toEqual(["10", "20.5"]);
    expect(c1?.amountsUsd[at("2024-01")]).toBe("10");
    expect(c1?.amountsUsd[at("2024-02")]).toBe("0");
    expect(acr.totalsUsd[at("2024-03")]).toBe("0");
    expect(acr.totalsUsd[at("2024-05")]).toBe("21");
    expect(acr.windowAverageUsd).toBe("7.00");
  });

  it("reaches back to the first month with data within 24 months, and no further", () => {
    const at = (month: YearMonth) => buildUsage({ month, acrUsd: "5" });
    expect(chartsAt(usage([at("2022-09"), at("2024-05")])).charts.acr.months).toEqual(
      monthRange("2022-09", "2024-05"),
    );
    expect(chartsAt(usage([at("2022-06")])).charts.acr.months).toEqual(monthRange("2022-06", "2024-05"));
    // 25 months before the as-of month: not shown, and so is the customer with only that month.
    const old = chartsAt(usage([at("2022-05")])).charts.acr;
    expect(old.months).toEqual(monthRange("2023-06", "2024-05"));
    expect(old.customers).toEqual([]);
    expect(old.hasData).toBe(false);
    // The earliest month within reach, even when older data exists too.
    expect(chartsAt(usage([at("2021-01"), at("2023-02")])).charts.acr.months[0]).toBe("2023-02");
  });

  it("shows the as-of month when it has data, never a later month, and the window stays the evaluation's", () => {
    const rows = [
      ...usageFor(["c-1", "c-2", "c-3"], ["2024-03", "2024-04", "2024-05"], "2000"),
      buildUsage({ customerTenantId: "c-1", month: "2024-06", acrUsd: "123.45" }),
      buildUsage({ customerTenantId: "c-9", month: "2024-07", acrUsd: "999" }),
    ];
    const { charts, evaluation } = chartsAt(usage(rows));
    expect(charts.acr.months).toEqual(monthRange("2023-06", "2024-06"));
    expect(charts.acr.totalsUsd.at(-1)).toBe("123.45");
    expect(charts.acr.customers.map((c) => c.tenantId)).not.toContain("c-9");
    expect(charts.acr.window).toEqual(["2024-03", "2024-04", "2024-05"]);
    expect(charts.acr.windowAverageUsd).toBe("6000.00");
    expect(averageOfWindowTotals(charts)).toBe(performanceOf(evaluation).monthlyAverageUsd);
  });

  it.each([
    ["2024-06-01", "2024-03", "2024-05", "2023-06"],
    ["2024-05-31", "2024-02", "2024-04", "2023-05"],
    ["2024-01-01", "2023-10", "2023-12", "2023-01"],
    ["2024-03-31", "2023-12", "2024-02", "2023-03"],
  ])("as of %s (a month boundary): window %s..%s, months from %s", (asOf, first, last, shownFrom) => {
    const rows = usageFor(["c-1", "c-2", "c-3"], monthRange("2023-09", "2024-06"), "700.10");
    const { charts, evaluation } = chartsAt(usage(rows), asOf);
    expect(charts.asOf).toBe(asOf);
    expect(charts.acr.window).toEqual(monthRange(first, last));
    expect(charts.acr.window).toEqual(performanceOf(evaluation).window);
    expect(charts.acr.months[0]).toBe(shownFrom);
    // Data in the as-of month is shown: every as-of month here has some.
    expect(charts.acr.months.at(-1)).toBe(monthOf(asOf));
    expect(averageOfWindowTotals(charts)).toBe(performanceOf(evaluation).monthlyAverageUsd);
  });

  it("charts a credit as a negative month; a customer whose window nets to zero or less does not count", () => {
    const rows = [
      buildUsage({ customerTenantId: "c-1", month: "2024-04", acrUsd: "500" }),
      buildUsage({ customerTenantId: "c-1", month: "2024-05", acrUsd: "-650.50" }),
      buildUsage({ customerTenantId: "c-2", month: "2024-05", acrUsd: "100" }),
      buildUsage({ customerTenantId: "c-3", month: "2024-03", acrUsd: "40" }),
      buildUsage({ customerTenantId: "c-3", month: "2024-04", acrUsd: "-40" }),
    ];
    const { charts, evaluation } = chartsAt(usage(rows));
    const { acr } = charts;
    const c1 = acr.customers.find((c) => c.tenantId === "c-1");
    expect(c1?.amountsUsd.slice(-3)).toEqual(["0", "500", "-650.5"]);
    expect(c1).toMatchObject({ windowSumUsd: "-150.5", countsInWindow: false });
    expect(acr.customers.find((c) => c.tenantId === "c-3")).toMatchObject({
      windowSumUsd: "0",
      countsInWindow: false,
    });
    expect(acr.totalsUsd.slice(-3)).toEqual(["40", "460", "-550.5"]);
    expect(acr.windowTotalUsd).toBe("-50.5");
    expect(acr.windowAverageUsd).toBe("-16.83");
    expect(acr.customerCount).toBe(1);
    expect(acr.customerCount).toBe(performanceOf(evaluation).customerCount);
    expect(averageOfWindowTotals(charts)).toBe(performanceOf(evaluation).monthlyAverageUsd);
  });

  it("orders customers by window sum, largest first, ties by tenant id", () => {
    const rows = [
      buildUsage({ customerTenantId: "c-b", acrUsd: "300" }),
      buildUsage({ customerTenantId: "c-d", acrUsd: "-10" }),
      buildUsage({ customerTenantId: "c-a", acrUsd: "300.00" }),
      buildUsage({ customerTenantId: "c-c", acrUsd: "500" }),
      // Outside the window: sorts by its window sum of zero.
      buildUsage({ customerTenantId: "c-e", month: "2023-09", acrUsd: "9000" }),
    ];
    const { acr } = chartsAt(usage(rows)).charts;
    expect(acr.customers.map((c) => [c.tenantId, c.windowSumUsd])).toEqual([
      ["c-c", "500"],
      ["c-a", "300"],
      ["c-b", "300"],
      ["c-e", "0"],
      ["c-d", "-10"],
    ]);
  });

  it("charts only eligible AI ACR: a customer with only ineligible rows is not shown", () => {
    const rows = [
      buildUsage({ customerTenantId: "c-1", customerName: "Contoso" }),
      buildUsage({ customerTenantId: "c-2", attribution: "Transacting partner of record", acrUsd: "5000" }),
      buildUsage({ customerTenantId: "c-3", serviceGroup2: "Compute", acrUsd: "5000" }),
      buildUsage({ customerTenantId: "C-1", acrUsd: "1" }),
    ];
    const { acr } = chartsAt(usage(rows)).charts;
    expect(acr.customers.map((c) => [c.tenantId, c.name, c.windowSumUsd])).toEqual([
      ["c-1", "Contoso", "101"],
    ]);
    expect(acr.totalsUsd.at(-1)).toBe("101");
  });

  it("without usage: the twelve months, no customers, every total zero, no data", () => {
    for (const inputs of [{}, usage([])]) {
      const { acr } = chartsAt(inputs).charts;
      expect(acr.months).toEqual(monthRange("2023-06", "2024-05"));
      expect(acr.customers).toEqual([]);
      expect(acr.totalsUsd).toEqual(Array(12).fill("0"));
      expect(acr.windowAverageUsd).toBe("0.00");
      expect(acr.hasData).toBe(false);
    }
    expect(chartsAt({}).charts.acr.status).toBe("no_data");
    expect(chartsAt(usage([])).charts.acr.status).toBe("not_met");
  });

  it("property: the chart's figures add up and agree with the evaluation", () => {
    fc.assert(
      fc.property(fc.array(usageRowArb, { maxLength: 40 }), asOfArb, (rows, asOf) => {
        const { charts, evaluation } = chartsAt(usage(rows), asOf);
        const { acr } = charts;
        const perf = performanceOf(evaluation);
        const current = monthOf(asOf);
        // Months: contiguous, at least the twelve before the as-of month, at most 24 back, window inside.
        expect(acr.months).toEqual(monthRange(acr.months[0] as YearMonth, acr.months.at(-1) as YearMonth));
        expect(acr.months.length).toBeGreaterThanOrEqual(12);
        expect((acr.months[0] as YearMonth) >= addMonthsToMonth(current, -24)).toBe(true);
        expect((acr.months[0] as YearMonth) <= addMonthsToMonth(current, -12)).toBe(true);
        expect([current, addMonthsToMonth(current, -1)]).toContain(acr.months.at(-1));
        expect(acr.window).toEqual(perf.window);
        for (const m of acr.window) expect(acr.months).toContain(m);
        // Totals are the sums over customers, month by month.
        acr.months.forEach((_, i) => {
          const sum = sumDecimals(acr.customers.map((c) => parseValidDecimal(c.amountsUsd[i] as string)));
          expect(compareDecimals(sum, parseValidDecimal(acr.totalsUsd[i] as string))).toBe(0);
        });
        // Window figures are the evaluation's.
        expect(averageOfWindowTotals(charts)).toBe(perf.monthlyAverageUsd);
        expect(acr.windowTotalUsd).toBe(formatDecimal(parseValidDecimal(perf.windowTotalUsd), 0));
        expect(acr.customerCount).toBe(perf.customerCount);
        expect(acr.customers.filter((c) => c.countsInWindow)).toHaveLength(perf.customerCount);
        for (const c of acr.customers) {
          const inWindow = acr.months.flatMap((m, i) =>
            acr.window.includes(m) ? [c.amountsUsd[i] as string] : [],
          );
          const sum = sumDecimals(inWindow.map(parseValidDecimal));
          expect(compareDecimals(sum, parseValidDecimal(c.windowSumUsd))).toBe(0);
          expect(c.countsInWindow).toBe(sum.units > 0n);
          expect(perf.customers.find((p) => p.tenantId === c.tenantId)?.counts).toBe(c.countsInWindow);
        }
        // Largest window sum first, ties by tenant id.
        for (let i = 1; i < acr.customers.length; i++) {
          const a = acr.customers[i - 1];
          const b = acr.customers[i];
          if (a === undefined || b === undefined) continue;
          const order = compareDecimals(parseValidDecimal(b.windowSumUsd), parseValidDecimal(a.windowSumUsd));
          expect(order < 0 || (order === 0 && a.tenantId.localeCompare(b.tenantId) <= 0)).toBe(true);
        }
        expect(acr.hasData).toBe(acr.customers.length > 0);
        // Colour ranks are distinct, and the same at another as-of date.
        expect(new Set(acr.customers.map((c) => c.colorRank)).size).toBe(acr.customers.length);
        const later = chartsAt(usage(rows), addDays(asOf, 200)).charts.acr.customers;
        for (const c of later) {
          const before = acr.customers.find((x) => x.tenantId.toLowerCase() === c.tenantId.toLowerCase());
          if (before !== undefined) expect(c.colorRank).toBe(before.colorRank);
        }
      }),
      RUNS,
    );
  });
});

describe("dashboardCharts: certification timeline", () => {
  const records = () => [
    buildCertification({
      personId: "p-1",
      personName: "Ada",
      certification: "DP-100",
      earnedDate: "2024-01-15",
    }),
    buildCertification({ personId: "p-2", certification: "AI-102", earnedDate: "2023-03-01" }),
    buildCertification({ personId: "p-3", certification: "DP-100", earnedDate: "2024-07-01" }),
    buildCertification({
      personId: "p-4",
      certification: "AI-102",
      earnedDate: "2024-02-01",
      associated: false,
    }),
    buildCertification({ personId: "p-5", certification: "AZ-104", earnedDate: "2024-02-01" }),
    buildCertification({
      personId: "p-6",
      certification: "Azure AI Engineer Associate",
      earnedDate: "2023-02-01",
      expirationDate: "2025-02-01",
    }),
  ];

  it("gives each certification its status, expiry and renewal date by the knowledge rule", () => {
    const { certifications } = chartsAt({ certifications: records() }).charts;
    const bars = Object.fromEntries(certifications.people.map((p) => [p.personId, p.certifications[0]]));
    expect(bars["p-1"]).toEqual({
      certification: "DP-100",
      counted: "DP-100",
      earnedDate: "2024-01-15",
      expiresOn: "2025-01-15",
      renewalOpensOn: "2024-07-15",
      status: "counting",
    });
    expect(bars["p-2"]).toMatchObject({ counted: "AI-102", expiresOn: "2024-03-01", status: "expired" });
    expect(bars["p-3"]).toMatchObject({ status: "not_yet_earned", expiresOn: "2025-07-01" });
    expect(bars["p-4"]).toMatchObject({ status: "not_associated" });
    expect(bars["p-5"]).toMatchObject({ counted: null, status: "does_not_count", expiresOn: "2025-02-01" });
    expect(bars["p-6"]).toMatchObject({
      certification: "Azure AI Engineer Associate",
      counted: "AI-102",
      expiresOn: "2025-02-01",
      renewalOpensOn: "2024-08-01",
      status: "counting",
    });
    expect(certifications.people.map((p) => [p.personId, p.counts])).toEqual([
      ["p-1", true],
      ["p-6", true],
      ["p-2", false],
      ["p-3", false],
      ["p-4", false],
      ["p-5", false],
    ]);
    expect(certifications.people[0]?.name).toBe("Ada");
    expect(certifications.hasData).toBe(true);
  });

  it("counts as the knowledge requirement does: individuals and holders per certification", () => {
    const { charts, evaluation } = chartsAt({ certifications: records() });
    expectKnowledgeAgrees(charts, evaluation);
    expect(knowledgeOf(evaluation)).toMatchObject({
      individualCount: 2,
      holders: { "DP-100": 1, "AI-102": 1 },
    });
  });

  it("counts on its expiry day and is expired the day after", () => {
    const inputs = { certifications: [buildCertification({ earnedDate: "2024-01-15" })] };
    const on = chartsAt(inputs, "2025-01-15");
    const after = chartsAt(inputs, "2025-01-16");
    expect(on.charts.certifications.people[0]?.certifications[0]?.status).toBe("counting");
    expect(after.charts.certifications.people[0]?.certifications[0]?.status).toBe("expired");
    expect(knowledgeOf(on.evaluation).individualCount).toBe(1);
    expect(knowledgeOf(after.evaluation).individualCount).toBe(0);
    // And it counts from the day it is earned.
    expect(chartsAt(inputs, "2024-01-15").charts.certifications.people[0]?.counts).toBe(true);
    expect(chartsAt(inputs, "2024-01-14").charts.certifications.people[0]?.certifications[0]?.status).toBe(
      "not_yet_earned",
    );
  });

  it("groups a person's rows by person id ignoring case, keeping the first id and name given", () => {
    const rows = [
      buildCertification({ personId: "P-7", certification: "DP-100" }),
      buildCertification({ personId: "p-7", personName: "Grace", certification: "AI-102" }),
    ];
    const { people } = chartsAt({ certifications: rows }).charts.certifications;
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ personId: "P-7", name: "Grace", counts: true });
    expect(people[0]?.certifications.map((c) => c.counted)).toEqual(["DP-100", "AI-102"]);
  });

  it("without certifications: no people, no data", () => {
    for (const inputs of [{}, { certifications: [] }]) {
      const { certifications } = chartsAt(inputs).charts;
      expect(certifications.people).toEqual([]);
      expect(certifications.hasData).toBe(false);
    }
  });

  it("property: a certification is counting exactly when the knowledge requirement counts it", () => {
    fc.assert(
      fc.property(fc.array(certificationArb, { maxLength: 14 }), asOfArb, (rows, asOf) => {
        const { charts, evaluation } = chartsAt({ certifications: rows }, asOf);
        expectKnowledgeAgrees(charts, evaluation);
      }),
      RUNS,
    );
  });
});

/** The timeline's counting certifications give the evaluation's individuals, holders and people. */
function expectKnowledgeAgrees(charts: DashboardCharts, evaluation: Evaluation): void {
  const knowledge = knowledgeOf(evaluation);
  const { people } = charts.certifications;
  const counting = (p: (typeof people)[number], id?: string) =>
    p.certifications.some(
      (c) => c.status === "counting" && c.counted !== null && (id === undefined || c.counted === id),
    );
  expect(people.filter((p) => counting(p))).toHaveLength(knowledge.individualCount);
  for (const [id, holders] of Object.entries(knowledge.holders)) {
    expect(people.filter((p) => counting(p, id))).toHaveLength(holders);
  }
  expect(people.map((p) => [p.personId, p.counts])).toEqual(
    knowledge.people.map((p) => [p.personId, p.counts]),
  );
  people.forEach((p, i) => {
    const held = knowledge.people[i]?.certifications ?? [];
    expect(p.certifications.map((c) => [c.counted, c.expiresOn, c.status === "counting"])).toEqual(
      held.map((c) => [c.countsAs, c.expiresOn, c.counting]),
    );
  });
}

describe("dashboardCharts: capability score", () => {
  it("shows each metric's points against the 70 needed, with the program's maximum where it has one", () => {
    const { charts, evaluation } = chartsAt({
      capabilityScore: fullScores(DATA_AI, ["30", "10", "10", "10", "10"]),
    });
    const { capability } = charts;
    expect(capability.areas.map((a) => [a.area, a.eligible, a.totalPoints, a.neededTotal, a.meets])).toEqual([
      [DATA_AI, true, "70", "70", true],
      [DIGITAL_APP, true, "0", "70", false],
    ]);
    expect(capability.areas[0]?.metrics).toEqual([
      {
        metric: "Net customer adds",
        category: "Performance",
        points: "30",
        maxPoints: "30",
        hasPoints: true,
      },
      {
        metric: "Intermediate certifications",
        category: "Skilling",
        points: "10",
        maxPoints: null,
        hasPoints: true,
      },
      {
        metric: "Advanced certifications",
        category: "Skilling",
        points: "10",
        maxPoints: null,
        hasPoints: true,
      },
      {
        metric: "Usage growth",
        category: "Customer success",
        points: "10",
        maxPoints: null,
        hasPoints: true,
      },
      { metric: "Deployments", category: "Customer success", points: "10", maxPoints: null, hasPoints: true },
    ]);
    expect(capability.areas[1]?.metrics.every((m) => m.points === "0" && !m.hasPoints)).toBe(true);
    expect(capability.everyMetricAbove).toBe("0");
    expect(capability.areas.filter((a) => a.meets).map((a) => a.area)).toEqual(
      designationOf(evaluation).qualifyingAreas,
    );
    expect(capability.status).toBe("met");
  });

  it("a missing metric has 0 points and no area meets the rule without it, even at 70", () => {
    const { charts, evaluation } = chartsAt({
      capabilityScore: fullScores(DATA_AI, ["40", "10", "10", "10"]),
    });
    const area = charts.capability.areas[0];
    expect(area).toMatchObject({ totalPoints: "70", meets: false });
    expect(area?.metrics.at(-1)).toMatchObject({ metric: "Deployments", points: "0", hasPoints: false });
    expect(designationOf(evaluation).qualifyingAreas).toEqual([]);
  });

  it("keeps fractional points exact", () => {
    const { capability } = chartsAt({
      capabilityScore: fullScores(DIGITAL_APP, ["29.5", "10", "10", "10", "10"]),
    }).charts;
    expect(capability.areas[1]).toMatchObject({ area: DIGITAL_APP, totalPoints: "69.5", meets: false });
  });

  it("names areas canonically, from any spelling, as the designation rule counts them", () => {
    const rows = METRICS.map((m) => buildScore("data and ai (AZURE)", m.toLowerCase(), "14"));
    const { charts, evaluation } = chartsAt({ capabilityScore: rows });
    expect(charts.capability.areas.map((a) => a.area)).toEqual([DATA_AI, DIGITAL_APP]);
    expect(charts.capability.areas[0]).toMatchObject({ totalPoints: "70", meets: true });
    expect(designationOf(evaluation).qualifyingAreas).toEqual([DATA_AI]);
  });

  it("shows an area that is not eligible after the eligible ones, never meeting the rule", () => {
    const rows = [
      ...fullScores("Modern Work", ["30", "30", "30", "30", "30"]),
      buildScore("modern work", "Deployments", "1"),
    ];
    const { charts, evaluation } = chartsAt({ capabilityScore: rows });
    expect(charts.capability.areas.map((a) => [a.area, a.eligible, a.totalPoints, a.meets])).toEqual([
      [DATA_AI, true, "0", false],
      [DIGITAL_APP, true, "0", false],
      ["Modern Work", false, "150", false],
    ]);
    expect(evaluation.requirements.find((r) => r.id === "designation")?.status).toBe("not_met");
  });

  it("without a capability score: the eligible areas at zero, no data", () => {
    for (const inputs of [{}, { capabilityScore: [] }]) {
      const { capability } = chartsAt(inputs).charts;
      expect(capability.areas.map((a) => [a.area, a.totalPoints, a.meets])).toEqual([
        [DATA_AI, "0", false],
        [DIGITAL_APP, "0", false],
      ]);
      expect(capability.hasData).toBe(false);
    }
  });

  it("property: an area meets the rule exactly when the evaluation qualifies it, with the same total", () => {
    fc.assert(
      fc.property(scoresArb, (rows) => {
        const { charts, evaluation } = chartsAt({ capabilityScore: rows });
        const designation = designationOf(evaluation);
        expect(charts.capability.areas.filter((a) => a.meets).map((a) => a.area)).toEqual(
          designation.qualifyingAreas,
        );
        for (const a of charts.capability.areas) {
          const sum = sumDecimals(a.metrics.map((m) => parseValidDecimal(m.points)));
          expect(compareDecimals(sum, parseValidDecimal(a.totalPoints))).toBe(0);
          expect(a.totalPoints).toBe(designation.areas.find((d) => d.area === a.area)?.totalPoints);
        }
      }),
      RUNS,
    );
  });
});

describe("dashboardCharts: audit coverage", () => {
  it("covers every control and customer, with the evaluation's window and counts", () => {
    const evidence = evidenceForAllControls(["c-1", "c-2", "c-3"], "2024-03-01");
    const { charts, evaluation } = chartsAt({ auditEvidence: evidence });
    const { audit } = charts;
    expect(audit.controls.map((c) => c.id)).toEqual(controlIds());
    expect(audit.controls[0]).toEqual({
      id: "A1.1",
      module: "A",
      title: "Cloud & AI Adoption Business Strategy",
      required: 2,
      customerCount: 3,
      status: "met",
    });
    expect(audit.controls.find((c) => c.id === "B2.3")).toMatchObject({ module: "B", required: 1 });
    expect({ from: audit.from, to: audit.to }).toEqual({ from: "2023-06-17", to: "2024-06-17" });
    expect({ from: audit.from, to: audit.to }).toEqual(auditOf(evaluation).evidenceWindow);
    expect(audit.customers).toEqual([
      { tenantId: "c-1", name: null },
      { tenantId: "c-2", name: null },
      { tenantId: "c-3", name: null },
    ]);
    expect(audit.cells).toHaveLength(14 * 3);
    expect(audit.cells.every((c) => c.counts && c.latestDeploymentDate === "2024-03-01")).toBe(true);
    expect(audit).toMatchObject({
      status: "met",
      moduleAWaived: false,
      moduleAWaivedUntil: null,
      hasData: true,
    });
    expectAuditAgrees(charts, evaluation);
  });

  it("counts a project completed on the window's first day and on the as-of date, not a day outside", () => {
    const evidence = [
      buildEvidence({ control: "B1.1", customerTenantId: "c-1", deploymentDate: "2023-06-17" }),
      buildEvidence({ control: "B1.1", customerTenantId: "c-2", deploymentDate: "2023-06-16" }),
      buildEvidence({ control: "B1.1", customerTenantId: "c-3", deploymentDate: "2024-06-17" }),
      buildEvidence({ control: "B1.1", customerTenantId: "c-4", deploymentDate: "2024-06-18" }),
    ];
    const { charts, evaluation } = chartsAt({ auditEvidence: evidence });
    const cells = charts.audit.cells.filter((c) => c.control === "B1.1");
    expect(cells.map((c) => [c.tenantId, c.latestDeploymentDate, c.counts])).toEqual([
      ["c-1", "2023-06-17", true],
      ["c-2", "2023-06-16", false],
      ["c-3", "2024-06-17", true],
      ["c-4", "2024-06-18", false],
    ]);
    expect(charts.audit.controls.find((c) => c.id === "B1.1")).toMatchObject({
      customerCount: 2,
      status: "not_met",
    });
    expectAuditAgrees(charts, evaluation);
  });

  it("dates a cell by its latest counting project, not by a later one that does not count yet", () => {
    const evidence = [
      buildEvidence({ control: "B2.3", customerTenantId: "c-1", deploymentDate: "2024-02-01" }),
      buildEvidence({ control: "B2.3", customerTenantId: "c-1", deploymentDate: "2024-09-01" }),
      buildEvidence({ control: "B2.3", customerTenantId: "c-1", deploymentDate: "2023-12-01" }),
    ];
    const { charts, evaluation } = chartsAt({ auditEvidence: evidence });
    expect(charts.audit.cells).toEqual([
      { control: "B2.3", tenantId: "c-1", latestDeploymentDate: "2024-02-01", counts: true },
    ]);
    const control = auditOf(evaluation).controls.find((c) => c.id === "B2.3");
    expect(control?.customers[0]?.deploymentDate).toBe("2024-02-01");
  });

  it("shows Module A waived by an earlier pass, its controls still counting their customers", () => {
    const evidence = evidenceForAllControls(["c-1"], "2024-03-01");
    const history = [buildHistory({ module: "A+B", date: "2023-01-10" })];
    const { charts, evaluation } = chartsAt({ auditEvidence: evidence, auditHistory: history });
    expect(charts.audit).toMatchObject({ moduleAWaived: true, moduleAWaivedUntil: "2025-01-10" });
    expect(
      charts.audit.controls.filter((c) => c.module === "A").map((c) => [c.status, c.customerCount]),
    ).toEqual(Array(7).fill(["waived", 1]));
    expect(auditOf(evaluation).moduleAWaived).toBe(true);
    expectAuditAgrees(charts, evaluation);
  });

  it("merges a customer's tenant ids ignoring case: one column, named from any row", () => {
    const evidence = [
      buildEvidence({ control: "A1.1", customerTenantId: "C-1" }),
      buildEvidence({ control: "B1.1", customerTenantId: "c-1", customerName: "Contoso" }),
      buildEvidence({ control: "B1.1", customerTenantId: "c-0", customerName: "Adatum" }),
    ];
    const { charts, evaluation } = chartsAt({ auditEvidence: evidence });
    expect(charts.audit.customers).toEqual([
      { tenantId: "c-0", name: "Adatum" },
      { tenantId: "C-1", name: "Contoso" },
    ]);
    expect(charts.audit.cells.map((c) => [c.control, c.tenantId])).toEqual([
      ["A1.1", "C-1"],
      ["B1.1", "c-0"],
      ["B1.1", "C-1"],
    ]);
    expectAuditAgrees(charts, evaluation);
  });

  it("without audit files: every control at zero, no cells, no data; history alone is data", () => {
    for (const inputs of [{}, { auditEvidence: [] }]) {
      const { audit } = chartsAt(inputs).charts;
      expect(audit.controls).toHaveLength(14);
      expect(audit.controls.every((c) => c.customerCount === 0 && c.status === "not_met")).toBe(true);
      expect(audit.customers).toEqual([]);
      expect(audit.cells).toEqual([]);
      expect(audit.hasData).toBe(false);
    }
    expect(chartsAt({}).charts.audit.status).toBe("no_data");
    const historyOnly = chartsAt({ auditHistory: [buildHistory({ module: "A", date: "2024-01-01" })] });
    expect(historyOnly.charts.audit).toMatchObject({ hasData: true, moduleAWaived: true, cells: [] });
    expectAuditAgrees(historyOnly.charts, historyOnly.evaluation);
  });

  it("property: every control's count is its counting cells, as the evaluation counts them", () => {
    fc.assert(
      fc.property(
        fc.array(evidenceArb, { maxLength: 40 }),
        fc.array(historyArb, { maxLength: 3 }),
        asOfArb,
        (evidence, history, asOf) => {
          const { charts, evaluation } = chartsAt({ auditEvidence: evidence, auditHistory: history }, asOf);
          expectAuditAgrees(charts, evaluation);
          const keys = charts.audit.cells.map((c) => `${c.control} ${c.tenantId.toLowerCase()}`);
          expect(new Set(keys).size).toBe(keys.length);
          const columns = new Set(charts.audit.customers.map((c) => c.tenantId));
          expect(charts.audit.cells.every((c) => columns.has(c.tenantId))).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

/** Each control's count is its counting cells and the evaluation's; statuses and the waiver agree. */
function expectAuditAgrees(charts: DashboardCharts, evaluation: Evaluation): void {
  const audit = auditOf(evaluation);
  expect(charts.audit.moduleAWaived).toBe(audit.moduleAWaived);
  expect({ from: charts.audit.from, to: charts.audit.to }).toEqual(audit.evidenceWindow);
  expect(charts.audit.controls.map((c) => [c.id, c.status, c.customerCount, c.required])).toEqual(
    audit.controls.map((c) => [c.id, c.status, c.customerCount, c.required]),
  );
  for (const c of charts.audit.controls) {
    expect(charts.audit.cells.filter((k) => k.control === c.id && k.counts)).toHaveLength(c.customerCount);
  }
}

describe("dashboardCharts: the whole", () => {
  it("with no input at all: every chart empty, nothing thrown", () => {
    const { charts } = chartsAt({});
    expect(charts.asOf).toBe(AS_OF);
    expect(
      [charts.acr, charts.certifications, charts.capability, charts.audit].map((c) => c.hasData),
    ).toEqual([false, false, false, false]);
  });

  it("is plain JSON data, the same on every call", () => {
    const inputs: ReadinessInputs = {
      usage: buildSummary(usageFor(["c-1", "c-2"], ["2024-04", "2024-05"], "10.10")),
      certifications: [buildCertification()],
      capabilityScore: fullScores(DATA_AI, ["1", "2", "3", "4", "5"]),
      auditEvidence: [buildEvidence()],
      auditHistory: [buildHistory()],
    };
    const { charts, evaluation } = chartsAt(inputs);
    expect(JSON.parse(JSON.stringify(charts))).toEqual(charts);
    expect(dashboardCharts(program, inputs, evaluation)).toEqual(charts);
  });

  it("refuses an evaluation of another program", () => {
    const evaluation = { ...evaluateReadiness(program, {}, AS_OF), program: "another-program" };
    expect(() => dashboardCharts(program, {}, evaluation)).toThrow(/another-program/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Generators

/** A date between two dates (both included). */
function dateBetween(from: CalendarDate, to: CalendarDate): fc.Arbitrary<CalendarDate> {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return fc.integer({ min: 0, max: days }).map((n) => addDays(from, n));
}

/** Integer cents as contract decimal text ("-1234.56"). */
function centsText(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

const asOfArb = dateBetween("2023-11-01", "2024-10-31");

/** Usage of a few customers (tenant ids differing in case) over 2021-06 .. 2024-11, some not eligible. */
const usageRowArb: fc.Arbitrary<UsageRecord> = fc
  .record({
    month: fc.integer({ min: 0, max: 41 }).map((i) => addMonthsToMonth("2021-06", i)),
    tenant: fc.constantFrom("c-1", "C-1", "c-2", "c-3", "c-4", "c-5"),
    cents: fc.bigInt({ min: -100_000n, max: 400_000n }),
    attribution: fc.constantFrom("Partner of record", "CSP", "PAL", "Deal registration"),
    serviceGroup2: fc.constantFrom("AI", "AI", "AI", "Compute"),
  })
  .map((r) =>
    buildUsage({
      month: r.month,
      customerTenantId: r.tenant,
      acrUsd: centsText(r.cents),
      attribution: r.attribution,
      serviceGroup2: r.serviceGroup2,
    }),
  );

const certificationArb: fc.Arbitrary<CertificationRecord> = fc
  .record({
    person: fc.constantFrom("p-1", "P-1", "p-2", "p-3", "p-4", "p-5"),
    certification: fc.constantFrom("DP-100", "AI-102", "Azure Data Scientist Associate", "AZ-104"),
    earned: fc.option(dateBetween("2022-10-01", "2025-03-31"), { nil: undefined, freq: 5 }),
    expires: fc.option(dateBetween("2023-06-01", "2026-06-30"), { nil: undefined, freq: 2 }),
    associated: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
  })
  .map((r) =>
    buildCertification({
      personId: r.person,
      certification: r.certification,
      earnedDate: r.earned,
      expirationDate: r.expires,
      associated: r.associated,
    }),
  );

const evidenceArb: fc.Arbitrary<AuditEvidenceRecord> = fc
  .record({
    control: fc.constantFrom(...controlIds()),
    customer: fc.constantFrom("c-1", "C-1", "c-2", "c-3", "c-4"),
    name: fc.option(fc.constantFrom("Contoso", "Fabrikam"), { nil: undefined }),
    date: dateBetween("2022-09-01", "2025-06-30"),
  })
  .map((r) =>
    buildEvidence({
      control: r.control,
      customerTenantId: r.customer,
      customerName: r.name,
      deploymentDate: r.date,
    }),
  );

const historyArb: fc.Arbitrary<AuditHistoryRecord> = fc
  .record({
    module: fc.constantFrom("A", "B", "A+B", "AEMSP-3.A"),
    result: fc.constantFrom("Pass" as const, "No Pass" as const),
    date: dateBetween("2021-03-01", "2025-06-30"),
  })
  .map((r) => buildHistory(r));

const scoresArb: fc.Arbitrary<CapabilityScoreRecord[]> = fc
  .subarray([DATA_AI, DIGITAL_APP].flatMap((area) => METRICS.map((metric) => ({ area, metric }))))
  .chain((pairs) =>
    fc.tuple(
      ...pairs.map((p) =>
        fc
          .integer({ min: 0, max: 60 })
          .chain((n) => fc.constantFrom(String(n), `${n}.5`))
          .map((points) => buildScore(p.area, p.metric, points)),
      ),
    ),
  );
