import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, type CalendarDate, type YearMonth } from "../calendar/calendar-date.js";
import type {
  AuditEvidenceRecord,
  AuditHistoryRecord,
  CapabilityScoreRecord,
  CertificationRecord,
  UsageRecord,
} from "../records/input-records.js";
import { dateBetween, maybe } from "../test-support/arbitraries.js";
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
  evidenceForModule,
  loadTestProgram,
  METRICS,
} from "../test-support/builders.js";
import { type AuditDetails, evaluateAudit } from "./audit.js";
import type { DesignationDetails } from "./designation.js";
import { evaluateReadiness } from "./evaluate-readiness.js";
import type { Evaluation, RequirementResult, RequirementStatus } from "./evaluation-types.js";
import { evaluateKnowledge, type KnowledgeDetails } from "./knowledge.js";
import { evaluatePerformance, type PerformanceDetails } from "./performance.js";

const program = loadTestProgram();
const AS_OF = "2024-06-17";
const RUNS = { numRuns: 150 };

// ---------------------------------------------------------------------------------------------------
// Generators

/** Integer cents as contract decimal text, sometimes with thousands separators ("-1,234.56"). */
function centsText(cents: bigint, grouped = false): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  let whole = String(abs / 100n);
  if (grouped) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${whole}.${String(abs % 100n).padStart(2, "0")}`;
}

const PAL_NAMES = ["Partner admin link", "PAL"];
const ELIGIBLE_ATTRIBUTIONS = [
  ...PAL_NAMES,
  "Partner of record",
  "Digital Partner of Record",
  "DPOR",
  "POR",
  "CSP Tier 1",
  "CSP Tier 2",
  "CSP",
  "CSP direct",
  "CSP indirect",
];
const INELIGIBLE_ATTRIBUTIONS = [
  "Transacting partner of record",
  "Partner as end-customer",
  "Deal registration",
  "Other",
];
const GOVERNMENT = ["AzureUSGovernment", "Government", "Fairfax"];

const attributionArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ELIGIBLE_ATTRIBUTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...ELIGIBLE_ATTRIBUTIONS.map((a) => a.toUpperCase())) },
  { weight: 1, arbitrary: fc.constantFrom(...INELIGIBLE_ATTRIBUTIONS) },
);

const monthArb = (from: number, to: number): fc.Arbitrary<YearMonth> =>
  fc
    .integer({ min: from, max: to })
    .map((i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);

/**
 * A usage row of a small set of customers (tenant ids differing in case among them), in 2023-12 .. 2024-08:
 * mostly eligible, sometimes set aside for one of the contract's reasons.
 */
const usageRowArb: fc.Arbitrary<UsageRecord> = fc
  .record({
    month: monthArb(11, 19),
    tenant: fc.constantFrom("c-1", "C-1", "c-2", "c-3", "c-4", "c-5"),
    cents: fc.bigInt({ min: -100_000n, max: 400_000n }),
    grouped: fc.boolean(),
    attribution: attributionArb,
    serviceGroup2: fc.constantFrom("AI", "AI", "AI", "AI", "ai", "Compute"),
    duplicate: maybe(fc.boolean(), 1, 3),
    offerType: maybe(
      fc.constantFrom(
        "Pay-As-You-Go",
        "Enterprise",
        "Free Trial",
        "Azure benefit",
        "Premier SUPPORT",
        "Internal",
      ),
      1,
      3,
    ),
    cloudInstance: maybe(fc.constantFrom("AzureCloud", ...GOVERNMENT, "FAIRFAX"), 1, 3),
  })
  .map((r) =>
    buildUsage({
      month: r.month,
      customerTenantId: r.tenant,
      acrUsd: centsText(r.cents, r.grouped),
      attribution: r.attribution,
      serviceGroup2: r.serviceGroup2,
      isDuplicateAtMpnLevel: r.duplicate,
      offerType: r.offerType,
      cloudInstance: r.cloudInstance,
    }),
  );

const asOfArb = dateBetween("2024-02-01", "2024-10-31");

const certificationArb: fc.Arbitrary<CertificationRecord> = fc
  .record({
    person: fc.constantFrom("p-1", "P-1", "p-2", "p-3", "p-4", "p-5"),
    certification: fc.constantFrom(
      "DP-100",
      "AI-102",
      "Azure Data Scientist Associate",
      "microsoft certified: azure ai engineer associate",
      "AZ-104",
    ),
    earned: maybe(dateBetween("2023-01-01", "2025-03-31"), 4, 1),
    expires: maybe(dateBetween("2023-06-01", "2026-06-30"), 1, 2),
    associated: maybe(fc.boolean(), 1, 2),
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

const CONTROLS = controlIds(program);

const evidenceArb: fc.Arbitrary<AuditEvidenceRecord> = fc
  .record({
    control: fc.constantFrom(...CONTROLS),
    customer: fc.constantFrom("c-1", "C-1", "c-2", "c-3", "c-4"),
    date: dateBetween("2023-03-01", "2025-06-30"),
  })
  .map((r) => buildEvidence({ control: r.control, customerTenantId: r.customer, deploymentDate: r.date }));

const historyArb: fc.Arbitrary<AuditHistoryRecord> = fc
  .record({
    module: fc.constantFrom("A", "B", "A+B", "AEMSP-3.A"),
    result: fc.constantFrom("Pass" as const, "Pass" as const, "No Pass" as const),
    date: dateBetween("2021-03-01", "2025-06-30"),
  })
  .map((r) => buildHistory(r));

/** Customers each backing a whole module (or all but one control of it) from one completion date. */
const coverageArb: fc.Arbitrary<AuditEvidenceRecord[]> = fc
  .array(
    fc.record({
      customer: fc.constantFrom("c-1", "c-2", "c-3", "c-4", "c-5", "c-6"),
      modules: fc.constantFrom(["A"] as const, ["B"] as const, ["B"] as const, ["A", "B"] as const),
      date: dateBetween("2023-08-01", "2024-12-31"),
      skip: maybe(fc.constantFrom(...CONTROLS), 1, 3),
    }),
    { minLength: 3, maxLength: 8 },
  )
  .map((list) =>
    list.flatMap((c) =>
      c.modules
        .flatMap((m) => evidenceForModule(m, [c.customer], c.date, program))
        .filter((r) => r.control !== c.skip),
    ),
  );

const scoresArb: fc.Arbitrary<CapabilityScoreRecord[]> = fc
  .subarray(
    [DATA_AI, DIGITAL_APP].flatMap((area) => METRICS.map((metric) => ({ area, metric }))),
    { minLength: 0 },
  )
  .chain((pairs) =>
    fc
      .tuple(...pairs.map(() => fc.integer({ min: 0, max: 300 })))
      .map((points) => pairs.map((p, i) => buildScore(p.area, p.metric, String((points[i] ?? 0) / 10)))),
  );

// ---------------------------------------------------------------------------------------------------
// Independent oracles, from the contract's words

const rank: Record<RequirementStatus, number> = { no_data: 0, not_met: 1, met: 2 };

function windowOf(asOf: CalendarDate): YearMonth[] {
  const index = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1;
  return [3, 2, 1].map((back) => {
    const i = index - back;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
  });
}

function isEligible(r: UsageRecord): boolean {
  const attribution = r.attribution.toLowerCase();
  const eligible = ELIGIBLE_ATTRIBUTIONS.some((a) => a.toLowerCase() === attribution);
  const pal = PAL_NAMES.some((a) => a.toLowerCase() === attribution);
  const government =
    r.cloudInstance !== undefined &&
    GOVERNMENT.some((g) => g.toLowerCase() === r.cloudInstance?.toLowerCase());
  return (
    r.serviceGroup2.toLowerCase() === "ai" &&
    eligible &&
    r.isDuplicateAtMpnLevel !== true &&
    !/trial|benefit|support|internal/i.test(r.offerType ?? "") &&
    !(government && pal)
  );
}

function toCents(text: string): bigint {
  const [whole, fraction = ""] = text.replaceAll(",", "").split(".") as [string, string?];
  const negative = whole.startsWith("-");
  const units = BigInt(whole.replace("-", "")) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  return negative ? -units : units;
}

function performanceOracle(rows: readonly UsageRecord[], asOf: CalendarDate) {
  const window = windowOf(asOf);
  const sums = new Map<string, bigint>();
  for (const r of rows) {
    if (!window.includes(r.month) || !isEligible(r)) continue;
    const key = r.customerTenantId.toLowerCase();
    sums.set(key, (sums.get(key) ?? 0n) + toCents(r.acrUsd));
  }
  const total = [...sums.values()].reduce((a, b) => a + b, 0n);
  const customerCount = [...sums.values()].filter((s) => s > 0n).length;
  return {
    window,
    total,
    customerCount,
    status: total >= 600_000n && customerCount >= 3 ? "met" : "not_met",
    /** Half-up to cents of total / 3, in cents (for a total >= 0). */
    averageCents: total >= 0n ? (2n * total + 3n) / 6n : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function performanceOf(
  rows: readonly UsageRecord[],
  asOf: CalendarDate,
): RequirementResult<PerformanceDetails> {
  return evaluatePerformance(program, buildSummary(rows), asOf);
}

function contractOf(e: Evaluation) {
  return {
    ready: e.ready,
    eligibleToApply: e.eligibleToApply,
    requirements: e.requirements.map((r) => {
      let details: unknown;
      if (r.details !== undefined) {
        if (r.id === "designation")
          details = { qualifyingAreas: (r.details as DesignationDetails).qualifyingAreas };
        if (r.id === "performance") {
          const d = r.details as PerformanceDetails;
          details = {
            window: d.window,
            monthlyAverageUsd: d.monthlyAverageUsd,
            customerCount: d.customerCount,
          };
        }
        if (r.id === "knowledge") {
          const d = r.details as KnowledgeDetails;
          details = { individualCount: d.individualCount, holders: d.holders };
        }
        if (r.id === "audit") {
          const d = r.details as AuditDetails;
          details = {
            moduleAWaived: d.moduleAWaived,
            controls: d.controls.map((c) => ({
              id: c.id,
              status: c.status,
              customerCount: c.customerCount,
              required: c.required,
            })),
          };
        }
      }
      return { id: r.id, status: r.status, details, gapCodes: r.gaps.map((g) => g.code).sort() };
    }),
    timeline: e.timeline.map((c) => ({
      date: c.date,
      requirement: c.requirement,
      status: c.status,
      statusChanges: c.statusChanges,
    })),
  };
}

/** The first day after `date` on which "as-of minus `months` months <= date" no longer holds (found by search). */
function firstDayAfterWithin(date: CalendarDate, months: number): CalendarDate {
  let d = addDays(addMonths(date, months), -3);
  while (addMonths(d, -months) <= date) d = addDays(d, 1);
  return d;
}

/**
 * Checks that a requirement's change events announce exactly the days on which its status flips, on
 * the candidate days (where a record starts or stops counting) and on sampled other days.
 */
function expectFlipsAnnounced(
  statusAt: (date: CalendarDate) => RequirementStatus,
  result: RequirementResult,
  asOf: CalendarDate,
  days: Iterable<CalendarDate>,
): void {
  const memo = new Map<CalendarDate, RequirementStatus>();
  const status = (d: CalendarDate) => {
    let s = memo.get(d);
    if (s === undefined) {
      s = statusAt(d);
      memo.set(d, s);
    }
    return s;
  };
  const announced = new Map(result.changes.map((c) => [c.date, c]));
  const check = new Set<CalendarDate>([...days, ...announced.keys()]);
  for (const d of check) {
    if (d <= asOf) continue;
    const flips = status(d) !== status(addDays(d, -1));
    const event = announced.get(d);
    expect({ date: d, flips }).toEqual({ date: d, flips: event?.statusChanges === true });
    if (event !== undefined)
      expect({ date: d, status: status(d) }).toEqual({ date: d, status: event.status });
  }
}

// ---------------------------------------------------------------------------------------------------

describe("performance properties", () => {
  it("computes the contract's figures exactly as the contract's words say (BigInt cents oracle)", () => {
    fc.assert(
      fc.property(
        fc.array(usageRowArb, { minLength: 8, maxLength: 40, size: "medium" }),
        asOfArb,
        (rows, asOf) => {
          const r = performanceOf(rows, asOf);
          const o = performanceOracle(rows, asOf);
          expect(r.status).toBe(o.status);
          expect(r.details?.window).toEqual(o.window);
          expect(r.details?.customerCount).toBe(o.customerCount);
          expect(toCents(r.details?.windowTotalUsd ?? "")).toBe(o.total);
          const average = r.details?.monthlyAverageUsd ?? Number.NaN;
          if (o.averageCents !== undefined) {
            expect(average).toBe(Number(o.averageCents) / 100);
          } else {
            // A negative total: whichever way halves go, the average is within half a cent of total / 3.
            expect(Math.abs(average * 300 - Number(o.total))).toBeLessThanOrEqual(1.5 + 1e-6);
          }
        },
      ),
      RUNS,
    );
  });

  it("never gets worse when an eligible customer with positive ACR in the window is added", () => {
    fc.assert(
      fc.property(
        fc.array(usageRowArb, { minLength: 8, maxLength: 30, size: "medium" }),
        asOfArb,
        fc.integer({ min: 0, max: 2 }),
        fc.bigInt({ min: 1n, max: 500_000n }),
        fc.constantFrom("DPOR", "CSP", "PAL", "Partner of record", "csp indirect"),
        (rows, asOf, monthIndex, cents, attribution) => {
          const month = windowOf(asOf)[monthIndex] as YearMonth;
          const added = buildUsage({
            customerTenantId: "new-customer",
            month,
            acrUsd: centsText(cents),
            attribution,
          });
          const before = performanceOf(rows, asOf);
          const after = performanceOf([...rows, added], asOf);
          expect(rank[after.status]).toBeGreaterThanOrEqual(rank[before.status]);
          expect(after.details?.customerCount).toBe((before.details?.customerCount ?? 0) + 1);
          expect(after.details?.monthlyAverageUsd).toBeGreaterThanOrEqual(
            before.details?.monthlyAverageUsd ?? 0,
          );
        },
      ),
      RUNS,
    );
  });

  it("changes status only on announced days (the first of a month)", () => {
    fc.assert(
      fc.property(fc.array(usageRowArb, { maxLength: 25, size: "medium" }), (rows) => {
        const summary = buildSummary(rows);
        const r = evaluatePerformance(program, summary, AS_OF);
        const firsts = Array.from({ length: 18 }, (_, i) => addMonths("2024-07-01", i));
        const sampled = [...firsts, "2024-06-30", "2024-07-02", "2024-09-15", "2024-12-31", "2025-01-02"];
        expectFlipsAnnounced((d) => evaluatePerformance(program, summary, d).status, r, AS_OF, sampled);
        for (const c of r.changes) expect(c.date.endsWith("-01")).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("knowledge properties", () => {
  it("never gets better when a certification row is removed", () => {
    fc.assert(
      fc.property(
        fc.array(certificationArb, { minLength: 1, maxLength: 12, size: "medium" }),
        fc.nat(),
        asOfArb,
        (records, i, asOf) => {
          const index = i % records.length;
          const fewer = records.filter((_, k) => k !== index);
          const before = evaluateKnowledge(program, records, asOf);
          const after = evaluateKnowledge(program, fewer, asOf);
          expect(rank[after.status]).toBeLessThanOrEqual(rank[before.status]);
          expect(after.details?.individualCount ?? 0).toBeLessThanOrEqual(
            before.details?.individualCount ?? 0,
          );
          for (const id of ["DP-100", "AI-102"]) {
            expect(after.details?.holders[id] ?? 0).toBeLessThanOrEqual(before.details?.holders[id] ?? 0);
          }
        },
      ),
      RUNS,
    );
  });

  it("changes status only on announced days", () => {
    fc.assert(
      fc.property(
        fc.array(certificationArb, { minLength: 3, maxLength: 10, size: "medium" }),
        fc.array(dateBetween(AS_OF, "2027-06-30"), { maxLength: 10 }),
        (records, sampled) => {
          const r = evaluateKnowledge(program, records, AS_OF);
          const candidates = records.flatMap((c) => {
            const expiry =
              c.expirationDate ?? (c.earnedDate === undefined ? undefined : addMonths(c.earnedDate, 12));
            return [
              ...(c.earnedDate === undefined ? [] : [c.earnedDate]),
              ...(expiry === undefined ? [] : [addDays(expiry, 1)]),
            ];
          });
          expectFlipsAnnounced((d) => evaluateKnowledge(program, records, d).status, r, AS_OF, [
            ...candidates,
            ...sampled,
          ]);
        },
      ),
      RUNS,
    );
  });
});

describe("audit properties", () => {
  it("never lowers a control's customerCount (nor its status) when evidence is added", () => {
    fc.assert(
      fc.property(
        fc.array(evidenceArb, { maxLength: 25, size: "medium" }),
        evidenceArb,
        fc.array(historyArb, { maxLength: 3 }),
        asOfArb,
        (evidence, extra, history, asOf) => {
          const before = evaluateAudit(program, evidence, history, asOf);
          const after = evaluateAudit(program, [...evidence, extra], history, asOf);
          expect(rank[after.status]).toBeGreaterThanOrEqual(rank[before.status]);
          for (const c of before.details?.controls ?? []) {
            const a = after.details?.controls.find((x) => x.id === c.id);
            expect(a?.customerCount).toBeGreaterThanOrEqual(c.customerCount);
            if (c.status === "met") expect(a?.status).toBe("met");
          }
        },
      ),
      RUNS,
    );
  });

  // The generated history holds no pass dated after the as-of date: a future pass's waiver end is not
  // announced (see "announces the end of a waiver that starts after the as-of date" in audit.test.ts).
  it("changes status only on announced days, moving the as-of date one day at a time", () => {
    const pastHistoryArb = fc
      .record({
        module: fc.constantFrom("A", "B", "A+B", "AEMSP-3.A"),
        result: fc.constantFrom("Pass" as const, "Pass" as const, "No Pass" as const),
        date: dateBetween("2021-03-01", AS_OF),
      })
      .map((r) => buildHistory(r));
    fc.assert(
      fc.property(
        coverageArb,
        fc.array(evidenceArb, { maxLength: 4 }),
        fc.array(pastHistoryArb, { maxLength: 3 }),
        fc.array(dateBetween(AS_OF, "2027-12-31"), { maxLength: 15 }),
        (coverage, loose, history, sampled) => {
          const evidence = [...coverage, ...loose];
          const r = evaluateAudit(program, evidence, history, AS_OF);
          const candidates = [
            ...evidence.flatMap((e) => [e.deploymentDate, firstDayAfterWithin(e.deploymentDate, 12)]),
            ...history.flatMap((h) => [
              h.date,
              firstDayAfterWithin(h.date, h.module === "AEMSP-3.A" ? 12 : 24),
            ]),
          ];
          expectFlipsAnnounced((d) => evaluateAudit(program, evidence, history, d).status, r, AS_OF, [
            ...candidates,
            ...sampled,
          ]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("whole evaluation properties", () => {
  const inputsArb = fc.record({
    rows: fc.array(usageRowArb, { maxLength: 25, size: "medium" }),
    certifications: fc.array(certificationArb, { maxLength: 8, size: "medium" }),
    scores: scoresArb,
    evidence: fc.array(evidenceArb, { maxLength: 20, size: "medium" }),
    history: fc.array(historyArb, { maxLength: 3 }),
    asOf: asOfArb,
  });

  it("is deterministic and independent of the order of the records", () => {
    fc.assert(
      fc.property(
        inputsArb.chain((inputs) =>
          fc.record({
            inputs: fc.constant(inputs),
            rows: fc.shuffledSubarray(inputs.rows, { minLength: inputs.rows.length }),
            certifications: fc.shuffledSubarray(inputs.certifications, {
              minLength: inputs.certifications.length,
            }),
            scores: fc.shuffledSubarray(inputs.scores, { minLength: inputs.scores.length }),
            evidence: fc.shuffledSubarray(inputs.evidence, { minLength: inputs.evidence.length }),
            history: fc.shuffledSubarray(inputs.history, { minLength: inputs.history.length }),
          }),
        ),
        ({ inputs, rows, certifications, scores, evidence, history }) => {
          const evaluate = (
            u: UsageRecord[],
            c: CertificationRecord[],
            s: CapabilityScoreRecord[],
            e: AuditEvidenceRecord[],
            h: AuditHistoryRecord[],
          ) =>
            evaluateReadiness(
              program,
              {
                usage: buildSummary(u),
                certifications: c,
                capabilityScore: s,
                auditEvidence: e,
                auditHistory: h,
              },
              inputs.asOf,
            );
          const first = evaluate(
            inputs.rows,
            inputs.certifications,
            inputs.scores,
            inputs.evidence,
            inputs.history,
          );
          const again = evaluate(
            inputs.rows,
            inputs.certifications,
            inputs.scores,
            inputs.evidence,
            inputs.history,
          );
          expect(again).toEqual(first);
          const shuffled = evaluate(rows, certifications, scores, evidence, history);
          expect(contractOf(shuffled)).toEqual(contractOf(first));
        },
      ),
      { numRuns: 100 },
    );
  });
});
