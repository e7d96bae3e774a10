import { type CalendarDate, daysBetween } from "../calendar/calendar-date.js";
import { type ChecklistDefinition, DEFAULT_SPECIALIZATION, type Program } from "./program-definition.js";

/*
 * Which program version and which audit checklists a date is measured against. Program versions and
 * checklist versions carry the dates they are in effect; the version in effect on the as-of date is used
 * unless one is pinned (by the command line or an organization's setting). A checklist whose controls
 * the program data does not hold (only its name, dates and changes) is named as the one in effect, and
 * controls are measured against the nearest version whose controls are held, with a warning saying so.
 */

/** A checklist version in words: what the report names. */
export interface ChecklistRef {
  readonly id: string;
  readonly module: "A" | "B";
  readonly title: string;
  readonly version: string;
  readonly effectiveFrom: CalendarDate;
  readonly effectiveTo: CalendarDate | null;
  readonly controlData: "complete" | "summary";
}

/** The checklist of one module for a date: the one in effect, the one measured against, and why. */
export interface ChecklistUse {
  readonly module: "A" | "B";
  /** The date the checklist is chosen for: the planned audit date when there is one, else the as-of date. */
  readonly date: CalendarDate;
  /** The version in effect on that date; null when no version in the data was. */
  readonly inEffect: ChecklistRef | null;
  /** The version whose controls readiness is measured against. */
  readonly measuredAgainst: ChecklistRef;
  readonly reason: string;
}

/** A program version in words. */
export interface ProgramVersionRef {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly alsoKnownAs: readonly string[];
  /** The dates it is in effect; both null for a version that is only ever pinned. */
  readonly effectiveFrom: CalendarDate | null;
  readonly effectiveTo: CalendarDate | null;
  /** Set for a reading Microsoft has not published: its label is shown wherever the version is. */
  readonly provisional: { readonly label: string; readonly reason: string } | null;
}

/** The versions an evaluation used and why: the report names them. */
export interface VersionsUsed {
  readonly program: ProgramVersionRef;
  /**
   * The program the evaluation reports as its `program`: the contract's reading the version in effect
   * measures as (`measuresAs`) when chosen by date, else the version itself.
   */
  readonly reading: string;
  /** `date`: the version in effect on the date; `pinned`: chosen by the command line or a setting. */
  readonly selectedBy: "date" | "pinned";
  readonly pinnedBy: "cli" | "organization" | null;
  readonly reason: string;
  readonly checklists: readonly ChecklistUse[];
  /** Dates outside what the data knows, and measurements against another version than the one in effect. */
  readonly warnings: readonly string[];
}

export interface SelectionRequest {
  /** The as-of date. */
  readonly date: CalendarDate;
  /** The planned audit date, when there is one: the checklists are those in effect on it. */
  readonly auditDate?: CalendarDate | null | undefined;
  readonly pinned?: { readonly id: string; readonly by: "cli" | "organization" } | null | undefined;
  /** Whether provisional versions take part in the choice by date (an organization's opt-in). */
  readonly includeProvisional?: boolean | undefined;
  /**
   * The specialization whose versions the choice by date is among (default: AI Platform): versions of
   * another specialization are chosen only when pinned.
   */
  readonly specialization?: string | undefined;
}

export interface ProgramSelection {
  /** The version, with the checklists to measure against on the date. */
  readonly program: Program;
  readonly versions: VersionsUsed;
}

export type SelectionResult =
  | { readonly ok: true; readonly selection: ProgramSelection }
  | { readonly ok: false; readonly message: string };

export function checklistRef(c: ChecklistDefinition): ChecklistRef {
  return {
    id: c.id,
    module: c.module,
    title: c.title,
    version: c.version,
    effectiveFrom: c.effectiveFrom,
    effectiveTo: c.effectiveTo,
    controlData: c.controlData,
  };
}

export function programVersionRef(p: Program): ProgramVersionRef {
  return {
    id: p.id,
    name: p.name,
    version: p.version,
    alsoKnownAs: p.alsoKnownAs,
    effectiveFrom: p.effective?.from ?? null,
    effectiveTo: p.effective?.to ?? null,
    provisional: p.provisional ?? null,
  };
}

