import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { ResourceLimits, Worker } from "node:worker_threads";
import type { RepeatedRows } from "@specready/core";
import type { TableFormat } from "../table/detect-table-format.js";
import { type GrowingFile, growingFileAt } from "../table/growing-file.js";
import type { TableLimits } from "../table/table-limits.js";
import { WORKER_YOUNG_GENERATION_MB } from "./read-usage-parallel.js";
import { countRepeatedRows, type RepeatedRowsOptions } from "./repeated-rows.js";

/** The message that starts a repeats worker (repeats-worker.ts). */
export interface RepeatsWorkerMessage {
  readonly path: string;
  readonly fileName: string;
  readonly format: TableFormat;
  readonly limits: TableLimits | undefined;
  readonly wasm: boolean | undefined;
  readonly mostSlots: number | undefined;
  readonly growing: GrowingFile | undefined;
}

/** What a repeats worker is started with. */
export interface RepeatsWorkerData {
  /** Count at the lowest priority (files still arriving): see `countRepeatedRowsBeside`. */
  readonly lowest: boolean;
}

export type RepeatsWorkerReply =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "done"; readonly result: RepeatedRows }
  | { readonly type: "failed"; readonly message: string };

/**
 * Counting threads waiting for their next file, by the heap limits they were started with and whether
 * they count at the lowest priority: a reading process counts one file after another, and a thread's
 * start (its modules loaded again, 0.1-0.15 s of a core) was paid at every import, on the cores the
 * upload shares (bench/README.md). A waiting thread keeps the memory of its last count (its set of
 * hashes: 40 MB for a 1,000,000-row export), so it ends after `COUNTING_THREAD_IDLE_MS` without a file,
 * or when `releaseCountingThreads` is called; it does not keep the process alive. A thread that failed
 * or stopped is not kept.
 */
const idleWorkers = new Map<string, { readonly worker: Worker; readonly timer: NodeJS.Timeout }>();

/** How long a counting thread waits for its next file before it ends. */
export const COUNTING_THREAD_IDLE_MS = 5_000;

let workersStarted = 0;

/** How many counting threads this thread started, and how many wait for their next file (tests). */
export function countingThreads(): { readonly started: number; readonly waiting: number } {
  return { started: workersStarted, waiting: idleWorkers.size };
}

/** Ends the counting threads waiting for a file, giving back their memory (before other work that needs it). */
export function releaseCountingThreads(): void {
  for (const key of [...idleWorkers.keys()]) void takeWaitingThread(key)?.terminate();
}

/**
 * `countRepeatedRows` on a thread of its own, beside the read of the same file on this one: an import
 * reads the file and counts its repeated rows, two passes over the same bytes, and a machine of two
 * cores or more does both at once (bench/README.md). On one core, or where the compiled worker is not
 * there (the TypeScript sources under test), the count runs on this thread. A file still being received
 * is counted as it arrives, through the descriptor this thread has, on a thread at the lowest priority
 * (Linux): the count keeps up with an upload on what the read leaves it, and catches up on the core the
 * read leaves idle once the upload is over. The thread is kept a while for the next count (see
 * `idleWorkers`).
 */
export async function countRepeatedRowsBeside(
  path: string,
  fileName: string,
  format: TableFormat,
  options: RepeatedRowsOptions & {
    /** The heap limits of the thread (a thread does not inherit its parent's). */
    readonly resourceLimits?: ResourceLimits | undefined;
    /** The cores to count on (the machine's by default). */
    readonly cores?: number | undefined;
    /** How long the thread waits for another count once this one is done (tests). */
    readonly idleMs?: number | undefined;
  } = {},
): Promise<RepeatedRows> {
  const url = new URL("./repeats-worker.js", import.meta.url);
  if ((options.cores ?? availableParallelism()) < 2 || !existsSync(fileURLToPath(url)))
    return countRepeatedRows(path, fileName, format, options);
  const { Worker } = await import("node:worker_threads");
  const growing = growingFileAt(path);
  // A thread's priority cannot be raised again: those counting files as they arrive are kept apart.
  const lowest = growing !== undefined;
  const key = JSON.stringify([options.resourceLimits ?? {}, lowest]);
  const thread =
    takeWaitingThread(key) ??
    startCountingThread(key, () => {
      workersStarted++;
      return new Worker(url, {
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, ...options.resourceLimits },
        workerData: { lowest } satisfies RepeatsWorkerData,
      });
    });
  thread.ref();
  let listeners:
    | {
        message: (reply: RepeatsWorkerReply) => void;
        error: (e: Error) => void;
        exit: (code: number) => void;
      }
    | undefined;
  let reusable = false;
  try {
    const result = await new Promise<RepeatedRows>((resolve, reject) => {
      listeners = {
        message: (reply) => {
          if (reply.type === "progress") options.onProgress?.(reply.done, reply.total);
          else if (reply.type === "done") resolve(reply.result);
          else reject(new Error(reply.message));
        },
        error: reject,
        exit: (code) => reject(new Error(`the thread counting repeated rows stopped (${code})`)),
      };
      thread.on("message", listeners.message);
      thread.on("error", listeners.error);
      thread.on("exit", listeners.exit);
      thread.postMessage({
        path,
        fileName,
        format,
        limits: options.limits,
        wasm: options.wasm,
        mostSlots: options.mostSlots,
        growing,
      } satisfies RepeatsWorkerMessage);
    });
    reusable = true;
    return result;
  } finally {
    if (listeners !== undefined) {
      thread.off("message", listeners.message);
      thread.off("error", listeners.error);
      thread.off("exit", listeners.exit);
    }
    if (reusable && !idleWorkers.has(key))
      keepWaiting(key, thread, options.idleMs ?? COUNTING_THREAD_IDLE_MS);
    else await thread.terminate();
  }
}

/** The thread of `key` waiting for a file, taken out of the pool; undefined if there is none. */
function takeWaitingThread(key: string): Worker | undefined {
  const idle = idleWorkers.get(key);
  if (idle === undefined) return undefined;
  idleWorkers.delete(key);
  clearTimeout(idle.timer);
  return idle.worker;
}

/** A new counting thread (`start`), which leaves the pool of `key` if it fails or stops while waiting. */
function startCountingThread(key: string, start: () => Worker): Worker {
  const worker = start();
  // A failure while it counts is that count's (its own listeners); while it waits, it only leaves the pool.
  worker.on("error", () => {});
  worker.on("exit", () => {
    if (idleWorkers.get(key)?.worker === worker) takeWaitingThread(key);
  });
  return worker;
}

/** Puts a thread in the pool of `key`, not keeping the process alive; it ends after `idleMs` unused. */
function keepWaiting(key: string, thread: Worker, idleMs: number): void {
  thread.unref();
  const timer = setTimeout(() => {
    if (idleWorkers.get(key)?.worker === thread) void takeWaitingThread(key)?.terminate();
  }, idleMs);
  timer.unref();
  idleWorkers.set(key, { worker: thread, timer });
}
