import {
  addMonthsToMonth,
  type CalendarDate,
  firstDayOf,
  formatMonth,
  monthName,
  monthOf,
  type YearMonth,
} from "../calendar/calendar-date.js";
import {
  addDecimals,
  compareDecimals,
  type Decimal,
  divideRounded,
  formatDecimal,
  formatUsd,
  isPositive,
  parseValidDecimal,
  subtractDecimals,
  sumDecimals,
  toJsonNumber,
  ZERO,
} from "../money/decimal.js";
import { isOneRuleProgram, type OneRuleProgram, type Program } from "../program/program-definition.js";
import type { ChangeEvent, Gap, RequirementResult, RequirementStatus } from "./evaluation-types.js";
import { type NotCountingCause, notCountingAdvice, notCountingCause } from "./not-counting-advice.js";
import { interpretationOf, listInWords, plural, resourcesFor } from "./resources.js";
import { evaluateSubRules, type SubRulesPerformanceDetails } from "./sub-rule-performance.js";
import type { CustomerUsage, UsageSummary } from "./usage-summary.js";

export interface CustomerAcr {
  readonly tenantId: string;
  readonly name: string | null;
  /** Eligible AI ACR over the window, exact decimal text. */
  readonly windowTotalUsd: string;
  readonly counts: boolean;
  /** The tenant is the partner's own (attributed "Partner as end-customer", or named as the partner). */
  readonly partnerOwnTenant: boolean;
  /**
   * Eligible AI ACR in the months behind the figure: the window's months and the month in progress
   * (which the next window takes in). The longer history is the dashboard's ACR chart, not the
   * evaluation: a partner with thousands of customers would otherwise get megabytes of months.
   */
  readonly months: readonly {
    readonly month: YearMonth;
    readonly amountUsd: string;
    readonly inWindow: boolean;
  }[];
  /** AI ACR in the window that did not count, by reason, with what keeps it out (`NotCountingCause`). */
  readonly ineligibleInWindow: readonly {
    readonly reason: string;
    readonly amountUsd: string;
    readonly cause: NotCountingCause;
  }[];
}

export interface PerformanceDetails {
  readonly window: readonly YearMonth[];
  readonly monthlyAverageUsd: number;
  readonly customerCount: number;
  readonly windowTotalUsd: string;
  readonly requiredWindowTotalUsd: string;
  readonly requiredMonthlyAverageUsd: string;
  readonly requiredCustomers: number;
  readonly monthTotals: readonly { readonly month: YearMonth; readonly amountUsd: string }[];
  readonly customers: readonly CustomerAcr[];
  readonly rows: {
    readonly total: number;
    readonly eligible: number;
    readonly notAi: number;
    readonly duplicates: number;
    readonly governmentPal: number;
    readonly excludedOffers: Readonly<Record<string, number>>;
    readonly ineligibleAttributions: Readonly<Record<string, number>>;
  };
}

/** The months of the window for an as-of date: the N full calendar months before the as-of month. */
export function acrWindow(program: Program, asOf: CalendarDate): YearMonth[] {
  const current = monthOf(asOf);
  const n = program.performance.windowMonths;
  return Array.from({ length: n }, (_, i) => addMonthsToMonth(current, i - n));
}

/** A customer's eligible AI ACR summed over the months of a window (credits included, absent months 0). */
export function customerWindowTotal(customer: CustomerUsage, window: readonly YearMonth[]): Decimal {
  // Called for every customer at every month of the changes ahead: no array, and absent months skipped.
  let total = ZERO;
  for (const month of window) {
    const amount = customer.eligible.get(month);
    if (amount !== undefined) total = addDecimals(total, amount);
  }
  return total;
}

/** The monthly average of a window total as shown: total / window months, rounded half-up to cents. */
export function monthlyAverageAcr(program: Program, windowTotal: Decimal): Decimal {
  return divideRounded(windowTotal, program.performance.windowMonths, 2);
}

