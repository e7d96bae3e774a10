import type { Program } from "../program/program-definition.js";
import {
  type ScoreEntry,
  type ScoreHistoryPoint,
  scoreHistory,
} from "../workspace/capability-score-history.js";
import type {
  CertificationDiff,
  CertificationField,
  StoredCertification,
} from "../workspace/certification-diff.js";

/*
 * What an import of people records or of the capability score would do, line by line, told before it is
 * applied: the person reads it and applies or cancels the import. The list is bounded (a file of
 * thousands of people is not read line by line in a dialog), conflicts first so none is hidden by the
 * bound, with the counts of everything.
 */

/** How many lines a preview lists; the rest are counted. */
export const PREVIEW_LINES = 50;

/** A certification's fields as a preview shows them (absent: empty in the file or the records). */
export interface CertificationValues {
  readonly personName?: string | undefined;
  readonly earnedDate?: string | undefined;
  readonly expirationDate?: string | undefined;
  readonly associated?: boolean | undefined;
}

/** One certification of one person the import adds, changes or removes. */
export interface CertificationPreviewLine {
  readonly action: "add" | "change" | "remove";
  readonly personId: string;
  readonly certification: string;
  /** What the records hold now (change, remove). */
  readonly before?: CertificationValues;
  /** What the file makes of it (add, change). */
  readonly after?: CertificationValues;
  /** change: the fields that differ. */
  readonly fields?: readonly CertificationField[];
  /** The row was added or changed on the People page since the last import: the file overwrites that. */
  readonly conflict: boolean;
  /** Who changed it on the People page (conflicts). */
  readonly editedBy?: string;
}

/** What a certifications import does to the people records: counts, and the first lines. */
export interface CertificationsPreview {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
  readonly conflicts: number;
  /** At most `PREVIEW_LINES` lines: conflicts first, then by person and certification. */
  readonly lines: readonly CertificationPreviewLine[];
  /** Lines left out of `lines`. */
  readonly more: number;
}

function valuesOf(v: CertificationValues): CertificationValues {
  const out: { -readonly [K in keyof CertificationValues]: CertificationValues[K] } = {};
  if (v.personName !== undefined) out.personName = v.personName;
  if (v.earnedDate !== undefined) out.earnedDate = v.earnedDate;
  if (v.expirationDate !== undefined) out.expirationDate = v.expirationDate;
  if (v.associated !== undefined) out.associated = v.associated;
  return out;
}

function edited(stored: StoredCertification, conflict: boolean): { editedBy?: string } {
  return conflict && stored.editedBy !== undefined ? { editedBy: stored.editedBy } : {};
}

const ORDER = { change: 0, remove: 1, add: 2 } as const;

/**
 * The preview of a certifications import: every row it adds, changes (with the fields that differ) and
 * removes, each naming the person and the certification, conflicts first, then by person (PersonId,
 * ignoring case) and certification; at most `limit` lines, the rest counted in `more`.
 */
export function certificationsPreview(
  diff: CertificationDiff,
  limit: number = PREVIEW_LINES,
): CertificationsPreview {
  const lines: CertificationPreviewLine[] = [
    ...diff.added.map(
      (r): CertificationPreviewLine => ({
        action: "add",
        personId: r.personId,
        certification: r.certification,
        after: valuesOf(r),
        conflict: false,
      }),
    ),
    ...diff.changed.map(
      (c): CertificationPreviewLine => ({
        action: "change",
        personId: c.stored.personId,
        certification: c.stored.certification,
        before: valuesOf(c.stored),
        after: valuesOf(c.record),
        fields: c.fields,
        conflict: c.conflict,
        ...edited(c.stored, c.conflict),
      }),
    ),
    ...diff.removed.map(
      (r): CertificationPreviewLine => ({
        action: "remove",
        personId: r.stored.personId,
        certification: r.stored.certification,
        before: valuesOf(r.stored),
        conflict: r.conflict,
        ...edited(r.stored, r.conflict),
      }),
    ),
  ];
  const text = (s: string) => s.toLowerCase();
  lines.sort(
    (a, b) =>
      Number(b.conflict) - Number(a.conflict) ||
      text(a.personId).localeCompare(text(b.personId)) ||
      text(a.certification).localeCompare(text(b.certification)) ||
      ORDER[a.action] - ORDER[b.action],
  );
  const shown = lines.slice(0, Math.max(0, limit));
  return {
    added: diff.added.length,
    changed: diff.changed.length,
    removed: diff.removed.length,
    unchanged: diff.unchanged,
    conflicts: diff.conflicts,
    lines: shown,
    more: lines.length - shown.length,
  };
}

/** One solution area's total points before and after a capability-score import. */
export interface ScoreAreaChange {
  readonly area: string;
  /** Null: the area has no points before (or after) the import. */
  readonly before: string | null;
  readonly after: string | null;
  readonly metBefore: boolean;
  readonly metAfter: boolean;
}

/** The entry a capability-score import adds to the score's history. */
export interface ScorePreview {
  /** The date the entry is shown on (the day of the import). */
  readonly shownOn: string;
  readonly fileName: string;
  /** Every area with points before or after, in the program's order of areas. */
  readonly areas: readonly ScoreAreaChange[];
}

/**
 * The history entry a capability-score import adds: its date and, per eligible solution area, the total
 * points in effect before it and after it (`scoreHistory`'s last point of each, the totals the
 * evaluation uses).
 */
export function scorePreview(
  program: Program,
  before: readonly ScoreEntry[],
  after: readonly ScoreEntry[],
  entry: { readonly shownOn: string; readonly fileName: string },
): ScorePreview {
  const last = (entries: readonly ScoreEntry[]): ScoreHistoryPoint | undefined =>
    scoreHistory(program, entries).at(-1);
  const was = last(before)?.areas ?? [];
  const now = last(after)?.areas ?? [];
  const areas = program.designation.eligibleAreas
    .map((a) => a.name)
    .filter((name) => was.some((x) => x.area === name) || now.some((x) => x.area === name))
    .map((name): ScoreAreaChange => {
      const b = was.find((x) => x.area === name);
      const n = now.find((x) => x.area === name);
      return {
        area: name,
        before: b?.totalPoints ?? null,
        after: n?.totalPoints ?? null,
        metBefore: b?.met ?? false,
        metAfter: n?.met ?? false,
      };
    });
  return { shownOn: entry.shownOn, fileName: entry.fileName, areas };
}
