import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ResourceLimits, Worker } from "node:worker_threads";
import { type InputWarning, mergeUsageSummaries, type Program, type UsageSummary } from "@specready/core";
import { csvLayout, splitCsv } from "../csv/read-csv-table.js";
import type { ColumnMapping } from "./columns.js";
import { UsageReader } from "./input-kinds.js";
import { ProblemList } from "./input-problem.js";
import type { ReadLimits } from "./read-limits.js";
import type { UsageWorkerInput, UsageWorkerMessage } from "./usage-worker.js";

export interface ParallelUsage {
  readonly summary: UsageSummary;
  readonly rows: number;
  readonly threads: number;
  /**
   * What the header leaves unchecked for a program with performance sub-rules (a service column the
   * file lacks): the threads read the header too, but only the main thread's warnings are kept.
   */
  readonly headerWarnings: readonly InputWarning[];
}

/**
 * Reads a large usage CSV on several threads, each summarizing one byte range, and merges the parts.
 * Returns `undefined` when the file should be read whole instead: it cannot be split safely (UTF-16,
 * CR-only line ends, a range boundary inside a quoted field), its header has problems, or the compiled
 * worker is not there (running from TypeScript sources). Problems are added to `problems` with their
 * line numbers in the whole file.
 */
export async function readUsageCsvParallel(
  path: string,
  file: string,
  program: Program,
  problems: ProblemList,
  options: {
    readonly parts: number;
    readonly resourceLimits?: ResourceLimits | undefined;
    readonly mapping?: ColumnMapping | undefined;
    readonly onProgress?: ((done: number, total: number) => void) | undefined;
    readonly limits: ReadLimits;
  },
): Promise<ParallelUsage | undefined> {
  const workerUrl = new URL("./usage-worker.js", import.meta.url);
  if (options.parts < 2 || !existsSync(fileURLToPath(workerUrl))) return undefined;
  const layout = await csvLayout(path, file, options.limits);
  if (layout === undefined) return undefined;
  const scratch = new ProblemList(1);
  const headerReader = new UsageReader(file, program, scratch, { mapping: options.mapping });
  headerReader.header(layout.header, layout.dataStartLine - 1);
  if (scratch.total > 0) return undefined;
  const offsets = await splitCsv(path, layout, options.parts);
  if (offsets.length < 3) return undefined;

  const done = new Array<number>(offsets.length - 1).fill(0);
  const workers: Worker[] = [];
  const results = offsets.slice(0, -1).map((start, k) => {
    const end = offsets[k + 1] as number;
    const input: UsageWorkerInput = {
      path,
      file,
      program,
      start,
      end,
      header: layout.header,
      mapping: options.mapping,
      limits: options.limits,
    };
    const worker = new Worker(workerUrl, { workerData: input, resourceLimits: options.resourceLimits });
    workers.push(worker);
    return new Promise<Extract<UsageWorkerMessage, { type: "done" | "unsplittable" }>>((resolve, reject) => {
      worker.on("message", (message: UsageWorkerMessage) => {
        if (message.type === "progress") {
          done[k] = message.done;
          options.onProgress?.(layout.dataStart + done.reduce((a, b) => a + b, 0), layout.size);
        } else {
          resolve(message);
        }
      });
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`the usage reader thread stopped (exit code ${code})`)));
    });
  });
  let parts: Awaited<(typeof results)[number]>[];
  try {
    parts = await Promise.all(results);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const finished = parts.filter((p) => p.type === "done");
  if (finished.length !== parts.length) return undefined;

  let lineStart = layout.dataStartLine;
  for (const part of finished) {
    for (const p of part.problems)
      problems.add({ ...p, line: p.line === undefined ? undefined : p.line + lineStart - 1 });
    // Problems past each part's own list were counted there; count them here too.
    for (let k = part.problems.length; k < part.totalProblems; k++) problems.total++;
    lineStart += part.lines;
  }
  return {
    summary: { ...mergeUsageSummaries(finished.map((p) => p.summary)), file },
    rows: finished.reduce((n, p) => n + p.rows, 0),
    threads: finished.length,
    headerWarnings: headerReader.warnings.filter((w) => w.code === "usage.column-unchecked"),
  };
}
