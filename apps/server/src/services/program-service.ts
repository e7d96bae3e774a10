import {
  type CalendarDate,
  type Program,
  type ProgramSelection,
  periodInWords,
  selectProgram,
  type VersionsUsed,
} from "@specready/core";
import { type Actor, type ProgramSettings, repositories } from "@specready/db";
import { errors } from "../http/app-error.js";
import type { AppContext } from "./app-context.js";

/*
 * Which program version an organization's evaluations use: the version in effect on the evaluated date
 * (what `specready check` does without --program), unless a partner admin pins one; provisional versions
 * take part in the choice by date only for an organization that opted into them.
 */

/** A program version as the settings page lists it. */
export interface ProgramVersionSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly effectiveFrom: CalendarDate | null;
  readonly effectiveTo: CalendarDate | null;
  /** "in effect from 2025-01-01", "pinned only". */
  readonly period: string;
  readonly provisional: { readonly label: string; readonly reason: string } | null;
  readonly changes: readonly string[];
}

export interface ProgramSettingsView extends ProgramSettings {
  readonly versions: readonly ProgramVersionSummary[];
  /** The versions an evaluation of today uses with these settings. */
  readonly today: VersionsUsed;
}

function summary(p: Program): ProgramVersionSummary {
  return {
    id: p.id,
    name: p.name,
    version: p.version,
    effectiveFrom: p.effective?.from ?? null,
    effectiveTo: p.effective?.to ?? null,
    period:
      p.effective === undefined
        ? "pinned only"
        : `in effect ${periodInWords(p.effective.from, p.effective.to)}`,
    provisional: p.provisional ?? null,
    changes: p.changes,
  };
}

/** The installed versions, dated ones in date order, then those only ever pinned. */
export function programVersions(programs: readonly Program[]): ProgramVersionSummary[] {
  return [...programs]
    .sort(
      (a, b) =>
        Number(a.effective === undefined) - Number(b.effective === undefined) ||
        (a.effective?.from ?? "").localeCompare(b.effective?.from ?? "") ||
        a.id.localeCompare(b.id),
    )
    .map(summary);
}

export async function programSettingsOf(ctx: AppContext, orgId: string): Promise<ProgramSettings> {
  const settings = await repositories(ctx.db).programSettings.get(orgId);
  if (settings === undefined) throw errors.notFound("organization");
  return settings;
}

/**
 * The program version and checklists for an organization on a date. A pinned version that is no longer
 * installed (the program data changed) falls back to the choice by date, with a warning saying so.
 */
export function selectForSettings(
  programs: readonly Program[],
  settings: ProgramSettings,
  date: CalendarDate,
): ProgramSelection {
  const pinned = settings.pinnedProgramId;
  if (pinned !== null) {
    const result = selectProgram(programs, { date, pinned: { id: pinned, by: "organization" } });
    if (result.ok) return result.selection;
  }
  const result = selectProgram(programs, { date, includeProvisional: settings.includeProvisional });
  if (!result.ok) throw new Error(result.message);
  if (pinned === null) return result.selection;
  const versions = result.selection.versions;
  return {
    ...result.selection,
    versions: {
      ...versions,
      warnings: [
        `The organization pins ${pinned}, which is not installed any more: the version in effect on the date is used.`,
        ...versions.warnings,
      ],
    },
  };
}

export async function selectionFor(
  ctx: AppContext,
  orgId: string,
  date: CalendarDate,
): Promise<ProgramSelection> {
  return selectForSettings(ctx.programs, await programSettingsOf(ctx, orgId), date);
}

export async function programSettingsView(
  ctx: AppContext,
  orgId: string,
  today: CalendarDate,
): Promise<ProgramSettingsView> {
  const settings = await programSettingsOf(ctx, orgId);
  return {
    ...settings,
    versions: programVersions(ctx.programs),
    today: selectForSettings(ctx.programs, settings, today).versions,
  };
}

/**
 * Pins a version (or unpins it) and opts into provisional versions or out, recording who did it in the
 * activity log. An unknown version is refused; a provisional one can be pinned (it is labelled wherever
 * it is shown).
 */
export async function updateProgramSettings(
  ctx: AppContext,
  orgId: string,
  actor: Actor,
  input: ProgramSettings,
): Promise<void> {
  const pinned = input.pinnedProgramId === null ? null : input.pinnedProgramId.toLowerCase();
  const program = pinned === null ? undefined : ctx.programs.find((p) => p.id === pinned);
  if (pinned !== null && program === undefined)
    throw errors.invalidRequest([
      {
        path: "pinnedProgramId",
        message: `${input.pinnedProgramId} is not an installed program version (${ctx.programs.map((p) => p.id).join(", ")})`,
      },
    ]);
  const before = await programSettingsOf(ctx, orgId);
  const settings: ProgramSettings = { pinnedProgramId: pinned, includeProvisional: input.includeProvisional };
  const words =
    program === undefined
      ? `Uses the program version in effect on each date${settings.includeProvisional ? ", provisional versions included" : ""}`
      : `Pinned the program version ${program.name} ${program.version} (${program.id})${program.provisional === undefined ? "" : ` — ${program.provisional.label}`}`;
  await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    await r.programSettings.set(orgId, settings);
    await r.activity.record(orgId, actor, "program.settings", words, { before, after: settings });
  });
}
