import type { FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";
import { youngCollector } from "./young-collection.js";

/** The size of the blocks a `fileWriter` copies what it receives into, and writes. */
const BLOCK_BYTES = 1024 * 1024;
/** Blocks a `fileWriter` fills while others are written: past them, it holds its writer back. */
const BLOCKS = 4;

/**
 * A stream writing to an open file from its start, which tells `onWritten` how many bytes are on disk
 * after each write (a reader of the file as it arrives waits for them). The handle stays the caller's to
 * close.
 *
 * What it is given is copied into a few reused blocks of 1 MiB, each written once full (or at the end),
 * and the chunk is released at once; V8's young generation is collected every few megabytes received
 * (see young-collection.ts). So the 64 KB buffers a socket hands over are freed as they go: a chunk kept
 * until its write is done would outlive the young generation, and the external memory of promoted
 * buffers is freed only by full collections of the whole heap.
 */
export function fileWriter(handle: FileHandle, onWritten: (bytes: number) => void): Writable {
  const young = youngCollector();
  const free: Buffer[] = [];
  let made = 0;
  let block: Buffer | undefined;
  let filled = 0;
  /** Where the next block goes in the file, and how far the file is written without a gap. */
  let next = 0;
  let writing = 0;
  let failure: Error | undefined;
  /** A write waiting for a free block, and the end waiting for the writes. */
  let waiting: (() => void) | undefined;
  const done: { at: number; bytes: number }[] = [];
  let written = 0;

  const writeAll = async (buffer: Buffer, at: number): Promise<void> => {
    let off = 0;
    while (off < buffer.length) {
      const { bytesWritten } = await handle.write(buffer, off, buffer.length - off, at + off);
      off += bytesWritten;
    }
  };
  const wake = () => {
    const w = waiting;
    waiting = undefined;
    w?.();
  };
  /** Writes the current block (its first `filled` bytes) and takes another when it is done. */
  const flush = () => {
    if (block === undefined || filled === 0) return;
    const buffer = block;
    const bytes = filled;
    const at = next;
    next += bytes;
    block = undefined;
    filled = 0;
    writing++;
    writeAll(buffer.subarray(0, bytes), at).then(
      () => {
        writing--;
        free.push(buffer);
        // Written out of order is possible (the pool's threads): the file is whole up to the first gap.
        done.push({ at, bytes });
        done.sort((a, b) => a.at - b.at);
        const before = written;
        while (done[0]?.at === written) written += (done.shift() as { bytes: number }).bytes;
        if (written > before) onWritten(written);
        wake();
      },
      (error: Error) => {
        writing--;
        failure ??= error;
        wake();
      },
    );
  };
  const takeBlock = (): boolean => {
    if (block !== undefined) return true;
    const reused = free.pop();
    if (reused !== undefined) block = reused;
    else if (made < BLOCKS) {
      block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
      made++;
    } else return false;
    return true;
  };
  const copy = (chunk: Buffer, from: number, callback: (error?: Error | null) => void): void => {
    let at = from;
    while (at < chunk.length) {
      if (failure !== undefined) {
        callback(failure);
        return;
      }
      if (!takeBlock()) {
        // Every block is being written: the rest of the chunk once one is free (the chunk waits, as a
        // stream's writes do when its buffer is full).
        waiting = () => copy(chunk, at, callback);
        return;
      }
      const b = block as Buffer;
      const n = Math.min(chunk.length - at, b.length - filled);
      chunk.copy(b, filled, at, at + n);
      filled += n;
      at += n;
      if (filled === b.length) flush();
    }
    callback();
  };
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      young.received(chunk.length);
      copy(chunk, 0, callback);
    },
    final(callback) {
      flush();
      const end = () => {
        if (failure !== undefined) {
          callback(failure);
          return;
        }
        if (writing > 0) {
          waiting = end;
          return;
        }
        callback();
      };
      end();
    },
  });
}
