import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * Passes bytes through while hashing them, and fails at the end, before the stream ends, when the bytes
 * are not the ones expected. The binder puts one between the evidence store and the ZIP: a file that
 * changed or was truncated in storage makes the download fail instead of shipping a binder whose
 * manifest lies. One chunk at a time: nothing is buffered.
 */
export class VerifyingStream extends Transform {
  private readonly hash = createHash("sha256");
  private bytes = 0;

  constructor(
    private readonly expected: { readonly size: number; readonly sha256: string },
    /** Makes the error for a mismatch, from what was found. */
    private readonly mismatch: (what: string) => Error,
    /**
     * Settles when the source is closed. The stream ends only then, so the ZIP opens the next file
     * once this one is closed: one file open at a time, not two for a moment.
     */
    private readonly sourceClosed: Promise<unknown> = Promise.resolve(),
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    // Longer than uploaded: no need to stream the rest to know it is not the file.
    if (this.bytes > this.expected.size) {
      callback(this.mismatch(`it has more than the ${this.expected.size} bytes uploaded`));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const sha256 = this.hash.digest("hex");
    let error: Error | undefined;
    if (this.bytes !== this.expected.size) {
      error = this.mismatch(`it has ${this.bytes} bytes, ${this.expected.size} were uploaded`);
    } else if (sha256 !== this.expected.sha256.toLowerCase()) {
      error = this.mismatch(`its SHA-256 is ${sha256}, ${this.expected.sha256.toLowerCase()} was uploaded`);
    }
    if (error !== undefined) {
      callback(error);
      return;
    }
    this.sourceClosed.then(
      () => callback(),
      (failure: unknown) => callback(failure instanceof Error ? failure : new Error(String(failure))),
    );
  }
}
