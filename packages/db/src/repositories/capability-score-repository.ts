import { randomUUID } from "node:crypto";
import type { Sql } from "../sql.js";

/**
 * The capability score as Partner Center showed it on a date: one solution area typed in a form
 * (`solutionArea` and `points` set), or an import (`importId` set; its rows are the import's records).
 */
export interface CapabilityScoreEntry {
  readonly id: string;
  readonly seq: number;
  /** The date the score was shown in Partner Center, `YYYY-MM-DD`. */
  readonly shownOn: string;
  readonly solutionArea: string | null;
  /** Metric name -> points as decimal text (form entries). */
  readonly points: Record<string, string>;
  readonly importId: string | null;
  readonly importFileName: string | null;
  /** An import's records (its file's rows, as read); null for a form entry. */
  readonly records: unknown[] | null;
  readonly createdByName: string;
  readonly createdAt: string;
}

/** The score's history: every entry kept, the undone imports' left out. */
export class CapabilityScoreRepository {
  constructor(private readonly sql: Sql) {}

  /** In the order they take effect: by the date shown, then as entered. */
  async list(orgId: string): Promise<CapabilityScoreEntry[]> {
    return this.sql.query<CapabilityScoreEntry>(
      `select e.id, e.seq, e.shown_on as "shownOn", e.solution_area as "solutionArea", e.points,
         e.import_id as "importId", i.file_name as "importFileName", e.created_by_name as "createdByName",
         e.created_at as "createdAt", r.records
       from capability_score_entries e left join imports i on i.id = e.import_id
         left join import_records r on r.import_id = e.import_id
       where e.org_id = $1 and (e.import_id is null or i.status = 'active')
       order by e.shown_on, e.seq`,
      [orgId],
    );
  }

  /** How many entries `list` gives, and the date the last of them was shown on (null when none). */
  async summary(orgId: string): Promise<{ entries: number; latestShownOn: string | null }> {
    const [row] = await this.sql.query<{ entries: number; latestShownOn: string | null }>(
      `select count(*)::int as entries,
         (array_agg(e.shown_on order by e.shown_on desc, e.seq desc))[1] as "latestShownOn"
       from capability_score_entries e left join imports i on i.id = e.import_id
       where e.org_id = $1 and (e.import_id is null or i.status = 'active')`,
      [orgId],
    );
    return { entries: Number(row?.entries ?? 0), latestShownOn: row?.latestShownOn ?? null };
  }

  async get(orgId: string, id: string): Promise<CapabilityScoreEntry | null> {
    return (await this.list(orgId)).find((e) => e.id === id) ?? null;
  }

  /** A form's entry of one solution area. */
  async addEntry(
    orgId: string,
    e: { shownOn: string; solutionArea: string; points: Record<string, string>; createdByName: string },
  ): Promise<CapabilityScoreEntry> {
    const id = randomUUID();
    await this.sql.query(
      `insert into capability_score_entries (id, org_id, shown_on, solution_area, points, created_by_name)
       values ($1, $2, $3, $4, $5, $6)`,
      [id, orgId, e.shownOn, e.solutionArea, e.points, e.createdByName],
    );
    return (await this.get(orgId, id)) as CapabilityScoreEntry;
  }

  /** An import's entry: the file's rows, as shown on `shownOn`. */
  async addImportEntry(
    orgId: string,
    importId: string,
    shownOn: string,
    createdByName: string,
  ): Promise<void> {
    await this.sql.query(
      `insert into capability_score_entries (id, org_id, shown_on, import_id, created_by_name)
       values ($1, $2, $3, $4, $5)`,
      [randomUUID(), orgId, shownOn, importId, createdByName],
    );
  }

  /** Removes a form's entry; false when the organization has no such form entry. */
  async deleteEntry(orgId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query(
      "delete from capability_score_entries where org_id = $1 and id = $2 and import_id is null returning id",
      [orgId, id],
    );
    return rows.length > 0;
  }
}
