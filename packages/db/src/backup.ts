import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { json, type Sql, type SqlValue } from "./sql.js";

/**
 * The tables a backup holds, parents before children. Sessions and pending uploads are left out on
 * purpose: a restored installation signs everyone in afresh and has no half-finished import. So are the
 * running servers (`server_instances`): they are the installation's present, not its data; and the
 * one-time links and sign-in steps (`account_tokens`, `entra_sign_ins`), which expire within hours.
 */
export const BACKUP_TABLES = [
  "organizations",
  "users",
  "recovery_codes",
  "entra_identities",
  "memberships",
  "invitations",
  "api_tokens",
  "imports",
  "import_usage_months",
  "import_usage_program_months",
  "import_records",
  "column_mappings",
  "applications",
  "activity",
  "customer_projects",
  "evidence_items",
  "evidence_controls",
  "evidence_revisions",
  "evidence_reviews",
  "control_specialties",
  "audit_plans",
  "audit_findings",
  "audit_gap_reports",
  "audit_results",
  "people",
  "person_certifications",
  "capability_score_entries",
  "reminder_preferences",
  "reminder_settings",
  "reminder_deliveries",
  "reminder_signing_key",
] as const;

/** Sequences to move past the restored rows. */
const SERIALS: readonly (readonly [string, string])[] = [
  ["imports", "seq"],
  ["activity", "id"],
  ["evidence_reviews", "id"],
  ["person_certifications", "seq"],
  ["capability_score_entries", "seq"],
  ["reminder_deliveries", "id"],
];

const FORMAT = "specready-backup";

interface Column {
  readonly name: string;
  readonly type: string;
}

async function columnsOf(sql: Sql, table: string): Promise<Column[]> {
  return sql.query<Column>(
    `select column_name as name, data_type as type from information_schema.columns
     where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  );
}

async function schemaVersion(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ v: number | null }>("select max(version) as v from schema_migrations");
  return row?.v ?? 0;
}

/**
 * Writes every table to a gzip-compressed JSON-lines file, read in one transaction so the copy is
 * consistent. The file is written beside its target and renamed at the end: an interrupted backup
 * never leaves a truncated file under the name asked for.
 */
export async function backupDatabase(sql: Sql, file: string): Promise<{ tables: Record<string, number> }> {
  const partial = `${file}.partial`;
  const counts: Record<string, number> = {};
  try {
    await sql.transaction(async (tx) => {
      // One snapshot for every table (READ COMMITTED would give each select its own, and an import
      // committed between two of them would leave children without their parent in the file).
      await tx.exec("set transaction isolation level repeatable read, read only");
      const gzip = createGzip();
      // The file holds password hashes: readable by its owner only.
      const done = pipeline(gzip, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
      const write = (value: unknown) =>
        new Promise<void>((resolve, reject) =>
          gzip.write(`${JSON.stringify(value)}\n`, (error) => (error ? reject(error) : resolve())),
        );
      await write({
        format: FORMAT,
        version: 2,
        schema: await schemaVersion(tx),
        createdAt: new Date().toISOString(),
      });
      for (const table of BACKUP_TABLES) {
        const columns = await columnsOf(tx, table);
        await write({ table, columns: columns.map((c) => c.name) });
        const rows = await tx.query<Record<string, unknown>>(
          `select ${columns.map((c) => `"${c.name}"`).join(", ")} from ${table}`,
        );
        for (const row of rows) await write(columns.map((c) => row[c.name] ?? null));
        counts[table] = rows.length;
      }
      // The last line says the backup is whole and how many rows each table had: a restore of a file
      // whose lines stop early, or were lost, says so instead of restoring part of it.
      await write({ end: true, tables: counts });
      gzip.end();
      await done;
    });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { tables: counts };
}

/**
 * The lines of a UTF-8 stream; the stream's errors are thrown from the loop that reads them. Decoding
 * is done by the stream (a character split between two chunks stays whole), and only each new chunk
 * is searched for line ends (a line of megabytes costs no more than its length).
 */
async function* splitLines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  stream.setEncoding("utf8");
  let pieces: string[] = [];
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
      pieces.push(chunk.slice(start, end));
      yield pieces.join("");
      pieces = [];
      start = end + 1;
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  }
  if (pieces.length > 0) yield pieces.join("");
}

/** Refuses, before reading further, a file that is not gzip at all (every backup is). */
async function checkGzipMagic(file: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(file, "r");
    try {
      head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new RestoreError(file, "does not exist");
    throw error;
  }
  if (head.length === 0) throw new RestoreError(file, "is empty");
  if (head[0] !== 0x1f || head[1] !== 0x8b)
    throw new RestoreError(file, "is not a specready backup (not gzip-compressed)");
}

/**
 * Reads the whole compressed stream once before anything is restored: gzip's own check (CRC-32 and
 * length) comes only at its end, and damaged data can inflate into rows that look plausible, so a file
 * damaged in the middle is named as such instead of failing on whatever row the damage produced.
 */
async function checkCompressedData(file: string): Promise<void> {
  let lines = 0;
  try {
    await pipeline(createReadStream(file), createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) for (const byte of chunk) if (byte === 0x0a) lines++;
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new RestoreError(file, "does not exist");
    if (code === "Z_BUF_ERROR")
      throw new RestoreError(
        file,
        `is truncated: its compressed data stops after ${lines} line(s), before the backup ends (an interrupted copy or download?)`,
      );
    if (code === "Z_DATA_ERROR")
      throw new RestoreError(
        file,
        `is corrupt: its compressed data is damaged after ${lines} line(s) (${(error as Error).message})`,
      );
    throw error;
  }
}

/** Why a restore was refused: the file, and the line of the backup where it went wrong when known. */
export class RestoreError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? "" : `, line ${line}`}: ${message}`);
  }
}

