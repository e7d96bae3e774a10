import {
  type CalendarDate,
  canonicalAreaName,
  formatDecimal,
  type Program,
  parseDecimal,
  parseValidDecimal,
  sumDecimals,
} from "@specready/core";
import { type Actor, type CapabilityScoreEntry, repositories, type Sql } from "@specready/db";

/*
 * The capability score form's changes: commands `(context, actor, input)` in one transaction each, with
 * the activity log written and a typed result. An entry is the score of one solution area as Partner
 * Center showed it on a date; entries are kept as the score's history.
 */

export interface ScoreContext {
  readonly db: Sql;
  readonly program: Program;
  readonly today: CalendarDate;
  readonly changed: (orgId: string) => void;
}

export type ScoreError =
  | { readonly code: "score.unknown_area"; readonly message: string }
  | { readonly code: "score.unknown_metric"; readonly message: string }
  | { readonly code: "score.missing_metric"; readonly message: string }
  | { readonly code: "score.invalid_points"; readonly message: string }
  | { readonly code: "score.future_date"; readonly message: string }
  | { readonly code: "score.not_found"; readonly message: string }
  | { readonly code: "score.imported"; readonly message: string };

export type ScoreResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ScoreError };

const fail = <T>(error: ScoreError): ScoreResult<T> => ({ ok: false, error });

/** Records the points of every metric of one solution area, as shown in Partner Center on a date. */
export async function recordScore(
  ctx: ScoreContext,
  orgId: string,
  actor: Actor,
  input: { shownOn: CalendarDate; solutionArea: string; points: Readonly<Record<string, string>> },
): Promise<ScoreResult<CapabilityScoreEntry>> {
  const { program } = ctx;
  const area = canonicalAreaName(program, input.solutionArea);
  if (!program.designation.eligibleAreas.some((a) => a.name === area))
    return fail({
      code: "score.unknown_area",
      message: `"${input.solutionArea}" is not a solution area of this specialization (${program.designation.eligibleAreas.map((a) => a.name).join(", ")}).`,
    });
  if (input.shownOn > ctx.today)
    return fail({
      code: "score.future_date",
      message: `The score is entered as shown in Partner Center on a day that has come: ${input.shownOn} is after today (${ctx.today}).`,
    });
  const names = new Map(program.designation.metrics.map((m) => [m.name.toLowerCase(), m.name]));
  const points: Record<string, string> = {};
  for (const [metric, value] of Object.entries(input.points)) {
    const name = names.get(metric.trim().toLowerCase());
    if (name === undefined)
      return fail({
        code: "score.unknown_metric",
        message: `"${metric}" is not a metric of the capability score (${[...names.values()].join(", ")}).`,
      });
    const text = value.trim();
    const parsed = parseDecimal(text);
    if (parsed === undefined || text.startsWith("-") || text.includes(","))
      return fail({
        code: "score.invalid_points",
        message: `The points of ${name} must be a number of 0 or more, like 12 or 7.5 (got "${value}").`,
      });
    points[name] = text;
  }
  const missing = program.designation.metrics.filter((m) => points[m.name] === undefined).map((m) => m.name);
  if (missing.length > 0)
    return fail({
      code: "score.missing_metric",
      message: `Enter the points of every metric Partner Center shows for ${area} (0 when it shows none): ${missing.join(", ")} missing.`,
    });
  const entry = await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    const created = await r.capabilityScore.addEntry(orgId, {
      shownOn: input.shownOn,
      solutionArea: area,
      points,
      createdByName: actor.name,
    });
    const total = formatDecimal(sumDecimals(Object.values(points).map(parseValidDecimal)), 0);
    await r.activity.record(
      orgId,
      actor,
      "capability_score.recorded",
      `Entered the capability score of ${area} as shown in Partner Center on ${input.shownOn}: ${program.designation.metrics.map((m) => `${m.name} ${points[m.name]}`).join(", ")} (total ${total})`,
      { entryId: created.id, shownOn: input.shownOn, solutionArea: area, points },
    );
    await r.organizations.bumpDataVersion(orgId);
    return created;
  });
  ctx.changed(orgId);
  return { ok: true, value: entry };
}

/** Removes an entry typed in the form (an import's entry goes with the import's undo). */
export async function deleteScoreEntry(
  ctx: ScoreContext,
  orgId: string,
  actor: Actor,
  input: { entryId: string },
): Promise<ScoreResult<CapabilityScoreEntry>> {
  const result = await ctx.db.transaction(async (tx): Promise<ScoreResult<CapabilityScoreEntry>> => {
    const r = repositories(tx);
    const entry = await r.capabilityScore.get(orgId, input.entryId);
    if (entry?.importId != null)
      return fail({
        code: "score.imported",
        message: `This entry is the import of ${entry.importFileName ?? "a file"}: undo the import on the Imports page.`,
      });
    if (entry === null || !(await r.capabilityScore.deleteEntry(orgId, input.entryId)))
      return fail({
        code: "score.not_found",
        message: "The organization has no such capability score entry.",
      });
    await r.activity.record(
      orgId,
      actor,
      "capability_score.deleted",
      `Removed the capability score of ${entry.solutionArea} entered as shown on ${entry.shownOn}`,
      { entryId: entry.id, shownOn: entry.shownOn, solutionArea: entry.solutionArea, points: entry.points },
    );
    await r.organizations.bumpDataVersion(orgId);
    return { ok: true, value: entry };
  });
  if (result.ok) ctx.changed(orgId);
  return result;
}
