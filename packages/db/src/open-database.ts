import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type Database, JsonParam, type Sql, type SqlValue } from "./sql.js";

/** Type OIDs whose default JavaScript conversion would lose something. */
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const NUMERIC = 1700;
const INT8 = 20;

/**
 * Both drivers would turn a `date` into a JavaScript Date at local midnight, which drifts across time
 * zones; a calendar date stays the text PostgreSQL sends. Timestamps become ISO 8601 UTC text, numerics
 * stay exact text, and bigint counts become numbers (row counts and sequence values fit easily).
 */
function parseTimestamp(text: string): string {
  // Sessions run in UTC, so PostgreSQL sends "2026-11-24 05:32:16.123456+00": kept to the microsecond
  // (a backup restores exactly what it saved), with a "T" and a "Z" as ISO 8601 writes it.
  // PostgreSQL drops trailing zeros of the fraction ("…16.12"): padded to milliseconds as JavaScript
  // writes them, or to microseconds when there are more digits, so one instant has one spelling.
  const utc = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00(?::00)?$/.exec(text);
  if (utc !== null) {
    const fraction = utc[3] ?? "";
    return `${utc[1]}T${utc[2]}.${fraction.padEnd(fraction.length > 3 ? 6 : 3, "0")}Z`;
  }
  return new Date(text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString();
}
const parsers: Record<number, (text: string) => unknown> = {
  [DATE]: (text) => text,
  [TIMESTAMPTZ]: parseTimestamp,
  [TIMESTAMP]: (text) => parseTimestamp(`${text}+00`),
  [NUMERIC]: (text) => text,
  [INT8]: (text) => Number(text),
};

function toParam(value: SqlValue): unknown {
  if (value === null || typeof value !== "object")
    return typeof value === "bigint" ? value.toString() : value;
  if (value instanceof JsonParam) return JSON.stringify(value.value);
  if (Array.isArray(value)) return value; // text[] columns
  return JSON.stringify(value);
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL server (`postgres://…`); when absent the embedded PGlite is used. */
  readonly url?: string | undefined;
  /** PGlite's data directory; `undefined` keeps the database in memory (tests). */
  readonly dataDir?: string | undefined;
  /**
   * Connections to the PostgreSQL server at most (10 by default). Each server process holds its own
   * pool: with several servers, their sum must stay under what the database server allows.
   */
  readonly poolSize?: number | undefined;
}

/** Opens PGlite (embedded, the default) or a PostgreSQL server when a URL is given. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url !== undefined && options.url !== "")
    return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const db = new PGlite({ dataDir, parsers });
  await db.waitReady;
  await db.exec("set time zone 'UTC'");
  // PGlite is one connection: a transaction must not interleave with other queries, and queries from
  // inside a transaction must use its handle. `inTransaction` tells nested calls to join.
  const wrap = (q: Pick<PGlite, "query" | "exec">, inTransaction: boolean): Sql => ({
    async query(text, params = []) {
      const result = await q.query(text, params.map(toParam) as unknown[]);
      return result.rows as never;
    },
    async exec(script) {
      await q.exec(script);
    },
    async transaction(work) {
      if (inTransaction) return work(this);
      return db.transaction((tx) => work(wrap(tx, true)));
    },
  });
  const sql = wrap(db, false);
  const locks = new Map<string, Promise<unknown>>();
  return {
    ...sql,
    kind: "pglite",
    location: dataDir ?? "memory",
    async withLock(name, work) {
      const before = locks.get(name) ?? Promise.resolve();
      const run = before.then(work, work);
      const settled = run.catch(() => {});
      locks.set(name, settled);
      try {
        return await run;
      } finally {
        if (locks.get(name) === settled) locks.delete(name);
      }
    },
    ping: () => answers(sql),
    async close() {
      await db.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Sessions run in UTC (see parseTimestamp), added to any options the URL already carries.
  const u = new URL(url);
  u.searchParams.set("options", `${u.searchParams.get("options") ?? ""} -c TimeZone=UTC`.trim());
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server emits "error"; without a listener that would end the process.
  pool.on("error", () => {});
  // One client runs one query at a time. Work inside a transaction may ask for several at once
  // (Promise.all over reads); pg 8 queues them with a deprecation warning and pg 9 refuses them, so
  // they are queued here, in the order they were asked.
  const wrapClient = (client: pg.PoolClient): Sql => {
    let last: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
      const next = last.then(run, run);
      last = next.catch(() => {});
      return next;
    };
    return {
      async query(text, params = []) {
        const result = await inTurn(() => client.query(text, params.map(toParam) as unknown[]));
        return result.rows as never;
      },
      async exec(script) {
        await inTurn(() => client.query(script));
      },
      async transaction(work) {
        return work(this);
      },
    };
  };
  const sql: Sql = {
    async query(text, params = []) {
      const result = await pool.query(text, params.map(toParam) as unknown[]);
      return result.rows as never;
    },
    async exec(script) {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await work(wrapClient(client));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
  // Fail at start, with the reason, rather than on the first request.
  await pool.query("select 1");
  return {
    ...sql,
    kind: "postgres",
    location: redactUrl(url),
    async withLock(name, work) {
      // A session-level lock lives with its connection: held on one client for the whole of `work`,
      // which uses the pool's other connections. A server that dies mid-way drops its connection, and
      // with it the lock.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock(hashtext($1))", [name]);
        try {
          return await work();
        } finally {
          await client.query("select pg_advisory_unlock(hashtext($1))", [name]).catch(() => {});
        }
      } finally {
        client.release();
      }
    },
    ping: () => answers(sql),
    async close() {
      await pool.end();
    },
  };
}

/** Whether the database answers a trivial query. */
async function answers(sql: Sql): Promise<boolean> {
  try {
    await sql.query("select 1");
    return true;
  } catch {
    return false;
  }
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return "(a database URL that cannot be parsed)";
  }
}
