import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildUsage } from "../test-support/builders.js";
import {
  countsView,
  summaryFigures as figures,
  usageRow as row,
  summarizeLikeReader as summarize,
} from "../test-support/usage-arbitraries.js";
import { mergeUsageSummaries, splitUsageSummaryByMonth, type UsageCounts } from "./usage-summary.js";

const RUNS = { numRuns: 200 };

describe("usage counted per month", () => {
  it("counts every row under its month, and the months add up to the totals", () => {
    const summary = summarize([
      buildUsage({ month: "2025-01" }),
      buildUsage({ month: "2025-01", serviceGroup2: "Compute" }),
      buildUsage({ month: "2025-02", serviceGroup2: "Compute" }),
      buildUsage({ month: "2025-02", isDuplicateAtMpnLevel: true }),
      buildUsage({ month: "2025-02", offerType: "Free Trial" }),
      buildUsage({ month: "2025-03", offerType: "FREE TRIAL" }),
      buildUsage({ month: "2025-03", attribution: "Deal registration" }),
      buildUsage({ month: "2024-12", attribution: "PAL", cloudInstance: "Fairfax" }),
    ]);
    expect([...summary.byMonth.keys()]).toEqual(["2024-12", "2025-01", "2025-02", "2025-03"]);
    expect(countsView(summary.byMonth.get("2025-02") as UsageCounts)).toEqual({
      rowCount: 3,
      eligibleRowCount: 0,
      notAi: 1,
      duplicates: 1,
      governmentPal: 0,
      excludedOffers: [["Free Trial", 1]],
      ineligibleAttributions: [],
    });
    // The spelling seen first in the file names the offer in every month.
    expect([...(summary.byMonth.get("2025-03")?.ignored.excludedOffers ?? [])]).toEqual([["Free Trial", 1]]);
    expect(summary.byMonth.get("2024-12")?.ignored.governmentPal).toBe(1);
    expect(summary.rowCount).toBe(8);
    expect(summary.ignored.notAi).toBe(2);
    expect(Object.fromEntries(summary.ignored.excludedOffers)).toEqual({ "Free Trial": 2 });
  });

  it("splits a summary into months whose merge, in month order, gives back every figure", () => {
    expect(splitUsageSummaryByMonth(summarize([])).size).toBe(0);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), (rows) => {
        const whole = summarize(rows);
        const months = splitUsageSummaryByMonth(whole);
        expect([...months.keys()]).toEqual([...months.keys()].sort());
        expect(figures(mergeUsageSummaries([...months.values()]))).toEqual(figures(whole));
      }),
      RUNS,
    );
  });

  it("gives each month the figures of that month's rows alone", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const months = splitUsageSummaryByMonth(summarize(rows));
        expect([...months.keys()]).toEqual([...new Set(rows.map((r) => r.month))].sort());
        for (const [month, part] of months) {
          // A month spells a customer and an offer as the whole file first did, and knows from the whole
          // file whether the tenant is the partner's own; compare the rest.
          const lower = (k: string) => k.toLowerCase();
          expect(figures(part, { names: false, spelling: lower })).toEqual(
            figures(summarize(rows.filter((r) => r.month === month)), { names: false, spelling: lower }),
          );
        }
      }),
      RUNS,
    );
  });

  it("merges the parts of a file read in parallel into the summary of the whole file, months included", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 3 }), (rows, cuts) => {
        const at = [0, ...cuts.map((c) => Math.min(c, rows.length)).sort((a, b) => a - b), rows.length];
        const parts = at.slice(1).map((end, k) => summarize(rows.slice(at[k], end)));
        expect(figures(mergeUsageSummaries(parts))).toEqual(figures(summarize(rows)));
        // Taking the first part over (the parallel reader's way) gives the same summary.
        const again = at.slice(1).map((end, k) => summarize(rows.slice(at[k], end)));
        expect(figures(mergeUsageSummaries(again, { takeFirst: true }))).toEqual(figures(summarize(rows)));
      }),
      RUNS,
    );
  });

  it("merges offers and attributions that differ only in case, across parts, as the first spelling", () => {
    const a = summarize([buildUsage({ offerType: "Free Trial" })]);
    const b = summarize([buildUsage({ offerType: "FREE TRIAL", month: "2024-06" })]);
    const merged = mergeUsageSummaries([a, b]);
    expect([...merged.ignored.excludedOffers]).toEqual([["Free Trial", 2]]);
    expect([...(merged.byMonth.get("2024-06")?.ignored.excludedOffers ?? [])]).toEqual([["Free Trial", 1]]);
  });

  it("keeps the partner's own tenant marked in every month, as the whole file shows it", () => {
    const own = { customerTenantId: "own", customerName: "Adatum", partnerName: "Adatum" };
    const months = splitUsageSummaryByMonth(
      summarize([
        buildUsage({ ...own, month: "2025-01", attribution: "Deal registration" }),
        buildUsage({ ...own, month: "2025-02", customerName: undefined, attribution: "Deal registration" }),
        buildUsage({ customerTenantId: "other", month: "2025-02" }),
      ]),
    );
    const mark = (m: string, key: string) => months.get(m)?.customers.get(key)?.partnerOwnTenant === true;
    expect([mark("2025-01", "own"), mark("2025-02", "own"), mark("2025-02", "other")]).toEqual([
      true,
      true,
      false,
    ]);
    expect(mergeUsageSummaries([...months.values()]).customers.get("own")?.partnerOwnTenant).toBe(true);
  });
});
