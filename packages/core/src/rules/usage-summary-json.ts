import type { YearMonth } from "../calendar/calendar-date.js";
import { type Decimal, formatDecimal, parseDecimal } from "../money/decimal.js";
import {
  type CustomerUsage,
  NO_UNCHECKED,
  type UncheckedCounts,
  type UsageCounts,
  type UsageSummary,
} from "./usage-summary.js";

/**
 * A `UsageSummary` as JSON: maps become arrays of entries (their order is kept, even by a database that
 * reorders object keys, and any text is a safe key) and amounts become exact decimal text with their
 * scale ("12.50" stays 12.50, not 12.5).
 */
export interface UsageSummaryJson {
  readonly version: 1;
  readonly file: string;
  readonly totals: UsageCountsJson;
  /** Counts per month, oldest first. */
  readonly months: readonly (readonly [YearMonth, UsageCountsJson])[];
  readonly customers: readonly CustomerUsageJson[];
  /**
   * For a program with performance sub-rules: the summary of each sub-rule's rows (`UsageSummary.byRule`),
   * by its key. Absent for the one-rule form, so the AI program's summaries are written as before.
   */
  readonly rules?: readonly (readonly [string, UsageSummaryJson])[];
}

/** `UsageCounts` as JSON. */
export interface UsageCountsJson {
  readonly rowCount: number;
  readonly eligibleRowCount: number;
  readonly notAi: number;
  readonly duplicates: number;
  readonly governmentPal: number;
  readonly excludedOffers: readonly (readonly [string, number])[];
  readonly ineligibleAttributions: readonly (readonly [string, number])[];
  /** Absent in summaries stored before it was counted: read as zeros. */
  readonly unchecked?: UncheckedCounts;
}

/** `CustomerUsage` as JSON; the customer's key is its lower-cased tenant id. */
export interface CustomerUsageJson {
  readonly tenantId: string;
  readonly name: string | null;
  /** Present (true) when the tenant is the partner's own; summaries stored before it was kept lack it. */
  readonly partnerOwnTenant?: true;
  readonly eligible: readonly (readonly [YearMonth, string])[];
  readonly ineligible: readonly (readonly [YearMonth, readonly (readonly [string, string])[]])[];
}

/** A usage summary as plain JSON data, for storing it (`usageSummaryFromJson` reads it back exactly). */
export function usageSummaryToJson(summary: UsageSummary): UsageSummaryJson {
  return {
    version: 1,
    file: summary.file,
    totals: countsToJson(summary),
    months: [...summary.byMonth].map(([month, counts]) => [month, countsToJson(counts)]),
    customers: [...summary.customers.values()].map((c) => ({
      tenantId: c.tenantId,
      name: c.name ?? null,
      ...(c.partnerOwnTenant === true ? { partnerOwnTenant: true as const } : {}),
      // In month order: the same file gives the same JSON however it was read (`CustomerUsage.eligible`).
      eligible: [...c.eligible]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([month, amount]) => [month, decimalToJson(amount)]),
      ineligible: [...c.ineligible].map(([month, reasons]) => [
        month,
        [...reasons].map(([reason, amount]) => [reason, decimalToJson(amount)]),
      ]),
    })),
    ...(summary.byRule === undefined
      ? {}
      : { rules: [...summary.byRule].map(([key, s]) => [key, usageSummaryToJson(s)] as const) }),
  };
}

/**
 * Strings as `JSON.stringify` writes them, remembered: the months of one file name the same customers,
 * months and reasons again and again (a 1,000,000-row export: 33,600 customer entries over 15 months, of
 * about 3,000 customers). Give one to `usageSummaryToJsonText` for each month of a file.
 */
export class JsonStrings {
  private readonly texts = new Map<string, string>();

  /** `JSON.stringify(text)`. */
  quote(text: string): string {
    let quoted = this.texts.get(text);
    if (quoted === undefined) {
      quoted = JSON.stringify(text);
      this.texts.set(text, quoted);
    }
    return quoted;
  }
}

/**
 * `JSON.stringify(usageSummaryToJson(summary))`, the same text, written directly: a server stores each
 * month of a 1,000,000-row export (about 3,000 customers, 370 KB of text a month) and building the
 * object graph first took three times as long as the text. Only the customers are written by hand;
 * strings go through `JSON.stringify`, so they are escaped exactly as it escapes them (once each, with
 * `strings` shared by the months of a file).
 */
