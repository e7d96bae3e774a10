import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { ImportRead, ImportReadTask, PreviewTask, ReadTask, readPreview } from "./upload-reading.js";
import type { ReaderMessage } from "./upload-reading-worker.js";

/** Why a reading thread gave no outcome. */
export class ReaderError extends Error {
  constructor(
    /** `memory`: the file needed more than the thread's heap; `cancelled`; `crash`: a bug. */
    readonly reason: "memory" | "cancelled" | "crash",
    message: string,
  ) {
    super(message);
    this.name = "ReaderError";
  }
}

export interface UploadReadersOptions {
  /** The heap of each reading thread, in MiB. */
  readonly memoryMb: number;
  /** How many uploads are read at once; more wait their turn. */
  readonly threads: number;
  /** A thread idle this long ends, giving its memory back (default one minute). */
  readonly idleMs?: number;
}

// Run from TypeScript sources (the tests), the thread loads the sources the way the tests do: `.js`
// imports resolved to `.ts` files, workspace packages by their "source" export, types removed by Node.
const SOURCE_BOOTSTRAP = `
const { registerHooks } = require("node:module");
const { existsSync } = require("node:fs");
const { fileURLToPath } = require("node:url");
const { workerData } = require("node:worker_threads");
registerHooks({
  resolve(specifier, context, next) {
    const conditions = [...context.conditions, "source"];
    if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
      const ts = new URL(specifier.slice(0, -3) + ".ts", context.parentURL);
      if (existsSync(fileURLToPath(ts))) return next(ts.href, { ...context, conditions });
    }
    return next(specifier, { ...context, conditions });
  },
});
import(workerData.entry);
`;

const COMPILED = new URL("./upload-reading-worker.js", import.meta.url);
const SOURCE = new URL("./upload-reading-worker.ts", import.meta.url);

interface Task {
  readonly task: ReadTask;
  readonly onProgress: ((done: number, total: number) => void) | undefined;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** One reading thread and the task it reads, if any. */
interface Reader {
  readonly worker: Worker;
  current: Task | undefined;
  idle: NodeJS.Timeout | undefined;
}

/**
 * Reads uploads in worker threads, off the request path: at most `threads` threads, each with a heap
 * limit and reading one upload at a time, so a file that exhausts its thread's memory ends that thread
 * and fails that import, while the server goes on answering every other request. A thread reads one
 * upload after another (starting one takes about a second); one that ended is replaced when needed.
 * Database writes stay on the main thread (the embedded PGlite is one connection): a thread hands over
 * the data it read.
 */
export class UploadReaders {
  private readonly readers = new Set<Reader>();
  private readonly queue: Task[] = [];
  private readonly limits: ResourceLimits;
  private closed = false;

  constructor(readonly options: UploadReadersOptions) {
    this.limits = {
      maxOldGenerationSizeMb: options.memoryMb,
      // The young generation is part of the budget too: a sixteenth of it, 16 to 64 MiB.
      maxYoungGenerationSizeMb: Math.max(16, Math.min(64, Math.floor(options.memoryMb / 16))),
    };
  }

  /** The first rows of an upload. Previews go ahead of imports waiting for a thread: someone waits. */
  preview(task: PreviewTask): Promise<Awaited<ReturnType<typeof readPreview>>> {
    return this.submit(task, { first: true }) as Promise<Awaited<ReturnType<typeof readPreview>>>;
  }

  /** The whole upload for an import, reporting bytes read; `signal` cancels it (ends its thread). */
  read(
    task: Omit<ImportReadTask, "resourceLimits">,
    options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
  ): Promise<ImportRead> {
    return this.submit({ ...task, resourceLimits: this.limits }, options) as Promise<ImportRead>;
  }

  /** Files being read now. */
  get busy(): number {
    return [...this.readers].filter((r) => r.current !== undefined).length;
  }

