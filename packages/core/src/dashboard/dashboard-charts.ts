import { addMonthsToMonth, type CalendarDate, monthOf, type YearMonth } from "../calendar/calendar-date.js";
import {
  compareDecimals,
  type Decimal,
  divideRounded,
  formatDecimal,
  isPositive,
  parseValidDecimal,
  sumDecimals,
  ZERO,
} from "../money/decimal.js";
import { isOneRuleProgram, type Program } from "../program/program-definition.js";
import { auditFiguresAt, type ControlStatus, controlCustomers, evidenceWindow } from "../rules/audit.js";
import { canonicalAreaName, scoreArea } from "../rules/designation.js";
import type { ReadinessInputs } from "../rules/evaluate-readiness.js";
import type { Evaluation, RequirementStatus } from "../rules/evaluation-types.js";
import {
  type CertificationStatus,
  certificationStatusAt,
  certificationsByPerson,
  classifyCertifications,
  renewalOpening,
} from "../rules/knowledge.js";
import {
  acrWindow,
  customerWindowTotal,
  eligibleAcrInMonth,
  monthlyAverageAcr,
} from "../rules/performance.js";
import { requiredWindowTotal } from "../rules/sub-rule-performance.js";
import type { CustomerUsage, UsageSummary } from "../rules/usage-summary.js";

/*
 * The figures behind the dashboard's four charts. Every figure comes from the helpers the rules
 * themselves use (the ACR window and sums, the certification status, the area score, the evidence
 * window and the Module A waiver), never from a second derivation, so a chart cannot show a number the
 * evaluation disagrees with. Amounts are exact decimal text, as everywhere the core hands money out.
 */

/** The ACR chart shows at least this many months before the as-of month... */
const ACR_MONTHS_SHOWN = 12;
/** ...and reaches back to the first month with data, but no further than this. */
const ACR_MONTHS_AT_MOST = 24;

/** One customer's bars in the monthly ACR chart. */
export interface AcrCustomerSeries {
  /** The tenant id as first written in the usage file. */
  readonly tenantId: string;
  readonly name: string | null;
  /** Whether its eligible AI ACR over the window is above zero (it counts toward the customers needed). */
  readonly countsInWindow: boolean;
  /** Its eligible AI ACR over the window, exact decimal text ("-50", "1234.5"). */
  readonly windowSumUsd: string;
  /** Its eligible AI ACR per month of `months`, "0" when none, exact decimal text (negative with credits). */
  readonly amountsUsd: readonly string[];
  /**
   * Its place among every customer of the usage data by eligible AI ACR over all the months imported,
   * largest first, ties by tenant id (0 for the largest). It does not depend on the as-of date, so a
   * chart that colours customers by it keeps each customer's colour when the date changes.
   */
  readonly colorRank: number;
}

/** Monthly eligible AI ACR stacked by customer, with the window and the threshold. */
export interface AcrChart {
  /** The performance requirement's status in the evaluation. */
  readonly status: RequirementStatus;
  /**
   * At least the 12 months before the as-of month, oldest first, extended back to the first month with
   * eligible ACR if it is within 24 months, and forward to the as-of month if it has eligible ACR.
   * Without usage, the 12 months.
   */
  readonly months: readonly YearMonth[];
  /** The months of the performance window, oldest first (the evaluation's). */
  readonly window: readonly YearMonth[];
  /** The program's minimum monthly average, decimal text ("2000"). */
  readonly thresholdUsd: string;
  /** The customers needed with eligible ACR above zero in the window. */
  readonly requiredCustomers: number;
  /** Customers with eligible ACR in any shown month, largest window sum first, ties by tenant id. */
  readonly customers: readonly AcrCustomerSeries[];
  /** Per month of `months`, the sum over customers, exact decimal text. */
  readonly totalsUsd: readonly string[];
  /** The eligible AI ACR over the window, exact decimal text (compared exactly with threshold × months). */
  readonly windowTotalUsd: string;
  /** The window total divided by its months, rounded half-up to cents ("2150.33"), as the evaluation's. */
  readonly windowAverageUsd: string;
  /** The number of customers that count in the window (the evaluation's `customerCount`). */
  readonly customerCount: number;
  /** Whether any customer has eligible AI ACR in a shown month. */
  readonly hasData: boolean;
}

