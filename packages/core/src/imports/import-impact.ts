import type { YearMonth } from "../calendar/calendar-date.js";
import {
  addDecimals,
  type Decimal,
  formatDecimal,
  formatUsd,
  parseValidDecimal,
  subtractDecimals,
  ZERO,
} from "../money/decimal.js";
import { eligibleAcrInMonth } from "../rules/performance.js";
import type { UsageSummary } from "../rules/usage-summary.js";
import type { CertificationsPreview, ScorePreview } from "./import-preview.js";

/*
 * What an import would do to the data in effect, told before it is committed: an import replaces data
 * (usage: the months it covers; other kinds: the previous file of the kind), and a replacement that
 * leaves a kind empty, or takes away more than half of what is in effect, is more often a mistake (a
 * filtered export, the wrong file, a file cut short) than an intent. Such an import is refused until the
 * person confirms it.
 */

/**
 * What is counted of the data an import replaces. (Months are not: a usage import replaces only the
 * months it covers, each with rows of its own, so it never takes a month away.)
 */
export type ImpactMeasureName = "rows" | "customers" | "people";

/** One count of the replaced data: in effect before the import, and after it. */
export interface ImpactMeasure {
  readonly name: ImpactMeasureName;
  readonly before: number;
  readonly after: number;
}

/** How a usage import changes one month it covers. */
export interface UsageMonthChange {
  readonly month: YearMonth;
  /** True when an earlier import's data for this month is in effect, and is replaced. */
  readonly replaces: boolean;
  readonly rowsBefore: number;
  readonly rowsAfter: number;
  /** Customers with AI usage in the month. */
  readonly customersBefore: number;
  readonly customersAfter: number;
  /** Eligible AI ACR of the month (what the performance rule sums), exact decimal text. */
  readonly eligibleAcrBefore: string;
  readonly eligibleAcrAfter: string;
  /** After minus before, exact decimal text with its sign ("-120.50"). */
  readonly eligibleAcrChange: string;
}

/**
 * What an import replaces and how much of it remains. `replaces` is `kind` when the import replaces the
 * previous file of its kind, `months` for usage (the months the file covers), and `merge` for a
 * customer-project register, which adds and updates projects and removes none.
 */
export interface ImportImpact {
  readonly kind: string;
  readonly replaces: "kind" | "months" | "merge";
  /** The replaced data counted before and after (usage: within the months the file covers). */
  readonly measures: readonly ImpactMeasure[];
  /** The import leaves the kind with no records while some are in effect. */
  readonly emptiesKind: boolean;
  /** The measures of which the import removes more than half. */
  readonly halved: readonly ImpactMeasureName[];
  /** Whether the import must be confirmed (`confirmReplace`) before it is committed. */
  readonly needsConfirmation: boolean;
  /** Usage only: every month of the file, oldest first. */
  readonly months?: readonly UsageMonthChange[];
  /** Usage only: the change of eligible AI ACR over the months of the file, exact decimal text. */
  readonly eligibleAcrChange?: string;
  /** The reason a confirmation is needed, in words; null when none is. */
  readonly message: string | null;
  /**
   * Certifications only: the rows edited on the People page since the last import that the file would
   * change or remove, in words (each needs the confirmation too).
   */
  readonly conflicts?: readonly string[];
  /** Certifications only: what the file adds, changes and removes of the people records, line by line. */
  readonly people?: CertificationsPreview;
  /** Capability score only: the entry the file adds to the score's history. */
  readonly score?: ScorePreview;
}

const NOUNS: Record<ImpactMeasureName, [string, string]> = {
  rows: ["row", "rows"],
  customers: ["customer", "customers"],
  people: ["person", "people"],
};

