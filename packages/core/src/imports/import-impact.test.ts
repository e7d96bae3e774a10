import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonthsToMonth } from "../calendar/calendar-date.js";
import { evaluateReadiness } from "../rules/evaluate-readiness.js";
import { mergeUsageSummaries, splitUsageSummaryByMonth } from "../rules/usage-summary.js";
import {
  buildCertification,
  buildEvidence,
  buildSummary,
  buildUsage,
  loadTestProgram,
  usageFor,
} from "../test-support/builders.js";
import { summarizeLikeReader as summarize, usageRow } from "../test-support/usage-arbitraries.js";
import { describeUsageMonths, recordsImpact, usageImpact } from "./import-impact.js";

const people = (n: number, certification = "DP-100") =>
  Array.from({ length: n }, (_, i) => buildCertification({ personId: `p-${i}`, certification }));

describe("the impact of replacing a record kind", () => {
  it("asks for a confirmation when the kind would be left empty", () => {
    const impact = recordsImpact("certifications", people(3), []);
    expect(impact).toMatchObject({
      replaces: "kind",
      emptiesKind: true,
      needsConfirmation: true,
      measures: [
        { name: "rows", before: 3, after: 0 },
        { name: "people", before: 3, after: 0 },
      ],
    });
    expect(impact.message).toBe(
      "This import would leave the certifications with no records: the 3 rows in effect would be replaced by none.",
    );
  });

  it("asks when more than half of the people would go, even with as many rows", () => {
    // Ten people become four people holding ten certifications between them.
    const after = [...people(4), ...people(4, "AI-102"), ...people(2, "AZ-900")];
    const impact = recordsImpact("certifications", people(10), after);
    expect(impact.measures).toEqual([
      { name: "rows", before: 10, after: 10 },
      { name: "people", before: 10, after: 4 },
    ]);
    expect(impact.halved).toEqual(["people"]);
    expect(impact.needsConfirmation).toBe(true);
    expect(impact.message).toBe(
      "This import would remove more than half of the certifications in effect: 6 people of 10.",
    );
  });

  it("does not ask when exactly half remains, nor when nothing was in effect", () => {
    expect(recordsImpact("certifications", people(10), people(5)).needsConfirmation).toBe(false);
    expect(recordsImpact("certifications", people(10), people(4)).needsConfirmation).toBe(true);
    expect(recordsImpact("certifications", undefined, []).needsConfirmation).toBe(false);
    expect(recordsImpact("certifications", [], people(2)).needsConfirmation).toBe(false);
  });

  it("counts people and customers case-insensitively, as the rules do", () => {
    const impact = recordsImpact(
      "audit-evidence",
      [buildEvidence({ customerTenantId: "AAA" }), buildEvidence({ customerTenantId: "aaa" })],
      [buildEvidence({ customerTenantId: "aAa" })],
    );
    expect(impact.measures).toEqual([
      { name: "rows", before: 2, after: 1 },
      { name: "customers", before: 1, after: 1 },
    ]);
    expect(impact.needsConfirmation).toBe(false);
  });

  it("never asks for a customer-project register, which merges and removes nothing", () => {
    const impact = recordsImpact("customer-projects", [{}, {}, {}], []);
    expect(impact).toMatchObject({ replaces: "merge", needsConfirmation: false, message: null });
  });

  it("asks exactly when what remains is less than half, or nothing, of what was in effect", () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), (before, after) => {
        const impact = recordsImpact("capability-score", people(before), people(after));
        expect(impact.needsConfirmation).toBe(before > 0 && (after === 0 || after * 2 < before));
        expect(impact.message === null).toBe(!impact.needsConfirmation);
      }),
    );
  });
});