/** "from 2025-01-01", "2022-10-03 to 2024-12-31". */
export function periodInWords(from: CalendarDate | null, to: CalendarDate | null): string {
  if (from === null) return "not dated";
  return to === null ? `from ${from}` : `${from} to ${to}`;
}

function inPeriod(date: CalendarDate, from: CalendarDate, to: CalendarDate | null): boolean {
  return from <= date && (to === null || date <= to);
}

/** Days from a date to a period: 0 inside it. */
function distance(date: CalendarDate, from: CalendarDate, to: CalendarDate | null): number {
  if (date < from) return daysBetween(date, from);
  if (to !== null && date > to) return daysBetween(to, date);
  return 0;
}

/**
 * The checklist version of a module in effect on a date: the installed version whose period holds it
 * (the latest to start, should two overlap), or null.
 */
export function checklistInEffect(
  checklists: readonly ChecklistDefinition[],
  module: "A" | "B",
  date: CalendarDate,
): ChecklistDefinition | null {
  let found: ChecklistDefinition | null = null;
  for (const c of checklists) {
    if (c.module !== module || !inPeriod(date, c.effectiveFrom, c.effectiveTo)) continue;
    if (found === null || c.effectiveFrom >= found.effectiveFrom) found = c;
  }
  return found;
}

/**
 * The installed version of a module nearest to a date (inside its period: distance 0; ties: the later to
 * start), among those `eligible` keeps.
 */
