/*
 * Random inputs in the contract's shape (the five files, no designation file), dated around a random
 * as-of date, for properties that must hold on any data a partner could bring: spellings the contract
 * accepts, rows the rules set aside, certifications and projects that count, expire or are yet to come.
 */
import fc from "fast-check";
import {
  addDays,
  addMonthsToMonth,
  type CalendarDate,
  monthOf,
  type YearMonth,
} from "../calendar/calendar-date.js";
import type { Program } from "../program/program-definition.js";
import type { ReadinessInputs } from "../rules/evaluate-readiness.js";
import type { Evaluation } from "../rules/evaluation-types.js";
import { summarizeUsage } from "../rules/usage-summary.js";
import { dateBetween, maybe } from "./arbitraries.js";
import {
  buildCertification,
  buildEvidence,
  buildHistory,
  buildScore,
  buildUsage,
  controlIds,
  DATA_AI,
  DIGITAL_APP,
  evidenceForModule,
  loadTestProgram,
  METRICS,
} from "./builders.js";

/** A date within `before` days before and `after` days after a date. */
function around(date: CalendarDate, before: number, after: number): fc.Arbitrary<CalendarDate> {
  return fc.integer({ min: -before, max: after }).map((n) => addDays(date, n));
}

const ATTRIBUTIONS = [
  "Partner admin link",
  "PAL",
  "Partner of record",
  "DPOR",
  "CSP Tier 1",
  "csp tier 2",
  "Transacting partner of record",
  "Partner as end-customer",
  "Deal registration",
];

/** The raw rows of the five contract inputs (each may be absent), dated around an as-of date. */
export interface ContractData {
  readonly asOf: CalendarDate;
  readonly usage: ReturnType<typeof buildUsage>[] | undefined;
  readonly certifications: ReturnType<typeof buildCertification>[] | undefined;
  readonly capabilityScore: ReturnType<typeof buildScore>[] | undefined;
  readonly auditEvidence: ReturnType<typeof buildEvidence>[] | undefined;
  readonly auditHistory: ReturnType<typeof buildHistory>[] | undefined;
}