  /** Starts a thread ahead of the first upload, so that it does not wait for one. */
  warm(): void {
    if (this.readers.size === 0 && !this.closed) this.spawn();
  }

  /** Ends every thread; reads in progress fail as cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(cancelled());
    await Promise.all([...this.readers].map((r) => this.end(r, cancelled())));
  }

  private submit(
    task: ReadTask,
    options: { first?: boolean; onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
  ): Promise<unknown> {
    if (this.closed) return Promise.reject(cancelled());
    if (options.signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const entry: Task = { task, onProgress: options.onProgress, signal: options.signal, resolve, reject };
      options.signal?.addEventListener("abort", () => this.cancel(entry), { once: true });
      if (options.first) this.queue.unshift(entry);
      else this.queue.push(entry);
      this.dispatch();
    });
  }

  /** Hands waiting tasks to idle threads, starting threads up to the limit. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let reader = [...this.readers].find((r) => r.current === undefined);
      if (reader === undefined) {
        if (this.readers.size >= this.options.threads) return;
        reader = this.spawn();
      }
      const task = this.queue.shift() as Task;
      if (reader.idle !== undefined) clearTimeout(reader.idle);
      reader.idle = undefined;
      reader.current = task;
      reader.worker.postMessage(task.task);
    }
  }

  private spawn(): Reader {
    const worker = existsSync(fileURLToPath(COMPILED))
      ? new Worker(COMPILED, { resourceLimits: this.limits })
      : new Worker(SOURCE_BOOTSTRAP, {
          eval: true,
          workerData: { entry: SOURCE.href },
          resourceLimits: this.limits,
          execArgv: ["--experimental-transform-types", "--disable-warning=ExperimentalWarning"],
        });
    // An idle thread does not keep the process alive.
    worker.unref();
    const reader: Reader = { worker, current: undefined, idle: undefined };
    this.readers.add(reader);
    worker.on("message", (message: ReaderMessage) => {
      const task = reader.current;
      if (task === undefined) return;
      if (message.type === "progress") {
        task.onProgress?.(message.done, message.total);
        return;
      }
      reader.current = undefined;
      if (message.type === "result") task.resolve(message.result);
      else {
        const error = new ReaderError("crash", message.message);
        error.stack = message.stack;
        task.reject(error);
      }
      this.rest(reader);
      this.dispatch();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      void this.end(
        reader,
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new ReaderError(
              "memory",
              `reading it needs more than the ${this.options.memoryMb} MB of memory a file may use`,
            )
          : new ReaderError("crash", error.message),
      );
    });
    worker.on("exit", (code) => {
      void this.end(reader, new ReaderError("crash", `the reading thread stopped (exit code ${code})`));
    });
    return reader;
  }

  /** An idle thread ends after a while, giving back its memory. */
  private rest(reader: Reader): void {
    reader.idle = setTimeout(() => void this.end(reader), this.options.idleMs ?? 60_000);
    reader.idle.unref();
  }

  /** Ends a thread; its task, if any, fails with `error`. Waiting tasks go to the other threads. */
  private async end(reader: Reader, error?: ReaderError): Promise<void> {
    if (!this.readers.delete(reader)) return;
    if (reader.idle !== undefined) clearTimeout(reader.idle);
    const task = reader.current;
    reader.current = undefined;
    if (task !== undefined) task.reject(error ?? cancelled());
    await reader.worker.terminate();
    if (!this.closed) this.dispatch();
  }

  /** A cancelled task leaves the queue, or ends the thread reading it (a read cannot be interrupted). */
  private cancel(task: Task): void {
    const k = this.queue.indexOf(task);
    if (k >= 0) {
      this.queue.splice(k, 1);
      task.reject(cancelled());
      return;
    }
    const reader = [...this.readers].find((r) => r.current === task);
    if (reader !== undefined) void this.end(reader, cancelled());
  }
}

function cancelled(): ReaderError {
  return new ReaderError("cancelled", "the import was cancelled");
}
