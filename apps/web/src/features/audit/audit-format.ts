import { addBusinessDays } from "@specready/core/calendar";
import { formatDate, formatUsd, isCalendarDate, normalizeDecimalText } from "../../lib/format";
import type { AuditPlan, GapReport, ResultModule, TimelineStep } from "./api";

type Locale = string | readonly string[] | undefined;

const ISO_DATE_IN_TEXT = /\b\d{4}-\d{2}-\d{2}\b/g;

/**
 * The API's sentences with their ISO dates in the user's format ("by 2025-10-10" → "by Oct 10, 2025"),
 * so a warning reads like the rest of the page. Anything that is not a real date stays as it is.
 */
export function localizeDates(text: string, locale?: Locale): string {
  return text.replace(ISO_DATE_IN_TEXT, (match) =>
    isCalendarDate(match) ? formatDate(match, locale) : match,
  );
}

/** "3600" → "$3,600" (whole dollars without cents), "2400.50" → "$2,400.50", in the user's locale. */
export function feeAmount(usd: string, locale?: Locale): string {
  const value = normalizeDecimalText(usd);
  if (value === null) return usd;
  const whole = !value.includes(".") || /\.0+$/.test(value);
  return formatUsd(value, locale, { cents: !whole });
}

/** "B" → "Module B", "A+B" → "Modules A+B". */
export function modulesLabel(modules: string): string {
  return modules.includes("+") ? `Modules ${modules}` : `Module ${modules}`;
}

/**
 * The checklist version to record with a result, from the plan's checklists live on the audit date:
 * one module's version, or both ("A 2024-08, B V1.7") for an A+B audit. Empty when the plan has none.
 */
export function checklistVersionFor(
  module: ResultModule,
  checklists: AuditPlan["checklists"] | undefined,
): string {
  const a = checklists?.A?.version ?? null;
  const b = checklists?.B?.version ?? null;
  if (module === "A") return a ?? "";
  if (module === "B") return b ?? "";
  if (a !== null && b !== null) return `A ${a}, B ${b}`;
  return a ?? b ?? "";
}

/** The date in parentheses at the end of a step's basis ("… after the audit (2025-10-01)"), if any. */
export function basisDate(basis: string): string | null {
  const m = /\((\d{4}-\d{2}-\d{2})\)\s*$/.exec(basis);
  return m !== null && isCalendarDate(m[1] as string) ? (m[1] as string) : null;
}

export interface AcknowledgementDeadline {
  readonly due: string;
  /** "2 business days", from the plan's process data. */
  readonly within: string;
}

/**
 * When the partner has to acknowledge a gap report: the plan timeline's date when it counts from this
 * report, else the same rule (the step's business days, 2 by default) counted from the day it was issued.
 */
export function acknowledgementDue(
  report: Pick<GapReport, "issuedOn">,
  timeline: readonly TimelineStep[] | undefined,
): AcknowledgementDeadline | null {
  if (!isCalendarDate(report.issuedOn)) return null;
  const step = timeline?.find((s) => s.id === "acknowledgement");
  const gap = timeline?.find((s) => s.id === "gap-report");
  const count = step?.within.count ?? 2;
  const unit = step?.within.unit ?? "business days";
  const within = `${count} ${count === 1 ? unit.replace(/s$/, "") : unit}`;
  if (step?.due != null && gap?.planned === report.issuedOn) return { due: step.due, within };
  if (unit !== "business days") return null;
  return { due: addBusinessDays(report.issuedOn, count), within };
}
