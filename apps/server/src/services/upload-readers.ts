import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism, setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import type { PreviewResult } from "@specready/ingest";
import type {
  ImportRead,
  ImportReadTask,
  PreviewTask,
  ReadTask,
  ReceivedRead,
  ReceiveNotice,
  ReceiveTask,
  readPreview,
} from "./upload-reading.js";
import type { ReaderMessage } from "./upload-reading-process.js";

/** Why a reading process gave no outcome. */
export class ReaderError extends Error {
  constructor(
    /** `memory`: the file needed more than a reading process may use; `cancelled`; `crash`: a bug. */
    readonly reason: "memory" | "cancelled" | "crash",
    message: string,
  ) {
    super(message);
    this.name = "ReaderError";
  }
}

/**
 * Reading a large usage file, a process needs about `READING_BASE_MB` with one thread and up to
 * `READING_THREAD_MB` more for each further thread (each has its own heap, buffers and summaries).
 * Measured on a 1,000,000-row export read as it was uploaded, the count of repeated rows beside it
 * (bench/README.md, "Reading processes"): peaks of 286 MiB on one thread, 373 on two, 420 on three;
 * four threads passed the default 384 MB and failed the import.
 */
export const READING_BASE_MB = 288;
export const READING_THREAD_MB = 88;

/**
 * The threads a reading process of `memoryMb` reads a large usage file on: as many as its memory
 * holds, at most 4 and one core fewer than the machine has (the server and V8's own threads need one:
 * see `defaultThreads` of packages/ingest). With the default 384 MB: 1 on two cores, 2 from three.
 */
export function readingThreads(memoryMb: number, cores: number = availableParallelism()): number {
  const fit = 1 + Math.floor((memoryMb - READING_BASE_MB) / READING_THREAD_MB);
  return Math.max(1, Math.min(4, cores - 1, fit));
}

export interface UploadReadersOptions {
  /** The memory of each reading process, in MiB (its resident memory, where the system reports it). */
  readonly memoryMb: number;
  /** How many uploads are read at once; more wait their turn. */
  readonly threads: number;
  /** A process idle this long ends, giving its memory back (default one minute). */
  readonly idleMs?: number;
}

// Run from TypeScript sources (the tests), the process loads the sources the way the tests do: `.js`
// imports resolved to `.ts` files, workspace packages by their "source" export, types removed by Node.
const SOURCE_HOOKS = `
import { registerHooks } from "node:module";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
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
`;

const COMPILED = fileURLToPath(new URL("./upload-reading-process.js", import.meta.url));
const SOURCE = fileURLToPath(new URL("./upload-reading-process.ts", import.meta.url));

/** The scheduling priority of a reading process (Unix niceness: higher is lower priority). */
const READER_NICENESS = 10;

/** How often a busy reading process's memory is looked at. */
const MEMORY_POLL_MS = 50;