interface Figures {
  readonly window: YearMonth[];
  readonly total: Decimal;
  readonly customersWithAcr: number;
  readonly status: RequirementStatus;
}

function figuresAt(program: OneRuleProgram, summary: UsageSummary, asOf: CalendarDate): Figures {
  const window = acrWindow(program, asOf);
  let total: Decimal = ZERO;
  let customersWithAcr = 0;
  for (const c of summary.customers.values()) {
    const t = customerWindowTotal(c, window);
    total = addDecimals(total, t);
    if (isPositive(t)) customersWithAcr++;
  }
  const met =
    compareDecimals(total, requiredTotal(program)) >= 0 &&
    customersWithAcr >= program.performance.minimumCustomers;
  return { window, total, customersWithAcr, status: met ? "met" : "not_met" };
}

function requiredTotal(program: OneRuleProgram): Decimal {
  const avg = parseValidDecimal(program.performance.minimumMonthlyAverageUsd);
  return { units: avg.units * BigInt(program.performance.windowMonths), scale: avg.scale };
}

/** Amounts compared exactly with the threshold are shown with all their decimals. */
const EXACT = { exact: true } as const;

function rangeInWords(window: readonly YearMonth[]): string {
  const first = window[0] as YearMonth;
  const last = window[window.length - 1] as YearMonth;
  return window.length === 1 ? formatMonth(first) : `${formatMonth(first)} – ${formatMonth(last)}`;
}

/**
 * AI Azure consumed revenue: the sum of eligible AI ACR over the window reaches the minimum monthly
 * average times the window's months (compared exactly), from enough customers with a positive window sum.
 */
export function evaluatePerformance(
  program: Program,
  summary: UsageSummary | undefined,
  asOf: CalendarDate,
): RequirementResult<PerformanceDetails | SubRulesPerformanceDetails> {
  return isOneRuleProgram(program)
    ? evaluateOneRule(program, summary, asOf)
    : evaluateSubRules(program, summary, asOf);
}

