import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import type { UsageRecord } from "../records/input-records.js";
import { buildSummary, buildUsage, loadTestProgram, usageFor } from "../test-support/builders.js";
import { announcedFlips, changeDates, statusFlips } from "../test-support/timeline.js";
import type { RequirementResult } from "./evaluation-types.js";
import { acrWindow, evaluatePerformance, type PerformanceDetails } from "./performance.js";

const program = loadTestProgram();
/** Window 2024-03, 2024-04, 2024-05. */
const AS_OF = "2024-06-17";

function evaluate(
  rows: readonly UsageRecord[],
  asOf: CalendarDate = AS_OF,
): RequirementResult<PerformanceDetails> {
  return evaluatePerformance(program, buildSummary(rows), asOf);
}

function contract(r: RequirementResult<PerformanceDetails>) {
  return {
    status: r.status,
    window: r.details?.window,
    monthlyAverageUsd: r.details?.monthlyAverageUsd,
    customerCount: r.details?.customerCount,
  };
}

function gapCodes(r: RequirementResult): string[] {
  return r.gaps.map((g) => g.code);
}

function usage(
  customerTenantId: string,
  month: string,
  acrUsd: string,
  more: Partial<UsageRecord> = {},
): UsageRecord {
  return buildUsage({ customerTenantId, month, acrUsd, ...more });
}

describe("performance: no data", () => {
  it("is no_data without a usage file, with no details and a gap saying what to add", () => {
    const r = evaluatePerformance(program, undefined, AS_OF);
    expect(r.id).toBe("performance");
    expect(r.status).toBe("no_data");
    expect(r.details).toBeUndefined();
    expect(gapCodes(r)).toEqual(["performance.no-data"]);
    expect(r.changes).toEqual([]);
  });

  it("is evaluated (not_met) with a usage file without rows", () => {
    const r = evaluate([]);
    expect(contract(r)).toEqual({
      status: "not_met",
      window: ["2024-03", "2024-04", "2024-05"],
      monthlyAverageUsd: 0,
      customerCount: 0,
    });
    expect(gapCodes(r)).toEqual(
      expect.arrayContaining(["performance.acr-short", "performance.customers-short"]),
    );
  });
});

describe("performance: the window is the three full calendar months before the as-of month", () => {
  it.each([
    ["2024-06-17", ["2024-03", "2024-04", "2024-05"]],
    ["2024-06-01", ["2024-03", "2024-04", "2024-05"]],
    ["2024-06-30", ["2024-03", "2024-04", "2024-05"]],
    ["2025-01-15", ["2024-10", "2024-11", "2024-12"]],
    ["2025-01-01", ["2024-10", "2024-11", "2024-12"]],
    ["2025-02-10", ["2024-11", "2024-12", "2025-01"]],
    ["2025-03-01", ["2024-12", "2025-01", "2025-02"]],
    ["2024-03-31", ["2023-12", "2024-01", "2024-02"]],
  ])("as of %s: %j", (asOf, window) => {
    expect(acrWindow(program, asOf)).toEqual(window);
    expect(evaluate([], asOf).details?.window).toEqual(window);
  });

  it("counts the months of the window across the year boundary (as of 2025-01-15), and nothing outside", () => {
    const rows = [
      ...usageFor(["a", "b", "c"], ["2024-10", "2024-11", "2024-12"], "700.00"),
      ...usageFor(["a", "b", "c"], ["2024-09", "2025-01"], "5000.00"),
    ];
    const r = evaluate(rows, "2025-01-15");
    expect(contract(r)).toEqual({
      status: "met",
      window: ["2024-10", "2024-11", "2024-12"],
      monthlyAverageUsd: 2100,
      customerCount: 3,
    });
    expect(r.details?.windowTotalUsd).toBe("6300.00");
  });

  it("counts December to February as of 2025-03-01", () => {
    const rows = [
      usage("a", "2024-12", "2000"),
      usage("b", "2025-01", "2000"),
      usage("c", "2025-02", "2000"),
      usage("d", "2024-11", "9000"),
      usage("e", "2025-03", "9000"),
    ];
    const r = evaluate(rows, "2025-03-01");
    expect(contract(r)).toEqual({
      status: "met",
      window: ["2024-12", "2025-01", "2025-02"],
      monthlyAverageUsd: 2000,
      customerCount: 3,
    });
  });

  it("ignores rows before the window and of the as-of month itself", () => {
    const rows = usageFor(["a", "b", "c"], ["2024-02", "2024-06", "2023-05"], "9000.00");
    const r = evaluate(rows);
    expect(contract(r)).toEqual({
      status: "not_met",
      window: ["2024-03", "2024-04", "2024-05"],
      monthlyAverageUsd: 0,
      customerCount: 0,
    });
  });
});

