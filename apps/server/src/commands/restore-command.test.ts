import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { backupDatabase, repositories } from "@specready/db";
import { openTestDatabase } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceCommands } from "./workspace-commands.js";

/*
 * `specready restore` on backups that were cut short or damaged on the way (an interrupted copy, a disk
 * error): each is named for what it is, and nothing is restored.
 */

async function restore(file: string, dataDir: string) {
  let stdout = "";
  let stderr = "";
  const code = await workspaceCommands.restore?.run([file], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { SPECREADY_DATA_DIR: dataDir },
  });
  return { code, stdout, stderr };
}

describe("specready restore of a damaged backup", () => {
  let dir: string;
  let good: Buffer;
  let target: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "specready-restore-"));
    const db = await openTestDatabase("pglite");
    try {
      const org = await repositories(db).organizations.create(randomUUID(), "Fabrikam");
      // Enough activity that the compressed file spans many blocks.
      for (let i = 0; i < 400; i++)
        await repositories(db).activity.record(
          org.id,
          { kind: "system", id: null, name: "specready" },
          "note.added",
          `Note ${i}: ${randomUUID()} ${randomUUID()}`,
        );
      await backupDatabase(db, join(dir, "good.gz"));
      good = await readFile(join(dir, "good.gz"));
      // One embedded database every damaged backup is tried on (a restore refuses a database with data).
      target = await mkdtemp(join(dir, "target-"));
    } finally {
      await db.close();
    }
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: [string, () => Buffer, RegExp][] = [
    ["cut short", () => good.subarray(0, Math.floor(good.length / 2)), /is truncated/],
    ["missing its last bytes", () => good.subarray(0, good.length - 4), /is truncated/],
    [
      "damaged in the middle",
      () => {
        const bad = Buffer.from(good);
        for (let i = 0; i < 64; i++) bad[Math.floor(bad.length / 2) + i] ^= 0x5a;
        return bad;
      },
      /is corrupt/,
    ],
    [
      "whole, but its lines cut before the end record (recompressed)",
      () => {
        const text = gunzipSync(good).toString("utf8").split("\n");
        return gzipSync(text.slice(0, Math.floor(text.length / 2)).join("\n"));
      },
      /is truncated: it ends at line \d+/,
    ],
    [
      "not gzip at all",
      () => Buffer.from("organizations,users\n"),
      /is not a specready backup \(not gzip-compressed\)/,
    ],
  ];

  it.each(cases)(
    "names a backup %s",
    async (_what, make, message) => {
      const file = join(dir, `${randomUUID()}.gz`);
      await writeFile(file, make());
      const result = await restore(file, target);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain(file);
      expect(result.stderr).toContain("Nothing was changed.");
      expect(result.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
    },
    60_000,
  );

  it("restored nothing of them: the same database takes the whole backup afterwards", async () => {
    const again = await restore(join(dir, "good.gz"), target);
    expect(again.stderr).toBe("");
    expect(again.stdout).toMatch(/activity 40\d/);
    expect(again.code).toBe(0);
  }, 60_000);
});