function evaluateOneRule(
  program: OneRuleProgram,
  summary: UsageSummary | undefined,
  asOf: CalendarDate,
): RequirementResult<PerformanceDetails> {
  const rules = program.performance;
  const required = requiredTotal(program);
  const minimumAverage = parseValidDecimal(rules.minimumMonthlyAverageUsd);
  const attributionTypes = listInWords(
    rules.eligibleAttributions.map((a) => a.type),
    "or",
  );
  const govExcluded = rules.eligibleAttributions.filter((a) => !a.countsForGovernment).map((a) => a.type);
  const rule =
    `At least ${formatUsd(minimumAverage)} monthly average of eligible AI ACR over the ${plural(rules.windowMonths, "full calendar month")} before the as-of month ` +
    `(${formatUsd(required)} in all, months without data counting as zero), from at least ${plural(rules.minimumCustomers, "customer")} whose ACR in the window is above zero. ` +
    `A row counts when its ServiceGroup2 is ${listInWords(rules.serviceGroup2, "or")}, it is attributed through ${attributionTypes}, it is not flagged IsACRDuplicateAtMPNLevel, ` +
    `its offer type does not mention ${listInWords(rules.excludedOfferTypeTerms, "or")}` +
    (govExcluded.length > 0
      ? `, and it is not a government subscription attributed through ${listInWords(govExcluded, "or")}.`
      : ".");
  const base = {
    id: "performance" as const,
    title: "Performance: AI Azure consumed revenue",
    rule,
    interpretation: interpretationOf(program, "performance"),
    resources: resourcesFor(program, "performance"),
  };
  if (summary === undefined) {
    return {
      ...base,
      status: "no_data",
      summary: "No Azure usage file: AI ACR cannot be checked.",
      gaps: [
        {
          code: "performance.no-data",
          message:
            "Add azure-usage.csv: the Azure usage report downloaded from Partner Center > Insights (at least the last three full months).",
        },
      ],
      changes: [],
    };
  }

  const now = figuresAt(program, summary, asOf);
  const window = now.window;
  const average = monthlyAverageAcr(program, now.total);
  const currentMonth = monthOf(asOf);
  const historyMonths = [...window, currentMonth];

  const ranked = [...summary.customers.values()]
    .map((c) => {
      const total = customerWindowTotal(c, window);
      const ineligible = new Map<string, Decimal>();
      for (const m of window) {
        for (const [reason, amount] of c.ineligible.get(m) ?? []) {
          ineligible.set(reason, addDecimals(ineligible.get(reason) ?? ZERO, amount));
        }
      }
      const partnerOwnTenant = c.partnerOwnTenant === true;
      return {
        total,
        ineligible,
        row: {
          tenantId: c.tenantId,
          name: c.name ?? null,
          windowTotalUsd: formatDecimal(total),
          counts: isPositive(total),
          partnerOwnTenant,
          months: historyMonths.map((m) => ({
            month: m,
            amountUsd: formatDecimal(c.eligible.get(m) ?? ZERO),
            inWindow: window.includes(m),
          })),
          ineligibleInWindow: [...ineligible].map(([reason, amount]) => ({
            reason,
            amountUsd: formatDecimal(amount),
            cause: notCountingCause(reason, partnerOwnTenant),
          })),
        },
      };
    })
    .sort((a, b) => compareDecimals(b.total, a.total) || a.row.tenantId.localeCompare(b.row.tenantId));
  const customers: CustomerAcr[] = ranked.map((c) => c.row);

  const monthTotals = window.map((m) => ({
    month: m,
    amountUsd: formatDecimal(eligibleAcrInMonth(summary, m)),
  }));

  const details: PerformanceDetails = {
    window,
    monthlyAverageUsd: toJsonNumber(average),
    customerCount: now.customersWithAcr,
    windowTotalUsd: formatDecimal(now.total),
    requiredWindowTotalUsd: formatDecimal(required),
    requiredMonthlyAverageUsd: formatDecimal(minimumAverage),
    requiredCustomers: rules.minimumCustomers,
    monthTotals,
    customers,
    rows: {
      total: summary.rowCount,
      eligible: summary.eligibleRowCount,
      notAi: summary.ignored.notAi,
      duplicates: summary.ignored.duplicates,
      governmentPal: summary.ignored.governmentPal,
      excludedOffers: Object.fromEntries(summary.ignored.excludedOffers),
      ineligibleAttributions: Object.fromEntries(summary.ignored.ineligibleAttributions),
    },
  };

  const gaps: Gap[] = [];
  const nextWindow = acrWindow(program, firstDayOf(addMonthsToMonth(currentMonth, 1)));
  const nextStart = firstDayOf(addMonthsToMonth(currentMonth, 1));
  if (compareDecimals(now.total, required) < 0) {
    const shortfall = subtractDecimals(required, now.total);
    gaps.push({
      code: "performance.acr-short",
      message: `${formatUsd(shortfall, EXACT)} short of ${formatUsd(required)} in the window ${rangeInWords(window)} (it has ${formatUsd(now.total, EXACT)}, a monthly average of ${formatUsd(average)}).`,
    });
    // The past months are settled; what the partner can still move is the month in progress, which
    // closes the next window.
    const next = figuresAt(program, summary, nextStart);
    const needed = subtractDecimals(required, next.total);
    const m = nextWindow[nextWindow.length - 1] as YearMonth;
    const soFar = eligibleAcrInMonth(summary, m);
    if (isPositive(needed)) {
      gaps.push({
        code: "performance.acr-needed-this-month",
        message: `To be met from ${nextStart} (window ${rangeInWords(nextWindow)}), ${formatMonth(m)} needs ${formatUsd(needed, EXACT)} more eligible AI ACR by its end (it has ${formatUsd(soFar, EXACT)} so far; ${listInWords(nextWindow.slice(0, -1).map(monthName))} brought ${formatUsd(subtractDecimals(next.total, soFar), EXACT)}).`,
      });
    }
  }
  if (now.customersWithAcr < rules.minimumCustomers) {
    const missing = rules.minimumCustomers - now.customersWithAcr;
    gaps.push({
      code: "performance.customers-short",
      message: `${missing === 1 ? "One more customer" : `${missing} more customers`} with eligible AI ACR in the window (${now.customersWithAcr} of ${rules.minimumCustomers}).`,
    });
  }
  if (now.status !== "met") {
    // Customers that do not count although they have AI ACR in the window: why, and what would help.
    gaps.push(
      ...notCountingAdvice(
        program,
        ranked
          .filter((c) => c.ineligible.size > 0 && !c.row.counts)
          .map((c) => ({
            tenantId: c.row.tenantId,
            name: c.row.name,
            partnerOwnTenant: c.row.partnerOwnTenant,
            amounts: [...c.ineligible].map(([label, amount]) => ({ label, amount })),
          })),
      ),
    );
  }

  return {
    ...base,
    status: now.status,
    details,
    summary: `${formatUsd(average)} monthly average eligible AI ACR in ${rangeInWords(window)} (needs ${formatUsd(minimumAverage)}), from ${plural(now.customersWithAcr, "customer")} (needs ${rules.minimumCustomers}); window total ${formatUsd(now.total, EXACT)} of ${formatUsd(required)}.`,
    gaps,
    changes: performanceChanges(program, summary, asOf, now),
  };
}

