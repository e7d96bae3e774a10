/**
 * Calendar dates and months as plain ISO strings ("2025-09-10", "2025-09").
 *
 * Why strings and not `Date`: the rules speak of calendar days and months, never of instants. A `Date`
 * carries a time zone, and "2025-09-10" parsed in UTC-5 is the 9th. ISO strings also sort and compare
 * correctly as strings, serialize to JSON unchanged and mean the same in the browser and in Node.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;
/** A calendar month, `YYYY-MM`. */
export type YearMonth = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** True for leap years of the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days of a month (`month` is 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Builds a date from its parts; `undefined` when no such day exists. */
export function makeDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * Parses `YYYY-MM-DD` or US `M/D/YYYY` (leading zeros optional), the two forms Partner Center
 * downloads and Excel in the US locale produce. Impossible dates (`2024-13-45`, `2/30/2024`) give
 * `undefined`.
 */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  let m = ISO_DATE.exec(text);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = US_DATE.exec(text);
  if (m) return makeDate(Number(m[3]), Number(m[1]), Number(m[2]));
  return undefined;
}

/** Parses a month: `YYYY-MM`, or any date form `parseCalendarDate` accepts (the month it falls in). */
export function parseYearMonth(text: string): YearMonth | undefined {
  const m = ISO_MONTH.exec(text);
  if (m) {
    const month = Number(m[2]);
    const year = Number(m[1]);
    return month >= 1 && month <= 12 && year >= 1 ? `${m[1]}-${m[2]}` : undefined;
  }
  const date = parseCalendarDate(text);
  return date === undefined ? undefined : monthOf(date);
}

/** The parts of a valid date. */
export function dateParts(date: CalendarDate): { year: number; month: number; day: number } {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

/** The month a date falls in. */
export function monthOf(date: CalendarDate): YearMonth {
  return date.slice(0, 7);
}

/**
 * The same day of the month `months` months away, or that month's last day when it has no such day
 * (2024-01-31 + 1 month = 2024-02-29). Never a count of days.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const mo = (index % 12) + 1;
  if (y < 1) return FIRST_DATE;
  if (y > 9999) return LAST_DATE;
  return makeDate(y, mo, Math.min(day, daysInMonth(y, mo))) as CalendarDate;
}

/**
 * The first and last dates the calendar holds. Arithmetic past either end stays there: a record dated
 * 9999-12-31 is valid input, and what the rules compute from it (its expiry, its waiver's end) must not
 * fall off the calendar.
 */
export const FIRST_DATE: CalendarDate = "0001-01-01";
export const LAST_DATE: CalendarDate = "9999-12-31";

/** `addMonths(date, 12 * years)`: 2024-02-29 + 1 year = 2025-02-28. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, 12 * years);
}

/** The next or previous calendar day (`days` may be negative); used only for "the day after". */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  const t = Date.UTC(year, month - 1, day) + days * 86_400_000;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < 1) return FIRST_DATE;
  if (y > 9999) return LAST_DATE;
  return makeDate(y, d.getUTCMonth() + 1, d.getUTCDate()) as CalendarDate;
}

/** The month `months` months away from `ym`. */
export function addMonthsToMonth(ym: YearMonth, months: number): YearMonth {
  return monthOf(addMonths(`${ym}-01`, months));
}

/** The first day of a month. */
export function firstDayOf(ym: YearMonth): CalendarDate {
  return `${ym}-01`;
}

/** The last day of a month. */
export function lastDayOf(ym: YearMonth): CalendarDate {
  const year = Number(ym.slice(0, 4));
  const month = Number(ym.slice(5, 7));
  return makeDate(year, month, daysInMonth(year, month)) as CalendarDate;
}

/** Negative, zero or positive as `a` is before, on or after `b` (also works for months). */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earlier of two dates. */
export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

/** True when `start <= date <= end` (both ends included). */
export function isWithin(date: CalendarDate, start: CalendarDate, end: CalendarDate): boolean {
  return date >= start && date <= end;
}

/** Today's calendar date in the local time zone of the machine that runs the edge code. */
export function todayFrom(clock: Date): CalendarDate {
  return makeDate(clock.getFullYear(), clock.getMonth() + 1, clock.getDate()) as CalendarDate;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "June 2025": months as people say them, for explanations. */
export function formatMonth(ym: YearMonth): string {
  return `${MONTH_NAMES[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
}

/** "June": a month's name alone. */
export function monthName(ym: YearMonth): string {
  return MONTH_NAMES[Number(ym.slice(5, 7)) - 1] as string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * The last day on which `date` is still within `months` months: the latest day d with
 * d - months <= date. Usually date + months, but month ends make it later: a project completed on
 * 2023-02-28 is within twelve months of 2024-02-29 (2024-02-29 - 12 months = 2023-02-28).
 */
export function lastDayWithin(date: CalendarDate, months: number): CalendarDate {
  const approx = addMonths(date, months);
  let last = approx;
  for (let i = 1; i <= 3; i++) {
    const d = addDays(approx, i);
    if (addMonths(d, -months) <= date) last = d;
  }
  return last;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  const { year, month, day } = dateParts(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** True on Monday to Friday. Public holidays are not known to the program data, so they count. */
export function isBusinessDay(date: CalendarDate): boolean {
  const d = dayOfWeek(date);
  return d !== 0 && d !== 6;
}

/**
 * The day `days` business days after `date` (Monday to Friday): 2 business days after a Friday is the
 * Tuesday. `days` = 0 (or less: deadlines only count forward) is the date itself.
 */
export function addBusinessDays(date: CalendarDate, days: number): CalendarDate {
  let d = date;
  let left = days;
  while (left > 0) {
    d = addDays(d, 1);
    if (isBusinessDay(d)) left--;
  }
  return d;
}

/** Whole calendar days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  const x = dateParts(a);
  const y = dateParts(b);
  return Math.round(
    (Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / 86_400_000,
  );
}
