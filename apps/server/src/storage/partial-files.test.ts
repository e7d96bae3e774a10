import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { partialName, partialWriterGone, removeAbandonedPartials } from "./partial-files.js";

describe("partial files", () => {
  it("tell a killed writer from a running one by the pid in their name", async () => {
    const mine = partialName("a");
    expect(partialWriterGone(mine, { startup: false })).toBe(false);
    // At start-up this pid is an earlier process's (a restarted container gets the same pid again).
    expect(partialWriterGone(mine, { startup: true })).toBe(true);
    // A process that ran and exited.
    const done = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const dead = mine.replace(`.${process.pid}@`, `.${done.stdout.toString()}@`);
    expect(partialWriterGone(dead, { startup: false })).toBe(true);
    // Another machine's file, or a name of no known shape: only its age can tell.
    expect(partialWriterGone(`a.1@elsewhere-host.partial`, { startup: true })).toBeUndefined();
    expect(partialWriterGone("something.partial", { startup: true })).toBeUndefined();

    const dir = await mkdtemp(join(tmpdir(), "specready-partials-"));
    try {
      const other = "b.1@elsewhere-host.partial";
      for (const name of [mine, dead, other, "complete-file"]) await writeFile(join(dir, name), "x");
      const now = new Date();
      expect(await removeAbandonedPartials(dir, { startup: false, olderThanMs: 3_600_000, now })).toBe(1);
      expect((await readdir(dir)).sort()).toEqual([mine, other, "complete-file"].sort());
      const old = new Date(now.getTime() - 2 * 3_600_000);
      await utimes(join(dir, other), old, old);
      expect(await removeAbandonedPartials(dir, { startup: true, olderThanMs: 3_600_000, now })).toBe(2);
      expect(await readdir(dir)).toEqual(["complete-file"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
