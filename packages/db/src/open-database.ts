import pg from "pg";
import { openPgliteWorker } from "./pglite-client.js";
import type { Database, Sql } from "./sql.js";
import { toParam } from "./to-param.js";
import { parsers } from "./type-parsers.js";

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
  return openPgliteWorker(options.dataDir);
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
  // `settled` waits for every statement asked so far: the transaction ends only after them, so that none
  // still queued (work that failed while others were asked at once) runs after the rollback, on a
  // connection back in the pool.
  const wrapClient = (client: pg.PoolClient): { sql: Sql; settled(): Promise<unknown> } => {
    let last: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
      const next = last.then(run, run);
      last = next.catch(() => {});
      return next;
    };
    const sql: Sql = {
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
    return { sql, settled: () => last };
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
      const tx = wrapClient(client);
      try {
        await client.query("begin");
        const result = await work(tx.sql);
        await tx.settled();
        await client.query("commit");
        return result;
      } catch (error) {
        await tx.settled();
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
