import type { FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";

/**
 * A stream writing to an open file from its start, which tells `onWritten` how many bytes are on disk
 * after each write (a reader of the file as it arrives waits for them). Chunks that queue while a write
 * is under way go out together in one `writev`. The handle stays the caller's to close.
 */
export function fileWriter(handle: FileHandle, onWritten: (bytes: number) => void): Writable {
  let at = 0;
  const write = async (buffers: Buffer[]): Promise<void> => {
    let rest = buffers;
    for (;;) {
      const total = rest.reduce((n, b) => n + b.length, 0);
      if (total === 0) break;
      const { bytesWritten } = await handle.writev(rest, at);
      at += bytesWritten;
      if (bytesWritten === total) break;
      // A short write (rare for a file): the rest again.
      let skip = bytesWritten;
      const left: Buffer[] = [];
      for (const b of rest) {
        if (skip >= b.length) skip -= b.length;
        else {
          left.push(skip > 0 ? b.subarray(skip) : b);
          skip = 0;
        }
      }
      rest = left;
    }
    onWritten(at);
  };
  return new Writable({
    // Up to 1 MiB queues while a write is under way, as one writev after it.
    highWaterMark: 1024 * 1024,
    writev(chunks, callback) {
      write(chunks.map((c) => c.chunk as Buffer)).then(() => callback(), callback);
    },
  });
}