/**
 * Loads a backup into a migrated database, all or nothing, in one transaction. The database must hold
 * no organization or account unless `replace` is set, in which case everything in it is replaced.
 */
export async function restoreDatabase(
  sql: Sql,
  file: string,
  options: { replace?: boolean } = {},
): Promise<{ tables: Record<string, number> }> {
  const counts: Record<string, number> = {};
  await checkGzipMagic(file);
  await checkCompressedData(file);
  // Errors of the file and of gzip surface in the loop below (a piped stream would not forward them).
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on("error", (error) => gunzip.destroy(error));
  // The loop below reads the error from the destroyed stream; until it starts, nobody else listens.
  gunzip.on("error", () => {});
  source.pipe(gunzip);
  const lines = splitLines(gunzip);
  let lineNo = 0;
  await sql.transaction(async (tx) => {
    const existing = await tx.query<{ n: number }>(
      "select (select count(*) from organizations) + (select count(*) from users) as n",
    );
    if (Number(existing[0]?.n ?? 0) > 0) {
      if (!options.replace) {
        throw new RestoreError(
          file,
          "the database already holds organizations or accounts; restore into an empty database, or pass --replace to discard what it holds",
        );
      }
      await tx.exec(`truncate ${[...BACKUP_TABLES, "sessions", "uploads"].join(", ")} cascade`);
    }
    let table: string | undefined;
    let columns: Column[] = [];
    let batch: SqlValue[][] = [];
    const flush = async () => {
      if (table === undefined || batch.length === 0) return;
      const params: SqlValue[] = [];
      const values = batch.map(
        (row) =>
          `(${row
            .map((v) => {
              params.push(v);
              return `$${params.length}`;
            })
            .join(", ")})`,
      );
      await tx.query(
        `insert into ${table} (${columns.map((c) => `"${c.name}"`).join(", ")}) values ${values.join(", ")}`,
        params,
      );
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    let header = false;
    let version = 0;
    let end: { tables?: unknown } | undefined;
    try {
      for await (const text of lines) {
        lineNo++;
        if (text.trim() === "") continue;
        if (end !== undefined)
          throw new RestoreError(file, "is corrupt: it goes on after its end record", lineNo);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw new RestoreError(
            file,
            header ? "is corrupt: a line is not JSON" : "is not a specready backup (a line is not JSON)",
            lineNo,
          );
        }
        if (!header) {
          const h = value as { format?: unknown; schema?: unknown; version?: unknown };
          if (h?.format !== FORMAT) throw new RestoreError(file, "is not a specready backup", lineNo);
          version = typeof h.version === "number" ? h.version : 1;
          const mine = await schemaVersion(tx);
          if (h.schema !== mine) {
            throw new RestoreError(
              file,
              `was made with database schema version ${String(h.schema)}; this specready has version ${mine}`,
            );
          }
          header = true;
          continue;
        }
        if (!Array.isArray(value) && (value as { end?: unknown }).end === true) {
          await flush();
          end = value as { tables?: unknown };
          continue;
        }
        if (!Array.isArray(value)) {
          await flush();
          const t = value as { table?: unknown; columns?: unknown };
          if (!BACKUP_TABLES.includes(t.table as (typeof BACKUP_TABLES)[number]))
            throw new RestoreError(file, `holds an unknown table ${String(t.table)}`, lineNo);
          table = t.table as string;
          const actual = await columnsOf(tx, table);
          const names = t.columns as string[];
          columns = names.map((n) => {
            const c = actual.find((a) => a.name === n);
            if (c === undefined)
              throw new RestoreError(file, `table ${table} has no column ${n} here`, lineNo);
            return c;
          });
          continue;
        }
        if (table === undefined || value.length !== columns.length)
          throw new RestoreError(file, "a row does not match its table's columns", lineNo);
        batch.push(
          value.map((v, i) => (columns[i]?.type === "jsonb" && v !== null ? json(v) : (v as SqlValue))),
        );
        if (batch.length >= 200) await flush();
      }
    } catch (error) {
      if (error instanceof RestoreError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new RestoreError(file, "does not exist");
      // The file is gzip (checked first): it stops before its compressed data does, or that data is damaged.
      if (code === "Z_BUF_ERROR")
        throw new RestoreError(
          file,
          `is truncated: its compressed data stops after ${lineNo} line(s), before the backup ends (an interrupted copy or download?)`,
        );
      if (code === "Z_DATA_ERROR")
        throw new RestoreError(
          file,
          `is corrupt: its compressed data is damaged after ${lineNo} line(s) (${(error as Error).message})`,
        );
      throw error;
    }
    await flush();
    if (!header) throw new RestoreError(file, "is empty");
    if (version >= 2) {
      if (end === undefined)
        throw new RestoreError(
          file,
          `is truncated: it ends at line ${lineNo}, before the backup's end record (a copy cut short?)`,
        );
      const expected = JSON.stringify(end.tables);
      const found = JSON.stringify(
        Object.fromEntries(Object.keys((end.tables ?? {}) as object).map((t) => [t, counts[t] ?? 0])),
      );
      if (expected !== found)
        throw new RestoreError(file, `is corrupt: its tables do not hold the rows its end record counts`);
    }
    for (const [t, c] of SERIALS) {
      await tx.query(
        `select setval(pg_get_serial_sequence('${t}', '${c}'), coalesce((select max(${c}) from ${t}), 0) + 1, false)`,
      );
    }
  });
  return { tables: counts };
}
