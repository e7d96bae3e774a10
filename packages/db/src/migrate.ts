import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Sql } from "./sql.js";

/** Where the SQL files are: beside `src/` and `dist/` alike, so source and built code find them. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The migrations on disk, `NNNN-name.sql`, in version order. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(name);
    if (match === null) throw new Error(`${dir}${name}: a migration is named NNNN-name.sql`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version))
      throw new Error(`${dir}${name}: two migrations have version ${version}`);
    migrations.push({ version, name: match[2] as string, sql: await readFile(`${dir}${name}`, "utf8") });
  }
  return migrations;
}

/**
 * Brings the schema up to date: the migrations not yet applied run in version order, all in one
 * transaction (a failed start leaves the schema as it was). Forward only: a database newer than this
 * code is refused rather than used. Concurrent starts against one server are serialized by an advisory
 * lock taken before anything else, so any number of servers may start at once.
 */
export async function migrate(sql: Sql, migrations?: readonly Migration[]): Promise<{ applied: number[] }> {
  const all = migrations ?? (await readMigrations());
  const applied: number[] = [];
  await sql.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(7245021)");
    // Under the lock: two servers creating the table at once would collide in PostgreSQL's catalog
    // (a duplicate key on pg_type) even with "if not exists".
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>("select version from schema_migrations")).map((r) => r.version),
    );
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...all.map((m) => m.version));
    if (newest > known) {
      throw new Error(
        `the database schema is version ${newest}, newer than this specready (${known}): upgrade specready`,
      );
    }
    for (const m of all) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("insert into schema_migrations (version, name) values ($1, $2)", [m.version, m.name]);
      applied.push(m.version);
    }
  });
  return { applied };
}