describe("performance: USD 6,000.00 over the window, exactly", () => {
  it("is met at exactly USD 6,000.00 from three customers", () => {
    const r = evaluate(usageFor(["a", "b", "c"], ["2024-04"], "2000.00"));
    expect(contract(r)).toEqual({
      status: "met",
      window: ["2024-03", "2024-04", "2024-05"],
      monthlyAverageUsd: 2000,
      customerCount: 3,
    });
    expect(r.details?.windowTotalUsd).toBe("6000.00");
    expect(r.details?.requiredWindowTotalUsd).toBe("6000.00");
    expect(gapCodes(r)).toEqual([]);
  });

  it("is not met at USD 5,999.99, though the average shown rounds to 2,000.00", () => {
    const r = evaluate([
      usage("a", "2024-03", "2000.00"),
      usage("b", "2024-04", "2000.00"),
      usage("c", "2024-05", "1999.99"),
    ]);
    expect(contract(r)).toEqual({
      status: "not_met",
      window: ["2024-03", "2024-04", "2024-05"],
      monthlyAverageUsd: 2000,
      customerCount: 3,
    });
    expect(gapCodes(r)).toContain("performance.acr-short");
    expect(gapCodes(r)).not.toContain("performance.customers-short");
    expect(r.gaps.find((g) => g.code === "performance.acr-short")?.message).toContain("USD 0.01");
  });

  it("sums amounts with more decimals exactly (2000.005 + 1999.995 + 2000 = 6000)", () => {
    const r = evaluate([
      usage("a", "2024-03", "2000.005"),
      usage("b", "2024-04", "1999.995"),
      usage("c", "2024-05", "2000"),
    ]);
    expect(r.status).toBe("met");
    expect(r.details?.windowTotalUsd).toBe("6000.00");
  });

  it("sums thousands of small amounts without drift (60,000 rows of 0.10)", () => {
    const rows = ["a", "b", "c"].flatMap((c) =>
      Array.from({ length: 20_000 }, () => usage(c, "2024-05", "0.10")),
    );
    const r = evaluate(rows);
    expect(r.status).toBe("met");
    expect(r.details?.windowTotalUsd).toBe("6000.00");
  });

  it("averages over the three months, months without data counting as zero", () => {
    const r = evaluate(usageFor(["a", "b", "c"], ["2024-05"], "1000.00"));
    expect(contract(r)).toEqual({
      status: "not_met",
      window: ["2024-03", "2024-04", "2024-05"],
      monthlyAverageUsd: 1000,
      customerCount: 3,
    });
    expect(r.details?.monthTotals).toEqual([
      { month: "2024-03", amountUsd: "0.00" },
      { month: "2024-04", amountUsd: "0.00" },
      { month: "2024-05", amountUsd: "3000.00" },
    ]);
    expect(gapCodes(r)).toContain("performance.acr-short");
  });

  it("is met with all of the ACR in a single month of the window", () => {
    const r = evaluate(usageFor(["a", "b", "c"], ["2024-03"], "2000.00"));
    expect(contract(r)).toMatchObject({ status: "met", monthlyAverageUsd: 2000, customerCount: 3 });
  });

  it.each([
    ["6000.01", 2000],
    ["6000.02", 2000.01],
    ["5701.50", 1900.5],
    ["6001.515", 2000.51],
    ["6451.00", 2150.33],
    ["6452.00", 2150.67],
    ["0.015", 0.01],
    ["0.045", 0.02],
  ])(
    "shows a window total of %s as a monthly average of %d (exact, rounded half-up to cents)",
    (total, average) => {
      const r = evaluate([usage("a", "2024-04", total)]);
      expect(r.details?.monthlyAverageUsd).toBe(average);
    },
  );
});

