import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ResourceLimits, Worker } from "node:worker_threads";
import { type InputWarning, mergeUsageSummaries, type Program, type UsageSummary } from "@specready/core";
import { csvLayout, splitCsv, splitPoints } from "../csv/read-csv-table.js";
import { growingFileAt } from "../table/growing-file.js";
import type { ColumnMapping } from "./columns.js";
import { UsageReader } from "./input-kinds.js";
import { ProblemList } from "./input-problem.js";
import type { ReadLimits } from "./read-limits.js";
import {
  readUsageRange,
  type UsageRange,
  type UsageRangeFile,
  type UsageRangeProgress,
  type UsageRangeResult,
  type UsageWorkerFile,
} from "./usage-range.js";

/**
 * Worker threads started before the read, while the command loads: bin/specready starts them for
 * `check` when the data directory has a usage file large enough to be read in parallel, so that their
 * modules are loaded by the time the file is split. Each is `{ url, worker, failed }` under this
 * global symbol (bin/specready is plain JavaScript that runs before this module is loaded); a worker
 * that failed to start is not taken.
 */
const PRESTARTED = Symbol.for("specready.usageWorkers");

interface PrestartedWorker {
  readonly url: string;
  readonly worker: Worker;
  readonly failed: boolean;
}

/** The worker threads started ahead and not taken yet. */
function startedWorkers(): PrestartedWorker[] {
  return (globalThis as { [PRESTARTED]?: PrestartedWorker[] })[PRESTARTED] ?? [];
}

/** Ends the started worker threads of `url` nobody took (the file was read on this thread, say). */
function releaseUsageWorkers(url: URL): void {
  const started = startedWorkers();
  for (let k = started.length - 1; k >= 0; k--) {
    const entry = started[k] as PrestartedWorker;
    if (entry.url !== url.href) continue;
    started.splice(k, 1);
    void entry.worker.terminate();
  }
}

/** A started worker thread of `url` if there is one (unless limits are set), else a new one. */
function takeUsageWorker(
  threads: typeof import("node:worker_threads"),
  url: URL,
  resourceLimits: ResourceLimits | undefined,
): Worker {
  const started = startedWorkers();
  const k = resourceLimits === undefined ? started.findIndex((e) => e.url === url.href && !e.failed) : -1;
  if (k >= 0) {
    const [{ worker }] = started.splice(k, 1) as [PrestartedWorker];
    worker.ref(); // it was started so as not to keep the process alive
    return worker;
  }
  return new threads.Worker(url, {
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, ...resourceLimits },
  });
}

/**
 * The young generation of a reading thread, in MB (V8's default is several times larger). What a
 * thread allocates per row dies at once, so a small one costs no time: `specready check` on the
 * 1,000,000-row export, two threads, median of 7 alternating runs, 1.38 s and 243 MB against 1.43 s
 * and 260 MB with V8's default (bench/README.md). bin/specready starts its early threads with the same.
 */
export const WORKER_YOUNG_GENERATION_MB = 4;

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
 * The share of the file this thread reads first, against 1 for each worker thread: a worker first
 * loads its modules (0.15-0.3 s), while this thread has them and starts at once. Less than that head
 * start is worth: this thread also merges the parts as they come, and the short last ranges even out
 * the rest (with 1.4, a worker was seen done with all of its ranges half a second before this thread).
 */
const MAIN_THREAD_WEIGHT = 1.15;
/**
 * Short last ranges, each read by whichever thread is free first: the threads do not always run at
 * the same speed (a worker starts late on a busy machine, another process takes a core a while), and
 * a thread that waits for the other at the end is time lost. Five of 0.07 each (under 3% of the file
 * with two threads): a thread waits at most about that long. Each holds its summary until it is
 * merged, a few megabytes (peak memory did not change with 1, 3 or 5 of them).
 */
const LAST_RANGES = 5;
const LAST_RANGE_WEIGHT = 0.07;

