import {
  addMonthsToMonth,
  type CalendarDate,
  firstDayOf,
  formatMonth,
  monthOf,
  type YearMonth,
} from "../calendar/calendar-date.js";
import {
  compareDecimals,
  type Decimal,
  divideRounded,
  formatDecimal,
  formatUsd,
  isPositive,
  parseValidDecimal,
  subtractDecimals,
  sumDecimals,
  ZERO,
} from "../money/decimal.js";
import { filterInWords, type PerformanceSubRule } from "../program/performance-rules.js";
import type { Program } from "../program/program-definition.js";
import type { ChangeEvent, Gap, RequirementResult, RequirementStatus } from "./evaluation-types.js";
import { interpretationOf, listInWords, plural, resourcesFor } from "./resources.js";
import { possibleKey, type UsageSummary } from "./usage-summary.js";

/** One nested minimum of a sub-rule: a part of its ACR that must reach an amount of its own. */
export interface NestedMinimumResult {
  readonly id: string;
  readonly title: string;
  readonly windowTotalUsd: string;
  /** With the rows the file cannot rule out (it lacks a column the filter reads); equal when none. */
  readonly possibleWindowTotalUsd: string;
  readonly requiredUsd: string;
  readonly met: boolean;
  /** Whether the rows that cannot be ruled out would make it met. */
  readonly possiblyMet: boolean;
}

/** One sub-rule's figures over the window. */
export interface SubRuleResult {
  readonly id: string;
  readonly title: string;
  /**
   * `unknown` when the rows the filter confirms fall short but the rows it cannot rule out (the file
   * lacks a column the filter reads) would meet it.
   */
  readonly status: "met" | "not_met" | "unknown";
  readonly aggregate: PerformanceSubRule["aggregate"];
  /** The eligible ACR of the sub-rule's services over the window, exact. */
  readonly windowTotalUsd: string;
  /** The window total divided by the window's months, rounded half-up to cents. */
  readonly monthlyAverageUsd: string;
  /** The threshold as the program states it (a monthly average or a window total). */
  readonly requiredUsd: string;
  /** What the window total is compared with. */
  readonly requiredWindowTotalUsd: string;
  readonly customerCount: number;
  /** With the rows the file cannot rule out; equal to the confirmed figures when the file has every column. */
  readonly possibleWindowTotalUsd: string;
  readonly possibleCustomerCount: number;
  readonly requiredCustomers: number;
  readonly customers: readonly {
    readonly tenantId: string;
    readonly name: string | null;
    readonly windowTotalUsd: string;
    readonly counts: boolean;
  }[];
  readonly minimums: readonly NestedMinimumResult[];
  readonly rule: string;
}

export interface SubRulesPerformanceDetails {
  readonly window: readonly YearMonth[];
  readonly rules: readonly SubRuleResult[];
  readonly rows: {
    readonly total: number;
    /** Rows of any sub-rule's services that count. */
    readonly eligible: number;
    /** Rows of none of the sub-rules' services. */
    readonly outsideRules: number;
    readonly duplicates: number;
    readonly governmentPal: number;
    readonly excludedOffers: Readonly<Record<string, number>>;
    readonly ineligibleAttributions: Readonly<Record<string, number>>;
  };
}

/** The N full calendar months before the as-of month. */
function windowAt(program: Program, asOf: CalendarDate): YearMonth[] {
  const current = monthOf(asOf);
  const n = program.performance.windowMonths;
  return Array.from({ length: n }, (_, i) => addMonthsToMonth(current, i - n));
}

function windowTotalOf(summary: UsageSummary | undefined, window: readonly YearMonth[]) {
  const customers: { tenantId: string; name: string | null; total: Decimal }[] = [];
  for (const c of summary?.customers.values() ?? []) {
    customers.push({
      tenantId: c.tenantId,
      name: c.name ?? null,
      total: sumDecimals(window.map((m) => c.eligible.get(m) ?? ZERO)),
    });
  }
  customers.sort((a, b) => compareDecimals(b.total, a.total) || a.tenantId.localeCompare(b.tenantId));
  return { total: sumDecimals(customers.map((c) => c.total)), customers };
}