describe("the impact of a usage import", () => {
  const months = (rows: Parameters<typeof buildSummary>[0]) => splitUsageSummaryByMonth(buildSummary(rows));

  it("says which months it replaces and how much eligible AI ACR each gains or loses", () => {
    const inEffect = months(usageFor(["t-1", "t-2", "t-3"], ["2025-06", "2025-07"], "100.00"));
    const file = months([
      ...usageFor(["t-1", "t-2", "t-3"], ["2025-07"], "40.25"),
      ...usageFor(["t-1"], ["2025-08"], "10.00"),
    ]);
    const impact = usageImpact(inEffect, file);
    expect(impact.replaces).toBe("months");
    expect(impact.months).toEqual([
      {
        month: "2025-07",
        replaces: true,
        rowsBefore: 3,
        rowsAfter: 3,
        customersBefore: 3,
        customersAfter: 3,
        eligibleAcrBefore: "300.00",
        eligibleAcrAfter: "120.75",
        eligibleAcrChange: "-179.25",
      },
      {
        month: "2025-08",
        replaces: false,
        rowsBefore: 0,
        rowsAfter: 1,
        customersBefore: 0,
        customersAfter: 1,
        eligibleAcrBefore: "0.00",
        eligibleAcrAfter: "10.00",
        eligibleAcrChange: "10.00",
      },
    ]);
    expect(impact.eligibleAcrChange).toBe("-169.25");
    expect(impact.needsConfirmation).toBe(false);
    expect(describeUsageMonths(impact.months ?? [])).toBe(
      "2025-07 (replaced, eligible AI ACR -USD 179.25), 2025-08 (new, eligible AI ACR +USD 10.00)",
    );
  });

  it("asks when the months it replaces would keep less than half of their rows or customers", () => {
    const inEffect = months(usageFor(["t-1", "t-2", "t-3", "t-4", "t-5"], ["2025-06", "2025-07"], "5.00"));
    const oneCustomer = months(usageFor(["t-1"], ["2025-06", "2025-07"], "5.00"));
    const impact = usageImpact(inEffect, oneCustomer);
    expect(impact.measures).toEqual([
      { name: "rows", before: 10, after: 2 },
      { name: "customers", before: 5, after: 1 },
    ]);
    expect(impact.halved).toEqual(["rows", "customers"]);
    expect(impact.message).toBe(
      "This import would remove more than half of the usage of the 2 months it replaces in effect: 8 rows of 10, 4 customers of 5.",
    );
    // Months it does not cover are not its business: new months never need a confirmation.
    expect(usageImpact(inEffect, months(usageFor(["t-9"], ["2025-09"], "1.00"))).needsConfirmation).toBe(
      false,
    );
  });

  it("changes the ACR of each month by exactly what the performance rule sees change", () => {
    const program = loadTestProgram();
    fc.assert(
      fc.property(fc.array(usageRow, { maxLength: 30 }), fc.array(usageRow, { maxLength: 30 }), (a, b) => {
        const inEffect = splitUsageSummaryByMonth(summarize(a));
        const file = splitUsageSummaryByMonth(summarize(b));
        const impact = usageImpact(inEffect, file);
        // After the import: the file's months from the file, the others as they were.
        const after = new Map(inEffect);
        for (const [m, s] of file) after.set(m, s);
        const total = (summaries: Map<string, unknown>, month: string) => {
          const merged = mergeUsageSummaries([...summaries.entries()].sort().map(([, s]) => s as never));
          const evaluation = evaluateReadiness(
            program,
            { usage: merged, warnings: [], files: [] },
            `${addMonthsToMonth(month, 1)}-15`,
          );
          const perf = evaluation.requirements.find((r) => r.id === "performance");
          const details = perf?.details as
            | { monthTotals: { month: string; amountUsd: string }[] }
            | undefined;
          return details?.monthTotals.find((t) => t.month === month)?.amountUsd ?? "0.00";
        };
        for (const m of impact.months ?? []) {
          if (inEffect.size > 0) expect(total(inEffect, m.month)).toBe(m.eligibleAcrBefore);
          expect(total(after, m.month)).toBe(m.eligibleAcrAfter);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("counts a customer once across the months it replaces", () => {
    const impact = usageImpact(
      new Map(),
      months([buildUsage({ month: "2025-01" }), buildUsage({ month: "2025-02" })]),
    );
    expect(impact.measures).toContainEqual({ name: "customers", before: 0, after: 1 });
  });
});