describe("performance: at least three customers with a window sum above zero", () => {
  it("is not met with two customers, however much ACR", () => {
    const r = evaluate(usageFor(["a", "b"], ["2024-03", "2024-04", "2024-05"], "5000.00"));
    expect(contract(r)).toEqual({
      status: "not_met",
      window: ["2024-03", "2024-04", "2024-05"],
      monthlyAverageUsd: 10000,
      customerCount: 2,
    });
    expect(gapCodes(r)).toContain("performance.customers-short");
    expect(gapCodes(r)).not.toContain("performance.acr-short");
  });

  it("is met with three, and with four", () => {
    expect(evaluate(usageFor(["a", "b", "c"], ["2024-04"], "2000.00")).details?.customerCount).toBe(3);
    expect(evaluate(usageFor(["a", "b", "c", "d"], ["2024-04"], "1500.00")).details?.customerCount).toBe(4);
    expect(evaluate(usageFor(["a", "b", "c", "d"], ["2024-04"], "1500.00")).status).toBe("met");
  });

  it("does not count a customer whose credits bring its window sum to zero, but sums the credits", () => {
    const rows = [
      usage("a", "2024-04", "3000.00"),
      usage("b", "2024-04", "3000.00"),
      usage("c", "2024-03", "500.00"),
      usage("c", "2024-05", "-500.00"),
    ];
    const r = evaluate(rows);
    expect(contract(r)).toMatchObject({ status: "not_met", customerCount: 2, monthlyAverageUsd: 2000 });
    const c = r.details?.customers.find((x) => x.tenantId === "c");
    expect(c).toMatchObject({ windowTotalUsd: "0.00", counts: false });
  });

  it("does not count a customer whose window sum is negative, and lowers the total by it", () => {
    const rows = [...usageFor(["a", "b", "c"], ["2024-04"], "2000.00"), usage("d", "2024-05", "-0.01")];
    const r = evaluate(rows);
    expect(contract(r)).toMatchObject({ status: "not_met", customerCount: 3 });
    expect(r.details?.windowTotalUsd).toBe("5999.99");
  });

  it("counts a customer whose credits leave its window sum above zero", () => {
    const rows = [
      usage("a", "2024-04", "3000.00"),
      usage("b", "2024-04", "2000.00"),
      usage("c", "2024-03", "1100.00"),
      usage("c", "2024-04", "-100.00"),
    ];
    expect(contract(evaluate(rows))).toMatchObject({
      status: "met",
      customerCount: 3,
      monthlyAverageUsd: 2000,
    });
  });

  it("does not let credits outside the window touch the window", () => {
    const rows = [
      ...usageFor(["a", "b", "c"], ["2024-04"], "2000.00"),
      ...usageFor(["a", "b", "c"], ["2024-02", "2024-06"], "-2000.00"),
    ];
    expect(contract(evaluate(rows))).toMatchObject({ status: "met", customerCount: 3 });
  });

  it("counts tenant ids that differ only in case as one customer", () => {
    const rows = [
      usage("Tenant-A", "2024-04", "2000"),
      usage("TENANT-A", "2024-04", "2000"),
      usage("b", "2024-04", "2000"),
    ];
    const r = evaluate(rows);
    expect(contract(r)).toMatchObject({ status: "not_met", customerCount: 2, monthlyAverageUsd: 2000 });
  });
});

