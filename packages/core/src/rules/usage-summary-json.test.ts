import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildUsage, loadTestProgram } from "../test-support/builders.js";
import {
  summaryInOrder as ordered,
  usageRow as row,
  summarizeLikeReader as summarize,
} from "../test-support/usage-arbitraries.js";
import { summarizeUsage } from "./usage-summary.js";
import { usageSummaryFromJson, usageSummaryToJson } from "./usage-summary-json.js";

const RUNS = { numRuns: 200 };

describe("usage summary as JSON", () => {
  it("reads back exactly what it wrote, through JSON text: amounts with their scale, maps in order", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const summary = summarize(rows);
        const json = usageSummaryToJson(summary);
        const back = usageSummaryFromJson(JSON.parse(JSON.stringify(json)));
        expect(ordered(back)).toEqual(ordered(summary));
        expect(usageSummaryToJson(back)).toEqual(json);
      }),
      RUNS,
    );
  });

  it("writes amounts as decimal text with their scale", () => {
    const summary = summarize([
      buildUsage({ customerTenantId: "T-1", customerName: "Contoso", acrUsd: "1,234.50" }),
      buildUsage({ customerTenantId: "t-1", acrUsd: "-0.25" }),
      buildUsage({ customerTenantId: "t-2", attribution: "Deal registration", acrUsd: "12" }),
    ]);
    const json = usageSummaryToJson(summary);
    expect(json.customers).toEqual([
      { tenantId: "T-1", name: "Contoso", eligible: [["2024-05", "1234.25"]], ineligible: [] },
      {
        tenantId: "t-2",
        name: null,
        eligible: [],
        ineligible: [["2024-05", [["attribution Deal registration", "12"]]]],
      },
    ]);
    expect(json.months).toEqual([["2024-05", json.totals]]);
  });

  it("refuses data it did not write", () => {
    const json = usageSummaryToJson(summarize([buildUsage()]));
    expect(() => usageSummaryFromJson({ ...json, version: 2 } as never)).toThrow(/version 2/);
    const bad = { ...json, customers: [{ ...json.customers[0], eligible: [["2024-05", "1e3"]] }] };
    expect(() => usageSummaryFromJson(bad as never)).toThrow(/"1e3" is not an amount/);
  });
});

describe("usage summaries stored before the unchecked counts existed", () => {
  it("read back with no unchecked rows", () => {
    const json = usageSummaryToJson(summarizeUsage(loadTestProgram(), "a.csv", [buildUsage()]));
    const old = {
      ...json,
      totals: { ...json.totals, unchecked: undefined },
      months: json.months.map(([m, c]) => [m, { ...c, unchecked: undefined }] as const),
    };
    const read = usageSummaryFromJson(JSON.parse(JSON.stringify(old)));
    expect(read.unchecked).toEqual({ offerType: 0, cloudInstance: 0, duplicateFlag: 0 });
    expect(usageSummaryFromJson(json).unchecked).toEqual({
      offerType: 1,
      cloudInstance: 0,
      duplicateFlag: 1,
    });
  });
});
