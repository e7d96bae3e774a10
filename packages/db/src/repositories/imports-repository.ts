import { json, type Sql } from "../sql.js";
import { type ImportKindName, importKinds } from "./roles.js";

export interface ImportRow {
  readonly id: string;
  readonly kind: ImportKindName;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly rows: number;
  readonly months: readonly string[];
  readonly programId: string;
  readonly mapping: Record<string, string>;
  readonly warnings: readonly unknown[];
  readonly status: "active" | "reverted";
  readonly createdAt: string;
  readonly createdBy: { readonly id: string | null; readonly name: string };
  readonly revertedAt: string | null;
}

export interface NewImport {
  readonly id: string;
  readonly orgId: string;
  readonly kind: ImportKindName;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly rows: number;
  readonly months: readonly string[];
  readonly programId: string;
  readonly mapping: Record<string, string>;
  readonly warnings: readonly unknown[];
  readonly createdByUser: string | null;
  readonly createdByToken: string | null;
  readonly createdByName: string;
}

/** The select list of an import, its columns qualified by `t` (the table's alias in the query). */
const importColumns = (
  t: string,
) => `${t}.id, ${t}.kind, ${t}.file_name as "fileName", ${t}.size, ${t}.sha256,
  ${t}.rows, ${t}.months, ${t}.program_id as "programId", ${t}.mapping, ${t}.warnings, ${t}.status,
  ${t}.created_at as "createdAt", coalesce(${t}.created_by_user, ${t}.created_by_token) as "createdById",
  ${t}.created_by_name as "createdByName", ${t}.reverted_at as "revertedAt"`;
const IMPORT = importColumns("imports");

/**
 * The latest active import (`i`) of each kind in `$2` of organization `$1`, with its records (`r`). The
 * latest imports are chosen first, so only their records are read, however long the history.
 */
const LATEST_RECORDS = `from (select distinct on (kind) id from imports
             where org_id = $1 and status = 'active' and kind = any($2::text[])
             order by kind, seq desc) latest
       join imports i on i.id = latest.id
       join import_records r on r.import_id = i.id and r.org_id = $1`;

type Raw = Omit<ImportRow, "createdBy"> & { createdById: string | null; createdByName: string };
const present = ({ createdById, createdByName, ...r }: Raw): ImportRow => ({
  ...r,
  createdBy: { id: createdById, name: createdByName },
});

/**
 * Imports and the data they brought. Nothing is overwritten: the data in effect is, per kind, the latest
 * active import (per month for usage), so undoing an import puts back what was there before it.
 */
export class ImportsRepository {
  constructor(private readonly sql: Sql) {}

