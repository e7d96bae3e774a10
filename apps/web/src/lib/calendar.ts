/**
 * The two calendar steps the customer project register needs, as the core's rules take them
 * (packages/core/src/calendar/calendar-date.ts; calendar.test.ts checks they agree). Written out here
 * rather than imported: the core's entry point brings its program schemas into the page's bundle.
 * Dates are "YYYY-MM-DD" calendar dates, never instants: no time zone can shift them.
 */

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** The same day `months` later (or earlier), or that month's last day when it is shorter: 2024-02-29 + 12 months = 2025-02-28. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return format(y, m, Math.min(day, daysInMonth(y, m)));
}

function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  const d = new Date(Date.UTC(year, month - 1, day) + days * 86_400_000);
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * The last day on which `date` is still within `months` months: the latest day d with
 * d − months ≤ date (a project completed on 2023-02-28 still counts on 2024-02-29).
 */
export function lastDayWithin(date: string, months: number): string {
  const approx = addMonths(date, months);
  let last = approx;
  for (let i = 1; i <= 3; i++) {
    const d = addDays(approx, i);
    if (addMonths(d, -months) <= date) last = d;
  }
  return last;
}