export function usageSummaryToJsonText(summary: UsageSummary, strings = new JsonStrings()): string {
  const q = (text: string) => strings.quote(text);
  let text = `{"version":1,"file":${q(summary.file)},"totals":${JSON.stringify(countsToJson(summary))},"months":${JSON.stringify([...summary.byMonth].map(([month, counts]) => [month, countsToJson(counts)]))},"customers":[`;
  let first = true;
  for (const c of summary.customers.values()) {
    text += `${first ? "" : ","}{"tenantId":${q(c.tenantId)},"name":${c.name === undefined ? "null" : q(c.name)}${c.partnerOwnTenant === true ? ',"partnerOwnTenant":true' : ""},"eligible":[`;
    first = false;
    // In month order, as `usageSummaryToJson` writes them (most customers have one month: no sort).
    const eligible =
      c.eligible.size > 1 ? [...c.eligible].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : c.eligible;
    let firstMonth = true;
    for (const [month, amount] of eligible) {
      text += `${firstMonth ? "" : ","}[${q(month)},"${decimalToJson(amount)}"]`;
      firstMonth = false;
    }
    text += '],"ineligible":[';
    firstMonth = true;
    for (const [month, reasons] of c.ineligible) {
      text += `${firstMonth ? "" : ","}[${q(month)},[`;
      firstMonth = false;
      let firstReason = true;
      for (const [reason, amount] of reasons) {
        text += `${firstReason ? "" : ","}[${q(reason)},"${decimalToJson(amount)}"]`;
        firstReason = false;
      }
      text += "]]";
    }
    text += "]}";
  }
  text += "]";
  if (summary.byRule !== undefined) {
    text += ',"rules":[';
    let firstRule = true;
    for (const [key, s] of summary.byRule) {
      text += `${firstRule ? "" : ","}[${q(key)},${usageSummaryToJsonText(s, strings)}]`;
      firstRule = false;
    }
    text += "]";
  }
  return `${text}}`;
}

/**
 * Reads back what `usageSummaryToJson` wrote: the same summary, amounts with their exact scale, maps in
 * their order. Throws on data it did not write (another version, an amount that is not decimal text).
 */
export function usageSummaryFromJson(json: UsageSummaryJson): UsageSummary {
  if (json.version !== 1)
    throw new Error(`usage summary JSON of version ${String(json.version)} is not known`);
  const customers = new Map<string, CustomerUsage>();
  for (const c of json.customers) {
    customers.set(c.tenantId.toLowerCase(), {
      tenantId: c.tenantId,
      name: c.name ?? undefined,
      ...(c.partnerOwnTenant === true ? { partnerOwnTenant: true } : {}),
      eligible: new Map(c.eligible.map(([month, amount]) => [month, decimalFromJson(amount)])),
      ineligible: new Map(
        c.ineligible.map(([month, reasons]) => [
          month,
          new Map(reasons.map(([reason, amount]) => [reason, decimalFromJson(amount)])),
        ]),
      ),
    });
  }
  return {
    file: json.file,
    ...countsFromJson(json.totals),
    customers,
    byMonth: new Map(json.months.map(([month, counts]) => [month, countsFromJson(counts)])),
    ...(json.rules === undefined
      ? {}
      : { byRule: new Map(json.rules.map(([key, s]) => [key, usageSummaryFromJson(s)])) }),
  };
}

function countsToJson(counts: UsageCounts): UsageCountsJson {
  return {
    rowCount: counts.rowCount,
    eligibleRowCount: counts.eligibleRowCount,
    notAi: counts.ignored.notAi,
    duplicates: counts.ignored.duplicates,
    governmentPal: counts.ignored.governmentPal,
    excludedOffers: [...counts.ignored.excludedOffers],
    ineligibleAttributions: [...counts.ignored.ineligibleAttributions],
    unchecked: { ...counts.unchecked },
  };
}

function countsFromJson(json: UsageCountsJson): UsageCounts {
  return {
    rowCount: json.rowCount,
    eligibleRowCount: json.eligibleRowCount,
    ignored: {
      notAi: json.notAi,
      duplicates: json.duplicates,
      governmentPal: json.governmentPal,
      excludedOffers: new Map(json.excludedOffers),
      ineligibleAttributions: new Map(json.ineligibleAttributions),
    },
    unchecked: json.unchecked ?? NO_UNCHECKED,
  };
}

const SAFE_UNITS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Decimal text with exactly the amount's scale, so parsing it gives back the same units and scale:
 * `formatDecimal(amount, amount.scale)`, through a number when the units are a safe integer (every
 * realistic amount; a bigint's digits cost several times more).
 */
export function decimalToJson(amount: Decimal): string {
  const { units, scale } = amount;
  if (units > SAFE_UNITS || units < -SAFE_UNITS) return formatDecimal(amount, scale);
  const n = Number(units);
  const negative = n < 0;
  let digits = String(negative ? -n : n);
  if (scale > 0) {
    if (digits.length <= scale) digits = digits.padStart(scale + 1, "0");
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

function decimalFromJson(text: string): Decimal {
  const amount = parseDecimal(text);
  if (amount === undefined || text.includes(",")) {
    throw new Error(`usage summary JSON: "${text}" is not an amount written by usageSummaryToJson`);
  }
  return amount;
}
