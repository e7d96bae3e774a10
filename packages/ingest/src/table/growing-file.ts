import { read as readFd } from "node:fs";
import { open, stat } from "node:fs/promises";

/*
 * A file still being written (an upload as it arrives), read as if it were complete: a read of bytes
 * not written yet waits for them. The writer (the server receiving the upload) tells how far it has
 * written through a SharedArrayBuffer, which the threads reading the file share; the file is read
 * through one descriptor opened once, so that it can be renamed meanwhile (complete, it gets its
 * final name). Every reader of table files opens them through `openTableFile`, which gives such a file
 * when one is registered under the path, and the file itself otherwise.
 */

/** A growing file as the threads reading it share it. */
export interface GrowingFile {
  /** A descriptor open for reading (shared by the threads of a process). */
  readonly fd: number;
  /** The size the file will have, complete (an upload's declared length). */
  readonly size: number;
  /** [bytes written, state (0 growing, 1 complete, 2 abandoned)], shared by the threads. */
  readonly shared: SharedArrayBuffer;
}

const WRITTEN = 0;
const STATE = 1;
const COMPLETE = 1n;
const ABANDONED = 2n;

/** Thrown by a read of a growing file whose writer gave up (the upload failed or was refused). */
export class AbandonedFileError extends Error {
  constructor() {
    super("the file being received was abandoned");
    this.name = "AbandonedFileError";
  }
}

/** A new shared state: nothing written yet. */
export function growingState(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
}

/** The writer's side: `bytes` are on disk now. */
export function markWritten(shared: SharedArrayBuffer, bytes: number): void {
  const a = new BigInt64Array(shared);
  Atomics.store(a, WRITTEN, BigInt(bytes));
  Atomics.notify(a, WRITTEN);
}

/** The writer's side: the file is complete (all of its declared size written), or abandoned. */
export function markEnded(shared: SharedArrayBuffer, complete: boolean): void {
  const a = new BigInt64Array(shared);
  Atomics.store(a, STATE, complete ? COMPLETE : ABANDONED);
  // Wakes the readers waiting on the count of bytes written: they look at the state too.
  Atomics.add(a, WRITTEN, 0n);
  Atomics.notify(a, WRITTEN);
}

const registered = new Map<string, GrowingFile>();

/** Reads of `path` in this thread go to `file` until `unregisterGrowingFile`. */
export function registerGrowingFile(path: string, file: GrowingFile): void {
  registered.set(path, file);
}

export function unregisterGrowingFile(path: string): void {
  registered.delete(path);
}

/** The growing file registered under `path` in this thread, if any (to hand to another thread). */
export function growingFileAt(path: string): GrowingFile | undefined {
  return registered.get(path);
}

/** The part of a `FileHandle` the table readers use. */
export interface TableFileHandle {
  read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number; buffer: Buffer }>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** `Atomics.waitAsync` (ES2024; in Node since 16), typed here. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: BigInt64Array,
      index: number,
      value: bigint,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** Waits until bytes [0, end) of a growing file are written (or it is complete); throws if abandoned. */
async function written(file: GrowingFile, end: number): Promise<void> {
  const a = new BigInt64Array(file.shared);
  const want = BigInt(Math.min(end, file.size));
  for (;;) {
    const state = Atomics.load(a, STATE);
    if (state === ABANDONED) throw new AbandonedFileError();
    const now = Atomics.load(a, WRITTEN);
    if (state === COMPLETE || now >= want) return;
    const waited = waitAsync(a, WRITTEN, now);
    if (!waited.async) continue;
    // A wait does not keep the thread's event loop alive: a thread with nothing else to do (a worker
    // whose one message was taken) would end there, its read unfinished. A timer holds it meanwhile.
    const alive = setInterval(() => {}, 60_000);
    try {
      await waited.value;
    } finally {
      clearInterval(alive);
    }
  }
}

function growingHandle(file: GrowingFile): TableFileHandle {
  return {
    async read(buffer, offset, length, position) {
      await written(file, position + length);
      const want = Math.max(0, Math.min(length, file.size - position));
      if (want === 0) return { bytesRead: 0, buffer };
      return new Promise((resolve, reject) => {
        readFd(file.fd, buffer, offset, want, position, (error, bytesRead) =>
          error ? reject(error) : resolve({ bytesRead, buffer }),
        );
      });
    },
    stat: async () => ({ size: file.size }),
    // The descriptor is the registrant's to close.
    close: async () => {},
  };
}

/** Opens a table file for reading: the growing file registered under `path`, else the file. */
export async function openTableFile(path: string): Promise<TableFileHandle> {
  const growing = registered.get(path);
  return growing === undefined ? open(path, "r") : growingHandle(growing);
}

/** The size of a table file (a growing file's complete size). */
export async function tableFileSize(path: string): Promise<number> {
  return registered.get(path)?.size ?? (await stat(path)).size;
}