function usageRows(asOf: CalendarDate): fc.Arbitrary<ReturnType<typeof buildUsage>[]> {
  const month = monthOf(asOf);
  return fc.array(
    fc
      .record({
        back: fc.integer({ min: -5, max: 1 }),
        tenant: fc.constantFrom("c-1", "C-1", "c-2", "c-3", "c-4", "c-5"),
        cents: fc.bigInt({ min: -50_000n, max: 500_000n }),
        attribution: fc.constantFrom(...ATTRIBUTIONS),
        serviceGroup2: fc.constantFrom("AI", "AI", "AI", "ai", "Compute"),
        duplicate: maybe(fc.boolean(), 1, 3),
        offerType: maybe(fc.constantFrom("Azure plan", "Free Trial", "Azure benefit", "Internal"), 1, 3),
        cloudInstance: maybe(fc.constantFrom("AzureCloud", "AzureUSGovernment", "Fairfax"), 1, 3),
      })
      .map((r) => {
        const m: YearMonth = addMonthsToMonth(month, r.back);
        const abs = r.cents < 0n ? -r.cents : r.cents;
        const text = `${r.cents < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
        return buildUsage({
          month: m,
          customerTenantId: r.tenant,
          acrUsd: text,
          attribution: r.attribution,
          serviceGroup2: r.serviceGroup2,
          isDuplicateAtMpnLevel: r.duplicate,
          offerType: r.offerType,
          cloudInstance: r.cloudInstance,
        });
      }),
    { maxLength: 40 },
  );
}

function certificationRows(asOf: CalendarDate): fc.Arbitrary<ReturnType<typeof buildCertification>[]> {
  return fc.array(
    fc
      .record({
        person: fc.constantFrom("p-1", "P-1", "p-2", "p-3", "p-4"),
        certification: fc.constantFrom(
          "DP-100",
          "AI-102",
          "Azure Data Scientist Associate",
          "microsoft certified: azure ai engineer associate",
          "AI-103",
          "AI-300",
          "AZ-104",
        ),
        earned: maybe(around(asOf, 500, 60), 4, 1),
        expires: maybe(around(asOf, 200, 400), 1, 2),
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
      ),
    { maxLength: 10 },
  );
}

function evidenceRows(
  program: Program,
  asOf: CalendarDate,
): fc.Arbitrary<ReturnType<typeof buildEvidence>[]> {
  const controls = controlIds(program);
  // Customers each backing a whole module (or all but one control of it) from one completion date: so
  // that the audit is sometimes met, and controls sit at their thresholds.
  const coverage = fc
    .array(
      fc.record({
        customer: fc.constantFrom("c-1", "c-2", "c-3", "c-4", "c-5"),
        modules: fc.constantFrom(["A"] as const, ["B"] as const, ["A", "B"] as const),
        date: around(asOf, 380, 20),
        skip: maybe(fc.constantFrom(...controls), 1, 3),
      }),
      { maxLength: 6 },
    )
    .map((list) =>
      list.flatMap((c) =>
        c.modules
          .flatMap((m) => evidenceForModule(m, [c.customer], c.date, program))
          .filter((r) => r.control !== c.skip),
      ),
    );
  const scattered = fc.array(
    fc
      .record({
        control: fc.constantFrom(...controls),
        customer: fc.constantFrom("c-1", "C-1", "c-2", "c-3", "c-4"),
        date: around(asOf, 420, 30),
      })
      .map((r) =>
        buildEvidence({ control: r.control, customerTenantId: r.customer, deploymentDate: r.date }),
      ),
    { maxLength: 30 },
  );
  return fc.tuple(coverage, scattered).map(([a, b]) => [...a, ...b]);
}

function historyRows(asOf: CalendarDate): fc.Arbitrary<ReturnType<typeof buildHistory>[]> {
  return fc.array(
    fc
      .record({
        module: fc.constantFrom("A", "B", "A+B", "AEMSP-3.A"),
        result: fc.constantFrom("Pass" as const, "Pass" as const, "No Pass" as const),
        date: around(asOf, 900, 30),
      })
      .map((r) => buildHistory(r)),
    { maxLength: 3 },
  );
}

const scoreRows: fc.Arbitrary<ReturnType<typeof buildScore>[]> = fc
  .subarray(
    [DATA_AI, DIGITAL_APP].flatMap((area) => METRICS.map((metric) => ({ area, metric }))),
    { minLength: 0 },
  )
  .chain((pairs) =>
    fc
      .tuple(...pairs.map(() => fc.integer({ min: 0, max: 30 })))
      .map((points) => pairs.map((p, i) => buildScore(p.area, p.metric, String(points[i] ?? 0)))),
  );

/** Contract-shaped data around a random as-of date between two dates. */
export function contractDataArb(from: CalendarDate, to: CalendarDate): fc.Arbitrary<ContractData> {
  const program = loadTestProgram();
  return dateBetween(from, to).chain((asOf) =>
    fc.record({
      asOf: fc.constant(asOf),
      usage: maybe(usageRows(asOf), 4, 1),
      certifications: maybe(certificationRows(asOf), 4, 1),
      capabilityScore: maybe(scoreRows, 4, 1),
      auditEvidence: maybe(evidenceRows(program, asOf), 4, 1),
      auditHistory: maybe(historyRows(asOf), 1, 1),
    }),
  );
}

/** The readiness inputs of contract data, the usage summarized with the program that reads it. */
export function contractInputs(program: Program, data: ContractData): ReadinessInputs {
  return {
    usage: data.usage === undefined ? undefined : summarizeUsage(program, "azure-usage.csv", data.usage),
    certifications: data.certifications,
    capabilityScore: data.capabilityScore,
    auditEvidence: data.auditEvidence,
    auditHistory: data.auditHistory,
  };
}

/**
 * The members the contract fixes, as its examples compare them: status, ready, eligibleToApply, the
 * window, average and customers, the individuals and holders, the qualifying areas, the Module A waiver
 * and every control's id, status, customers and required customers.
 */
export function contractMembers(e: Evaluation): unknown {
  return {
    program: e.program,
    asOf: e.asOf,
    ready: e.ready,
    eligibleToApply: e.eligibleToApply,
    requirements: e.requirements.map((r) => {
      const d = (r.details ?? {}) as Record<string, unknown>;
      const details =
        r.status === "no_data"
          ? null
          : r.id === "designation"
            ? { qualifyingAreas: [...(d.qualifyingAreas as string[])].sort() }
            : r.id === "performance"
              ? { window: d.window, monthlyAverageUsd: d.monthlyAverageUsd, customerCount: d.customerCount }
              : r.id === "knowledge"
                ? {
                    individualCount: d.individualCount,
                    holders: {
                      "DP-100": (d.holders as Record<string, number>)["DP-100"],
                      "AI-102": (d.holders as Record<string, number>)["AI-102"],
                    },
                  }
                : {
                    moduleAWaived: d.moduleAWaived,
                    controls: (
                      d.controls as { id: string; status: string; customerCount: number; required: number }[]
                    ).map((c) => ({
                      id: c.id,
                      status: c.status,
                      customerCount: c.customerCount,
                      required: c.required,
                    })),
                  };
      return { id: r.id, status: r.status, details };
    }),
  };
}
