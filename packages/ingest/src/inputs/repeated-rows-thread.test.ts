import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The worker thread runs the compiled package (it cannot load the TypeScript sources a test runner
// resolves; `npm test` builds first): this test uses the compiled package throughout, so that the
// growing file it registers is the one the worker is handed.
const ingest = await import(new URL("../../dist/index.js", import.meta.url).href);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "specready-repeats-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 30,000 data rows, every fifth repeating an earlier one, with quoted line breaks and CRLF. */
function csv(): string {
  const rows = ["Month,CustomerTenantId,CustomerName,ServiceGroup2,ACR_USD"];
  for (let k = 0; k < 30_000; k++) {
    const n = k % 5 === 4 ? k - 4 : k;
    rows.push(`2025-06,T${n},"Name ${n}\nsecond line",AI,${n}.5`);
  }
  return `${rows.join("\r\n")}\r\n`;
}

describe("counting repeated rows on a thread of its own", () => {
  it("counts what the count on this thread counts, on a file whole and on one still arriving", async () => {
    // The compiled worker is there: the count below runs on it (without it, it would run here).
    expect(existsSync(new URL("../../dist/inputs/repeats-worker.js", import.meta.url))).toBe(true);
    const text = csv();
    const complete = join(dir, "complete.csv");
    writeFileSync(complete, text);
    const here = await ingest.countRepeatedRows(complete, "azure-usage.csv", "csv", {});
    expect(here).toEqual({ rows: 30_000, repeated: 6_000, complete: true });
    const progress: number[] = [];
    const beside = await ingest.countRepeatedRowsBeside(complete, "azure-usage.csv", "csv", {
      cores: 2,
      onProgress: (done: number) => progress.push(done),
    });
    expect(beside).toEqual(here);
    expect(progress.at(-1)).toBe(Buffer.byteLength(text));

    // The same bytes arriving in pieces, counted as they come: the thread starts before the first piece
    // and waits for them (a wait alone does not keep a thread running: it must not end meanwhile).
    const bytes = Buffer.from(text);
    const growing = join(dir, "growing.csv");
    writeFileSync(growing, "");
    const shared = ingest.growingState();
    const fd = openSync(growing, "r");
    ingest.registerGrowingFile(growing, { fd, size: bytes.length, shared });
    try {
      const counting = ingest.countRepeatedRowsBeside(growing, "azure-usage.csv", "csv", { cores: 2 });
      await new Promise((r) => setTimeout(r, 400));
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        const end = Math.min(at + 64 * 1024, bytes.length);
        appendFileSync(growing, bytes.subarray(at, end));
        ingest.markWritten(shared, end);
        await new Promise((r) => setTimeout(r, at % (512 * 1024) === 0 ? 100 : 1));
      }
      ingest.markEnded(shared, true);
      expect(await counting).toEqual(here);
    } finally {
      ingest.unregisterGrowingFile(growing);
      closeSync(fd);
    }
  });

  it("stops when the file it waits for is abandoned", async () => {
    const growing = join(dir, "abandoned.csv");
    writeFileSync(growing, "Month,CustomerTenantId\r\n2025-06,T1\r\n");
    const shared = ingest.growingState();
    const fd = openSync(growing, "r");
    ingest.registerGrowingFile(growing, { fd, size: 1_000_000, shared });
    try {
      const counting = ingest.countRepeatedRowsBeside(growing, "azure-usage.csv", "csv", { cores: 2 });
      ingest.markWritten(shared, 36);
      await new Promise((r) => setTimeout(r, 300));
      // The thread waits for the rest; the upload fails: it is told so, and ends (no timer holds it).
      ingest.markEnded(shared, false);
      await expect(counting).rejects.toThrow(/abandoned/);
    } finally {
      ingest.unregisterGrowingFile(growing);
      closeSync(fd);
    }
  });

  it("fails as the count on this thread fails", async () => {
    await expect(
      ingest.countRepeatedRowsBeside(join(dir, "missing.csv"), "azure-usage.csv", "csv", { cores: 2 }),
    ).rejects.toThrow(/missing\.csv|ENOENT/);
  });

  it.runIf(process.platform === "linux")(
    "counts a file still arriving at the lowest priority, on a thread of its own",
    async () => {
      /** This process's threads at niceness 19 (field 19 of /proc/<pid>/task/<tid>/stat). */
      const lowest = () =>
        readdirSync("/proc/self/task").filter((task) => {
          try {
            const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
            return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16] === "19";
          } catch {
            return false; // ended meanwhile
          }
        });
      const text = csv();
      const file = join(dir, "priority.csv");
      writeFileSync(file, text);
      const before = lowest();
      const mine = getPriority();
      // Limits of its own: a thread is started for them, and kept, waiting, after the count.
      const limits = { maxOldGenerationSizeMb: 48 };
      const count = () =>
        ingest.countRepeatedRowsBeside(file, "azure-usage.csv", "csv", { cores: 2, resourceLimits: limits });
      // A complete file is counted at this process's priority.
      expect(await count()).toEqual({ rows: 30_000, repeated: 6_000, complete: true });
      expect(lowest()).toEqual(before);
      // The same file as if it were arriving: a thread at niceness 19, another than this one.
      const fd = openSync(file, "r");
      const shared = ingest.growingState();
      ingest.registerGrowingFile(file, { fd, size: Buffer.byteLength(text), shared });
      try {
        ingest.markWritten(shared, Buffer.byteLength(text));
        ingest.markEnded(shared, true);
        expect(await count()).toEqual({ rows: 30_000, repeated: 6_000, complete: true });
      } finally {
        ingest.unregisterGrowingFile(file);
        closeSync(fd);
      }
      const added = lowest().filter((task) => !before.includes(task));
      expect(added).toHaveLength(1);
      expect(added[0]).not.toBe(String(process.pid));
      expect(getPriority()).toBe(mine);
      ingest.releaseCountingThreads();
    },
  );

  it("tells each count's progress to that count only", async () => {
    const first = join(dir, "progress-first.csv");
    const second = join(dir, "progress-second.csv");
    writeFileSync(first, csv());
    writeFileSync(second, "Month,CustomerTenantId\r\n2025-06,T1\r\n");
    const limits = { maxOldGenerationSizeMb: 40 };
    const told: string[] = [];
    const count = (path: string, name: string) =>
      ingest.countRepeatedRowsBeside(path, "azure-usage.csv", "csv", {
        cores: 2,
        resourceLimits: limits,
        onProgress: () => told.push(name),
      });
    await count(first, "first");
    const before = ingest.countingThreads().started;
    told.length = 0;
    await count(second, "second");
    // The second count ran on the first one's thread, and only its own progress was told.
    expect(ingest.countingThreads().started).toBe(before);
    expect(told.length).toBeGreaterThan(0);
    expect(new Set(told)).toEqual(new Set(["second"]));
    ingest.releaseCountingThreads();
  });

  it("ends a waiting thread after a while, or when released", async () => {
    const file = join(dir, "idle.csv");
    writeFileSync(file, "Month,CustomerTenantId\r\n2025-06,T1\r\n2025-06,T1\r\n");
    const count = (idleMs: number) =>
      ingest.countRepeatedRowsBeside(file, "azure-usage.csv", "csv", {
        cores: 2,
        resourceLimits: { maxOldGenerationSizeMb: 56 },
        idleMs,
      });
    ingest.releaseCountingThreads();
    await count(60_000);
    expect(ingest.countingThreads().waiting).toBe(1);
    ingest.releaseCountingThreads();
    expect(ingest.countingThreads().waiting).toBe(0);
    await count(50);
    expect(ingest.countingThreads().waiting).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ingest.countingThreads().waiting).toBe(0);
  });

  it("does not keep a process running with a thread waiting for its next file", () => {
    const file = join(dir, "exit.csv");
    writeFileSync(file, "Month,CustomerTenantId\r\n2025-06,T1\r\n2025-06,T1\r\n");
    const index = new URL("../../dist/index.js", import.meta.url).href;
    const script = `const i = await import(${JSON.stringify(index)});
const r = await i.countRepeatedRowsBeside(${JSON.stringify(file)}, "azure-usage.csv", "csv", { cores: 2, idleMs: 600000 });
console.log(JSON.stringify([r, i.countingThreads().waiting]));`;
    // A script of its own (a thread started from `--eval` code inherits `--input-type`, which it refuses).
    const main = join(dir, "count-once.mjs");
    writeFileSync(main, script);
    const run = spawnSync(process.execPath, [main], {
      encoding: "utf8",
      timeout: 20_000,
    });
    // It ended on its own, long before the waiting thread's ten minutes.
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{ rows: 2, repeated: 1, complete: true }, 1]);
  });

  it("counts file after file on one thread, which waits between them, and ends one that failed", async () => {
    const first = join(dir, "first.csv");
    const second = join(dir, "second.csv");
    writeFileSync(first, csv());
    writeFileSync(second, "Month,CustomerTenantId\r\n2025-06,T1\r\n2025-06,T1\r\n2025-06,T2\r\n");
    const limits = { maxOldGenerationSizeMb: 64 };
    const count = (path: string) =>
      ingest.countRepeatedRowsBeside(path, "azure-usage.csv", "csv", { cores: 2, resourceLimits: limits });
    const before = ingest.countingThreads();
    const since = () => {
      const now = ingest.countingThreads();
      return { started: now.started - before.started, waiting: now.waiting - before.waiting };
    };
    expect(await count(first)).toEqual({ rows: 30_000, repeated: 6_000, complete: true });
    expect(since()).toEqual({ started: 1, waiting: 1 });
    // The waiting thread counts the next files: no other is started.
    expect(await count(second)).toEqual({ rows: 3, repeated: 1, complete: true });
    expect(await count(first)).toEqual({ rows: 30_000, repeated: 6_000, complete: true });
    expect(since()).toEqual({ started: 1, waiting: 1 });
    // Two counts at once: the second starts a thread of its own, and one of them is kept.
    const both = await Promise.all([count(first), count(second)]);
    expect(both).toEqual([
      { rows: 30_000, repeated: 6_000, complete: true },
      { rows: 3, repeated: 1, complete: true },
    ]);
    expect(since()).toEqual({ started: 2, waiting: 1 });
    // A count that fails ends its thread: the next count starts another.
    await expect(count(join(dir, "missing.csv"))).rejects.toThrow(/missing\.csv|ENOENT/);
    expect(since()).toEqual({ started: 2, waiting: 0 });
    expect(await count(second)).toEqual({ rows: 3, repeated: 1, complete: true });
    expect(since()).toEqual({ started: 3, waiting: 1 });
  });
});
