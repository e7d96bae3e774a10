import {
  addMonthsToMonth,
  type CalendarDate,
  dateParts,
  formatMonth,
  makeDate,
  monthOf,
  type YearMonth,
} from "../calendar/calendar-date.js";
import type { Program } from "../program/program-definition.js";
import type { Gap, RequirementResult } from "./evaluation-types.js";

/*
 * Partner Center shows a month's ACR some days after the month ends: in the Azure usage report download
 * after the 5th of the next month, and in the specialization's progress by about the 20th (program data,
 * sourced). A result read from the files as of a date is what Partner Center shows only from then.
 */

/** "1st", "2nd", "3rd", "20th", "21st". */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** A day of the month after `month` (the day exists in every month: the schema caps it at 28). */
function dayOfNextMonth(month: YearMonth, day: number): CalendarDate {
  const next = addMonthsToMonth(month, 1);
  const { year, month: m } = dateParts(`${next}-01`);
  return makeDate(year, m, day) as CalendarDate;
}

/** When Partner Center shows a month's ACR: in the usage report and in the specialization's progress. */
export function monthShownOn(
  program: Program,
  month: YearMonth,
): { inUsageReport: CalendarDate; inSpecializationProgress: CalendarDate } | null {
  const a = program.performance.dataAvailability;
  if (a === undefined) return null;
  return {
    inUsageReport: dayOfNextMonth(month, a.usageReportFinalAfterDay + 1),
    inSpecializationProgress: dayOfNextMonth(month, a.specializationProgressByDay),
  };
}

/**
 * The performance result with a gap saying when Partner Center shows the months it depends on: the last
 * month of the window, while its refresh is still to come, and the month in progress, which the next
 * window takes in.
 */
export function withDataLag<R extends RequirementResult>(program: Program, result: R, asOf: CalendarDate): R {
  if (result.status === "no_data") return result;
  const current = monthOf(asOf);
  const last = addMonthsToMonth(current, -1);
  const lastShown = monthShownOn(program, last);
  const currentShown = monthShownOn(program, current);
  if (lastShown === null || currentShown === null) return result;
  const words: string[] = [];
  if (asOf < lastShown.inSpecializationProgress) {
    words.push(
      `Partner Center shows ${formatMonth(last)}, the last month of this window, in the specialization's progress by about ${lastShown.inSpecializationProgress} (it refreshes performance by the ${ordinal(program.performance.dataAvailability?.specializationProgressByDay ?? 0)} of each month): until then it may still show the window before.`,
    );
  }
  if (result.status !== "met") {
    words.push(
      `${formatMonth(current)}, the month in progress, shows in the Azure usage report download from ${currentShown.inUsageReport} and in the specialization's progress by about ${currentShown.inSpecializationProgress}: a result that depends on it can be seen in Partner Center, and applied for, only from then.`,
    );
  }
  if (words.length === 0) return result;
  const gap: Gap = { code: "performance.data-lag", message: words.join(" ") };
  return { ...result, gaps: [...result.gaps, gap] };
}