/** What the window total of a sub-rule is compared with: the minimum, times the months for an average. */
export function requiredWindowTotal(program: Program, rule: PerformanceSubRule): Decimal {
  const min = parseValidDecimal(rule.minimumUsd);
  return rule.aggregate === "monthly-average"
    ? { units: min.units * BigInt(program.performance.windowMonths), scale: min.scale }
    : min;
}

/** A sub-rule on a date: its figures and whether it is met (the amount, the customers, every minimum). */
export function subRuleAt(
  program: Program,
  rule: PerformanceSubRule,
  summary: UsageSummary,
  asOf: CalendarDate,
): SubRuleResult {
  const window = windowAt(program, asOf);
  const own = windowTotalOf(summary.byRule?.get(rule.id), window);
  const maybe = windowTotalOf(summary.byRule?.get(possibleKey(rule.id)), window);
  const required = requiredWindowTotal(program, rule);
  const customerCount = own.customers.filter((c) => isPositive(c.total)).length;
  const possibleCustomerCount = maybe.customers.filter((c) => isPositive(c.total)).length;
  const minimums = rule.minimums.map((m): NestedMinimumResult => {
    const key = `${rule.id}/${m.id}`;
    const part = windowTotalOf(summary.byRule?.get(key), window).total;
    const possiblePart = windowTotalOf(summary.byRule?.get(possibleKey(key)), window).total;
    const requiredPart = parseValidDecimal(m.minimumUsd);
    return {
      id: m.id,
      title: m.title,
      windowTotalUsd: formatDecimal(part),
      possibleWindowTotalUsd: formatDecimal(possiblePart),
      requiredUsd: formatDecimal(requiredPart),
      met: compareDecimals(part, requiredPart) >= 0,
      possiblyMet: compareDecimals(possiblePart, requiredPart) >= 0,
    };
  });
  const met =
    compareDecimals(own.total, required) >= 0 &&
    customerCount >= rule.minimumCustomers &&
    minimums.every((m) => m.met);
  const possiblyMet =
    compareDecimals(maybe.total, required) >= 0 &&
    possibleCustomerCount >= rule.minimumCustomers &&
    minimums.every((m) => m.possiblyMet);
  return {
    id: rule.id,
    title: rule.title,
    status: met ? "met" : possiblyMet ? "unknown" : "not_met",
    possibleWindowTotalUsd: formatDecimal(maybe.total),
    possibleCustomerCount,
    aggregate: rule.aggregate,
    windowTotalUsd: formatDecimal(own.total),
    monthlyAverageUsd: formatDecimal(divideRounded(own.total, window.length, 2)),
    requiredUsd: formatDecimal(parseValidDecimal(rule.minimumUsd)),
    requiredWindowTotalUsd: formatDecimal(required),
    customerCount,
    requiredCustomers: rule.minimumCustomers,
    customers: own.customers.map((c) => ({
      tenantId: c.tenantId,
      name: c.name,
      windowTotalUsd: formatDecimal(c.total),
      counts: isPositive(c.total),
    })),
    minimums,
    rule: subRuleInWords(program, rule),
  };
}

const EXACT = { exact: true } as const;

function subRuleInWords(program: Program, rule: PerformanceSubRule): string {
  const n = program.performance.windowMonths;
  const amount = formatUsd(parseValidDecimal(rule.minimumUsd));
  const figure =
    rule.aggregate === "monthly-average"
      ? `at least ${amount} monthly average over the ${plural(n, "full calendar month")} before the as-of month (${formatUsd(requiredWindowTotal(program, rule))} in all)`
      : `at least ${amount} in total over the ${plural(n, "full calendar month")} before the as-of month`;
  const parts = rule.minimums.map(
    (m) =>
      `at least ${formatUsd(parseValidDecimal(m.minimumUsd))} of it from ${m.title} (${filterInWords(m.filter)})`,
  );
  return (
    `${rule.title}: ${figure}, from at least ${plural(rule.minimumCustomers, "customer")} whose ACR under this sub-rule in the window is above zero` +
    (parts.length > 0 ? `, with ${listInWords(parts)}` : "") +
    `. Rows count when ${filterInWords(rule.filter)}.` +
    (rule.caveats.length > 0 ? ` ${rule.caveats.join(" ")}` : "")
  );
}

