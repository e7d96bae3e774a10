import {
  type CalendarDate,
  canonicalAreaName,
  formatDecimal,
  parseDecimal,
  parseValidDecimal,
  sumDecimals,
  todayFrom,
} from "@specready/core";
import type { CapabilityScoreEntry } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { fail, type InvalidCode, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/*
 * The capability score form's changes: commands `(context, access, input)` on the mutation path, with a
 * typed activity event and a typed result. An entry is the score of one solution area as Partner Center
 * showed it on a date; entries are kept as the score's history. The program is the server's (the
 * specialization whose metrics the form shows).
 */

/** The input does not fit the program's score: one field, with its stable code. */
function rejected<T>(reason: InvalidCode, path: string, message: string): Result<T> {
  return { ok: false, error: { code: "invalid", reason, issues: [{ path, message }] } };
}

/** Records the points of every metric of one solution area, as shown in Partner Center on a date. */
export async function recordScore(
  ctx: AppContext,
  access: CommandAccess,
  input: { shownOn: CalendarDate; solutionArea: string; points: Readonly<Record<string, string>> },
): Promise<Result<CapabilityScoreEntry>> {
  const { program } = ctx;
  const { orgId, actor } = access;
  const today = todayFrom(ctx.now());
  const area = canonicalAreaName(program, input.solutionArea);
  if (!program.designation.eligibleAreas.some((a) => a.name === area))
    return rejected(
      "score.unknown_area",
      "solutionArea",
      `"${input.solutionArea}" is not a solution area of this specialization (${program.designation.eligibleAreas.map((a) => a.name).join(", ")}).`,
    );
  if (input.shownOn > today)
    return rejected(
      "score.future_date",
      "shownOn",
      `The score is entered as shown in Partner Center on a day that has come: ${input.shownOn} is after today (${today}).`,
    );
  const names = new Map(program.designation.metrics.map((m) => [m.name.toLowerCase(), m.name]));
  const points: Record<string, string> = {};
  for (const [metric, value] of Object.entries(input.points)) {
    const name = names.get(metric.trim().toLowerCase());
    if (name === undefined)
      return rejected(
        "score.unknown_metric",
        "points",
        `"${metric}" is not a metric of the capability score (${[...names.values()].join(", ")}).`,
      );
    const text = value.trim();
    const parsed = parseDecimal(text);
    if (parsed === undefined || text.startsWith("-") || text.includes(","))
      return rejected(
        "score.invalid_points",
        "points",
        `The points of ${name} must be a number of 0 or more, like 12 or 7.5 (got "${value}").`,
      );
    points[name] = text;
  }
  const missing = program.designation.metrics.filter((m) => points[m.name] === undefined).map((m) => m.name);
  if (missing.length > 0)
    return rejected(
      "score.missing_metric",
      "points",
      `Enter the points of every metric Partner Center shows for ${area} (0 when it shows none): ${missing.join(", ")} missing.`,
    );
  return mutate(ctx, access, async ({ r, record }) => {
    const created = await r.capabilityScore.addEntry(orgId, {
      shownOn: input.shownOn,
      solutionArea: area,
      points,
      createdByName: actor.name,
    });
    const total = formatDecimal(sumDecimals(Object.values(points).map(parseValidDecimal)), 0);
    record({
      action: "capability_score.recorded",
      summary: `Entered the capability score of ${area} as shown in Partner Center on ${input.shownOn}: ${program.designation.metrics.map((m) => `${m.name} ${points[m.name]}`).join(", ")} (total ${total})`,
      details: { entryId: created.id, shownOn: input.shownOn, solutionArea: area, points },
    });
    return created;
  });
}

/** Removes an entry typed in the form (an import's entry goes with the import's undo). */
export async function deleteScoreEntry(
  ctx: AppContext,
  access: CommandAccess,
  input: { entryId: string },
): Promise<Result<CapabilityScoreEntry>> {
  const { orgId } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const entry = await r.capabilityScore.get(orgId, input.entryId);
    if (entry?.importId != null)
      return fail({
        code: "conflict",
        reason: "score.imported",
        message: `This entry is the import of ${entry.importFileName ?? "a file"}: undo the import on the Imports page.`,
      });
    if (entry === null || !(await r.capabilityScore.deleteEntry(orgId, input.entryId)))
      return notFound("capability score entry");
    record({
      action: "capability_score.deleted",
      summary: `Removed the capability score of ${entry.solutionArea} entered as shown on ${entry.shownOn}`,
      details: {
        entryId: entry.id,
        shownOn: entry.shownOn,
        solutionArea: entry.solutionArea,
        points: entry.points,
      },
    });
    return entry;
  });
}