/** One certification row on the expiry timeline. */
export interface CertificationBar {
  /** The certification as written in the file. */
  readonly certification: string;
  /** The program certification it counts as ("DP-100", "AI-102"), or null for another certification. */
  readonly counted: string | null;
  readonly earnedDate: CalendarDate | null;
  /** The expiry the rule uses: the file's, else earned + one year; null when there is none. */
  readonly expiresOn: CalendarDate | null;
  /**
   * When the free renewal assessment opens (expiry minus six months); null without an expiry, or when
   * the renewal assessment retires before it opens.
   */
  readonly renewalOpensOn: CalendarDate | null;
  /** The day its renewal assessment retired or retires, when that stops it being renewed; else null. */
  readonly renewalRetires: CalendarDate | null;
  /** Where it stands at the as-of date, by the knowledge rule. */
  readonly status: CertificationStatus;
}

/** One individual's row of the certification timeline. */
export interface CertificationPerson {
  /** The person id as first written (individuals are distinct ignoring case). */
  readonly personId: string;
  readonly name: string | null;
  /** Whether the person holds a counting program certification (is one of the certified individuals). */
  readonly counts: boolean;
  /** The person's certifications in file order. */
  readonly certifications: readonly CertificationBar[];
}

/** The certification expiry timeline per person. */
export interface CertificationsChart {
  /** The knowledge requirement's status in the evaluation. */
  readonly status: RequirementStatus;
  /** Individuals who count first, then by person id (the evaluation's order). */
  readonly people: readonly CertificationPerson[];
  /** Whether the certifications file has any row. */
  readonly hasData: boolean;
}

/** One metric's bar of an area's capability score. */
export interface CapabilityMetricBar {
  readonly metric: string;
  readonly category: string;
  /** Its points, decimal text; "0" when the file has no row for it. */
  readonly points: string;
  /** The most points the metric can earn when the program data knows it ("30"), else null. */
  readonly maxPoints: string | null;
  /** Whether it is above the floor every metric must exceed. */
  readonly hasPoints: boolean;
}

/** One solution area's capability score against what the designation needs. */
export interface CapabilityArea {
  /** The canonical area name ("Data & AI (Azure)" whatever the spelling in the file). */
  readonly area: string;
  /** Whether it is one of the program's eligible areas. */
  readonly eligible: boolean;
  /** The sum of its metrics' points, decimal text. */
  readonly totalPoints: string;
  /** The minimum total the designation needs ("70"). */
  readonly neededTotal: string;
  /** Whether the area qualifies: eligible, total reached and every metric above the floor. */
  readonly meets: boolean;
  /** The program's metrics in program order. */
  readonly metrics: readonly CapabilityMetricBar[];
}

/** The capability score per metric against what is needed. */
export interface CapabilityChart {
  /** The designation requirement's status in the evaluation. */
  readonly status: RequirementStatus;
  /** The floor every metric must exceed ("0"). */
  readonly everyMetricAbove: string;
  /** The program's eligible areas in program order (always listed), then other areas found in the file. */
  readonly areas: readonly CapabilityArea[];
  /** Whether the capability-score file has any row. */
  readonly hasData: boolean;
}

/** One audit control's row of the coverage chart. */
export interface AuditControlRow {
  readonly id: string;
  /** Its checklist's module ("A" or "B"). */
  readonly module: string;
  readonly title: string;
  /** The customers the control needs. */
  readonly required: number;
  /** Its distinct counting customers (waived or not). */
  readonly customerCount: number;
  readonly status: ControlStatus;
}

/** A customer with evidence for some control. */
export interface AuditCustomerColumn {
  /** The tenant id as first written in the evidence file (customers are distinct ignoring case). */
  readonly tenantId: string;
  readonly name: string | null;
}