function rangeInWords(window: readonly YearMonth[]): string {
  const first = window[0] as YearMonth;
  const last = window[window.length - 1] as YearMonth;
  return window.length === 1 ? formatMonth(first) : `${formatMonth(first)} – ${formatMonth(last)}`;
}

function statusAt(
  program: Program,
  rules: readonly PerformanceSubRule[],
  summary: UsageSummary,
  d: CalendarDate,
) {
  const results = rules.map((r) => subRuleAt(program, r, summary, d));
  const status: RequirementStatus = results.every((r) => r.status === "met")
    ? "met"
    : results.some((r) => r.status === "not_met")
      ? "not_met"
      : "unknown";
  return { results, status };
}

/**
 * Performance as a list of sub-rules (Infra and Database Migration: four window totals, each from its
 * customers, one with a nested minimum): met when every sub-rule is met. Each sub-rule reads the rows of
 * its own services (`UsageSummary.byRule`), with the program's attribution, duplicate, offer and
 * government-cloud exclusions.
 */
export function evaluateSubRules(
  program: Program,
  summary: UsageSummary | undefined,
  asOf: CalendarDate,
): RequirementResult<SubRulesPerformanceDetails> {
  const rules = program.performance.rules ?? [];
  const p = program.performance;
  const attributionTypes = listInWords(
    p.eligibleAttributions.map((a) => a.type),
    "or",
  );
  const rule =
    `Every one of ${plural(rules.length, "sub-rule")} is met. ${rules.map((r) => subRuleInWords(program, r)).join(" ")} ` +
    `In every sub-rule a row counts when it is attributed through ${attributionTypes}, it is not flagged ${p.duplicateFlag.column}` +
    (p.excludedOfferTypeTerms.length > 0
      ? `, its offer type does not mention ${listInWords(p.excludedOfferTypeTerms, "or")}`
      : "") +
    ". A sub-rule is met on the rows its filter confirms; when the file lacks a column the filter reads (the warnings name it), the rows it cannot rule out are summed apart, and a sub-rule they alone would meet is unknown.";
  const base = {
    id: "performance" as const,
    title: "Performance: Azure consumed revenue by sub-rule",
    rule,
    interpretation: interpretationOf(program, "performance"),
    resources: resourcesFor(program, "performance"),
  };
  if (summary === undefined) {
    return {
      ...base,
      status: "no_data",
      summary: "No Azure usage file: ACR cannot be checked.",
      gaps: [
        {
          code: "performance.no-data",
          message: `Add azure-usage.csv: the Azure usage report downloaded from Partner Center > Insights (at least the last ${plural(p.windowMonths, "full month")}), with its service columns (${listInWords(["ServiceLevel1–4", "ServiceGroup3", "ComputeOS"])}).`,
        },
      ],
      changes: [],
    };
  }
  const window = windowAt(program, asOf);
  const now = statusAt(program, rules, summary, asOf);
  const gaps: Gap[] = [];
  for (const r of now.results) {
    if (r.status === "met") continue;
    if (r.status === "unknown") {
      gaps.push({
        code: "performance.unconfirmed",
        message: `${r.title}: the file confirms ${formatUsd(parseValidDecimal(r.windowTotalUsd), EXACT)} from ${plural(r.customerCount, "customer")}; with the rows it cannot rule out (it lacks a column the filter reads, see the warnings) it would be ${formatUsd(parseValidDecimal(r.possibleWindowTotalUsd), EXACT)} from ${plural(r.possibleCustomerCount, "customer")}, enough: check the figure in Partner Center.`,
      });
      continue;
    }
    const total = parseValidDecimal(r.windowTotalUsd);
    const required = parseValidDecimal(r.requiredWindowTotalUsd);
    if (compareDecimals(total, required) < 0)
      gaps.push({
        code: "performance.acr-short",
        message: `${r.title}: ${formatUsd(subtractDecimals(required, total), EXACT)} short of ${formatUsd(required)} in the window ${rangeInWords(window)} (it has ${formatUsd(total, EXACT)}).`,
      });
    if (r.customerCount < r.requiredCustomers) {
      const missing = r.requiredCustomers - r.customerCount;
      gaps.push({
        code: "performance.customers-short",
        message: `${r.title}: ${missing === 1 ? "one more customer" : `${missing} more customers`} with eligible ACR in the window (${r.customerCount} of ${r.requiredCustomers}).`,
      });
    }
    for (const m of r.minimums) {
      if (m.met) continue;
      const part = parseValidDecimal(m.windowTotalUsd);
      const need = parseValidDecimal(m.requiredUsd);
      gaps.push({
        code: "performance.part-short",
        message: `${r.title}: ${formatUsd(subtractDecimals(need, part), EXACT)} more from ${m.title} (it has ${formatUsd(part, EXACT)} of ${formatUsd(need)}).`,
      });
    }
  }
  const met = now.results.filter((r) => r.status === "met").length;
  const unconfirmed = now.results.filter((r) => r.status === "unknown").length;
  const details: SubRulesPerformanceDetails = {
    window,
    rules: now.results,
    rows: {
      total: summary.rowCount,
      eligible: summary.eligibleRowCount,
      outsideRules: summary.ignored.notAi,
      duplicates: summary.ignored.duplicates,
      governmentPal: summary.ignored.governmentPal,
      excludedOffers: Object.fromEntries(summary.ignored.excludedOffers),
      ineligibleAttributions: Object.fromEntries(summary.ignored.ineligibleAttributions),
    },
  };
  return {
    ...base,
    status: now.status,
    details,
    summary:
      `${met} of ${plural(rules.length, "sub-rule")} met${unconfirmed > 0 ? ` (${unconfirmed} unknown: the file lacks a column to confirm it)` : ""} in ${rangeInWords(window)}: ` +
      now.results
        .map(
          (r) =>
            `${r.title} ${formatUsd(parseValidDecimal(r.windowTotalUsd), EXACT)} of ${formatUsd(parseValidDecimal(r.requiredWindowTotalUsd))} from ${r.customerCount} of ${r.requiredCustomers} customers` +
            r.minimums
              .map(
                (m) =>
                  ` (${m.title} ${formatUsd(parseValidDecimal(m.windowTotalUsd), EXACT)} of ${formatUsd(parseValidDecimal(m.requiredUsd))})`,
              )
              .join(""),
        )
        .join("; ") +
      ".",
    gaps,
    changes: subRuleChanges(program, rules, summary, asOf, now.status),
  };
}