interface Task {
  readonly task: ReadTask;
  readonly onProgress: ((done: number, total: number) => void) | undefined;
  /** A received file's preview, sent before the outcome. */
  readonly onPreview?: ((preview: PreviewResult) => void) | undefined;
  /** For a received file: how far it is written, and whether it ended, as last told. */
  written?: number;
  ended?: boolean | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** One reading process and the task it reads, if any. */
interface Reader {
  readonly child: ChildProcess;
  current: Task | undefined;
  idle: NodeJS.Timeout | undefined;
  watch: NodeJS.Timeout | undefined;
  /** The end of what the process wrote to stderr (V8 says there that it ran out of heap). */
  stderr: string;
  /** Why the server ended the process, when it did. */
  ending: ReaderError | undefined;
}

/** The resident memory of a process in MiB, where the system tells it (Linux); else undefined. */
async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+)/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Reads uploads off the request path, in child processes: at most `threads` of them, each with a
 * memory limit (its JavaScript heap, and all of its memory where the system reports it) and reading
 * one upload at a time. A file that exhausts a reading process ends that process and fails that
 * import with a clear message, while the server goes on answering every other request.
 *
 * Processes rather than worker threads: a worker thread's heap limit is best-effort, and some shapes of
 * allocation (one array grown past the limit, as a 50 MB line of commas makes) abort the whole process
 * instead of the thread (nodejs/node#47224); a worker's buffers are not counted in its limit either.
 * A process is ended by the system, whatever it allocates. A process reads one upload after another
 * (starting one takes about a second); one that ended is replaced when needed. Database writes stay in
 * the server (the embedded PGlite is one connection): the process sends the data it read.
 */
export class UploadReaders {
  private readonly readers = new Set<Reader>();
  private readonly queue: Task[] = [];
  private readonly heapMb: number;
  private closed = false;

  constructor(readonly options: UploadReadersOptions) {
    // The limit is the process's memory, watched while it reads; its heap may grow past that by half,
    // as a backstop where the system does not report memory. A heap near its own limit makes V8
    // collect garbage for minutes before it gives up, whereas memory passing the limit ends the
    // process at once.
    this.heapMb = Math.max(48, Math.floor(options.memoryMb * 1.5));
  }

  /**
   * How a process reads a large usage file on several threads: as many as its memory holds (see
   * `readingThreads`), each with an old-generation limit of half the process's memory.
   */
  private parallel(): Pick<ImportReadTask, "resourceLimits" | "threads"> {
    return {
      resourceLimits: { maxOldGenerationSizeMb: Math.max(16, Math.floor(this.options.memoryMb / 2)) },
      threads: readingThreads(this.options.memoryMb),
    };
  }

  /** The first rows of an upload. Previews go ahead of imports waiting for a process: someone waits. */
  preview(task: PreviewTask): Promise<Awaited<ReturnType<typeof readPreview>>> {
    return this.submit(task, { first: true }) as Promise<Awaited<ReturnType<typeof readPreview>>>;
  }

  /** The whole upload for an import, reporting bytes read; `signal` cancels it (ends its process). */
  read(
    task: Omit<ImportReadTask, "resourceLimits" | "threads">,
    options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
  ): Promise<ImportRead> {
    return this.submit({ ...task, ...this.parallel() }, options) as Promise<ImportRead>;
  }

  /**
   * Reads an upload while it arrives (see `ReceiveTask`): tell it how far the file is written
   * (`grown`), and when it is complete or abandoned (`ended`). An abandoned file fails the read.
   */
  receive(
    task: Omit<ReceiveTask, "resourceLimits" | "threads">,
    options: {
      onPreview: (preview: PreviewResult) => void;
      onProgress?: (done: number, total: number) => void;
    },
  ): { result: Promise<ReceivedRead>; grown(bytes: number): void; ended(complete: boolean): void } {
    let entry: Task | undefined;
    const result = this.submit({ ...task, ...this.parallel() }, { ...options, created: (t) => (entry = t) });
    const notify = (notice: ReceiveNotice) => {
      if (entry === undefined) return;
      if (notice.type === "grown") entry.written = notice.bytes;
      else entry.ended = notice.complete;
      const reader = [...this.readers].find((r) => r.current === entry);
      if (reader !== undefined) reader.child.send(notice);
      // Still waiting for a process when the upload ended: too late to help, it leaves the queue.
      else if (notice.type === "ended") this.cancel(entry);
    };
    return {
      result: result as Promise<ReceivedRead>,
      grown: (bytes) => notify({ type: "grown", path: task.path, bytes }),
      ended: (complete) => notify({ type: "ended", path: task.path, complete }),
    };
  }

  /** How many files may be read at once: the processes at most. */
  get capacity(): number {
    return this.options.threads;
  }

  /** Files being read now. */
  get busy(): number {
    return [...this.readers].filter((r) => r.current !== undefined).length;
  }

  /** The ids of the reading processes (to measure their memory). */
  get pids(): number[] {
    return [...this.readers].flatMap((r) => (r.child.pid === undefined ? [] : [r.child.pid]));
  }

  /** Starts a process ahead of the first upload, so that it does not wait for one. */
  warm(): void {
    if (this.readers.size === 0 && !this.closed) this.spawn();
  }

  /** Ends every process; reads in progress fail as cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(cancelled());
    await Promise.all([...this.readers].map((r) => this.end(r, cancelled())));
  }

  private submit(
    task: ReadTask,
    options: {
      first?: boolean;
      onProgress?: (done: number, total: number) => void;
      onPreview?: (preview: PreviewResult) => void;
      signal?: AbortSignal;
      created?: (entry: Task) => void;
    },
  ): Promise<unknown> {
    if (this.closed || options.signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      const entry: Task = {
        task,
        onProgress: options.onProgress,
        onPreview: options.onPreview,
        resolve,
        reject,
      };
      options.created?.(entry);
      options.signal?.addEventListener("abort", () => this.cancel(entry), { once: true });
      if (options.first) this.queue.unshift(entry);
      else this.queue.push(entry);
      this.dispatch();
    });
  }

  /** Hands waiting tasks to idle processes, starting processes up to the limit. */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let reader = [...this.readers].find((r) => r.current === undefined && r.ending === undefined);
      if (reader === undefined) {
        if (this.readers.size >= this.options.threads) return;
        reader = this.spawn();
      }
      const task = this.queue.shift() as Task;
      if (reader.idle !== undefined) clearTimeout(reader.idle);
      reader.idle = undefined;
      reader.current = task;
      // A busy process keeps the server running until it answers; an idle one does not.
      reader.child.ref();
      reader.child.channel?.ref();
      reader.child.send(task.task);
      // A file received meanwhile: where it stands now (notices come in order after the task).
      if (task.task.type === "receive") {
        const path = task.task.path;
        if (task.written !== undefined) reader.child.send({ type: "grown", path, bytes: task.written });
        if (task.ended !== undefined) reader.child.send({ type: "ended", path, complete: task.ended });
      }
      this.watch(reader);
    }
  }

  private spawn(): Reader {
    const compiled = existsSync(COMPILED);
    const args = [
      `--max-old-space-size=${this.heapMb}`,
      ...(compiled
        ? [COMPILED]
        : [
            "--experimental-transform-types",
            "--disable-warning=ExperimentalWarning",
            "--import",
            `data:text/javascript,${encodeURIComponent(SOURCE_HOOKS)}`,
            SOURCE,
          ]),
    ];
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      serialization: "advanced",
      // Not the server's NODE_OPTIONS (a heap size, a profiler): the limits are the ones above.
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    // Reading is bulk work: the server's requests come first when both want the processor. At the
    // server's own priority a large import ended sooner (the read kept up with the upload), but on two
    // busy cores the health checks' p95 rose from about 40 ms to 70-86 ms, close to the 100 ms the
    // server promises (bench/README.md, the stop of 2026-12-07 08:10): answering comes first.
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, READER_NICENESS);
      } catch {
        // Not allowed here (some containers): the process reads at the server's priority.
      }
    }
    const reader: Reader = {
      child,
      current: undefined,
      idle: undefined,
      watch: undefined,
      stderr: "",
      ending: undefined,
    };
    this.readers.add(reader);
    // An idle process does not keep the server running.
    child.unref();
    child.channel?.unref();
    child.stderr?.on("data", (chunk: Buffer) => {
      reader.stderr = (reader.stderr + chunk.toString("utf8")).slice(-4096);
    });
    child.on("message", (message: ReaderMessage) => {
      const task = reader.current;
      if (task === undefined) return;
      if (message.type === "progress") {
        task.onProgress?.(message.done, message.total);
        return;
      }
      if (message.type === "preview") {
        task.onPreview?.(message.preview);
        return;
      }
      reader.current = undefined;
      this.unwatch(reader);
      if (message.type === "result") task.resolve(message.result);
      else {
        const error = new ReaderError("crash", message.message);
        error.stack = message.stack;
        task.reject(error);
      }
      this.rest(reader);
      this.dispatch();
    });
    child.on("error", (error) => void this.end(reader, new ReaderError("crash", error.message)));
    // "close" rather than "exit": what the process wrote to stderr has all arrived by then.
    child.on("close", (code, signal) => {
      const outOfHeap = /heap out of memory|Allocation failed/i.test(reader.stderr);
      void this.end(
        reader,
        reader.ending ??
          (outOfHeap
            ? this.outOfMemory()
            : new ReaderError("crash", `the reading process stopped (${signal ?? `exit code ${code}`})`)),
      );
    });
    return reader;
  }

  private outOfMemory(): ReaderError {
    return new ReaderError(
      "memory",
      `reading it needs more than the ${this.options.memoryMb} MB of memory a file may use`,
    );
  }

  /** While a process reads, ends it as soon as its memory passes its limit. */
  private watch(reader: Reader): void {
    const pid = reader.child.pid;
    if (pid === undefined) return;
    const look = async () => {
      const mb = await residentMb(pid);
      if (reader.current === undefined || reader.ending !== undefined) return;
      if (mb !== undefined && mb > this.options.memoryMb) {
        void this.end(reader, this.outOfMemory());
        return;
      }
      reader.watch = setTimeout(() => void look(), MEMORY_POLL_MS);
      reader.watch.unref();
    };
    void look();
  }

  private unwatch(reader: Reader): void {
    if (reader.watch !== undefined) clearTimeout(reader.watch);
    reader.watch = undefined;
  }

  /** An idle process ends after a while, giving back its memory. */
  private rest(reader: Reader): void {
    reader.child.unref();
    reader.child.channel?.unref();
    reader.idle = setTimeout(() => void this.end(reader), this.options.idleMs ?? 60_000);
    reader.idle.unref();
  }

  /** Ends a process; its task, if any, fails with `error`. Waiting tasks go to the other processes. */
  private async end(reader: Reader, error?: ReaderError): Promise<void> {
    if (!this.readers.delete(reader)) return;
    reader.ending = error ?? cancelled();
    if (reader.idle !== undefined) clearTimeout(reader.idle);
    this.unwatch(reader);
    const task = reader.current;
    reader.current = undefined;
    if (task !== undefined) task.reject(reader.ending);
    if (reader.child.exitCode === null && reader.child.signalCode === null) {
      const exited = new Promise((resolve) => reader.child.once("close", resolve));
      reader.child.kill("SIGKILL");
      await exited;
    }
    if (!this.closed) this.dispatch();
  }

  /** A cancelled task leaves the queue, or ends the process reading it (a read cannot be interrupted). */
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