/**
 * Reads a large usage CSV on several threads, each summarizing byte ranges, and merges the parts in file
 * order. This thread reads the first range itself, beside `parts - 1` worker threads: it has its
 * modules loaded already, and would otherwise only wait. The threads take ranges from one queue: one
 * range per thread, then a few short ones for whichever is free first. Returns
 * `undefined` when the file should be read whole
 * instead: it cannot be split safely (UTF-16, CR-only line ends, a range boundary inside a quoted
 * field), its header has problems, or the compiled worker is not there (running from TypeScript
 * sources). Problems are added to `problems` with their line numbers in the whole file.
 */
export async function readUsageCsvParallel(
  path: string,
  file: string,
  program: Program,
  problems: ProblemList,
  options: ParallelReadOptions,
): Promise<ParallelUsage | undefined> {
  const workerUrl = new URL("./usage-worker.js", import.meta.url);
  try {
    return await readParallel(workerUrl, path, file, program, problems, options);
  } finally {
    // Threads started for this read and not used (fewer ranges, or the file read whole) end now.
    releaseUsageWorkers(workerUrl);
  }
}

interface ParallelReadOptions {
  readonly parts: number;
  readonly resourceLimits?: ResourceLimits | undefined;
  readonly mapping?: ColumnMapping | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  readonly limits: ReadLimits;
}

