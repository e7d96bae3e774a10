import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonthsToMonth, type YearMonth } from "../calendar/calendar-date.js";
import { buildSummary, buildUsage, loadTestProgram } from "../test-support/builders.js";
import { type AcrWhatIf, forecastAcr } from "./acr-forecast.js";

const program = loadTestProgram();
const AS_OF = "2026-12-06";
const THROUGH = "2027-12";
const HISTORY: YearMonth[] = Array.from({ length: 12 }, (_, i) => addMonthsToMonth("2025-12", i));

/** Customers with a year of monthly AI ACR each (whole dollars, some months empty, credits allowed). */
function usageArbFrom(min: number) {
  return fc
    .array(
      fc.record({
        id: fc.constantFrom("c-a", "c-b", "c-c", "c-d", "c-e"),
        amounts: fc.array(fc.option(fc.integer({ min, max: 3000 }), { nil: undefined }), {
          minLength: 12,
          maxLength: 12,
        }),
        attribution: fc.constantFrom("Partner of record", "PAL", "Transacting partner of record"),
      }),
      { maxLength: 5 },
    )
    .map((customers) =>
      customers.flatMap((c) =>
        c.amounts.flatMap((a, i) =>
          a === undefined
            ? []
            : [
                buildUsage({
                  customerTenantId: c.id,
                  customerName: c.id.toUpperCase(),
                  month: HISTORY[i] as YearMonth,
                  acrUsd: String(a),
                  attribution: c.attribution,
                }),
              ],
        ),
      ),
    );
}
const usageArb = usageArbFrom(-200);

const whatIfArb: fc.Arbitrary<AcrWhatIf> = fc.oneof(
  fc.record({
    type: fc.constant("add" as const),
    customer: fc.constantFrom("c-a", "C-B", "new-customer"),
    usdPerMonth: fc.integer({ min: -500, max: 5000 }).map(String),
    from: fc.integer({ min: 0, max: 12 }).map((i) => addMonthsToMonth("2026-12", i)),
  }),
  fc.record({
    type: fc.constantFrom("pal" as const, "stop" as const),
    customer: fc.constantFrom("c-a", "c-b", "C-C", "c-d"),
    from: fc.integer({ min: 0, max: 12 }).map((i) => addMonthsToMonth("2026-12", i)),
  }),
);

