import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  archiveDataDir,
  EMPTY_DATABASE_ARCHIVE,
  pgliteVersion,
  shippedEmptyDatabase,
  writeEmptyDatabaseManifest,
} from "./empty-database.js";
import { migrate } from "./migrate.js";
import { openDatabase } from "./open-database.js";
import { createPgliteDataDir } from "./pglite-client.js";
import type { Database } from "./sql.js";
import { STARTUP_TIMEOUT } from "./test-support/test-databases.js";

/** Every file of a folder: its path inside the folder, its bytes. */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1), entry.isFile() ? await readFile(path) : Buffer.alloc(0));
  }
  return files;
}

const sizes = (files: Map<string, Buffer>) =>
  Object.fromEntries([...files].map(([name, bytes]) => [name, bytes.length]));

/** What a database is, as far as its catalogs and settings tell. */
async function describeDatabase(db: Database) {
  return {
    databases: await db.query(
      "select datname, encoding, datcollate, datctype, datlocprovider, datistemplate, datallowconn from pg_database order by datname",
    ),
    roles: await db.query("select rolname, rolsuper, rolcanlogin from pg_roles order by rolname"),
    catalog: await db.query(
      `select (select count(*) from pg_class) as classes, (select count(*) from pg_proc) as procs,
              (select count(*) from pg_type) as types, (select count(*) from pg_collation) as collations,
              (select string_agg(nspname, ',' order by nspname) from pg_namespace) as schemas`,
    ),
    settings: await db.query("select name, setting from pg_settings order by name"),
    columns: await db.query(
      `select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
       where table_schema = 'public' order by table_name, ordinal_position`,
    ),
    indexes: await db.query(
      "select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1",
    ),
  };
}

describe("the embedded database's first start", () => {
  let work: string;
  /** A data directory made by initdb, as before the empty database was shipped. */
  let byInitdb: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "specready-empty-db-"));
    byInitdb = join(work, "initdb");
    await createPgliteDataDir(byInitdb, { from: undefined });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("has the empty database the build made with the installed PGlite (run `npm run build` first)", () => {
    expect(pgliteVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(shippedEmptyDatabase()).toBe(EMPTY_DATABASE_ARCHIVE);
  });

  it("uses an archive made by the installed PGlite only, else none (initdb)", async () => {
    const archive = join(work, "versions", "empty-database.tar.gz");
    await mkdir(join(work, "versions"));
    expect(shippedEmptyDatabase(archive)).toBeUndefined();
    await writeFile(archive, "");
    expect(shippedEmptyDatabase(archive)).toBeUndefined();
    await writeEmptyDatabaseManifest(archive);
    expect(shippedEmptyDatabase(archive)).toBe(archive);
    const manifest = join(work, "versions", "empty-database.json");
    expect(JSON.parse(await readFile(manifest, "utf8"))).toEqual({ format: 1, pglite: pgliteVersion() });
    await writeFile(manifest, JSON.stringify({ format: 1, pglite: "0.2.0" }));
    expect(shippedEmptyDatabase(archive)).toBeUndefined();
    await writeFile(manifest, JSON.stringify({ format: 2, pglite: pgliteVersion() }));
    expect(shippedEmptyDatabase(archive)).toBeUndefined();
  });

  it("unpacks an archived data directory to the same files, byte for byte", async () => {
    const archive = join(work, "copy.tar.gz");
    await archiveDataDir(byInitdb, archive);
    const copy = join(work, "copy");
    await createPgliteDataDir(copy, { from: archive });
    const [original, unpacked] = [await tree(byInitdb), await tree(copy)];
    expect([...unpacked.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [name, bytes] of original) expect(unpacked.get(name)?.equals(bytes), name).toBe(true);
  });

  it(
    "opens the shipped empty database, on disk or in memory, as the one initdb makes: the same files, catalogs and settings, migrated alike",
    async () => {
      const shipped = join(work, "shipped");
      await createPgliteDataDir(shipped);
      // pg_control differs (the system identifier, the times): the names and sizes do not.
      expect(sizes(await tree(shipped))).toEqual(sizes(await tree(byInitdb)));
      const described = [];
      // And in memory, as the tests run it: PGlite loads the archive.
      for (const dataDir of [shipped, byInitdb, undefined]) {
        const db = await openDatabase({ dataDir });
        try {
          expect(await db.query("show shared_buffers")).toEqual([{ shared_buffers: "16MB" }]);
          await migrate(db);
          described.push(await describeDatabase(db));
        } finally {
          await db.close();
        }
      }
      expect(described[0]).toEqual(described[1]);
      expect(described[2]).toEqual(described[1]);
      expect(described[0]?.columns.length).toBeGreaterThan(100);
    },
    STARTUP_TIMEOUT,
  );

  it(
    "never leaves a half-made database: what a stopped creation left is removed, the database made whole",
    async () => {
      const dataDir = join(work, "stopped", "db");
      // A creation whose process is gone (no pid is that large) got as far as PG_VERSION.
      const leftover = `${dataDir}.creating-2147483646`;
      await mkdir(leftover, { recursive: true });
      await writeFile(join(leftover, "PG_VERSION"), "17\n");
      // And an archive that breaks off: initdb makes the database instead.
      const damaged = join(work, "damaged.tar.gz");
      await writeFile(damaged, (await readFile(EMPTY_DATABASE_ARCHIVE)).subarray(0, 100_000));
      await mkdir(dataDir);
      await createPgliteDataDir(dataDir, { from: damaged });
      expect(existsSync(leftover)).toBe(false);
      expect(await readdir(join(work, "stopped"))).toEqual(["db"]);
      const db = await openDatabase({ dataDir });
      try {
        expect(await db.query("select count(*)::int as n from pg_database")).toEqual([{ n: 3 }]);
      } finally {
        await db.close();
      }
    },
    STARTUP_TIMEOUT,
  );

  it("refuses a folder that holds files but no database, and leaves it as it is", async () => {
    const dataDir = join(work, "not-a-database");
    await mkdir(dataDir);
    await writeFile(join(dataDir, "notes.txt"), "mine");
    await expect(openDatabase({ dataDir })).rejects.toThrow(
      `the database folder ${dataDir} holds files but no database (no PG_VERSION)`,
    );
    expect(await readdir(dataDir)).toEqual(["notes.txt"]);
  });
});
