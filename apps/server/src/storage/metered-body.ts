import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { HEAD_BYTES, StorageLimitError } from "./evidence-store.js";

/** What reading a body found: its size, SHA-256 (hex) and first HEAD_BYTES bytes. */
export interface Metered {
  readonly size: number;
  readonly sha256: string;
  readonly head: Uint8Array;
}

/**
 * Feeds `body` chunk by chunk to `write`, one write at a time, hashing and counting on the way.
 *
 * Settles only once no write is running, so the caller can clean up its sink right after. On failure
 * the source is not destroyed: past the limit (or when the sink fails) the rest of the body is read and
 * dropped in the background, because destroying an HTTP request resets the connection and the client
 * would never see the 413 the caller answers with. (`pipeline` and `for await` both destroy the source
 * when they stop early, hence the events.)
 */
export function readMetered(
  body: Readable,
  limitBytes: number,
  write: (chunk: Buffer) => Promise<void> | undefined,
): Promise<Metered> {
  return new Promise<Metered>((resolve, reject) => {
    const hash = createHash("sha256");
    const head = new Uint8Array(HEAD_BYTES);
    let headLength = 0;
    let size = 0;
    let writing: Promise<void> = Promise.resolve();
    let settled = false;

    const stop = () => {
      settled = true;
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
      body.off("close", onClose);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      stop();
      if (!body.destroyed && !body.readableEnded) {
        // A later error of the source has no one to report to any more.
        body.on("error", () => {});
        body.resume();
      }
      const quiet = () => reject(error);
      writing.then(quiet, quiet);
    };
    const onData = (data: Buffer | Uint8Array | string) => {
      if (settled) return;
      const chunk =
        typeof data === "string"
          ? Buffer.from(data)
          : Buffer.isBuffer(data)
            ? data
            : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      size += chunk.length;
      if (size > limitBytes) {
        fail(new StorageLimitError(limitBytes));
        return;
      }
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - headLength);
        head.set(part, headLength);
        headLength += part.length;
      }
      const pending = write(chunk);
      if (pending === undefined) return;
      // Backpressure: no more data until the sink has taken this chunk.
      body.pause();
      writing = pending.then(() => {
        if (!settled) body.resume();
      });
      writing.catch(fail);
    };
    const onEnd = () => {
      if (settled) return;
      stop();
      writing.then(
        () => resolve({ size, sha256: hash.digest("hex"), head: head.slice(0, headLength) }),
        reject,
      );
    };
    const onError = (error: Error) => fail(error);
    // A source destroyed without an error (an aborted request, say) never ends: a cut-off body.
    const onClose = () => fail(new Error("the body was cut off before its end"));

    if (body.destroyed || body.readableEnded) {
      // Destroyed with a reason (a body dropped for its silence, a 408): that reason, not a failure of ours.
      reject(body.errored ?? new Error("the body was already read or closed"));
      return;
    }
    body.on("error", onError);
    body.on("close", onClose);
    body.on("end", onEnd);
    body.on("data", onData);
  });
}
