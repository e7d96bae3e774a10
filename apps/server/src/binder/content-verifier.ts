import { createHash } from "node:crypto";
import type { ZipEntryCheck } from "./zip-stream.js";

/**
 * Checks that an evidence file's bytes are the uploaded ones, as they pass into the ZIP: SHA-256 and
 * size, in the same pass as the ZIP's CRC-32, one chunk at a time, nothing buffered or copied. The
 * binder gives one to each stored file: a file that changed or was truncated in storage fails the
 * download instead of shipping a binder whose manifest lies. Fails as soon as the file is longer than
 * uploaded, and at its end, before the entry is completed, when it is shorter or hashes differently.
 */
export class ContentVerifier implements ZipEntryCheck {
  private readonly hash = createHash("sha256");
  private bytes = 0;

  constructor(
    private readonly expected: { readonly size: number; readonly sha256: string },
    /** Makes the error for a mismatch, from what was found. */
    private readonly mismatch: (what: string) => Error,
  ) {}

  update(chunk: Buffer): Error | undefined {
    this.bytes += chunk.length;
    // Longer than uploaded: no need to read the rest to know it is not the file.
    if (this.bytes > this.expected.size)
      return this.mismatch(`it has more than the ${this.expected.size} bytes uploaded`);
    this.hash.update(chunk);
    return undefined;
  }

  end(): Error | undefined {
    if (this.bytes !== this.expected.size)
      return this.mismatch(`it has ${this.bytes} bytes, ${this.expected.size} were uploaded`);
    const sha256 = this.hash.digest("hex");
    const expected = this.expected.sha256.toLowerCase();
    if (sha256 !== expected) return this.mismatch(`its SHA-256 is ${sha256}, ${expected} was uploaded`);
    return undefined;
  }
}
