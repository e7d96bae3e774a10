import {
  type CalendarDate,
  DEFAULT_SPECIALIZATION,
  installedSpecializations,
  type Program,
  type ProgramSelection,
  type RequirementStatus,
  type SpecializationRef,
  selectSpecialization,
  todayFrom,
} from "@specready/core";
import { repositories } from "@specready/db";
import { errors } from "../../errors/app-error.js";
import type { AppContext } from "../app-context.js";
import { readinessOf } from "../evaluation-service.js";
import { selectionFor } from "../program-service.js";
import type { Readiness } from "../readiness.js";

/*
 * One workspace, several specializations: the same usage import, certifications and evidence register
 * are evaluated against each specialization the organization pursues. The AI Platform is chosen as
 * before (the version in effect, or the organization's pinned one); another specialization by its own
 * versions (`selectSpecialization`).
 */

/** The specializations the organization pursues, in the installed order (the AI Platform first). */
export async function pursuedSpecializations(ctx: AppContext, orgId: string): Promise<string[]> {
  const chosen = await repositories(ctx.db).programSettings.specializations(orgId);
  if (chosen === undefined) throw errors.notFound("organization");
  const installed = installedSpecializations(ctx.allPrograms, todayFrom(ctx.now())).map(
    (i) => i.specialization,
  );
  // A specialization whose program data is no longer installed is left out rather than failing.
  const kept = installed.filter((s) => chosen.includes(s));
  return kept.length > 0 ? kept : [DEFAULT_SPECIALIZATION];
}

/** The program version and checklists a specialization's evaluation uses on a date. */
export async function selectionForSpecialization(
  ctx: AppContext,
  orgId: string,
  specialization: string,
  date: CalendarDate,
): Promise<ProgramSelection> {
  if (specialization === DEFAULT_SPECIALIZATION) return selectionFor(ctx, orgId, date);
  const result = selectSpecialization(ctx.allPrograms, specialization, date);
  if (!result.ok) throw errors.notFound("specialization");
  return result.selection;
}

/**
 * The programs with performance sub-rules of the pursued specializations other than the one the
 * workspace reads files with (`ctx.program`): a usage import keeps their per-month sums too.
 */
export async function usageProgramsToKeep(
  ctx: AppContext,
  orgId: string,
  date: CalendarDate,
): Promise<Program[]> {
  const out: Program[] = [];
  for (const s of await pursuedSpecializations(ctx, orgId)) {
    if (s === DEFAULT_SPECIALIZATION) continue;
    const result = selectSpecialization(ctx.allPrograms, s, date);
    if (result.ok && result.selection.program.performance.rules !== undefined)
      out.push(result.selection.program);
  }
  return out;
}

/**
 * A specialization's readiness on a date (the AI Platform's is the one `GET /evaluation` answers). A
 * specialization the organization does not pursue is not found: its data would be incomplete.
 */
export async function specializationReadiness(
  ctx: AppContext,
  orgId: string,
  specialization: string,
  asOf: CalendarDate,
): Promise<Readiness> {
  const org = await repositories(ctx.db).organizations.get(orgId);
  if (org === undefined) throw errors.notFound("organization");
  const pursued = await pursuedSpecializations(ctx, orgId);
  if (!pursued.includes(specialization)) throw errors.notFound("specialization");
  return readinessOf(
    ctx,
    org,
    asOf,
    () => selectionForSpecialization(ctx, orgId, specialization, asOf),
    specialization === DEFAULT_SPECIALIZATION ? undefined : specialization,
  );
}

/** One pursued specialization in the summary across them. */
export interface SpecializationSummary extends SpecializationRef {
  readonly programId: string;
  readonly programVersion: string;
  readonly ready: boolean;
  readonly eligibleToApply: boolean;
  readonly requirements: readonly {
    readonly id: string;
    readonly title: string;
    readonly status: RequirementStatus;
    readonly summary: string;
  }[];
}

/** The specializations installed and pursued, and for each pursued one its requirements' states. */
export async function specializationsView(
  ctx: AppContext,
  orgId: string,
  asOf: CalendarDate,
): Promise<{
  installed: SpecializationRef[];
  pursued: string[];
  summary: SpecializationSummary[];
}> {
  const installed = installedSpecializations(ctx.allPrograms, todayFrom(ctx.now()));
  const pursued = await pursuedSpecializations(ctx, orgId);
  const summary: SpecializationSummary[] = [];
  for (const s of pursued) {
    const { evaluation } = await specializationReadiness(ctx, orgId, s, asOf);
    summary.push({
      specialization: s,
      name: installed.find((i) => i.specialization === s)?.name ?? evaluation.programName,
      programId: evaluation.versions.program.id,
      programVersion: evaluation.programVersion,
      ready: evaluation.ready,
      eligibleToApply: evaluation.eligibleToApply,
      requirements: evaluation.requirements.map((r) => ({
        id: r.id,
        title: r.title,
        status: r.status,
        summary: r.summary,
      })),
    });
  }
  return { installed, pursued, summary };
}