/**
 * The first days of the coming months, while the window still holds any data: on each the window moves
 * one month; on current data (no new month added) the figures change, and so may the status.
 */
function performanceChanges(
  program: OneRuleProgram,
  summary: UsageSummary,
  asOf: CalendarDate,
  now: Figures,
): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  let previous = now;
  const currentMonth = monthOf(asOf);
  let lastDataMonth: YearMonth = currentMonth;
  for (const c of summary.customers.values()) {
    for (const m of c.eligible.keys()) if (m > lastDataMonth) lastDataMonth = m;
  }
  for (let i = 1; ; i++) {
    const month = addMonthsToMonth(currentMonth, i);
    const date = firstDayOf(month);
    const next = figuresAt(program, summary, date);
    const leaving = previous.window[0] as YearMonth;
    const entering = next.window[next.window.length - 1] as YearMonth;
    const average = monthlyAverageAcr(program, next.total);
    const statusChanges = next.status !== previous.status;
    if (
      statusChanges ||
      compareDecimals(next.total, previous.total) !== 0 ||
      next.customersWithAcr !== previous.customersWithAcr
    ) {
      events.push({
        date,
        requirement: "performance",
        status: next.status,
        statusChanges,
        message:
          `${formatMonth(leaving)} leaves the window and ${formatMonth(entering)} enters it: on current data the monthly average becomes ${formatUsd(average)} from ${plural(next.customersWithAcr, "customer")}` +
          (statusChanges ? ` — performance becomes ${next.status === "met" ? "met" : "not met"}` : "") +
          (next.status !== "met" &&
          entering >= currentMonth &&
          compareDecimals(next.total, requiredTotal(program)) < 0
            ? ` unless ${formatMonth(entering)} brings ${formatUsd(subtractDecimals(requiredTotal(program), next.total), EXACT)} more eligible AI ACR`
            : "") +
          ".",
      });
    }
    previous = next;
    // Past the last month with data, the window is empty and nothing more changes.
    if (month > addMonthsToMonth(lastDataMonth, program.performance.windowMonths) || i > 36) break;
  }
  return events;
}

/** The eligible AI ACR of every customer in one month (credits included). */
export function eligibleAcrInMonth(summary: UsageSummary, month: YearMonth): Decimal {
  return sumDecimals([...summary.customers.values()].map((c) => c.eligible.get(month) ?? ZERO));
}
