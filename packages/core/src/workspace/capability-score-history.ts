import type { CalendarDate } from "../calendar/calendar-date.js";
import type { Program } from "../program/program-definition.js";
import type { CapabilityScoreRecord } from "../records/input-records.js";
import { canonicalAreaName, scoreArea } from "../rules/designation.js";

/** The name `specready check` reads the capability score from, and the workspace exports it as. */
export const CAPABILITY_SCORE_FILE = "capability-score.csv";

/**
 * One entry of the capability score's history: the points of one solution area typed as Partner Center
 * showed them on a date, or an imported file (all its rows).
 */
export type ScoreEntry =
  | {
      readonly id: string;
      readonly shownOn: CalendarDate;
      readonly kind: "form";
      readonly area: string;
      /** Metric name -> points (decimal text). */
      readonly points: Readonly<Record<string, string>>;
    }
  | {
      readonly id: string;
      readonly shownOn: CalendarDate;
      readonly kind: "import";
      readonly fileName: string;
      readonly records: readonly CapabilityScoreRecord[];
    };

/** The score in effect after the entries, and whether it is exactly the last entry's imported file. */
export interface ScoreInEffect {
  readonly records: readonly CapabilityScoreRecord[];
  /** The import entry whose file is the score as it stands (nothing typed since), else null. */
  readonly importedEntry: string | null;
}

type Row = Omit<CapabilityScoreRecord, "source"> & { readonly source?: CapabilityScoreRecord["source"] };

function apply(program: Program, rows: readonly Row[], entry: ScoreEntry): Row[] {
  if (entry.kind === "import") return [...entry.records];
  const area = canonicalAreaName(program, entry.area);
  const key = area.toLowerCase();
  const kept = rows.filter((r) => canonicalAreaName(program, r.solutionArea).toLowerCase() !== key);
  const typed = program.designation.metrics
    .filter((m) => entry.points[m.name] !== undefined)
    .map((m) => ({ solutionArea: area, metric: m.name, points: entry.points[m.name] as string }));
  return [...kept, ...typed];
}

/**
 * The capability score in effect after the entries, taken in order (by the date shown, then as entered):
 * an imported file replaces the whole score, as importing it always did; a typed entry replaces its
 * solution area. Rows are numbered as the workspace exports them (`capability-score.csv`, the header on
 * line 1), so `specready check` on the export reads the same records.
 */
export function scoreInEffect(program: Program, entries: readonly ScoreEntry[]): ScoreInEffect {
  let rows: Row[] = [];
  for (const e of entries) rows = apply(program, rows, e);
  const last = entries[entries.length - 1];
  if (last?.kind === "import") return { records: last.records, importedEntry: last.id };
  return {
    records: rows.map((r, i) => ({
      solutionArea: r.solutionArea,
      metric: r.metric,
      points: r.points,
      source: { file: CAPABILITY_SCORE_FILE, line: i + 2 },
    })),
    importedEntry: null,
  };
}

/** One point of the score's history: the score of each area in effect after an entry. */
export interface ScoreHistoryPoint {
  readonly entryId: string;
  readonly shownOn: CalendarDate;
  readonly kind: "form" | "import";
  /** The file's name, or the area typed. */
  readonly label: string;
  readonly areas: readonly {
    readonly area: string;
    readonly totalPoints: string;
    readonly met: boolean;
    readonly pointsShort: string;
    readonly metricsWithoutPoints: readonly string[];
  }[];
}

/**
 * The score's history: after each entry, every eligible solution area that has points, with its total,
 * what is short of the minimum and whether it qualifies, the same `scoreArea` the evaluation uses.
 */
export function scoreHistory(program: Program, entries: readonly ScoreEntry[]): ScoreHistoryPoint[] {
  let rows: Row[] = [];
  const points: ScoreHistoryPoint[] = [];
  for (const e of entries) {
    rows = apply(program, rows, e);
    const records = rows.map((r) => ({ ...r, source: r.source ?? { file: CAPABILITY_SCORE_FILE, line: 0 } }));
    const areas = program.designation.eligibleAreas
      .filter((a) => records.some((r) => canonicalAreaName(program, r.solutionArea) === a.name))
      .map((a) => {
        const s = scoreArea(program, records, a.name);
        return {
          area: a.name,
          totalPoints: s.totalPoints,
          met: s.met,
          pointsShort: s.pointsShort,
          metricsWithoutPoints: s.metricsWithoutPoints,
        };
      });
    points.push({
      entryId: e.id,
      shownOn: e.shownOn,
      kind: e.kind,
      label: e.kind === "import" ? e.fileName : canonicalAreaName(program, e.area),
      areas,
    });
  }
  return points;
}