/** One control × customer cell with evidence. */
export interface AuditCell {
  readonly control: string;
  /** The customer's tenant id as in `customers`. */
  readonly tenantId: string;
  /** The latest completion date among the customer's counting projects, or among all when none counts. */
  readonly latestDeploymentDate: CalendarDate;
  /** Whether a project of this customer counts for the control at the as-of date. */
  readonly counts: boolean;
}

/** The audit controls × customers coverage. */
export interface AuditChart {
  /** The audit requirement's status in the evaluation. */
  readonly status: RequirementStatus;
  /** Projects count when completed from `from` to `to` (both included): the twelve months to the as-of date. */
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly moduleAWaived: boolean;
  /** The last day the Module A waiver holds on current data; null when not waived. */
  readonly moduleAWaivedUntil: CalendarDate | null;
  /** Every control of the program, Module A first, in checklist order. */
  readonly controls: readonly AuditControlRow[];
  /** Customers with evidence, by name (or tenant id when unnamed). */
  readonly customers: readonly AuditCustomerColumn[];
  /** One cell per control and customer with evidence (counting or not), in control then customer order. */
  readonly cells: readonly AuditCell[];
  /** Whether the audit-evidence or audit-history file has any row. */
  readonly hasData: boolean;
}

/** The data of the dashboard's charts at the evaluation's as-of date. */
export interface DashboardCharts {
  readonly asOf: CalendarDate;
  /** Monthly AI ACR stacked by customer. */
  readonly acr: AcrChart;
  /** Certification expiry timeline per person. */
  readonly certifications: CertificationsChart;
  /** Capability score per metric against what is needed. */
  readonly capability: CapabilityChart;
  /** Audit controls × customers coverage. */
  readonly audit: AuditChart;
}

/**
 * The figures behind the dashboard's charts, for the same program and inputs as `evaluation` and at its
 * as-of date. Pure: no I/O, runs in the browser. Each chart is computed by the helpers its rule uses,
 * so its figures match the evaluation's (the window average, the counting certifications, the area
 * totals, each control's count). A kind of input that is absent gives an empty chart with
 * `hasData: false`. Throws when `evaluation` is of another program, a programming error.
 */
export function dashboardCharts(
  program: Program,
  inputs: ReadinessInputs,
  evaluation: Evaluation,
): DashboardCharts {
  // The version evaluated (its `program` member names the contract's reading it measures as).
  if (evaluation.versions.program.id !== program.id) {
    throw new Error(
      `dashboardCharts: the evaluation is of program ${evaluation.versions.program.id}, not ${program.id}`,
    );
  }
  const asOf = evaluation.asOf;
  const statusOf = (id: string): RequirementStatus =>
    evaluation.requirements.find((r) => r.id === id)?.status ?? "no_data";
  return {
    asOf,
    acr: acrChart(program, inputs.usage, asOf, statusOf("performance")),
    certifications: certificationsChart(program, inputs, asOf, statusOf("knowledge")),
    capability: capabilityChart(program, inputs, statusOf("designation")),
    audit: auditChart(program, inputs, asOf, statusOf("audit")),
  };
}

function acrChart(
  program: Program,
  usage: UsageSummary | undefined,
  asOf: CalendarDate,
  status: RequirementStatus,
): AcrChart {
  const window = acrWindow(program, asOf);
  const all = usage === undefined ? [] : [...usage.customers.values()];
  const months = shownMonths(monthOf(asOf), window, all);
  const shown = all.filter((c) => months.some((m) => c.eligible.has(m)));
  const colorRank = colorRanks(all);
  const customers = shown
    .map((c) => ({ c, total: customerWindowTotal(c, window) }))
    .sort((a, b) => compareDecimals(b.total, a.total) || a.c.tenantId.localeCompare(b.c.tenantId))
    .map(
      ({ c, total }): AcrCustomerSeries => ({
        tenantId: c.tenantId,
        name: c.name ?? null,
        countsInWindow: isPositive(total),
        windowSumUsd: formatDecimal(total, 0),
        amountsUsd: months.map((m) => formatDecimal(c.eligible.get(m) ?? ZERO, 0)),
        colorRank: colorRank.get(c.tenantId.toLowerCase()) ?? 0,
      }),
    );
  const monthTotal = (m: YearMonth): Decimal => (usage === undefined ? ZERO : eligibleAcrInMonth(usage, m));
  const windowTotal = sumDecimals(window.map(monthTotal));
  return {
    status,
    months,
    window,
    ...acrThreshold(program),
    customers,
    totalsUsd: months.map((m) => formatDecimal(monthTotal(m), 0)),
    windowTotalUsd: formatDecimal(windowTotal, 0),
    windowAverageUsd: formatDecimal(monthlyAverageAcr(program, windowTotal), 2),
    customerCount: customers.filter((c) => c.countsInWindow).length,
    hasData: customers.length > 0,
  };
}

