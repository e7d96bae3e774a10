import { Readable } from "node:stream";

const BATCH_BYTES = 64 * 1024;

function* batches(chunks: Iterable<string>): Generator<Buffer> {
  let pending: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= BATCH_BYTES) {
      yield Buffer.from(pending.join(""), "utf8");
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield Buffer.from(pending.join(""), "utf8");
}

/**
 * A byte stream of UTF-8 text produced piece by piece: the binder's generated files (index.html, the
 * CSV files) are written as the ZIP reaches them and never held whole, however many items there are.
 */
export function textStream(chunks: Iterable<string>): Readable {
  return Readable.from(batches(chunks), { objectMode: false });
}
