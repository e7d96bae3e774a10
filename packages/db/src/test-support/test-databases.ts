import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../migrate.js";
import { openDatabase } from "../open-database.js";
import type { Database } from "../sql.js";

/**
 * The databases the tests run on: always PGlite in memory, and a real PostgreSQL server when
 * `TEST_DATABASE_URL` is given (`.ci/run` gives it). Each PostgreSQL test database is a fresh schema,
 * dropped at close, so test files can run side by side on one server.
 */
export const testBackends: readonly ("pglite" | "postgres")[] = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

/**
 * How long a test file's `beforeAll` may take to open its database. Starting PGlite and migrating it is
 * CPU-bound, and test files run side by side: on a machine with few cores it takes longer than vitest's
 * default ten seconds.
 */
export const STARTUP_TIMEOUT = 60_000;

export async function openTestDatabase(kind: "pglite" | "postgres", options: { migrate?: boolean } = {}) {
  let db: Database;
  let drop = async () => {};
  let connectionUrl: string | undefined;
  if (kind === "pglite") {
    db = await openDatabase({});
  } else {
    const url = process.env.TEST_DATABASE_URL as string;
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const u = new URL(url);
    u.searchParams.set("options", `-c search_path=${schema}`);
    connectionUrl = u.toString();
    db = await openDatabase({ url: connectionUrl });
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  }
  if (options.migrate !== false) await migrate(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    /** The PostgreSQL test database's URL (another connection pool, as another server would open). */
    url: connectionUrl,
    async close() {
      await close();
      await drop();
    },
  });
}