describe("performance: only eligible AI ACR counts", () => {
  const met = (more: Partial<UsageRecord>) =>
    evaluate(usageFor(["a", "b", "c"], ["2024-04"], "2000.00").map((r) => ({ ...r, ...more })));

  it.each([
    ["Partner admin link", "met"],
    ["PAL", "met"],
    ["partner of record", "met"],
    ["Digital Partner of Record", "met"],
    ["DPOR", "met"],
    ["POR", "met"],
    ["CSP Tier 1", "met"],
    ["CSP Tier 2", "met"],
    ["csp", "met"],
    ["CSP direct", "met"],
    ["CSP Indirect", "met"],
    ["Transacting partner of record", "not_met"],
    ["Partner as end-customer", "not_met"],
    ["Deal registration", "not_met"],
    ["unknown", "not_met"],
  ])("attribution %j: %s", (attribution, status) => {
    const r = met({ attribution });
    expect(r.status).toBe(status);
    if (status === "not_met") {
      expect(r.details?.customerCount).toBe(0);
      expect(r.details?.rows.ineligibleAttributions).toEqual({ [attribution]: 3 });
    }
  });

  it.each(["AzureUSGovernment", "Government", "Fairfax", "FAIRFAX"])(
    "excludes government (%s) through PAL",
    (cloudInstance) => {
      const r = met({ attribution: "PAL", cloudInstance });
      expect(contract(r)).toMatchObject({ status: "not_met", customerCount: 0, monthlyAverageUsd: 0 });
      expect(r.details?.rows.governmentPal).toBe(3);
    },
  );

  it.each(["DPOR", "CSP", "Partner of record", "CSP Tier 2"])(
    "counts government through %s",
    (attribution) => {
      for (const cloudInstance of ["AzureUSGovernment", "Government", "Fairfax"]) {
        expect(met({ attribution, cloudInstance }).status).toBe("met");
      }
    },
  );

  it("drops duplicates and excluded offer types, and not-AI rows", () => {
    expect(met({ isDuplicateAtMpnLevel: true }).status).toBe("not_met");
    expect(met({ isDuplicateAtMpnLevel: false }).status).toBe("met");
    expect(met({ offerType: "Azure Free TRIAL" }).status).toBe("not_met");
    expect(met({ offerType: "Sponsorship Benefit" }).status).toBe("not_met");
    expect(met({ offerType: "Support plan" }).status).toBe("not_met");
    expect(met({ offerType: "INTERNAL consumption" }).status).toBe("not_met");
    expect(met({ offerType: "Pay-As-You-Go" }).status).toBe("met");
    expect(met({ serviceGroup2: "Compute" }).status).toBe("not_met");
    expect(met({ serviceGroup2: "ai" }).status).toBe("met");
  });

  it("reports the rows it set aside in the details", () => {
    const rows = [
      ...usageFor(["a", "b", "c"], ["2024-04"], "2000.00"),
      usage("a", "2024-04", "10", { serviceGroup2: "Compute" }),
      usage("a", "2024-04", "10", { isDuplicateAtMpnLevel: true }),
      usage("a", "2024-04", "10", { offerType: "Free Trial" }),
      usage("a", "2024-04", "10", { attribution: "PAL", cloudInstance: "Fairfax" }),
      usage("a", "2024-04", "10", { attribution: "Deal registration" }),
    ];
    expect(evaluate(rows).details?.rows).toEqual({
      total: 8,
      eligible: 3,
      notAi: 1,
      duplicates: 1,
      governmentPal: 1,
      excludedOffers: { "Free Trial": 1 },
      ineligibleAttributions: { "Deal registration": 1 },
    });
  });
});