/** The first days of the coming months on which, on current data, the status changes. */
function subRuleChanges(
  program: Program,
  rules: readonly PerformanceSubRule[],
  summary: UsageSummary,
  asOf: CalendarDate,
  status: RequirementStatus,
): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  const current = monthOf(asOf);
  let lastDataMonth: YearMonth = current;
  for (const c of summary.customers.values())
    for (const m of c.eligible.keys()) if (m > lastDataMonth) lastDataMonth = m;
  let previous = status;
  for (let i = 1; i <= 36; i++) {
    const month = addMonthsToMonth(current, i);
    const date = firstDayOf(month);
    const next = statusAt(program, rules, summary, date);
    if (next.status !== previous) {
      const window = windowAt(program, date);
      const short = next.results.filter((r) => r.status !== "met").map((r) => r.title);
      events.push({
        date,
        requirement: "performance",
        status: next.status,
        statusChanges: true,
        message:
          `The window becomes ${rangeInWords(window)}: on current data performance becomes ${next.status === "met" ? "met" : "not met"}` +
          (short.length > 0 ? ` (${listInWords(short)} short).` : "."),
      });
    }
    previous = next.status;
    if (month > addMonthsToMonth(lastDataMonth, program.performance.windowMonths)) break;
  }
  return events;
}

/** Sum of eligible ACR of a sub-rule in a month (every customer). */
export function subRuleAcrInMonth(summary: UsageSummary, ruleId: string, month: YearMonth): Decimal {
  const s = summary.byRule?.get(ruleId);
  if (s === undefined) return ZERO;
  return sumDecimals([...s.customers.values()].map((c) => c.eligible.get(month) ?? ZERO));
}
