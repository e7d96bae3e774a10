import type { FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";
import { youngCollector } from "./young-collection.js";

/** The size of the blocks a `fileWriter` copies what it receives into, and writes. */
const BLOCK_BYTES = 1024 * 1024;
/** Blocks a `fileWriter` fills while others are written: past them, it holds its writer back. */
const BLOCKS = 4;
/**
 * Writes of one `fileWriter` under way at once. Each takes a thread of libuv's pool (4 by default),
 * which file reads, password hashing and DNS lookups share: an upload leaves them two.
 */
const WRITES = 2;

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
 *
 * A failed write (or `onWritten` throwing) fails the stream; a destroyed stream (the client went away)
 * starts no more writes.
 */
export function fileWriter(handle: FileHandle, onWritten: (bytes: number) => void): Writable {
  const young = youngCollector();
  const free: Buffer[] = [];
  let made = 0;
  let block: Buffer | undefined;
  let filled = 0;
  /** Full blocks waiting for a write to end before theirs starts. */
  const ready: { buffer: Buffer; bytes: number; at: number }[] = [];
  /** Where the next block goes in the file. */
  let next = 0;
  let writing = 0;
  let failure: Error | undefined;
  let destroyed = false;
  /** A write waiting for a free block, or the end waiting for the writes. */
  let waiting: (() => void) | undefined;
  /** Blocks written past a gap (writes may end out of order), and how far the file is whole. */
  const done: { at: number; bytes: number }[] = [];
  let written = 0;

  const writeAll = async (buffer: Buffer, bytes: number, at: number): Promise<void> => {
    let off = 0;
    while (off < bytes) {
      const { bytesWritten } = await handle.write(buffer, off, bytes - off, at + off);
      off += bytesWritten;
    }
  };
  const wake = () => {
    const w = waiting;
    waiting = undefined;
    w?.();
  };
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
  };
  /** Starts the writes of ready blocks while fewer than WRITES are under way. */
  const startWrites = () => {
    while (writing < WRITES && ready.length > 0 && failure === undefined && !destroyed) {
      const { buffer, bytes, at } = ready.shift() as (typeof ready)[number];
      writing++;
      writeAll(buffer, bytes, at).then(
        () => {
          writing--;
          free.push(buffer);
          done.push({ at, bytes });
          done.sort((a, b) => a.at - b.at);
          const before = written;
          while (done[0]?.at === written) written += (done.shift() as { bytes: number }).bytes;
          try {
            if (written > before) onWritten(written);
          } catch (error) {
            fail(error);
          }
          startWrites();
          wake();
        },
        (error: unknown) => {
          writing--;
          fail(error);
          wake();
        },
      );
    }
  };
  /** Queues the current block (its first `filled` bytes) for writing. */
  const flush = () => {
    if (block === undefined || filled === 0) return;
    ready.push({ buffer: block, bytes: filled, at: next });
    next += filled;
    block = undefined;
    filled = 0;
    startWrites();
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
      if (destroyed) return;
      if (!takeBlock()) {
        // Every block is full or being written: the rest of the chunk once one is free (the chunk
        // waits, as a stream's writes do when its buffer is full).
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
      if (failure === undefined) flush();
      const end = () => {
        if (failure !== undefined) {
          callback(failure);
          return;
        }
        if (writing > 0 || ready.length > 0) {
          waiting = end;
          return;
        }
        callback();
      };
      end();
    },
    destroy(error, callback) {
      destroyed = true;
      waiting = undefined;
      ready.length = 0;
      callback(error);
    },
  });
}
