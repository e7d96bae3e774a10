import type { CalendarDate } from "../calendar/calendar-date.js";
import type { RequirementId } from "../program/program-definition.js";
import type { Evaluation, RequirementStatus } from "../rules/evaluation-types.js";

/** A requirement as it stands: its status and its figure against the threshold (`summary`). */
export interface RequirementStanding {
  readonly status: RequirementStatus;
  readonly summary: string;
}

/** One requirement before and after a change of the data. */
export interface RequirementChange {
  readonly id: RequirementId;
  readonly title: string;
  readonly before: RequirementStanding;
  readonly after: RequirementStanding;
  /** Whether the status or the figure changed. */
  readonly changed: boolean;
}

/** What a change of the data (an import, an undo) does to readiness on one date. */
export interface ReadinessChange {
  readonly asOf: CalendarDate;
  readonly before: { readonly ready: boolean; readonly eligibleToApply: boolean };
  readonly after: { readonly ready: boolean; readonly eligibleToApply: boolean };
  /** Every requirement of the program, in the evaluation's order. */
  readonly requirements: readonly RequirementChange[];
  /** Whether anything above changed. */
  readonly changed: boolean;
}

/**
 * Compares two evaluations of the same program on the same date, requirement by requirement: each
 * requirement's status and figure before and after, or no change. Both come from `evaluateReadiness`,
 * so the comparison says exactly what the dashboard will show differently.
 */
export function readinessChange(before: Evaluation, after: Evaluation): ReadinessChange {
  if (before.asOf !== after.asOf || before.program !== after.program) {
    throw new Error("readinessChange compares two evaluations of one program on one date");
  }
  const earlier = new Map(before.requirements.map((r) => [r.id, r]));
  const requirements = after.requirements.map((r): RequirementChange => {
    const was = earlier.get(r.id);
    const b: RequirementStanding =
      was === undefined ? { status: "no_data", summary: "" } : { status: was.status, summary: was.summary };
    const a: RequirementStanding = { status: r.status, summary: r.summary };
    return {
      id: r.id,
      title: r.title,
      before: b,
      after: a,
      changed: b.status !== a.status || b.summary !== a.summary,
    };
  });
  const standing = (e: Evaluation) => ({ ready: e.ready, eligibleToApply: e.eligibleToApply });
  return {
    asOf: after.asOf,
    before: standing(before),
    after: standing(after),
    requirements,
    changed:
      before.ready !== after.ready ||
      before.eligibleToApply !== after.eligibleToApply ||
      requirements.some((r) => r.changed),
  };
}

/** "Performance: not met → met (…)" lines of the requirements that changed, or "no change". */
export function describeReadinessChange(change: ReadinessChange): string {
  const changed = change.requirements.filter((r) => r.changed);
  if (changed.length === 0) return `no change to readiness on ${change.asOf}`;
  const words: Record<RequirementStatus, string> = {
    met: "met",
    not_met: "not met",
    no_data: "no data",
    unknown: "unknown",
  };
  return changed
    .map((r) =>
      r.before.status === r.after.status
        ? `${r.title}: ${words[r.after.status]}, ${r.after.summary}`
        : `${r.title}: ${words[r.before.status]} → ${words[r.after.status]}`,
    )
    .join("; ");
}
