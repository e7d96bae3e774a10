import { availableParallelism } from "node:os";
import { startThread, threadEntry } from "../threads/start-thread.js";
import type { FileHashAnswer, FileHashMessage, FileHashStart } from "./file-hash-worker.js";

/**
 * Uploads from this size are hashed on a thread of their own (`hashFileAsWritten`); smaller ones on the
 * server's thread as they arrive. SHA-256 of a 395 MB usage export took 0.22-0.37 s of the server's
 * thread, the thread that reads the upload and answers every request; a thread's start costs 20-40 ms
 * (bench/README.md).
 */
export const HASH_THREAD_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Hashing threads at once, per server: each takes about 13 MB, and an upload's declared length is the
 * client's word, so many large uploads at once must not start a thread each. Beyond these, an upload
 * is hashed on the server's thread as it arrives.
 */
export const HASH_THREADS_AT_ONCE = Math.max(1, availableParallelism() - 1);

let started = 0;
let running = 0;

/** How many hashing threads this thread started, and how many of them have not ended (tests). */
export function hashThreadsStarted(): number {
  return started;
}
export function hashThreadsRunning(): number {
  return running;
}

/** The SHA-256 of a file being written, computed on a thread of its own as the file grows. */
export interface FileHash {
  /** The first `bytes` bytes of the file are on disk (never fewer than told before). */
  written(bytes: number): void;
  /** The file is complete at `size` bytes: its SHA-256, in hex. Rejects if the file could not be read. */
  digest(size: number): Promise<string>;
  /** Ends the thread (the upload failed): a digest asked for rejects. Safe to call more than once. */
  stop(): void;
}

/**
 * Hashes the file at `path` on a new thread as its writer reports it written: the thread reads it back
 * (from the page cache, as it was just written) and ends with its answer. The thread is not kept: an
 * upload this large is rare, and an idle server holds no thread for it. Undefined when
 * `HASH_THREADS_AT_ONCE` threads are at work already.
 */
export function hashFileAsWritten(path: string): FileHash | undefined {
  if (running >= HASH_THREADS_AT_ONCE) return undefined;
  const worker = startThread(threadEntry("file-hash-worker", import.meta.url), {
    workerData: { path } satisfies FileHashStart,
    // A 1 MiB buffer and the hash's state: a bound, should anything run away.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  started++;
  running++;
  // An upload's thread must not keep a server that is shutting down alive.
  worker.unref();
  let settle: ((a: FileHashAnswer) => void) | undefined;
  let answer: FileHashAnswer | undefined;
  const done = (a: FileHashAnswer) => {
    if (answer !== undefined) return;
    answer = a;
    // Answered: the thread is ending (its place is free for the next upload).
    running--;
    settle?.(a);
    void worker.terminate();
  };
  worker.on("message", (a: FileHashAnswer) => done(a));
  worker.on("error", (error) => done({ ok: false, message: error.name }));
  worker.on("exit", (code) => done({ ok: false, message: `the hashing thread ended (exit code ${code})` }));
  const send = (m: FileHashMessage) => {
    if (answer === undefined) worker.postMessage(m);
  };
  return {
    written(bytes) {
      send({ written: bytes });
    },
    async digest(size) {
      send({ end: size });
      const a = answer ?? (await new Promise<FileHashAnswer>((resolve) => (settle = resolve)));
      if (!a.ok) throw new Error(`hashing the upload failed: ${a.message}`);
      return a.sha256;
    },
    stop() {
      done({ ok: false, message: "stopped" });
    },
  };
}