  async create(i: NewImport): Promise<void> {
    await this.sql.query(
      `insert into imports (id, org_id, kind, file_name, size, sha256, rows, months, program_id, mapping, warnings,
         created_by_user, created_by_token, created_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        i.id,
        i.orgId,
        i.kind,
        i.fileName,
        i.size,
        i.sha256,
        i.rows,
        [...i.months],
        i.programId,
        i.mapping,
        json(i.warnings),
        i.createdByUser,
        i.createdByToken,
        i.createdByName,
      ],
    );
  }

  /** A usage month's summary: an object, or its JSON text (stored as it is). */
  async addUsageMonth(
    orgId: string,
    importId: string,
    month: string,
    summary: object | string,
  ): Promise<void> {
    await this.sql.query(
      "insert into import_usage_months (import_id, org_id, month, summary) values ($1, $2, $3, $4)",
      [importId, orgId, month, summary],
    );
  }

  /**
   * The summary of a usage month for a program with performance sub-rules (its filters' sums): an object,
   * or its JSON text.
   */
  async addUsageProgramMonth(
    orgId: string,
    importId: string,
    programId: string,
    month: string,
    summary: object | string,
  ): Promise<void> {
    await this.sql.query(
      `insert into import_usage_program_months (import_id, org_id, program_id, month, summary)
       values ($1, $2, $3, $4, $5)`,
      [importId, orgId, programId, month, summary],
    );
  }

  /**
   * Per month in effect (the latest active usage import covering it), the summary that import kept for a
   * program with sub-rules; `summary` is null for a month imported before the program's figures were kept.
   */
  async effectiveUsageProgramMonths(
    orgId: string,
    programId: string,
  ): Promise<{ month: string; summary: unknown | null; importId: string; fileName: string }[]> {
    return this.sql.query(
      `select l.month, p.summary, l.import_id as "importId", i.file_name as "fileName"
       from (select distinct on (m.month) m.month, m.import_id
             from import_usage_months m join imports i on i.id = m.import_id
             where m.org_id = $1 and i.org_id = $1 and i.status = 'active'
             order by m.month, i.seq desc) l
       join imports i on i.id = l.import_id
       left join import_usage_program_months p
         on p.import_id = l.import_id and p.month = l.month and p.program_id = $2
       order by l.month`,
      [orgId, programId],
    );
  }

  async addRecords(orgId: string, importId: string, records: readonly object[]): Promise<void> {
    await this.sql.query("insert into import_records (import_id, org_id, records) values ($1, $2, $3)", [
      importId,
      orgId,
      json(records),
    ]);
  }

  async get(orgId: string, id: string): Promise<ImportRow | undefined> {
    const [row] = await this.sql.query<Raw>(`select ${IMPORT} from imports where org_id = $1 and id = $2`, [
      orgId,
      id,
    ]);
    return row === undefined ? undefined : present(row);
  }

  async list(orgId: string, limit = 200): Promise<ImportRow[]> {
    const rows = await this.sql.query<Raw>(
      `select ${IMPORT} from imports where org_id = $1 order by seq desc limit $2`,
      [orgId, limit],
    );
    return rows.map(present);
  }

  async revert(orgId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query(
      `update imports set status = 'reverted', reverted_at = now()
       where org_id = $1 and id = $2 and status = 'active' returning id`,
      [orgId, id],
    );
    return rows.length > 0;
  }

  /**
   * Per month, the summary of the latest active usage import that covers it, in month order. The
   * summaries of `summariesNotOf` (an import whose summaries the caller holds already) come as null,
   * and every summary with `summaries: false` (the months and their imports only: a month's summary
   * is hundreds of kilobytes of JSON); with `months`, only those months are read.
   */
  async effectiveUsageMonths(
    orgId: string,
    options: {
      readonly summariesNotOf?: string;
      readonly months?: readonly string[];
      readonly summaries?: boolean;
    } = {},
  ): Promise<{ month: string; summary: unknown; importId: string; fileName: string }[]> {
    return this.sql.query(
      // Which import is in effect for each month is chosen first; only those months' summaries are read.
      `select l.month,
              case when not $4::boolean or l.import_id = $2::uuid then null else m.summary end as summary,
              l.import_id as "importId", i.file_name as "fileName"
       from (select distinct on (m.month) m.month, m.import_id
             from import_usage_months m join imports i on i.id = m.import_id
             where m.org_id = $1 and i.org_id = $1 and i.status = 'active'
               and ($3::text[] is null or m.month = any($3::text[]))
             order by m.month, i.seq desc) l
       join import_usage_months m on m.import_id = l.import_id and m.month = l.month
       join imports i on i.id = l.import_id
       order by l.month`,
      [
        orgId,
        options.summariesNotOf ?? null,
        options.months === undefined ? null : [...options.months],
        options.summaries ?? true,
      ],
    );
  }

  /** The records of the latest active import of each record kind asked for (all by default). */
  async effectiveRecords(
    orgId: string,
    kinds: readonly ImportKindName[] = importKinds,
  ): Promise<Map<ImportKindName, { records: unknown[]; importRow: ImportRow }>> {
    const rows = await this.sql.query<Raw & { records: unknown[] }>(
      `select ${importColumns("i")}, r.records ${LATEST_RECORDS}`,
      [orgId, [...kinds]],
    );
    const out = new Map<ImportKindName, { records: unknown[]; importRow: ImportRow }>();
    for (const { records, ...row } of rows) out.set(row.kind, { records, importRow: present(row) });
    return out;
  }

  /**
   * How many records the latest active import of each kind asked for holds (kinds without one are
   * absent): what `effectiveRecords` would give, counted by the database without reading the records.
   */
  async effectiveRecordCounts(
    orgId: string,
    kinds: readonly ImportKindName[],
  ): Promise<Map<ImportKindName, number>> {
    const rows = await this.sql.query<{ kind: ImportKindName; count: number }>(
      `select i.kind,
         case jsonb_typeof(r.records) when 'array' then jsonb_array_length(r.records) else 0 end as count
       ${LATEST_RECORDS}`,
      [orgId, [...kinds]],
    );
    return new Map(rows.map((r) => [r.kind, Number(r.count)]));
  }

  /* ---------------------------------------------------------------- uploads awaiting their mapping */

  async createUpload(u: {
    id: string;
    orgId: string;
    kind: ImportKindName;
    fileName: string;
    size: number;
    sha256: string;
    createdBy: string | null;
  }): Promise<void> {
    await this.sql.query(
      `insert into uploads (id, org_id, kind, file_name, size, sha256, created_by) values ($1, $2, $3, $4, $5, $6, $7)`,
      [u.id, u.orgId, u.kind, u.fileName, u.size, u.sha256, u.createdBy],
    );
  }

  /**
   * Stores an upload's row unless the organization's pending uploads would then hold more than
   * `limitBytes`: the bytes they hold already when it does not fit. Two uploads finishing at once are
   * counted one after the other (a lock per organization for the rest of the transaction).
   */
  async createUploadWithin(
    u: Parameters<ImportsRepository["createUpload"]>[0],
    limitBytes: number,
  ): Promise<{ ok: true } | { ok: false; pendingBytes: number }> {
    return this.sql.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(hashtext('specready.uploads:' || $1))", [u.orgId]);
      const pendingBytes = await new ImportsRepository(tx).pendingBytes(u.orgId);
      if (pendingBytes + u.size > limitBytes) return { ok: false, pendingBytes };
      await new ImportsRepository(tx).createUpload(u);
      return { ok: true };
    });
  }

  /** What an organization's uploads waiting for their import hold, in bytes. */
  async pendingBytes(orgId: string): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>(
      "select coalesce(sum(size), 0)::int8 as n from uploads where org_id = $1",
      [orgId],
    );
    return row?.n ?? 0;
  }

  async getUpload(
    orgId: string,
    id: string,
  ): Promise<
    | { id: string; kind: ImportKindName; fileName: string; size: number; sha256: string; createdAt: string }
    | undefined
  > {
    const [row] = await this.sql.query<{
      id: string;
      kind: ImportKindName;
      fileName: string;
      size: number;
      sha256: string;
      createdAt: string;
    }>(
      `select id, kind, file_name as "fileName", size, sha256, created_at as "createdAt"
       from uploads where org_id = $1 and id = $2`,
      [orgId, id],
    );
    return row;
  }

  /** Whether there was such an upload: an import claims its upload with this, so it runs once. */
  async deleteUpload(orgId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query("delete from uploads where org_id = $1 and id = $2 returning id", [
      orgId,
      id,
    ]);
    return rows.length > 0;
  }

  /** Uploads older than the cutoff (never imported), to remove with their files. */
  async staleUploads(olderThan: string): Promise<{ id: string; orgId: string }[]> {
    return this.sql.query(`select id, org_id as "orgId" from uploads where created_at < $1`, [olderThan]);
  }

  async allUploadIds(): Promise<string[]> {
    return (await this.sql.query<{ id: string }>("select id from uploads")).map((r) => r.id);
  }

  /* ---------------------------------------------------------------- column mappings */

  async mappings(orgId: string): Promise<Record<string, Record<string, string>>> {
    const rows = await this.sql.query<{ kind: string; mapping: Record<string, string> }>(
      "select kind, mapping from column_mappings where org_id = $1 order by kind",
      [orgId],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.mapping]));
  }

  async saveMapping(orgId: string, kind: string, mapping: Record<string, string>, userId: string | null) {
    await this.sql.query(
      `insert into column_mappings (org_id, kind, mapping, updated_by) values ($1, $2, $3, $4)
       on conflict (org_id, kind) do update set mapping = excluded.mapping, updated_by = excluded.updated_by,
         updated_at = now()`,
      [orgId, kind, mapping, userId],
    );
  }
}
