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
import { tmpdir } from "node:os";
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
    "counts at the lowest priority, leaving the cores to the read",
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
        }).length;
      const file = join(dir, "priority.csv");
      writeFileSync(file, csv());
      const before = lowest();
      // Limits of its own: a thread is started for them, and kept, waiting, after the count.
      const limits = { maxOldGenerationSizeMb: 48 };
      expect(
        await ingest.countRepeatedRowsBeside(file, "azure-usage.csv", "csv", {
          cores: 2,
          resourceLimits: limits,
        }),
      ).toEqual({ rows: 30_000, repeated: 6_000, complete: true });
      expect(lowest()).toBe(before + 1);
    },
  );

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