function nearest(
  checklists: readonly ChecklistDefinition[],
  module: "A" | "B",
  date: CalendarDate,
  eligible: (c: ChecklistDefinition) => boolean = () => true,
): ChecklistDefinition | null {
  let best: ChecklistDefinition | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of checklists) {
    if (c.module !== module || !eligible(c)) continue;
    const d = distance(date, c.effectiveFrom, c.effectiveTo);
    if (d < bestDistance || (d === bestDistance && best !== null && c.effectiveFrom > best.effectiveFrom)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

const complete = (c: ChecklistDefinition) => c.controlData === "complete";

const variants = new WeakMap<Program, Map<string, Program>>();

/** The program with other checklists to measure against (the same object when they are its own). */
function withChecklists(program: Program, a: ChecklistDefinition, b: ChecklistDefinition): Program {
  if (a.id === program.moduleA.id && b.id === program.moduleB.id) return program;
  let byKey = variants.get(program);
  if (byKey === undefined) {
    byKey = new Map();
    variants.set(program, byKey);
  }
  const key = `${a.id}|${b.id}`;
  let variant = byKey.get(key);
  if (variant === undefined) {
    variant = { ...program, moduleA: a, moduleB: b };
    byKey.set(key, variant);
  }
  return variant;
}

/**
 * The checklists of a program version for a date: the version in effect on it for each module, and the
 * one measured against. A version that names its checklists measures against them on every date; one
 * that takes them by date measures against the one in effect when its controls are held, else against
 * the nearest version whose controls are held (and says so in `warnings`).
 */
export function programOnDate(
  program: Program,
  date: CalendarDate,
): { program: Program; checklists: ChecklistUse[]; warnings: string[] } {
  const warnings: string[] = [];
  const uses: ChecklistUse[] = [];
  const measured: Record<"A" | "B", ChecklistDefinition> = { A: program.moduleA, B: program.moduleB };
  const pinned = program.audit.checklists !== "by-date";
  for (const module of ["A", "B"] as const) {
    const inEffect = checklistInEffect(program.checklistVersions, module, date);
    let against = measured[module];
    let reason: string;
    if (pinned) {
      reason =
        `${program.id} measures Module ${module} against ${against.version} (${against.id}) on every date` +
        (inEffect !== null && inEffect.id !== against.id
          ? `; ${inEffect.version} (${inEffect.id}) was in effect on ${date}.`
          : inEffect === null
            ? `; no Module ${module} checklist in the program data was in effect on ${date}.`
            : ".");
    } else if (inEffect !== null && inEffect.controlData === "complete") {
      against = inEffect;
      reason = `${inEffect.version} (${inEffect.id}) is in effect on ${date} (${periodInWords(inEffect.effectiveFrom, inEffect.effectiveTo)}).`;
    } else {
      against = nearest(program.checklistVersions, module, date, complete) ?? against;
      const held = `controls are measured against ${against.version} (${against.id}, ${periodInWords(against.effectiveFrom, against.effectiveTo)}), the nearest version whose controls are in the program data`;
      if (inEffect !== null) {
        reason = `Module ${module} ${inEffect.version} (${inEffect.id}) was in effect on ${date}, but specready holds only its dates and changes, not its controls: ${held}.`;
      } else {
        const near = nearest(program.checklistVersions, module, date);
        reason =
          `No Module ${module} checklist in the program data was in effect on ${date}` +
          (near === null
            ? ""
            : ` (the nearest known is ${near.version}, ${periodInWords(near.effectiveFrom, near.effectiveTo)}; check Partner Center for the version in effect)`) +
          `: ${held}.`;
      }
      warnings.push(reason);
    }
    measured[module] = against;
    uses.push({
      module,
      date,
      inEffect: inEffect === null ? null : checklistRef(inEffect),
      measuredAgainst: checklistRef(against),
      reason,
    });
  }
  return { program: withChecklists(program, measured.A, measured.B), checklists: uses, warnings };
}

/**
 * The program version for a request: the pinned one, else the version in effect on the date among the
 * dated, non-provisional versions (provisional ones too when included). A date outside every version is
 * measured against the nearest, with a warning.
 */
export function selectProgram(programs: readonly Program[], request: SelectionRequest): SelectionResult {
  const { date } = request;
  const checklistDate = request.auditDate ?? date;
  const warnings: string[] = [];
  let program: Program;
  let reason: string;
  if (request.pinned != null) {
    const id = request.pinned.id.toLowerCase();
    const found = programs.find((p) => p.id === id);
    if (found === undefined) {
      const specialization = request.specialization ?? DEFAULT_SPECIALIZATION;
      const own = programs.filter((p) => p.specialization === specialization).map((p) => p.id);
      const others = programs.filter((p) => p.specialization !== specialization).map((p) => p.id);
      return {
        ok: false,
        message:
          `unknown program "${request.pinned.id}" (installed: ${own.join(", ")})` +
          (others.length > 0 ? `; of other specializations: ${others.join(", ")}` : ""),
      };
    }
    program = found;
    reason =
      request.pinned.by === "cli"
        ? `pinned with --program ${found.id}`
        : `pinned in the organization's settings (${found.id})`;
    if (found.effective !== undefined && !inPeriod(date, found.effective.from, found.effective.to))
      warnings.push(
        `${found.id} is in effect ${periodInWords(found.effective.from, found.effective.to)}, not on ${date}: it is measured as pinned.`,
      );
  } else {
    const specialization = request.specialization ?? DEFAULT_SPECIALIZATION;
    const dated = programs.filter(
      (p) =>
        p.specialization === specialization &&
        p.effective !== undefined &&
        (request.includeProvisional === true || p.provisional === undefined),
    );
    if (dated.length === 0) return { ok: false, message: "no program version in the data is dated" };
    const inEffect = dated.filter((p) => inPeriod(date, p.effective?.from ?? "", p.effective?.to ?? null));
    const rank = (p: Program) => `${p.provisional === undefined ? 0 : 1}|${p.effective?.from ?? ""}`;
    const best = (list: readonly Program[]) =>
      list.reduce((x, y) => (rank(y) > rank(x) ? y : x), list[0] as Program);
    if (inEffect.length > 0) {
      program = best(inEffect);
      reason = `the version in effect on ${date} (${periodInWords(program.effective?.from ?? null, program.effective?.to ?? null)})`;
      if (program.provisional !== undefined) reason += "; the organization opted into provisional versions";
    } else {
      const nearest = dated.reduce((x, y) => {
        const dx = distance(date, x.effective?.from ?? "", x.effective?.to ?? null);
        const dy = distance(date, y.effective?.from ?? "", y.effective?.to ?? null);
        return dy < dx || (dy === dx && rank(y) > rank(x)) ? y : x;
      });
      program = nearest;
      const period = periodInWords(nearest.effective?.from ?? null, nearest.effective?.to ?? null);
      reason = `no version in the program data was in effect on ${date}: the nearest, ${nearest.id} (${period}), is used`;
      warnings.push(
        `No program version in the data was in effect on ${date}: measured against the nearest, ${nearest.name} (${nearest.id}, ${period}). specready has no program data for that date.`,
      );
    }
  }
  const onDate = programOnDate(program, checklistDate);
  warnings.push(...onDate.warnings);
  return {
    ok: true,
    selection: {
      program: onDate.program,
      versions: {
        program: programVersionRef(program),
        reading: request.pinned == null ? (program.measuresAs ?? program.id) : program.id,
        selectedBy: request.pinned == null ? "date" : "pinned",
        pinnedBy: request.pinned?.by ?? null,
        reason,
        checklists: onDate.checklists,
        warnings,
      },
    },
  };
}

/** The versions of a program evaluated as given (no choice by date): what a direct evaluation reports. */
export function versionsAsGiven(program: Program, date: CalendarDate): VersionsUsed {
  const onDate = programOnDate(program, date);
  return {
    program: programVersionRef(program),
    reading: program.id,
    selectedBy: "pinned",
    pinnedBy: null,
    reason: `the version the evaluation was asked for (${program.id})`,
    checklists: onDate.checklists,
    warnings: onDate.warnings,
  };
}

/** A specialization an organization may pursue: its id and the name of its latest version. */
export interface SpecializationRef {
  readonly specialization: string;
  readonly name: string;
}

/**
 * The specializations the installed program data defines, the AI Platform first, then by name; each
 * named as its version in effect on the date (else its latest published version).
 */
export function installedSpecializations(
  programs: readonly Program[],
  date: CalendarDate,
): SpecializationRef[] {
  const named = new Map<string, Program>();
  const rank = (p: Program) =>
    `${p.effective !== undefined && inPeriod(date, p.effective.from, p.effective.to) ? 1 : 0}|${p.published}`;
  for (const p of programs) {
    if (p.provisional !== undefined) continue;
    const seen = named.get(p.specialization);
    if (seen === undefined || rank(p) > rank(seen)) named.set(p.specialization, p);
  }
  return [...named.values()]
    .map((p) => ({ specialization: p.specialization, name: p.name }))
    .sort(
      (a, b) =>
        Number(b.specialization === DEFAULT_SPECIALIZATION) -
          Number(a.specialization === DEFAULT_SPECIALIZATION) || a.name.localeCompare(b.name),
    );
}

/**
 * The version of a specialization an organization's evaluation on a date uses: for the AI Platform, as
 * `selectProgram` chooses (the caller passes the organization's settings); for another specialization,
 * the version in effect on the date when its versions are dated, else its latest published version (a
 * specialization whose data names no dates, such as Infra and Database Migration 2023).
 */
export function selectSpecialization(
  programs: readonly Program[],
  specialization: string,
  date: CalendarDate,
): SelectionResult {
  const own = programs.filter((p) => p.specialization === specialization && p.provisional === undefined);
  if (own.length === 0)
    return { ok: false, message: `no program data for the specialization ${specialization}` };
  if (own.some((p) => p.effective !== undefined)) return selectProgram(programs, { date, specialization });
  const latest = own.reduce((x, y) => (y.published > x.published ? y : x));
  const onDate = programOnDate(latest, date);
  return {
    ok: true,
    selection: {
      program: onDate.program,
      versions: {
        program: programVersionRef(latest),
        reading: latest.id,
        selectedBy: "pinned",
        pinnedBy: null,
        reason: `the latest version of the specialization in the program data (published ${latest.published}); its versions are not dated`,
        checklists: onDate.checklists,
        warnings: onDate.warnings,
      },
    },
  };
}