/** "1 row", "1,200 rows". */
export function countOf(n: number, name: ImpactMeasureName): string {
  const [one, many] = NOUNS[name];
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * The impact of replacing `before` counts with `after` counts: empties the kind when records are in
 * effect and none remain; halves a measure when what remains is less than half of what was (strictly
 * more than half removed).
 */
export function impactOf(
  kind: string,
  replaces: "kind" | "months",
  measures: readonly ImpactMeasure[],
  scope: string,
): Pick<
  ImportImpact,
  "kind" | "replaces" | "measures" | "emptiesKind" | "halved" | "needsConfirmation" | "message"
> {
  const rows = measures.find((m) => m.name === "rows");
  const emptiesKind = rows !== undefined && rows.before > 0 && rows.after === 0;
  const halved = measures.filter((m) => m.before > 0 && m.after * 2 < m.before).map((m) => m.name);
  const needsConfirmation = emptiesKind || halved.length > 0;
  let message: string | null = null;
  if (emptiesKind) {
    message = `This import would leave ${scope} with no records: the ${countOf(rows?.before ?? 0, "rows")} in effect would be replaced by none.`;
  } else if (needsConfirmation) {
    const parts = measures
      .filter((m) => halved.includes(m.name))
      .map((m) => `${countOf(m.before - m.after, m.name)} of ${m.before.toLocaleString("en-US")}`);
    message = `This import would remove more than half of ${scope} in effect: ${parts.join(", ")}.`;
  }
  return { kind, replaces, measures, emptiesKind, halved, needsConfirmation, message };
}

/** Distinct values of a text field, ignoring case (people and customers are distinct so). */
function distinct<T>(records: readonly T[], key: (r: T) => string): number {
  return new Set(records.map((r) => key(r).toLowerCase())).size;
}

/** The kinds that replace the previous file of their kind, with what is counted of their records. */
const RECORD_MEASURES: Record<
  string,
  { readonly scope: string; readonly key?: readonly [ImpactMeasureName, (r: never) => string] }
> = {
  certifications: {
    scope: "the certifications",
    key: ["people", (r: { personId: string }) => r.personId],
  },
  "capability-score": { scope: "the capability score" },
  "audit-evidence": {
    scope: "the imported audit evidence",
    key: ["customers", (r: { customerTenantId: string }) => r.customerTenantId],
  },
  "audit-history": { scope: "the audit history" },
};

/**
 * The impact of an import of a record kind (certifications, capability score, audit evidence, audit
 * history): the new file replaces the records in effect (`before`, undefined when none was imported).
 * A customer-project register merges into the register instead, and so never needs a confirmation.
 */
export function recordsImpact(
  kind: string,
  before: readonly object[] | undefined,
  after: readonly object[],
): ImportImpact {
  const spec = RECORD_MEASURES[kind];
  if (spec === undefined) {
    return {
      kind,
      replaces: "merge",
      measures: [{ name: "rows", before: 0, after: after.length }],
      emptiesKind: false,
      halved: [],
      needsConfirmation: false,
      message: null,
    };
  }
  const old = before ?? [];
  const measures: ImpactMeasure[] = [{ name: "rows", before: old.length, after: after.length }];
  if (spec.key !== undefined) {
    const [name, key] = spec.key;
    const of = key as (r: object) => string;
    measures.push({ name, before: distinct(old, of), after: distinct(after, of) });
  }
  return impactOf(kind, "kind", measures, spec.scope);
}

function eligibleOf(summary: UsageSummary | undefined, month: YearMonth): Decimal {
  return summary === undefined ? ZERO : eligibleAcrInMonth(summary, month);
}

/**
 * The impact of a usage import, which replaces exactly the months it covers: each month's rows,
 * customers with AI usage and eligible AI ACR before and after, and, over those months together, the
 * rows and customers that remain. Months the file does not cover are untouched.
 *
 * @param inEffect the usage in effect, one summary per month (as stored).
 * @param file the usage of the file, one summary per month.
 */
export function usageImpact(
  inEffect: ReadonlyMap<YearMonth, UsageSummary>,
  file: ReadonlyMap<YearMonth, UsageSummary>,
): ImportImpact {
  const months: UsageMonthChange[] = [];
  let rowsBefore = 0;
  let rowsAfter = 0;
  const customersBefore = new Set<string>();
  const customersAfter = new Set<string>();
  let total = ZERO;
  for (const month of [...file.keys()].sort()) {
    const old = inEffect.get(month);
    const now = file.get(month);
    // A summary's customers are a map by key: its size is the month's count, its keys added as they are.
    for (const k of old?.customers.keys() ?? []) customersBefore.add(k);
    for (const k of now?.customers.keys() ?? []) customersAfter.add(k);
    const acrBefore = eligibleOf(old, month);
    const acrAfter = eligibleOf(now, month);
    const change = subtractDecimals(acrAfter, acrBefore);
    total = addDecimals(total, change);
    rowsBefore += old?.rowCount ?? 0;
    rowsAfter += now?.rowCount ?? 0;
    months.push({
      month,
      replaces: old !== undefined,
      rowsBefore: old?.rowCount ?? 0,
      rowsAfter: now?.rowCount ?? 0,
      customersBefore: old?.customers.size ?? 0,
      customersAfter: now?.customers.size ?? 0,
      eligibleAcrBefore: formatDecimal(acrBefore),
      eligibleAcrAfter: formatDecimal(acrAfter),
      eligibleAcrChange: formatDecimal(change),
    });
  }
  const replaced = months.filter((m) => m.replaces).map((m) => m.month);
  const scope =
    replaced.length === 1
      ? `the usage of ${replaced[0]}`
      : `the usage of the ${replaced.length} months it replaces`;
  const base = impactOf(
    "azure-usage",
    "months",
    [
      { name: "rows", before: rowsBefore, after: rowsAfter },
      { name: "customers", before: customersBefore.size, after: customersAfter.size },
    ],
    scope,
  );
  return { ...base, months, eligibleAcrChange: formatDecimal(total) };
}

/** "2025-08 (replaced: USD -1,200.00 eligible AI ACR)" lines of a usage import, for logs and messages. */
export function describeUsageMonths(months: readonly UsageMonthChange[]): string {
  return months
    .map((m) => {
      const change = formatUsd(parseValidDecimal(m.eligibleAcrChange));
      return `${m.month} (${m.replaces ? "replaced" : "new"}, eligible AI ACR ${m.eligibleAcrChange.startsWith("-") ? "" : "+"}${change})`;
    })
    .join(", ");
}
