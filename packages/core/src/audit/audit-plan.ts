import { addBusinessDays, addDays, addMonths, type CalendarDate } from "../calendar/calendar-date.js";
import type { ChecklistDefinition, Program } from "../program/program-definition.js";
import {
  type ChecklistRef,
  type ChecklistUse,
  checklistInEffect,
  checklistRef,
  programOnDate,
} from "../program/program-selection.js";
import { plural } from "../rules/resources.js";

export type AuditModules = "B" | "A+B";

/**
 * Checklists change twice a year: a version without a known end, live for more than this many months on
 * the audit date, may have a successor that is not installed yet.
 */
export const CHECKLIST_REVIEW_MONTHS = 6;

/** What the partner plans, and what already happened. */
export interface AuditPlanInput {
  readonly applicationDate: CalendarDate | null;
  readonly auditDate: CalendarDate | null;
  readonly modules: AuditModules;
  /**
   * When the auditor issued the gap report. `null`: the audit left no open action items, so there is
   * no gap report and the final report counts from the audit; absent: not known yet, so the deadlines
   * assume the gap steps happen.
   */
  readonly gapReportIssuedOn?: CalendarDate | null | undefined;
}

/** A checklist version as the plan names it: the one live on the audit date. */
export type ChecklistOnDate = ChecklistRef;

export interface TimelineStep {
  readonly id: string;
  readonly step: string;
  readonly within: { readonly count: number; readonly unit: string };
  /** The event the deadline counts from, in words, with its date. */
  readonly basis: string;
  /** The latest day for the step; null while the event it counts from has no date. */
  readonly due: CalendarDate | null;
  /** For the audit itself: the planned date. */
  readonly planned: CalendarDate | null;
  readonly onlyWithGaps: boolean;
}

export interface AuditPlanView {
  readonly applicationDate: CalendarDate | null;
  readonly auditDate: CalendarDate | null;
  readonly modules: AuditModules;
  /** The checklist version of each module live on the audit date (null: none in the program data). */
  readonly checklists: { readonly A: ChecklistOnDate | null; readonly B: ChecklistOnDate | null };
  /** For each module, the version readiness is measured against on the audit date, and why. */
  readonly measuredAgainst: readonly ChecklistUse[];
  readonly timeline: readonly TimelineStep[];
  readonly fees: readonly { readonly modules: string; readonly usd: string; readonly applies: boolean }[];
  readonly warnings: readonly string[];
  /** How the dates were computed. */
  readonly rule: string;
}

/**
 * The checklist of a module live on a date: the installed version whose dates hold it. A partner is
 * audited on the version live on the audit date, not the application date.
 */
export function checklistOn(
  program: Program,
  module: "A" | "B",
  date: CalendarDate,
): ChecklistDefinition | null {
  return checklistInEffect(program.checklistVersions, module, date);
}

/** A date plus a deadline of the program's process. */
function deadline(from: CalendarDate, within: { count: number; unit: string }): CalendarDate {
  if (within.unit === "business days") return addBusinessDays(from, within.count);
  if (within.unit === "calendar days") return addDays(from, within.count);
  return from; // hours: the same day
}

/**
 * The audit plan with its process deadlines (from the program's `audit.process`: business days are
 * Monday to Friday), the checklist versions live on the audit date, and the fees by module. Microsoft's
 * validation date is not known in advance: the deadlines count from the application date.
 */
export function auditPlanView(
  program: Program,
  plan: AuditPlanInput,
  options: { moduleAWaived: boolean },
): AuditPlanView {
  const events = new Map<string, CalendarDate | null>([["approval", plan.applicationDate]]);
  const names = new Map<string, string>([["approval", "the application"]]);
  const timeline: TimelineStep[] = [];
  for (const s of program.audit.process) {
    const fromId =
      s.fromWithoutGaps !== undefined && plan.gapReportIssuedOn === null ? s.fromWithoutGaps : s.from;
    const start = events.get(fromId) ?? null;
    const due = start === null ? null : deadline(start, s.within);
    const planned =
      s.id === "audit" ? plan.auditDate : s.id === "gap-report" ? (plan.gapReportIssuedOn ?? null) : null;
    events.set(s.id, planned ?? due);
    names.set(s.id, s.step.charAt(0).toLowerCase() + s.step.slice(1));
    timeline.push({
      id: s.id,
      step: s.step,
      within: s.within,
      basis: `${plural(s.within.count, s.within.unit.replace(/s$/, ""), s.within.unit)} after ${s.after}${start === null ? "" : ` (${start})`}`,
      due,
      planned,
      onlyWithGaps: s.onlyWithGaps,
    });
  }

  const warnings: string[] = [];
  const a = plan.auditDate === null ? null : checklistOn(program, "A", plan.auditDate);
  const b = plan.auditDate === null ? null : checklistOn(program, "B", plan.auditDate);
  const measuredAgainst = plan.auditDate === null ? [] : programOnDate(program, plan.auditDate).checklists;
  if (plan.auditDate !== null) {
    for (const use of measuredAgainst) {
      if (use.inEffect === null || use.inEffect.id !== use.measuredAgainst.id) warnings.push(use.reason);
    }
    for (const c of [a, b]) {
      if (c === null || c.effectiveTo !== null) continue;
      if (addMonths(c.effectiveFrom, CHECKLIST_REVIEW_MONTHS) < plan.auditDate)
        warnings.push(
          `Module ${c.module} ${c.version} has been live since ${c.effectiveFrom}; checklists change twice a year, so check that no newer version applies on ${plan.auditDate}.`,
        );
    }
  }
  const audit = timeline.find((t) => t.id === "audit");
  if (plan.applicationDate !== null && plan.auditDate !== null) {
    if (plan.auditDate < plan.applicationDate)
      warnings.push(
        `The audit date ${plan.auditDate} is before the application date ${plan.applicationDate}.`,
      );
    else if (audit?.due != null && plan.auditDate > audit.due)
      warnings.push(
        `The audit must take place by ${audit.due}, within ${plural(audit.within.count, "calendar day")} of the application's approval; ${plan.auditDate} is later.`,
      );
  }
  if (plan.modules === "B" && !options.moduleAWaived)
    warnings.push("Module A is not waived on the audit date: the audit has to cover Modules A and B.");

  const fees = Object.entries(program.audit.feesUsd).map(([modules, usd]) => ({
    modules,
    usd,
    applies: modules === plan.modules,
  }));
  return {
    applicationDate: plan.applicationDate,
    auditDate: plan.auditDate,
    modules: plan.modules,
    checklists: { A: a === null ? null : checklistRef(a), B: b === null ? null : checklistRef(b) },
    measuredAgainst,
    timeline,
    fees,
    warnings,
    rule:
      "Deadlines count from the application date (Microsoft's validation date is not known in advance), business days are Monday to Friday " +
      "(public holidays are not known to the program data), and the steps after the audit count from the planned audit date, or from the gap report once it is issued.",
  };
}
