/* Small generators the property tests share. */
import fc from "fast-check";
import { addDays, type CalendarDate, daysBetween } from "../calendar/calendar-date.js";

/** A date between two dates (both included). */
export function dateBetween(from: CalendarDate, to: CalendarDate): fc.Arbitrary<CalendarDate> {
  return fc.integer({ min: 0, max: daysBetween(from, to) }).map((n) => addDays(from, n));
}

/** `arb` or undefined, with the given weights. */
export function maybe<T>(arb: fc.Arbitrary<T>, present = 1, absent = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: present, arbitrary: arb }, { weight: absent, arbitrary: fc.constant(undefined) });
}
