import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal } from "../money/decimal.js";
import { buildUsage, loadTestProgram } from "../test-support/builders.js";
import {
  summaryInOrder as ordered,
  usageRow as row,
  summarizeLikeReader as summarize,
} from "../test-support/usage-arbitraries.js";
import { type CustomerUsage, summarizeUsage, type UsageSummary } from "./usage-summary.js";
import {
  decimalToJson,
  JsonStrings,
  usageSummaryFromJson,
  usageSummaryToJson,
  usageSummaryToJsonText,
} from "./usage-summary-json.js";

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

  it("reads an amount as parseDecimal does, and refuses what it refuses or a thousands comma", () => {
    const json = usageSummaryToJson(summarize([buildUsage()]));
    const read = (text: string) => {
      const customer = { ...json.customers[0], eligible: [["2024-05", text]] } as never;
      return usageSummaryFromJson({ ...json, customers: [customer] })
        .customers.values()
        .next()
        .value?.eligible.get("2024-05" as never);
    };
    const fixed = ["-0", "0", "12", "12.", ".5", "+1", "-.5", "1,000", "-", "", "1.2.3", "--1", "1-", " 1"];
    const longer = [
      "123456789012345",
      "1234567890123456",
      "9999999999999999",
      "-12345678901234.5",
      "0.000000000000001",
    ];
    const amounts = fc.oneof(
      fc.constantFrom(...fixed, ...longer),
      fc.stringMatching(/^-?[0-9]{0,18}(\.[0-9]{0,18})?$/),
      fc.string({ unit: fc.constantFrom("0", "1", "9", ".", "-", "+", ",", "e") }),
    );
    fc.assert(
      fc.property(amounts, (text) => {
        const expected = text.includes(",") ? undefined : parseDecimal(text);
        if (expected === undefined) expect(() => read(text)).toThrow(/is not an amount/);
        else expect(read(text)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Any amount: units of any size and sign (past 2^53 and 2^64 too), 0 to 12 decimal places. */
const anyDecimal = fc.record({
  units: fc.oneof(
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
    fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
    fc.integer({ min: -1000, max: 1000 }).map(BigInt),
  ),
  scale: fc.integer({ min: 0, max: 12 }),
});

/** Any text a file can hold: quotes, backslashes, control characters, other planes, lone surrogates. */
const anyText = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.constant('"\\\n'),
);

const anyCustomer: fc.Arbitrary<CustomerUsage> = fc
  .record({
    tenantId: anyText,
    name: fc.option(anyText, { nil: undefined }),
    partnerOwnTenant: fc.option(fc.constant(true as const), { nil: undefined }),
    eligible: fc
      .array(fc.tuple(fc.constantFrom("2025-03", "2024-12", "2025-01"), anyDecimal), { maxLength: 3 })
      .map((entries) => new Map(entries)),
    ineligible: fc
      .array(
        fc.tuple(
          fc.constantFrom("2025-02", "2024-11"),
          fc.array(fc.tuple(anyText, anyDecimal), { maxLength: 3 }).map((e) => new Map(e)),
        ),
        { maxLength: 2 },
      )
      .map((entries) => new Map(entries)),
  })
  .map((c) => {
    const { partnerOwnTenant, ...rest } = c;
    return partnerOwnTenant === undefined ? rest : { ...rest, partnerOwnTenant };
  });

describe("usage summary as JSON text", () => {
  it("is the text of its JSON, for any summary a file gives", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const summary = summarize(rows);
        expect(usageSummaryToJsonText(summary)).toBe(JSON.stringify(usageSummaryToJson(summary)));
      }),
      RUNS,
    );
  });

  it("is the text of its JSON for any customers: names and reasons of any text, amounts of any size", () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 10 }),
        fc.array(anyCustomer, { maxLength: 8 }),
        anyText,
        (rows, customers, file) => {
          const base = summarize(rows);
          const summary: UsageSummary = {
            ...base,
            file,
            customers: new Map(customers.map((c, k) => [`${k}:${c.tenantId}`, c])),
            byRule: new Map([
              ["rule-1", { ...base, customers: new Map(customers.slice(0, 2).map((c) => [c.tenantId, c])) }],
            ]),
          };
          const text = usageSummaryToJsonText(summary);
          expect(text).toBe(JSON.stringify(usageSummaryToJson(summary)));
          // The strings of one summary remembered for the next (the months of a file): the same text.
          const strings = new JsonStrings();
          expect(usageSummaryToJsonText(base, strings)).toBe(JSON.stringify(usageSummaryToJson(base)));
          expect(usageSummaryToJsonText(summary, strings)).toBe(text);
          expect(usageSummaryToJsonText(summary, strings)).toBe(text);
        },
      ),
      RUNS,
    );
  });

  it("is the text of its JSON when it is far larger than the writer's first buffer", () => {
    // 4,000 customers of several months each, names in other scripts and planes: about a megabyte.
    fc.assert(
      fc.property(fc.array(anyCustomer, { minLength: 4000, maxLength: 4000 }), anyText, (customers, file) => {
        const summary: UsageSummary = {
          ...summarize([]),
          file,
          customers: new Map(customers.map((c, k) => [`${k}`, { ...c, name: `${c.name ?? ""} ∑ 𝔘 ${k}` }])),
        };
        const text = usageSummaryToJsonText(summary);
        expect(text.length).toBeGreaterThan(256 * 1024);
        expect(text).toBe(JSON.stringify(usageSummaryToJson(summary)));
      }),
      { numRuns: 5 },
    );
  });

  it("writes an amount as formatDecimal does with its own scale", () => {
    fc.assert(
      fc.property(anyDecimal, (amount) => {
        expect(decimalToJson(amount)).toBe(formatDecimal(amount, amount.scale));
      }),
      { numRuns: 2000 },
    );
    for (const [units, scale, text] of [
      [0n, 0, "0"],
      [0n, 3, "0.000"],
      [-5n, 2, "-0.05"],
      [123450n, 2, "1234.50"],
      [2n ** 60n, 2, "11529215046068469.76"],
      [-(2n ** 60n), 0, "-1152921504606846976"],
    ] as const)
      expect(decimalToJson({ units, scale })).toBe(text);
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
