import { addDays, type CalendarDate } from "../calendar/calendar-date.js";
import type { ChangeEvent, RequirementResult, RequirementStatus } from "../rules/evaluation-types.js";

/** A day on which a requirement's status differs from the day before. */
export interface StatusFlip {
  readonly date: CalendarDate;
  readonly from: RequirementStatus;
  readonly to: RequirementStatus;
}

/**
 * Evaluates a requirement on every day after `from` up to `to` (both included) and lists the days on
 * which its status differs from the day before: the status changes the change events must announce.
 */
export function statusFlips(
  evaluateAt: (date: CalendarDate) => RequirementStatus,
  from: CalendarDate,
  to: CalendarDate,
): StatusFlip[] {
  const flips: StatusFlip[] = [];
  let previous = evaluateAt(from);
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    const status = evaluateAt(date);
    if (status !== previous) flips.push({ date, from: previous, to: status });
    previous = status;
  }
  return flips;
}

/** The change events that say the status changes, as flips (for comparison with `statusFlips`). */
export function announcedFlips(result: RequirementResult, to: CalendarDate): StatusFlip[] {
  const flips: StatusFlip[] = [];
  let previous = result.status;
  for (const e of result.changes) {
    if (e.date > to) break;
    if (e.statusChanges) flips.push({ date: e.date, from: previous, to: e.status });
    previous = e.status;
  }
  return flips;
}

/** The dates of change events, in order. */
export function changeDates(changes: readonly ChangeEvent[]): CalendarDate[] {
  return changes.map((c) => c.date);
}
