import { mkdtemp, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { repositories } from "@specready/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServerConfig } from "../config/server-config.js";
import { loadWorkspacePrograms, openWorkspaceDatabase } from "../server.js";
import { createAppContext } from "../services/app-context.js";
import { seedDemo } from "../services/demo-service.js";
import { evidenceKey } from "../storage/evidence-store.js";
import { FilesystemEvidenceStore } from "../storage/filesystem-store.js";
import { workspaceCommands } from "./workspace-commands.js";

/*
 * `specready storage check` on a real data directory: the embedded database seeded with the demo (whose
 * evidence files are stored as uploads are), then a file nobody references and a referenced file gone.
 */

async function run(dataDir: string, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await workspaceCommands.storage?.run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { SPECREADY_DATA_DIR: dataDir },
  });
  return { code, stdout, stderr };
}

describe("specready storage check", () => {
  let dataDir: string;
  let referenced: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "specready-storage-"));
    const parsed = parseServerConfig({ SPECREADY_DATA_DIR: dataDir });
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const db = await openWorkspaceDatabase(parsed.config);
    try {
      const { programs, program } = await loadWorkspacePrograms(undefined);
      await seedDemo(createAppContext({ db, config: parsed.config, programs, program }));
      const keys = await repositories(db).evidence.allStorageKeys();
      referenced = keys[0] ?? "";
    } finally {
      await db.close();
    }
  }, 60_000);

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("finds nothing wrong in a consistent store", async () => {
    const result = await run(dataDir, "check");
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`Evidence storage: ${join(dataDir, "evidence")}`);
    expect(result.stdout).toMatch(/0 orphan\(s\), 0 missing file\(s\)\.\n$/);
    expect(result.code).toBe(0);
  });

  it("reports an old file no revision names, and removes it only when asked", async () => {
    const store = new FilesystemEvidenceStore(dataDir);
    const key = evidenceKey(
      "00000000-0000-4000-8000-000000000001",
      "00000000-0000-4000-8000-000000000002",
      1,
    );
    await store.put(key, Readable.from([Buffer.from("left behind by a crash")]), { limitBytes: 1024 });
    // Young objects may be uploads still committing: not orphans yet.
    expect((await run(dataDir, "check")).code).toBe(0);
    const path = join(dataDir, "evidence", ...key.split("/"));
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(path, old, old);

    const found = await run(dataDir, "check");
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(`orphan: ${key} (22 bytes`);
    expect(await stat(path).then(() => true)).toBe(true);

    const removed = await run(dataDir, "check", "--remove-orphans");
    expect(removed.stdout).toContain(`orphan: ${key} (22 bytes`);
    expect(removed.stdout).toContain("1 orphan(s) (1 removed), 0 missing file(s).");
    expect(removed.code).toBe(0);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it("reports a file the database names but the store lacks", async () => {
    await new FilesystemEvidenceStore(dataDir).delete(referenced);
    const result = await run(dataDir, "check", "--remove-orphans");
    expect(result.stdout).toContain(`missing: ${referenced}\n`);
    expect(result.code).toBe(1);
  });

  it("refuses other arguments with its usage", async () => {
    const result = await run(dataDir, "repair");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: specready storage check [--remove-orphans]");
  });
});