describe("performance: the explanation", () => {
  it("names a customer whose AI ACR in the window does not count, when not met", () => {
    const rows = [
      usage("a", "2024-04", "3000.00"),
      usage("b", "2024-04", "3000.00"),
      usage("c", "2024-04", "700.00", {
        attribution: "Transacting partner of record",
        customerName: "Fabrikam",
      }),
    ];
    const r = evaluate(rows);
    expect(r.status).toBe("not_met");
    const gap = r.gaps.find((g) => g.code === "performance.customer-unattributed");
    expect(gap?.message).toContain("Fabrikam");
    expect(gap?.message).toContain("Transacting partner of record");
    expect(r.details?.customers.find((c) => c.tenantId === "c")?.ineligibleInWindow).toEqual([
      {
        reason: expect.stringContaining("Transacting partner of record"),
        amountUsd: "700.00",
        cause: "attribution",
      },
    ]);
  });

  it("says how much the month in progress must bring for the next window", () => {
    // Next window (from 2024-07-01): April, May, June; April + May carry 3,000.00.
    const rows = [
      usage("a", "2024-04", "1000.00"),
      usage("b", "2024-05", "2000.00"),
      usage("c", "2024-03", "500.00"),
    ];
    const r = evaluate(rows);
    const gap = r.gaps.find((g) => g.code === "performance.acr-needed-this-month");
    expect(gap?.message).toContain("2024-07-01");
    expect(gap?.message).toContain("USD 3,000.00");
    expect(gap?.message).toContain("June 2024");
  });

  it("lists every customer with its window sum, biggest first", () => {
    const rows = [
      usage("small", "2024-04", "10"),
      usage("big", "2024-04", "5000"),
      usage("mid", "2024-05", "900"),
    ];
    const r = evaluate(rows);
    expect(r.details?.customers.map((c) => [c.tenantId, c.windowTotalUsd, c.counts])).toEqual([
      ["big", "5000.00", true],
      ["mid", "900.00", true],
      ["small", "10.00", true],
    ]);
    // The months behind the figure: the window and the month in progress (as of 2024-06-17).
    expect(r.details?.customers[0]?.months).toEqual([
      { month: "2024-03", amountUsd: "0.00", inWindow: true },
      { month: "2024-04", amountUsd: "5000.00", inWindow: true },
      { month: "2024-05", amountUsd: "0.00", inWindow: true },
      { month: "2024-06", amountUsd: "0.00", inWindow: false },
    ]);
  });
});

describe("performance: change dates", () => {
  it("changes on the first of the next month when the window loses its ACR", () => {
    const r = evaluate(usageFor(["a", "b", "c"], ["2024-03"], "2000.00"));
    expect(r.status).toBe("met");
    expect(r.changes).toEqual([
      expect.objectContaining({
        date: "2024-07-01",
        requirement: "performance",
        status: "not_met",
        statusChanges: true,
      }),
    ]);
  });

  it("announces figure changes without a status change too, each on the first of a month", () => {
    const rows = [
      usage("a", "2024-03", "2000"),
      usage("b", "2024-04", "2000"),
      usage("c", "2024-05", "2000"),
    ];
    const r = evaluate(rows);
    expect(r.status).toBe("met");
    expect(r.changes.map((c) => [c.date, c.status, c.statusChanges])).toEqual([
      ["2024-07-01", "not_met", true],
      ["2024-08-01", "not_met", false],
      ["2024-09-01", "not_met", false],
    ]);
  });

  it("becomes met when ACR of the month in progress enters the window, and not met when it leaves", () => {
    const r = evaluate(usageFor(["a", "b", "c"], ["2024-06"], "2000.00"));
    expect(r.status).toBe("not_met");
    expect(r.changes.map((c) => [c.date, c.status, c.statusChanges])).toEqual([
      ["2024-07-01", "met", true],
      ["2024-10-01", "not_met", true],
    ]);
  });

  it("has no change when the window stays empty", () => {
    expect(evaluate([usage("a", "2023-01", "100")]).changes).toEqual([]);
  });

  it("announces exactly the days on which the status flips, over the next year and a half", () => {
    const rows = [
      ...usageFor(["a", "b", "c"], ["2024-03", "2024-04"], "1500.00"),
      usage("d", "2024-05", "-3000.00"),
      ...usageFor(["a", "b"], ["2024-06", "2024-07"], "3000.00"),
      usage("c", "2024-09", "10"),
    ];
    const summary = buildSummary(rows);
    const r = evaluatePerformance(program, summary, AS_OF);
    const to = "2025-12-31";
    const flips = statusFlips((d) => evaluatePerformance(program, summary, d).status, AS_OF, to);
    expect(flips.length).toBeGreaterThan(0);
    expect(announcedFlips(r, to)).toEqual(flips);
    for (const date of changeDates(r.changes)) {
      expect(date > AS_OF).toBe(true);
      expect(date.endsWith("-01")).toBe(true);
    }
    for (const e of r.changes) expect(evaluatePerformance(program, summary, e.date).status).toBe(e.status);
  });
});
