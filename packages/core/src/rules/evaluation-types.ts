import type { CalendarDate } from "../calendar/calendar-date.js";
import type { RequirementId } from "../program/program-definition.js";
import type { VersionsUsed } from "../program/program-selection.js";
import type { InputWarning } from "../records/input-records.js";

/**
 * `unknown`: the program data does not hold the rule (the sources do not give it), so the product
 * cannot say whether it is met; never shown as met or not met. The AI Platform program has none.
 */
export type RequirementStatus = "met" | "not_met" | "no_data" | "unknown";

/** Something to do to close a gap, in words a partner administrator acts on. */
export interface Gap {
  readonly code: string;
  readonly message: string;
}

/** A date on which, on current data, something changes: a requirement's status, or a figure behind it. */
export interface ChangeEvent {
  readonly date: CalendarDate;
  readonly requirement: RequirementId;
  /** The requirement's status from that date on, on current data. */
  readonly status: RequirementStatus;
  /** True when the requirement's status changes on that date; false for a change of a figure only. */
  readonly statusChanges: boolean;
  readonly message: string;
}

/** A link to a how-to-prepare resource of the program. */
export interface ResourceLink {
  readonly title: string;
  readonly url: string;
}

/**
 * The result of one requirement, explaining itself: `status` and `details` are the contract's; the rest
 * says in words what was computed, from which records, what is missing and when it will change.
 */
export interface RequirementResult<D extends object = object> {
  readonly id: RequirementId;
  readonly title: string;
  readonly status: RequirementStatus;
  readonly details?: D;
  /** One line: the figure against its threshold. */
  readonly summary: string;
  /** The rule applied, in plain words, with the program's numbers. */
  readonly rule: string;
  /** How the product reads an ambiguous rule (shown next to the result). */
  readonly interpretation: string | undefined;
  readonly gaps: readonly Gap[];
  /** Future dates when this result changes on current data, earliest first. */
  readonly changes: readonly ChangeEvent[];
  readonly resources: readonly ResourceLink[];
}

/** A file the evaluation read: its input kind, name and data rows. */
export interface InputFile {
  readonly kind: string;
  readonly file: string;
  readonly rows: number;
}

/** The whole readiness evaluation: one object for the CLI, JSON, the API, the web app and reports. */
export interface Evaluation {
  readonly program: string;
  readonly programName: string;
  readonly programVersion: string;
  readonly asOf: CalendarDate;
  readonly ready: boolean;
  readonly eligibleToApply: boolean;
  readonly requirements: readonly RequirementResult[];
  /** Every change event of every requirement, earliest first. */
  readonly timeline: readonly ChangeEvent[];
  readonly warnings: readonly InputWarning[];
  /** The files the evaluation read. */
  readonly inputs: readonly InputFile[];
  /** The program version and checklist versions used, and why. */
  readonly versions: VersionsUsed;
}
