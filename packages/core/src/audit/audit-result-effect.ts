import type { CalendarDate } from "../calendar/calendar-date.js";
import type { Program } from "../program/program-definition.js";
import type { AuditHistoryRecord } from "../records/input-records.js";
import { type AuditDetails, moduleAWaiverAt } from "../rules/audit.js";

/** An audit result as the auditor records it. */
export interface AuditResultInput {
  readonly module: string;
  readonly result: "Pass" | "No Pass";
  readonly date: CalendarDate;
}

/** What recording or withdrawing a result does to the Module A waiver, measured on a date (today). */
export interface AuditResultEffect {
  /** The waiver in effect before the change, or null. */
  readonly before: AuditDetails["waiver"];
  /** The waiver in effect after it, or null. */
  readonly after: AuditDetails["waiver"];
  /** True when the change moves the end of the waiver (or starts or ends it). */
  readonly changesWaiver: boolean;
  /** In words, for the confirmation the auditor sees. */
  readonly sentence: string;
}

function label(r: AuditResultInput): string {
  return `a ${r.result} of ${r.module.includes("+") ? "Modules" : "Module"} ${r.module} dated ${r.date}`;
}

function held(w: NonNullable<AuditDetails["waiver"]>): string {
  return `Module A is waived until ${w.until} by the ${w.module} pass of ${w.date}`;
}

/**
 * What recording `result` does, by the program's Module A waiver rule (`moduleAWaiverAt`) measured on
 * `on`: e.g. "Recording a Pass of Modules A+B dated 2026-03-02 waives Module A until 2028-03-01 (…)".
 * `history` is the history the rules read now (withdrawn results left out).
 */
export function recordingEffect(
  program: Program,
  history: readonly AuditHistoryRecord[],
  result: AuditResultInput,
  on: CalendarDate,
): AuditResultEffect {
  const before = moduleAWaiverAt(program, history, on);
  const after = moduleAWaiverAt(
    program,
    [...history, { ...result, source: { file: "the result to record", line: history.length + 2 } }],
    on,
  );
  const changesWaiver = before?.until !== after?.until;
  let sentence: string;
  if (changesWaiver && after !== null) {
    sentence =
      `Recording ${label(result)} waives Module A until ${after.until} (${after.basis}): ` +
      "until then the audits cover Module B only.";
  } else if (before !== null) {
    sentence = `Recording ${label(result)} does not change the Module A waiver: ${held(before)}.`;
  } else if (result.result === "Pass") {
    sentence = `Recording ${label(result)} does not waive Module A (a waiver needs ${program.audit.moduleAWaivers.map((w) => w.description).join(", or ")}).`;
  } else {
    sentence = `Recording ${label(result)} adds it to the audit history; it waives nothing and Module A stays audited.`;
  }
  return { before, after, changesWaiver, sentence };
}

/**
 * What withdrawing a recorded result does to the waiver on `on`: `history` is the history the rules
 * read now and `remaining` the same without the result (a withdrawn result never counts).
 */
export function withdrawalEffect(
  program: Program,
  history: readonly AuditHistoryRecord[],
  remaining: readonly AuditHistoryRecord[],
  result: AuditResultInput,
  on: CalendarDate,
): AuditResultEffect {
  const before = moduleAWaiverAt(program, history, on);
  const after = moduleAWaiverAt(program, remaining, on);
  const changesWaiver = before?.until !== after?.until;
  let sentence: string;
  if (!changesWaiver) {
    sentence =
      `Withdrawing ${label(result)} does not change the Module A waiver` +
      (after === null ? ": Module A is not waived." : `: ${held(after)}.`);
  } else if (after === null) {
    sentence = `Withdrawing ${label(result)} ends the Module A waiver that held until ${before?.until}: Module A is audited again.`;
  } else {
    sentence = `Withdrawing ${label(result)} moves the end of the Module A waiver to ${after.until} (the ${after.module} pass of ${after.date}).`;
  }
  return { before, after, changesWaiver, sentence };
}
