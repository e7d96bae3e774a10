import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrate, openDatabase, repositories } from "@specready/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "./app-context.js";
import { settleAbandonedImports } from "./import-service.js";
import { joinServerInstances, StorageNotSharedError } from "./server-instances.js";

/*
 * Which servers may run side by side on one database, by what they announce in `server_instances`
 * (on PGlite here: the rule is the same; `specready serve` checks it only on a PostgreSQL server, where
 * several processes can share the database). The two-process test is several-instances.test.ts.
 */

const blob = (container: string) =>
  ({ kind: "azure-blob", location: `http://127.0.0.1:10000/devstoreaccount1/${container}` }) as const;
const folder = (dataDir: string) => ({ kind: "filesystem", location: join(dataDir, "evidence") }) as const;
/** Each server on a machine of its own (in one test process they share a pid). */
const web = (n: number) => ({ host: `web-${n}`, pid: 1 });
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("servers sharing a database", () => {
  let db: Database;
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-instances-"));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db);
  }, 120_000);

  afterAll(async () => {
    await db.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("lets servers on one Blob container run together, and refuses one on another container or its own folder", async () => {
    const dataDir = await tempDir();
    const first = await joinServerInstances(
      db,
      id(1),
      { dataDir, storageShared: false },
      blob("evidence"),
      web(1),
    );
    const second = await joinServerInstances(
      db,
      id(2),
      { dataDir, storageShared: false },
      blob("evidence"),
      web(2),
    );
    expect((await repositories(db).serverInstances.othersAlive(id(3), 30)).map((s) => s.id)).toEqual([
      id(1),
      id(2),
    ]);
    await expect(
      joinServerInstances(db, id(3), { dataDir, storageShared: false }, blob("other"), web(3)),
    ).rejects.toThrow(/with another store: .*evidence, while this one would use Azure Blob Storage .*other/);
    const own = joinServerInstances(db, id(4), { dataDir, storageShared: false }, folder(dataDir), web(4));
    await expect(own).rejects.toBeInstanceOf(StorageNotSharedError);
    await expect(own).rejects.toThrow(/in its own folder .*SPECREADY_STORAGE_SHARED=1/);
    // Refused servers leave no row; those leaving remove theirs.
    await first.leave();
    await second.leave();
    expect(await repositories(db).serverInstances.othersAlive(id(9), 30)).toEqual([]);
  });

  it("lets servers on one shared folder run together, and tells a folder of the same name that is not the share", async () => {
    const share = await tempDir();
    const elsewhere = await tempDir();
    const first = await joinServerInstances(
      db,
      id(11),
      { dataDir: share, storageShared: true },
      folder(share),
      web(11),
    );
    expect(await readdir(join(share, "instances"))).toEqual([id(11)]);
    const second = await joinServerInstances(
      db,
      id(12),
      { dataDir: share, storageShared: true },
      folder(share),
      web(12),
    );
    // Declared shared, but not the same folder: the others' marks are not there.
    await expect(
      joinServerInstances(
        db,
        id(13),
        { dataDir: elsewhere, storageShared: true },
        folder(elsewhere),
        web(13),
      ),
    ).rejects.toThrow(/SPECREADY_STORAGE_SHARED=1 is set, but the server on .* its mark is not in/);
    expect(await readdir(join(elsewhere, "instances"))).toEqual([]);
    // Not declared shared beside servers on a share: refused.
    await expect(
      joinServerInstances(db, id(14), { dataDir: share, storageShared: false }, folder(share), web(14)),
    ).rejects.toThrow(/another specready server uses this database/);
    await second.leave();
    await first.leave();
    expect(await readdir(join(share, "instances"))).toEqual([]);
  });

  it("refuses to run beside a server that keeps files in a folder of its own, whatever this one uses", async () => {
    const dataDir = await tempDir();
    const alone = await joinServerInstances(
      db,
      id(21),
      { dataDir, storageShared: false },
      folder(dataDir),
      web(21),
    );
    await expect(
      joinServerInstances(db, id(22), { dataDir, storageShared: false }, blob("evidence"), web(22)),
    ).rejects.toThrow(/keeps evidence files in its own folder: .*not declared shared/);
    await alone.leave();
    // Gone, the next one runs.
    const next = await joinServerInstances(
      db,
      id(23),
      { dataDir, storageShared: false },
      blob("evidence"),
      web(23),
    );
    await next.leave();
  });

  it("fails the import jobs of a server that stopped while reading or saving them, and leaves the others' jobs alone", async () => {
    const r = repositories(db);
    const org = await r.organizations.create(id(31), "Adatum Consulting");
    const job = (n: number, state: string) => ({
      id: id(n),
      orgId: org.id,
      uploadId: id(40 + n),
      kind: "azure-usage",
      fileName: `usage-${n}.csv`,
      state,
      bytesDone: 0,
      bytesTotal: 10,
      rows: 0,
    });
    await r.importJobs.save({
      id: id(32),
      orgId: org.id,
      serverId: "gone",
      job: job(32, "reading"),
      request: {},
    });
    await r.importJobs.save({
      id: id(33),
      orgId: org.id,
      serverId: "gone",
      job: job(33, "saving"),
      request: {},
    });
    await r.importJobs.save({
      id: id(34),
      orgId: org.id,
      serverId: "alive",
      job: job(34, "reading"),
      request: {},
    });
    await r.importJobs.save({
      id: id(35),
      orgId: org.id,
      serverId: "gone",
      job: job(35, "done"),
      request: {},
    });
    expect(await settleAbandonedImports({ db } as AppContext, ["alive"])).toBe(2);
    const state = async (n: number) =>
      (await r.importJobs.get<{ state: string; code?: string }, unknown>(org.id, id(n)))?.job;
    expect(await state(32)).toMatchObject({ state: "failed", code: "import.interrupted" });
    expect(await state(33)).toMatchObject({ state: "failed", code: "import.interrupted" });
    expect(await state(34)).toMatchObject({ state: "reading" });
    expect(await state(35)).toMatchObject({ state: "done" });
    // Only the server holding a job writes it: another server's write is ignored.
    expect(
      await r.importJobs.save({
        id: id(32),
        orgId: org.id,
        serverId: "another",
        job: job(32, "done"),
        request: {},
      }),
    ).toEqual({ owned: false, cancelRequested: false });
    expect(await state(32)).toMatchObject({ state: "failed" });
  });
});
