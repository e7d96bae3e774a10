/*
 * The thread that hashes a file as it is written (`hashFileAsWritten`, file-hash-thread.ts): it reads
 * what the writer says is on disk, from where it stopped, and feeds SHA-256. The server's own thread
 * then only copies and writes what it receives.
 *
 * No imports of specready's own: this file runs as it is, compiled or from its TypeScript source.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

/** What the thread is started with. */
export interface FileHashStart {
  readonly path: string;
}

/** What it is told: how many bytes from the file's start are written, or that it ends at `end` bytes. */
export type FileHashMessage = { readonly written: number } | { readonly end: number };

/** What it answers, once: the SHA-256 of the file's first `end` bytes, or why there is none. */
export type FileHashAnswer =
  | { readonly ok: true; readonly sha256: string }
  /** `message`: what failed, without the file's contents. */
  | { readonly ok: false; readonly message: string };

/** How much is read at a time. */
const READ_BYTES = 1024 * 1024;

const port = parentPort;
if (port === null) throw new Error("file-hash-worker.ts runs as a worker thread");
const { path } = workerData as FileHashStart;
const hash = createHash("sha256");
const buffer = Buffer.allocUnsafe(READ_BYTES);
let fd: number | undefined;
let hashed = 0;
let answered = false;

const answer = (a: FileHashAnswer) => {
  if (answered) return;
  answered = true;
  if (fd !== undefined) closeSync(fd);
  fd = undefined;
  port.postMessage(a);
};

/** Hashes the bytes from where it stopped to `upTo`; false (and answered) if the file is shorter. */
const hashTo = (upTo: number): boolean => {
  fd ??= openSync(path, "r");
  while (hashed < upTo) {
    const n = readSync(fd, buffer, 0, Math.min(READ_BYTES, upTo - hashed), hashed);
    if (n === 0) {
      answer({ ok: false, message: `the file ends at ${hashed} bytes, not ${upTo}` });
      return false;
    }
    hash.update(buffer.subarray(0, n));
    hashed += n;
  }
  return true;
};

port.on("message", (m: FileHashMessage) => {
  if (answered) return;
  try {
    if ("written" in m) {
      hashTo(m.written);
      return;
    }
    if (m.end < hashed) {
      answer({ ok: false, message: `told it ends at ${m.end} bytes after ${hashed} were written` });
      return;
    }
    if (hashTo(m.end)) answer({ ok: true, sha256: hash.digest("hex") });
  } catch (error) {
    answer({ ok: false, message: (error as NodeJS.ErrnoException).code ?? (error as Error).name });
  }
});
