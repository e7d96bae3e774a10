import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { Program } from "@specready/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadWorkspacePrograms } from "../server.js";
import {
  READING_BASE_MB,
  READING_THREAD_MB,
  ReaderError,
  readingThreads,
  UploadReaders,
} from "./upload-readers.js";
import { readForImport } from "./upload-reading.js";

const HEADER = "Month,CustomerTenantId,CustomerName,ServiceGroup2,PartnerAttributionType,ACR_USD";

/** A usage export of `customers` customers, one row each: its summary grows with every customer. */
function usageCsv(customers: number, repeat = 1, name = ""): string {
  const rows = Array.from(
    { length: customers },
    (_, i) => `2025-0${1 + (i % 9)},tenant-${i},${name}${i},AI,PAL,1.25`,
  );
  return [HEADER, ...Array.from({ length: repeat }, () => rows).flat(), ""].join("\n");
}

let dir: string;
let program: Program;
const readers: UploadReaders[] = [];
function pool(memoryMb: number, threads = 1): UploadReaders {
  const r = new UploadReaders({ memoryMb, threads });
  readers.push(r);
  return r;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "specready-readers-"));
  program = (await loadWorkspacePrograms(undefined)).program;
});
afterAll(async () => {
  await Promise.all(readers.map((r) => r.close()));
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const task = (path: string) =>
  ({ type: "import", path, fileName: "azure-usage.csv", kind: "azure-usage", program, mapping: {} }) as const;

describe("reading uploads in reading processes", () => {
  it("reads what the same reading on this thread reads, reporting progress on the way", async () => {
    const path = await file("usage.csv", usageCsv(20_000, 2));
    const seen: [number, number][] = [];
    const read = await pool(256).read(task(path), { onProgress: (done, total) => seen.push([done, total]) });
    expect(read).toEqual(await readForImport(task(path), () => {}));
    expect(read.ok && read.repeats).toEqual({ rows: 40_000, repeated: 20_000, complete: true });
    // The file is about 1.6 MB: the passes report each megabyte, the last report is the whole file.
    const size = seen[0]?.[1] ?? 0;
    expect(size).toBeGreaterThan(1_000_000);
    expect(seen.at(-1)).toEqual([size, size]);
    expect(seen.some(([done]) => done > 0 && done < size)).toBe(true);
  }, 60_000);

  it("fails a read that needs more memory than its process has, and goes on reading the next file", async () => {
    const readers = pool(192);
    // 300,000 customers with names of a hundred characters: a summary of well over 192 MB.
    const heavy = await file("heavy.csv", usageCsv(300_000, 1, "Customer ".repeat(11)));
    const error = await readers.read(task(heavy)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReaderError);
    expect(error).toMatchObject({
      reason: "memory",
      message: "reading it needs more than the 192 MB of memory a file may use",
    });
    const light = await file("light.csv", usageCsv(10));
    const read = await readers.read(task(light));
    expect(read.ok && read.rows).toBe(10);
  }, 120_000);

  it("cancels a read, waiting or running, and reads the next one", async () => {
    // 150,000 customers: a read of several seconds, whose summary grows to about 600 MB. The process
    // may use more than that, so that it is the cancel that ends it, however late it arrives.
    const readers = pool(1024, 1);
    const big = await file("big.csv", usageCsv(150_000, 2));
    const running = new AbortController();
    const waiting = new AbortController();
    const first = readers.read(task(big), {
      signal: running.signal,
      onProgress: () => running.abort(),
    });
    const second = readers.read(task(big), { signal: waiting.signal });
    waiting.abort();
    await expect(second).rejects.toMatchObject({ reason: "cancelled" });
    await expect(first).rejects.toMatchObject({ reason: "cancelled" });
    const light = await file("after-cancel.csv", usageCsv(3));
    expect((await readers.read(task(light))).ok).toBe(true);
  }, 120_000);

  it("reads at most `threads` files at once, previews first", async () => {
    const readers = pool(256, 1);
    const path = await file("queue.csv", usageCsv(5_000));
    const order: string[] = [];
    const a = readers.read(task(path)).then(() => order.push("import 1"));
    const b = readers.read(task(path)).then(() => order.push("import 2"));
    const c = readers
      .preview({
        type: "preview",
        path,
        fileName: "azure-usage.csv",
        kind: "azure-usage",
        mapping: undefined,
      })
      .then(() => order.push("preview"));
    expect(readers.busy).toBe(1);
    await Promise.all([a, b, c]);
    expect(order).toEqual(["import 1", "preview", "import 2"]);
  }, 120_000);
});

describe("the threads a reading process reads a large usage file on", () => {
  it("are what the process's memory holds, for the read at import and the read as the file arrives", async () => {
    const readers = pool(384);
    // The tasks the reading processes are given (the reads themselves run as usual).
    const submit = vi.spyOn(readers as unknown as { submit: (task: unknown) => unknown }, "submit");
    const path = await file("threads.csv", usageCsv(100, 1));
    await readers.read(task(path));
    const receiving = readers.receive(
      { ...task(path), type: "receive", completePath: path, size: 0, previewMapping: undefined },
      { onPreview: () => {} },
    );
    receiving.ended(true);
    await receiving.result.catch(() => {});
    expect(submit.mock.calls.map(([t]) => (t as { threads?: number }).threads)).toEqual([
      readingThreads(384),
      readingThreads(384),
    ]);
    expect(readingThreads(384)).toBe(Math.max(1, Math.min(2, availableParallelism() - 1)));
  }, 60_000);

  it("are as many as its memory holds, at most 4 and one core fewer than the machine has", () => {
    // The default 384 MB holds two, however many cores the machine has (four failed an import); on two
    // cores, one (the server and V8's threads need the other).
    expect(readingThreads(384, 2)).toBe(1);
    expect(readingThreads(384, 3)).toBe(2);
    expect(readingThreads(384, 16)).toBe(2);
    expect(readingThreads(READING_BASE_MB + READING_THREAD_MB - 1, 8)).toBe(1);
    expect(readingThreads(READING_BASE_MB + 2 * READING_THREAD_MB, 8)).toBe(3);
    expect(readingThreads(4096, 8)).toBe(4);
    expect(readingThreads(4096, 5)).toBe(4);
    expect(readingThreads(4096, 2)).toBe(1);
    expect(readingThreads(4096, 1)).toBe(1);
    // Less than one thread's measured need still reads, on one thread (the limit then decides).
    expect(readingThreads(64, 8)).toBe(1);
  });
});