describe("forecastAcr", () => {
  it("a what-if never changes the figures of the months before it starts", () => {
    fc.assert(
      fc.property(usageArb, fc.array(whatIfArb, { maxLength: 3 }), whatIfArb, (rows, before, whatIf) => {
        const summary = buildSummary(rows, program);
        const base = forecastAcr(program, summary, AS_OF, THROUGH, before);
        const changed = forecastAcr(program, summary, AS_OF, THROUGH, [...before, whatIf]);
        for (const m of base.months) {
          if (m.month >= whatIf.from) continue;
          expect(changed.months.find((x) => x.month === m.month)).toEqual(m);
        }
        for (const p of base.performance) {
          // A window entirely before the what-if sees none of it.
          if ((p.window[p.window.length - 1] as string) >= whatIf.from) continue;
          expect(changed.performance.find((x) => x.month === p.month)).toEqual(p);
        }
        for (const c of base.customers) {
          const after = changed.customers.find((x) => x.tenantId === c.tenantId);
          for (const m of c.months) {
            if (m.month >= whatIf.from) continue;
            expect(after?.months.find((x) => x.month === m.month)).toEqual(m);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  /** Each month of `better` is at least as good as the same month of `worse`. */
  function neverBetter(worse: ReturnType<typeof forecastAcr>, better: ReturnType<typeof forecastAcr>) {
    better.performance.forEach((p, i) => {
      const q = worse.performance[i];
      expect(q?.month).toBe(p.month);
      if (q === undefined) return;
      expect(q.averageUsd).toBeLessThanOrEqual(p.averageUsd + 1e-9);
      expect(q.lowAverageUsd).toBeLessThanOrEqual(p.lowAverageUsd + 1e-9);
      expect(q.highAverageUsd).toBeLessThanOrEqual(p.highAverageUsd + 1e-9);
      expect(q.customers).toBeLessThanOrEqual(p.customers);
      if (q.met) expect(p.met).toBe(true);
    });
    if (worse.firstMetMonth !== null)
      expect(better.firstMetMonth !== null && better.firstMetMonth <= worse.firstMetMonth).toBe(true);
  }

  it("removing a customer never improves the forecast", () => {
    // Without net credits: a customer whose window is a net credit lowers the sum by the rule, so
    // removing its data raises it. The stop what-if below covers credits.
    fc.assert(
      fc.property(usageArbFrom(0), fc.constantFrom("c-a", "c-b", "c-c"), (rows, removed) => {
        const all = forecastAcr(program, buildSummary(rows, program), AS_OF, THROUGH);
        const without = forecastAcr(
          program,
          buildSummary(
            rows.filter((r) => r.customerTenantId !== removed),
            program,
          ),
          AS_OF,
          THROUGH,
        );
        neverBetter(without, all);
      }),
      { numRuns: 150 },
    );
  });

  it("a customer that stops never improves the forecast, credits and other what-ifs included", () => {
    fc.assert(
      fc.property(
        usageArb,
        fc.array(whatIfArb, { maxLength: 3 }),
        fc.constantFrom("c-a", "c-b", "c-c"),
        fc.integer({ min: 0, max: 12 }),
        (rows, whatIfs, customer, offset) => {
          const summary = buildSummary(rows, program);
          if (summary.customers.get(customer) === undefined) return;
          const base = forecastAcr(program, summary, AS_OF, THROUGH, whatIfs);
          const stopped = forecastAcr(program, summary, AS_OF, THROUGH, [
            ...whatIfs,
            { type: "stop", customer, from: addMonthsToMonth("2026-12", offset) },
          ]);
          neverBetter(stopped, base);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("judges a month on the window before it, says when Partner Center shows it and when performance lapses", () => {
    // Three customers at USD 700 a month, one of them stopping: met now, lapsing once its months leave.
    const rows = ["c-1", "c-2", "c-3"].flatMap((c) =>
      HISTORY.map((m) => buildUsage({ customerTenantId: c, month: m, acrUsd: "700" })),
    );
    const summary = buildSummary(rows, program);
    const steady = forecastAcr(program, summary, AS_OF, THROUGH);
    expect(steady.firstMetMonth).toBe("2026-12");
    expect(steady.lapseMonth).toBeNull();
    expect(steady.performance[0]?.window).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(steady.performance[0]?.averageUsd).toBe(2100);
    const stop = forecastAcr(program, summary, AS_OF, THROUGH, [
      { type: "stop", customer: "c-3", from: "2027-02" },
    ]);
    // February's window (Nov-Jan) still has c-3; March's (Dec-Feb) is at 1,866.67, from only... 3 customers.
    expect(stop.lapseMonth).toBe("2027-03");
    expect(stop.summary).toContain("lapses in 2027-03");
    const add = forecastAcr(program, summary, AS_OF, THROUGH, [
      { type: "stop", customer: "c-3", from: "2027-02" },
      { type: "add", customer: "c-9", customerName: "Newco", usdPerMonth: "700", from: "2027-02" },
    ]);
    expect(add.lapseMonth).toBeNull();
    expect(add.customers.map((c) => c.name)).toContain("Newco");
  });

  it("counts a PAL link only from its month, from the customer's AI ACR through other attributions", () => {
    const rows = [
      ...["c-1", "c-2", "c-3"].flatMap((c) =>
        HISTORY.map((m) => buildUsage({ customerTenantId: c, month: m, acrUsd: "500" })),
      ),
      ...HISTORY.map((m) =>
        buildUsage({
          customerTenantId: "c-w",
          customerName: "Woodgrove",
          month: m,
          acrUsd: "600",
          attribution: "Transacting partner of record",
        }),
      ),
    ];
    const summary = buildSummary(rows, program);
    const base = forecastAcr(program, summary, AS_OF, THROUGH);
    expect(base.firstMetMonth).toBeNull();
    const pal = forecastAcr(program, summary, AS_OF, THROUGH, [
      { type: "pal", customer: "Woodgrove", from: "2027-01" },
    ]);
    // Jan 2027 counts 600 more; the first window holding three months of it is April's.
    expect(pal.months.find((m) => m.month === "2027-01")?.usd).toBe(2100);
    expect(pal.months.find((m) => m.month === "2026-12")?.usd).toBe(1500);
    expect(pal.firstMetMonth).toBe("2027-04");
  });
});