/** Each customer's `colorRank`, by lower-cased tenant id. */
function colorRanks(customers: readonly CustomerUsage[]): Map<string, number> {
  const ranked = customers
    .map((c) => ({ key: c.tenantId.toLowerCase(), total: sumDecimals(c.eligible.values()) }))
    .sort((a, b) => compareDecimals(b.total, a.total) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Map(ranked.map((c, rank) => [c.key, rank]));
}

/** The months the ACR chart shows (see `AcrChart.months`); always covers the window. */
function shownMonths(current: YearMonth, window: readonly YearMonth[], customers: readonly CustomerUsage[]) {
  const limit = addMonthsToMonth(current, -ACR_MONTHS_AT_MOST);
  let start = addMonthsToMonth(current, -ACR_MONTHS_SHOWN);
  const windowStart = window[0];
  if (windowStart !== undefined && windowStart < start) start = windowStart;
  let end = addMonthsToMonth(current, -1);
  for (const c of customers) {
    for (const m of c.eligible.keys()) {
      if (m >= limit && m < start) start = m;
      if (m === current) end = current;
    }
  }
  const months: YearMonth[] = [];
  for (let m = start; m <= end; m = addMonthsToMonth(m, 1)) months.push(m);
  return months;
}

/**
 * The line the ACR chart draws: the one-rule form's monthly average and customers. A program with
 * several sub-rules has no one line; the chart then draws the monthly average of the sub-rules' required
 * totals together and the most customers any of them needs — a floor the sub-rules' own results (in the
 * evaluation) decide, not a threshold of the program.
 */
function acrThreshold(program: Program): { thresholdUsd: string; requiredCustomers: number } {
  if (isOneRuleProgram(program))
    return {
      thresholdUsd: decimalText(program.performance.minimumMonthlyAverageUsd),
      requiredCustomers: program.performance.minimumCustomers,
    };
  const rules = program.performance.rules ?? [];
  const total = sumDecimals(rules.map((r) => requiredWindowTotal(program, r)));
  return {
    thresholdUsd: formatDecimal(divideRounded(total, program.performance.windowMonths, 2), 2),
    requiredCustomers: Math.max(0, ...rules.map((r) => r.minimumCustomers)),
  };
}

function certificationsChart(
  program: Program,
  inputs: ReadinessInputs,
  asOf: CalendarDate,
  status: RequirementStatus,
): CertificationsChart {
  const records = inputs.certifications ?? [];
  const people = certificationsByPerson(classifyCertifications(program, records))
    .map((p): CertificationPerson => {
      const certifications = p.items.map(
        (c): CertificationBar => ({
          certification: c.record.certification,
          counted: c.definition?.id ?? null,
          earnedDate: c.record.earnedDate ?? null,
          expiresOn: c.expiresOn ?? null,
          renewalOpensOn: renewalOpening(program, c, asOf),
          renewalRetires:
            c.expiresOn !== undefined && renewalOpening(program, c, asOf) === null
              ? (program.credentials.get(c.credentialId ?? "")?.renewalRetires ?? null)
              : null,
          status: certificationStatusAt(c, asOf),
        }),
      );
      return {
        personId: p.personId,
        name: p.name,
        counts: certifications.some((c) => c.status === "counting"),
        certifications,
      };
    })
    .sort((a, b) => Number(b.counts) - Number(a.counts) || a.personId.localeCompare(b.personId));
  return { status, people, hasData: records.length > 0 };
}

function capabilityChart(
  program: Program,
  inputs: ReadinessInputs,
  status: RequirementStatus,
): CapabilityChart {
  const rules = program.designation;
  const records = inputs.capabilityScore ?? [];
  const eligible = rules.eligibleAreas.map((a) => a.name);
  // The reader passes only eligible areas today; others are still shown (not counting) if they come.
  const others = new Map<string, string>();
  for (const r of records) {
    const name = canonicalAreaName(program, r.solutionArea);
    if (!eligible.includes(name) && !others.has(name.toLowerCase())) others.set(name.toLowerCase(), name);
  }
  const maxPoints = new Map(rules.metrics.map((m) => [m.name, m.maxPoints]));
  const areas = [
    ...eligible.map((area) => ({ area, isEligible: true })),
    ...[...others.values()].map((area) => ({ area, isEligible: false })),
  ].map(({ area, isEligible }): CapabilityArea => {
    const score = scoreArea(program, records, area);
    return {
      area,
      eligible: isEligible,
      totalPoints: score.totalPoints,
      neededTotal: decimalText(rules.minimumTotalPoints),
      meets: isEligible && score.met,
      metrics: score.metrics.map((m) => {
        const max = maxPoints.get(m.metric);
        return {
          metric: m.metric,
          category: m.category,
          points: m.points,
          maxPoints: max === null || max === undefined ? null : String(max),
          hasPoints: !score.metricsWithoutPoints.includes(m.metric),
        };
      }),
    };
  });
  return {
    status,
    everyMetricAbove: decimalText(rules.everyMetricAbove),
    areas,
    hasData: records.length > 0,
  };
}

function auditChart(
  program: Program,
  inputs: ReadinessInputs,
  asOf: CalendarDate,
  status: RequirementStatus,
): AuditChart {
  const evidence = inputs.auditEvidence ?? [];
  const history = inputs.auditHistory ?? [];
  const figures = auditFiguresAt(program, evidence, history, asOf);
  const { from, to } = evidenceWindow(program, asOf);

  const byKey = new Map<string, { tenantId: string; name: string | null }>();
  for (const r of evidence) {
    const key = r.customerTenantId.toLowerCase();
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, { tenantId: r.customerTenantId, name: r.customerName ?? null });
    else if (known.name === null && r.customerName !== undefined) known.name = r.customerName;
  }
  const customers: AuditCustomerColumn[] = [...byKey.values()].sort(
    (a, b) =>
      (a.name ?? a.tenantId).localeCompare(b.name ?? b.tenantId) || a.tenantId.localeCompare(b.tenantId),
  );
  const column = new Map(customers.map((c, index) => [c.tenantId.toLowerCase(), { c, index }]));

  const controls: AuditControlRow[] = [];
  const cells: AuditCell[] = [];
  for (const checklist of [program.moduleA, program.moduleB]) {
    for (const c of checklist.controls) {
      controls.push({
        id: c.id,
        module: checklist.module,
        title: c.title,
        required: c.requiredCustomers,
        customerCount: figures.counts.get(c.id) ?? 0,
        status: figures.controlStatus.get(c.id) ?? "not_met",
      });
      // Every customer of a control is a column (both come from the same evidence rows).
      const row = controlCustomers(program, c.id, evidence, asOf).map((k) => ({
        k,
        column: column.get(k.tenantId.toLowerCase()) as { c: AuditCustomerColumn; index: number },
      }));
      row.sort((x, y) => x.column.index - y.column.index);
      for (const { k, column: at } of row) {
        cells.push({
          control: c.id,
          tenantId: at.c.tenantId,
          latestDeploymentDate: k.deploymentDate,
          counts: k.counts,
        });
      }
    }
  }
  return {
    status,
    from,
    to,
    moduleAWaived: figures.waiver !== null,
    moduleAWaivedUntil: figures.waiver?.until ?? null,
    controls,
    customers,
    cells,
    hasData: evidence.length > 0 || history.length > 0,
  };
}

/** Program figures as plain decimal text ("2,000" in the data file is "2000"). */
function decimalText(text: string): string {
  return formatDecimal(parseValidDecimal(text), 0);
}
