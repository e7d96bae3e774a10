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

const SAFE_UNITS = BigInt(Number.MAX_SAFE_INTEGER);
/**
 * The Encoding API's UTF-8 codec, in every browser and in Node.js (not in ES2023's library, which this
 * package is compiled against, hence the types given here).
 */
const encoding = globalThis as unknown as {
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new () => { decode(bytes: Uint8Array): string };
};
let codec:
  | {
      readonly utf8: { encode(text: string): Uint8Array };
      readonly fromUtf8: { decode(bytes: Uint8Array): string };
    }
  | undefined;
/** Made on first use: loading this module needs neither. */
function utf8Codec() {
  codec ??= { utf8: new encoding.TextEncoder(), fromUtf8: new encoding.TextDecoder() };
  return codec;
}

/**
 * Strings as `JSON.stringify` writes them, in UTF-8, remembered: the months of one file name the same
 * customers, months and reasons again and again (a 1,000,000-row export: 33,600 customer entries over 15
 * months, of about 3,000 customers). Give one to `usageSummaryToJsonText` for each month of a file.
 */
export class JsonStrings {
  private readonly texts = new Map<string, Uint8Array>();

  /** The UTF-8 bytes of `JSON.stringify(text)`. */
  quoted(text: string): Uint8Array {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    // JSON.stringify escapes lone surrogates: what it writes is well-formed, and encodes exactly.
    const bytes = utf8Codec().utf8.encode(JSON.stringify(text));
    this.texts.set(text, bytes);
    return bytes;
  }
}

/**
 * Text written as UTF-8 bytes into one growing buffer, read once as a string at the end. Building a
 * month's text of a few hundred kilobytes from a hundred thousand pieces made as many string objects,
 * all alive until the end: in a reading process holding a large summary, the young generation's
 * collections copied them again and again.
 */
