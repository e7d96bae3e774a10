/**
 * Locale-aware formatting of what the API sends as text: money as decimal text ("2150.33"), calendar
 * dates ("2025-09-10"), months ("2025-09") and UTC timestamps.
 *
 * Calendar dates are formatted in UTC on purpose: "2025-09-10" is a day, not an instant, and formatting
 * it in the user's time zone would show the 9th west of Greenwich. Timestamps are instants and are
 * shown in the user's time zone.
 *
 * `locale` is undefined in the app (the browser's languages decide); tests pass one.
 */

import { parseCalendarDate, todayFrom } from "@specready/core/calendar";

export type Locale = string | readonly string[] | undefined;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${String(locale)}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (f === undefined) {
    f = new Intl.NumberFormat(locale as string | string[] | undefined, options);
    cache.set(key, f);
  }
  return f;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${String(locale)}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale as string | string[] | undefined, options);
    cache.set(key, f);
  }
  return f;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** The decimal text the API sends, without the thousands separators a file may have kept; null if not a number. */
export function normalizeDecimalText(text: string): `${number}` | null {
  const t = text.trim().replace(/,/g, "");
  return DECIMAL.test(t) ? (t as `${number}`) : null;
}

/**
 * "2150.33" → "$2,150.33" (en-US), "2 150,33 $US" (fr-FR). The text is handed to Intl as a string, so it
 * is formatted exactly, never through a binary float. Text that is not a number is returned as is.
 */
export function formatUsd(text: string, locale?: Locale, options: { cents?: boolean } = {}): string {
  const value = normalizeDecimalText(text);
  if (value === null) return text;
  const cents = options.cents ?? true;
  return numberFormat(locale, {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: cents ? 2 : 0,
    maximumFractionDigits: cents ? 2 : 0,
  }).format(value);
}

/** A short money label for chart axes: "$2K", "$12.5K". */
export function formatUsdCompact(value: number, locale?: Locale): string {
  return numberFormat(locale, {
    style: "currency",
    currency: "USD",
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(value);
}

/** A count or a decimal text as a number in the user's locale ("12345" → "12,345"). */
export function formatNumber(value: number | string, locale?: Locale, maximumFractionDigits = 2): string {
  if (typeof value === "string") {
    const t = normalizeDecimalText(value);
    if (t === null) return value;
    return numberFormat(locale, { maximumFractionDigits }).format(t);
  }
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

/** 0.4567 → "46%". */
export function formatPercent(ratio: number, locale?: Locale): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(ratio);
}

/** A byte count for people: "1.4 MB". */
export function formatBytes(bytes: number, locale?: Locale): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return numberFormat(locale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: unit === 0 ? "long" : "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** The UTC instant of a calendar date's midnight, for formatting and chart geometry. */
export function calendarDateToUtc(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (m === null) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** "2025-09-10" → "Sep 10, 2025" (en-US medium), "10 sept. 2025" (fr-FR). */
export function formatDate(
  date: string | null | undefined,
  locale?: Locale,
  style: "medium" | "long" | "short" = "medium",
): string {
  if (date === null || date === undefined || date === "") return "—";
  const t = calendarDateToUtc(date);
  if (t === null) return date;
  return dateFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(t);
}

/** "2025-09" → "September 2025" (long) or "Sep 2025" (short). */
export function formatMonth(month: string, locale?: Locale, style: "long" | "short" = "long"): string {
  const m = ISO_MONTH.exec(month);
  if (m === null) return month;
  return dateFormat(locale, { month: style, year: "numeric", timeZone: "UTC" }).format(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, 1),
  );
}

/** A month on a chart axis: "Sep", or "Jan 2026" where the year should show (first bar, January). */
export function formatMonthAxis(month: string, withYear: boolean, locale?: Locale): string {
  const m = ISO_MONTH.exec(month);
  if (m === null) return month;
  const options: Intl.DateTimeFormatOptions = withYear
    ? { month: "short", year: "numeric", timeZone: "UTC" }
    : { month: "short", timeZone: "UTC" };
  return dateFormat(locale, options).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** An ISO timestamp in the user's time zone: "Sep 10, 2025, 2:03 PM". */
export function formatTimestamp(iso: string | null | undefined, locale?: Locale, timeZone?: string): string {
  if (iso === null || iso === undefined || iso === "") return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return dateFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(t);
}

/** The day of an ISO timestamp in the user's time zone: "Sep 10, 2025". */
export function formatTimestampDate(
  iso: string | null | undefined,
  locale?: Locale,
  timeZone?: string,
): string {
  if (iso === null || iso === undefined || iso === "") return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return dateFormat(locale, { dateStyle: "medium", ...(timeZone ? { timeZone } : {}) }).format(t);
}

/** Today in the user's time zone as a calendar date: the day the person at the screen calls today. */
export function todayIso(clock: Date = new Date()): string {
  return todayFrom(clock);
}

/** True for an existing `YYYY-MM-DD` date (the core's calendar decides which days exist). */
export function isCalendarDate(text: string): boolean {
  return ISO_DATE.test(text) && parseCalendarDate(text) !== undefined;
}

/** "3 people", "1 person": English words for the counts the UI writes in sentences. */
export function plural(count: number, one: string, many = `${one}s`, locale?: Locale): string {
  return `${formatNumber(count, locale)} ${count === 1 ? one : many}`;
}

/** "a, b and c" in the user's language. */
export function listInWords(
  items: readonly string[],
  locale?: Locale,
  type: "conjunction" | "disjunction" = "conjunction",
): string {
  return new Intl.ListFormat(locale as string | string[] | undefined, { style: "long", type }).format(items);
}