async function readParallel(
  workerUrl: URL,
  path: string,
  file: string,
  program: Program,
  problems: ProblemList,
  options: ParallelReadOptions,
): Promise<ParallelUsage | undefined> {
  if (options.parts < 2 || !existsSync(fileURLToPath(workerUrl))) return undefined;
  const layout = await csvLayout(path, file, options.limits);
  if (layout === undefined) return undefined;
  const scratch = new ProblemList(1);
  const headerReader = new UsageReader(file, program, scratch, { mapping: options.mapping });
  headerReader.header(layout.header, layout.dataStartLine - 1);
  if (scratch.total > 0) return undefined;
  const input: UsageRangeFile = {
    path,
    file,
    program,
    header: layout.header,
    mapping: options.mapping,
    limits: options.limits,
    growing: growingFileAt(path),
  };
  const rangeCount = options.parts + LAST_RANGES;
  const weights = [
    MAIN_THREAD_WEIGHT,
    ...Array<number>(options.parts - 1).fill(1),
    ...Array<number>(LAST_RANGES).fill(LAST_RANGE_WEIGHT),
  ];
  const splitting = splitCsv(path, layout, rangeCount, weights);
  /** Bytes read so far, per range (progress comes while a range is read, every 4 MB). */
  const doneBytes = new Array<number>(rangeCount).fill(0);
  const progress = (index: number, done: number): void => {
    doneBytes[index] = done;
    options.onProgress?.(layout.dataStart + doneBytes.reduce((a, b) => a + b, 0), layout.size);
  };
  // A file still arriving: this thread starts on the first range at once, up to where its end is
  // looked for, instead of waiting for the bytes there (almost half the file) to arrive.
  const firstEnd = splitPoints(layout, rangeCount, weights)[0];
  const laterEnd = splitting.then((offsets) => {
    if (offsets.length < 3) throw new Error("the file is not split");
    return offsets[1] as number;
  });
  // Awaited by the first range once it gets there; a failure before then is handled below.
  laterEnd.catch(() => {});
  const first =
    input.growing !== undefined && firstEnd !== undefined && firstEnd > layout.dataStart
      ? readUsageRange(
          input,
          {
            index: 0,
            start: layout.dataStart,
            end: { after: firstEnd, end: laterEnd },
          },
          (done) => progress(0, done),
        )
      : undefined;
  // Its failure is this function's (awaited below), not an unhandled rejection meanwhile.
  first?.catch(() => {});
  const offsets = await splitting;
  if (offsets.length < 3) {
    await first?.catch(() => {});
    return undefined;
  }
  const ranges: UsageRange[] = offsets.slice(0, -1).map((start, index) => ({
    index,
    start,
    end: offsets[index + 1] as number,
  }));

  const results = new Array<UsageRangeResult | undefined>(ranges.length);
  // The first range is being read already when the file is still arriving.
  let next = first === undefined ? 0 : 1;
  /** Set when a range cannot be read on its own, or a thread failed: no more ranges are handed out. */
  let stop = false;
  const take = (): UsageRange | undefined => (stop ? undefined : ranges[next++]);
  /**
   * The summaries of the ranges read so far, merged in file order as far as they follow each other:
   * merging as the parts come (while another thread still reads) leaves little to merge at the end.
   * The parts are not used again: the first one's customers are taken over, not copied.
   */
  let merged: UsageSummary | undefined;
  let mergedCount = 0;
  const mergeReady = (): void => {
    for (let part = results[mergedCount]; part?.type === "done"; part = results[mergedCount]) {
      merged =
        merged === undefined
          ? part.summary
          : mergeUsageSummaries([merged, part.summary], { takeFirst: true });
      mergedCount++;
    }
  };
  const finished = (result: UsageRangeResult): void => {
    results[result.index] = result;
    if (result.type === "unsplittable") stop = true;
    const range = ranges[result.index] as UsageRange;
    progress(result.index, range.end - range.start);
    if (!stop) mergeReady();
  };

  // Loaded for a read on several threads only: a `specready check` on one thread does without it. (A
  // built-in module: importing it resolves without a turn of the event loop, so nothing started above
  // can fail unheard meanwhile.)
  const threads = await import("node:worker_threads");
  // This thread takes the first range before any worker is started: a worker loads its modules first.
  const mainRun = (async () => {
    if (first !== undefined) finished(await first);
    for (let range = take(); range !== undefined; range = take())
      finished(await readUsageRange(input, range, (done) => progress(range.index, done)));
  })();
  const workers: Worker[] = [];
  const startWorker = () => {
    const worker = takeUsageWorker(threads, workerUrl, options.resourceLimits);
    workers.push(worker);
    worker.postMessage({ type: "file", input } satisfies UsageWorkerFile);
    return new Promise<void>((resolve, reject) => {
      let outstanding = 0;
      const send = (): void => {
        const range = take();
        if (range === undefined) return;
        outstanding++;
        worker.postMessage(range);
      };
      worker.on("message", (result: UsageRangeResult | UsageRangeProgress) => {
        if (result.type === "progress") return progress(result.index, result.done);
        outstanding--;
        // The next range first (unless this one could not be read on its own): merging what came
        // can take this thread a tenth of a second.
        if (result.type === "done") send();
        finished(result);
        if (outstanding === 0) resolve();
      });
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`the usage reader thread stopped (exit code ${code})`)));
      // One range at a time: a range sent ahead could be left waiting at the end while the others
      // are done. (This thread answers between chunks of its own parsing, a few milliseconds apart.)
      send();
      if (outstanding === 0) resolve();
    });
  };
  try {
    // Started inside the `try`: a worker that cannot be started ends the others.
    const workerRuns = Array.from({ length: Math.min(options.parts, ranges.length) - 1 }, startWorker);
    await Promise.all([mainRun, ...workerRuns]);
  } catch (error) {
    stop = true; // this thread stops after its current range
    mainRun.catch(() => {}); // its failure, if any, is this one's
    throw error;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const parts: Extract<UsageRangeResult, { type: "done" }>[] = [];
  for (const part of results) {
    if (part?.type !== "done") return undefined;
    parts.push(part);
  }
  mergeReady();
  if (merged === undefined || mergedCount !== parts.length) return undefined;

  let lineStart = layout.dataStartLine;
  for (const part of parts) {
    for (const p of part.problems)
      problems.add({ ...p, line: p.line === undefined ? undefined : p.line + lineStart - 1 });
    // Problems past each part's own list were counted there; count them here too.
    for (let k = part.problems.length; k < part.totalProblems; k++) problems.total++;
    lineStart += part.lines;
  }
  return {
    summary: { ...merged, file },
    rows: parts.reduce((n, p) => n + p.rows, 0),
    threads: 1 + workers.length,
    headerWarnings: headerReader.warnings.filter((w) => w.code === "usage.column-unchecked"),
  };
}