class Utf8Writer {
  private buffer = new Uint8Array(64 * 1024);
  private at = 0;

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.at + bytes));
    grown.set(this.buffer.subarray(0, this.at));
    this.buffer = grown;
  }

  /** Text known to be ASCII (the JSON's own punctuation and names, digits). */
  ascii(text: string): void {
    this.room(text.length);
    const b = this.buffer;
    let at = this.at;
    for (let i = 0; i < text.length; i++) b[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** Any text. */
  text(text: string): void {
    this.bytes(utf8Codec().utf8.encode(text));
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** `"` + `decimalToJson(amount)` + `"`. */
  quotedDecimal(amount: Decimal): void {
    this.ascii(`"${decimalToJson(amount)}"`);
  }

  /** The text written, as a (flat) string. */
  done(): string {
    return utf8Codec().fromUtf8.decode(this.buffer.subarray(0, this.at));
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
  const out = new Utf8Writer();
  writeSummary(out, summary, strings);
  return out.done();
}

function writeSummary(out: Utf8Writer, summary: UsageSummary, strings: JsonStrings): void {
  // No closure for the quoting: one made per month is a new call target, and the optimized code of the
  // loop is thrown away each month.
  out.ascii('{"version":1,"file":');
  out.bytes(strings.quoted(summary.file));
  out.ascii(',"totals":');
  out.text(JSON.stringify(countsToJson(summary)));
  out.ascii(',"months":');
  out.text(JSON.stringify([...summary.byMonth].map(([month, counts]) => [month, countsToJson(counts)])));
  out.ascii(',"customers":[');
  let first = true;
  for (const c of summary.customers.values()) {
    out.ascii(first ? '{"tenantId":' : ',{"tenantId":');
    first = false;
    out.bytes(strings.quoted(c.tenantId));
    out.ascii(',"name":');
    if (c.name === undefined) out.ascii("null");
    else out.bytes(strings.quoted(c.name));
    if (c.partnerOwnTenant === true) out.ascii(',"partnerOwnTenant":true');
    out.ascii(',"eligible":[');
    // In month order, as `usageSummaryToJson` writes them (most customers have one month: no sort).
    const eligible =
      c.eligible.size > 1 ? [...c.eligible].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : c.eligible;
    let firstMonth = true;
    for (const [month, amount] of eligible) {
      out.ascii(firstMonth ? "[" : ",[");
      firstMonth = false;
      out.bytes(strings.quoted(month));
      out.ascii(",");
      out.quotedDecimal(amount);
      out.ascii("]");
    }
    out.ascii('],"ineligible":[');
    firstMonth = true;
    for (const [month, reasons] of c.ineligible) {
      out.ascii(firstMonth ? "[" : ",[");
      firstMonth = false;
      out.bytes(strings.quoted(month));
      out.ascii(",[");
      let firstReason = true;
      for (const [reason, amount] of reasons) {
        out.ascii(firstReason ? "[" : ",[");
        firstReason = false;
        out.bytes(strings.quoted(reason));
        out.ascii(",");
        out.quotedDecimal(amount);
        out.ascii("]");
      }
      out.ascii("]]");
    }
    out.ascii("]}");
  }
  out.ascii("]");
  if (summary.byRule !== undefined) {
    out.ascii(',"rules":[');
    let firstRule = true;
    for (const [key, s] of summary.byRule) {
      out.ascii(firstRule ? "[" : ",[");
      firstRule = false;
      out.bytes(strings.quoted(key));
      out.ascii(",");
      writeSummary(out, s, strings);
      out.ascii("]");
    }
    out.ascii("]");
  }
  out.ascii("}");
}

/**
 * Reads back what `usageSummaryToJson` wrote: the same summary, amounts with their exact scale, maps in
 * their order. Throws on data it did not write (another version, an amount that is not decimal text).
 */
export function usageSummaryFromJson(json: UsageSummaryJson): UsageSummary {
  if (json.version !== 1)
    throw new Error(`usage summary JSON of version ${String(json.version)} is not known`);
  const customers = new Map<string, CustomerUsage>();
  // Loops rather than arrays mapped into maps: a large month has tens of thousands of entries, and the
  // arrays in between were as many objects to collect.
  for (const c of json.customers) {
    const eligible = new Map<YearMonth, Decimal>();
    for (const [month, amount] of c.eligible) eligible.set(month, decimalFromJson(amount));
    const ineligible = new Map<YearMonth, Map<string, Decimal>>();
    for (const [month, reasons] of c.ineligible) {
      const byReason = new Map<string, Decimal>();
      for (const [reason, amount] of reasons) byReason.set(reason, decimalFromJson(amount));
      ineligible.set(month, byReason);
    }
    const name = c.name ?? undefined;
    customers.set(
      c.tenantId.toLowerCase(),
      c.partnerOwnTenant === true
        ? { tenantId: c.tenantId, name, partnerOwnTenant: true, eligible, ineligible }
        : { tenantId: c.tenantId, name, eligible, ineligible },
    );
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
  // What `decimalToJson` writes, of up to 15 digits (every realistic amount): an optional minus, digits,
  // and a point followed by digits, summed as the characters are checked. Anything else is checked
  // and read in full below.
  const length = text.length;
  if (length <= 16) {
    const negative = text.charCodeAt(0) === 0x2d;
    let units = 0;
    let digits = 0;
    let scale = -1;
    let i = negative ? 1 : 0;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) {
        units = units * 10 + (c - 0x30);
        digits++;
        if (scale >= 0) scale++;
      } else if (c === 0x2e && scale < 0 && digits > 0) scale = 0;
      else break;
    }
    if (i === length && digits > 0 && digits <= 15 && scale !== 0)
      return { units: BigInt(negative ? -units : units), scale: Math.max(scale, 0) };
  }
  const amount = parseDecimal(text);
  if (amount === undefined || text.includes(",")) {
    throw new Error(`usage summary JSON: "${text}" is not an amount written by usageSummaryToJson`);
  }
  return amount;
}
