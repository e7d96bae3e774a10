import {
  CAPABILITY_SCORE_FILE,
  type CalendarDate,
  type CapabilityScoreRecord,
  type Program,
  type ScoreEntry,
  scoreInEffect,
} from "@specready/core";
import { type CapabilityScoreEntry, type ImportRow, repositories, type Sql } from "@specready/db";

/** The score's entries as the core reads them, in the order they take effect. */
export function scoreEntriesOf(entries: readonly CapabilityScoreEntry[]): ScoreEntry[] {
  return entries.map((e) =>
    e.importId === null
      ? {
          id: e.id,
          shownOn: e.shownOn as CalendarDate,
          kind: "form" as const,
          area: e.solutionArea ?? "",
          points: e.points,
        }
      : {
          id: e.id,
          shownOn: e.shownOn as CalendarDate,
          kind: "import" as const,
          fileName: e.importFileName ?? "",
          records: (e.records ?? []) as CapabilityScoreRecord[],
        },
  );
}

/** The capability-score input as the workspace holds it. */
export interface WorkspaceScore {
  readonly records: readonly CapabilityScoreRecord[];
  readonly file: string;
  readonly rows: number;
  /** The latest import, when the score is exactly its file (nothing typed after it). */
  readonly intactImport: ImportRow | null;
}

/**
 * The capability score the evaluation reads: the entries in effect (`scoreInEffect`). When the last
 * entry is the latest import, its records as read, with its file name, as before scores were typed;
 * otherwise the score in effect named as the workspace exports it (`capability-score.csv`). Undefined
 * when there is no entry and no import.
 */
export async function workspaceScore(
  db: Sql,
  program: Program,
  orgId: string,
  latest: { readonly records: unknown[]; readonly importRow: ImportRow } | undefined,
): Promise<WorkspaceScore | undefined> {
  const entries = scoreEntriesOf(await repositories(db).capabilityScore.list(orgId));
  if (entries.length === 0) {
    if (latest === undefined) return undefined;
    // An import with no entry (none is made outside an import's commit; kept for safety): as before.
    return {
      records: latest.records as CapabilityScoreRecord[],
      file: latest.importRow.fileName,
      rows: latest.importRow.rows,
      intactImport: latest.importRow,
    };
  }
  const effect = scoreInEffect(program, entries);
  const last = entries[entries.length - 1];
  if (effect.importedEntry !== null && latest !== undefined && last?.kind === "import")
    return {
      records: latest.records as CapabilityScoreRecord[],
      file: latest.importRow.fileName,
      rows: latest.importRow.rows,
      intactImport: latest.importRow,
    };
  return {
    records: effect.records,
    file: CAPABILITY_SCORE_FILE,
    rows: effect.records.length,
    intactImport: null,
  };
}
