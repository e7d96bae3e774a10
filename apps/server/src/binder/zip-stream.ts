import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { crc32, createDeflateRaw } from "node:zlib";
import {
  centralDirectoryHeader,
  dataDescriptor,
  dosDateTime,
  endOfCentralDirectory,
  localFileHeader,
  unixTime,
  ZIP32_LIMIT,
  type ZipEntryRecord,
} from "./zip-records.js";

/** Looks at an entry's bytes as they pass; an error it returns fails the archive. */
export interface ZipEntryCheck {
  /** Every chunk, in order, before it is written. */
  update(chunk: Buffer): Error | undefined;
  /** After the last chunk, before the entry is completed. */
  end(): Error | undefined;
}

/** One entry of the archive, opened only when the archive reaches it. */
export interface ZipEntrySource {
  /** The path inside the archive, `/`-separated. */
  readonly name: string;
  readonly method: "store" | "deflate";
  /**
   * The byte count, when known before the bytes are read. A stored entry that turns out to have
   * another size fails the archive; a size over 4 GiB makes the local header ZIP64. Without it, an
   * entry must stay under 4 GiB.
   */
  readonly size?: number;
  /** The bytes: a buffer, or a stream that is read to its end and closed before the next is opened. */
  readonly open: () => Buffer | Readable | Promise<Readable>;
  readonly check?: ZipEntryCheck;
  /** The error the archive fails with when the bytes cannot be opened or read. */
  readonly failure: (cause: unknown) => Error;
}

export interface ZipStreamOptions {
  /** The modification time of every entry. */
  readonly mtime: Date;
  /** ZIP64 records for every entry and the end, needed or not (so tests can read them back). */
  readonly forceZip64?: boolean;
}

// Output buffering: enough to keep a file write or a socket busy while the next chunk is read.
const HIGH_WATER_MARK = 1024 * 1024;

/**
 * A ZIP archive as a byte stream, written entry by entry as it is read: each entry's source is opened
 * when the archive reaches it, its chunks pass through to the output as they are (stored entries are
 * never copied; CRC-32 by zlib, in native code), and it is closed before the next is opened. Only the
 * central directory (about 100 bytes an entry) is held until the end. Nothing is opened before the
 * stream is first read.
 *
 * Fails (the stream errors) with the entry's `failure` when a source cannot be opened or read or
 * closes before its end, or with what its `check` returns. Destroying the stream closes the source
 * being read and opens no other.
 */
export function zipStream(entries: Iterable<ZipEntrySource>, options: ZipStreamOptions): Readable {
  return new ZipStream(entries, options);
}

class ZipStream extends Readable {
  private readonly dosTime;
  private readonly unixTime;
  private readonly forceZip64: boolean;
  /** Bytes pushed so far: the offset of the next record. */
  private offset = 0;
  private readonly central: ZipEntryRecord[] = [];
  private started = false;
  /** What is being read now: its data events are paused while the output is full. */
  private flowing: Readable | undefined;
  /** The streams open now (a deflated entry has two), closed if the archive is destroyed. */
  private readonly sources = new Set<Readable>();
  private demand: (() => void) | undefined;

  constructor(
    private readonly entries: Iterable<ZipEntrySource>,
    options: ZipStreamOptions,
  ) {
    super({ highWaterMark: HIGH_WATER_MARK });
    this.dosTime = dosDateTime(options.mtime);
    this.unixTime = unixTime(options.mtime);
    this.forceZip64 = options.forceZip64 === true;
  }

  override _read(): void {
    if (!this.started) {
      this.started = true;
      this.writeArchive().then(
        () => {
          if (!this.destroyed) this.push(null);
        },
        (error: Error) => this.destroy(error),
      );
      return;
    }
    const demand = this.demand;
    this.demand = undefined;
    demand?.();
    this.flowing?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    for (const source of this.sources) source.destroy();
    // Lets a writer waiting for the reader see that there is none.
    this.demand?.();
    this.demand = undefined;
    callback(error);
  }

  /** Pushes bytes, and waits for the reader when the output is full. */
  private async send(bytes: Buffer): Promise<void> {
    if (this.destroyed) return;
    this.offset += bytes.length;
    if (!this.push(bytes)) await new Promise<void>((resolve) => (this.demand = resolve));
  }

  private async writeArchive(): Promise<void> {
    for (const entry of this.entries) {
      if (this.destroyed) return;
      await this.writeEntry(entry);
    }
    if (this.destroyed) return;
    const start = this.offset;
    // The directory in pieces of about 64 KB, so a huge one is not one allocation.
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (const record of this.central) {
      const header = centralDirectoryHeader(record);
      batch.push(header);
      batchBytes += header.length;
      if (batchBytes >= 64 * 1024) {
        await this.send(Buffer.concat(batch));
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length > 0) await this.send(Buffer.concat(batch));
    await this.send(
      endOfCentralDirectory({
        entries: this.central.length,
        offset: start,
        size: this.offset - start,
        forceZip64: this.forceZip64,
      }),
    );
  }

  private async writeEntry(entry: ZipEntrySource): Promise<void> {
    const name = Buffer.from(entry.name, "utf8");
    if (name.length > 0xffff) throw entry.failure(new Error("the name is longer than 65,535 bytes"));
    const zip64Local = this.forceZip64 || (entry.size !== undefined && entry.size >= ZIP32_LIMIT);
    const method = entry.method === "deflate" ? 8 : 0;
    const offset = this.offset;
    await this.send(
      localFileHeader({ name, method, dosTime: this.dosTime, unixTime: this.unixTime, zip64: zip64Local }),
    );

    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    let checkError: Error | undefined;
    /** Every byte of the entry's content, before any compression; false to stop. */
    const take = (chunk: Buffer): boolean => {
      crc = crc32(chunk, crc);
      size += chunk.length;
      checkError = entry.check?.update(chunk);
      return checkError === undefined;
    };

    if (this.destroyed) return;
    let opened: Buffer | Readable;
    try {
      opened = await entry.open();
    } catch (error) {
      throw entry.failure(error);
    }
    if (Buffer.isBuffer(opened)) {
      if (method === 8) throw entry.failure(new Error("a buffer entry must be stored"));
      if (!take(opened)) throw checkError;
      compressedSize = opened.length;
      await this.send(opened);
    } else {
      const source = opened;
      if (this.destroyed) {
        source.destroy();
        return;
      }
      try {
        compressedSize =
          method === 0
            ? await this.pump(source, (chunk) => take(chunk))
            : await this.pumpDeflated(source, (chunk) => take(chunk));
      } catch (error) {
        if (checkError !== undefined) throw checkError;
        throw entry.failure(error);
      }
      if (this.destroyed) return;
    }

    checkError = entry.check?.end();
    if (checkError !== undefined) throw checkError;
    if (method === 0 && entry.size !== undefined && size !== entry.size)
      throw entry.failure(new Error(`it has ${size} bytes, ${entry.size} were expected`));
    if (!zip64Local && (size >= ZIP32_LIMIT || compressedSize >= ZIP32_LIMIT))
      throw entry.failure(new Error("it is 4 GiB or more, and its size was not given beforehand"));
    const record: ZipEntryRecord = {
      name,
      method,
      dosTime: this.dosTime,
      unixTime: this.unixTime,
      crc32: crc,
      compressedSize,
      size,
      offset,
      zip64Local,
    };
    await this.send(dataDescriptor(record));
    this.central.push(record);
  }

  /**
   * Passes a stream's chunks to the output, pausing it while the output is full; resolves with the
   * byte count once it has ended and closed (so the next source opens only after this one is closed).
   * `take` sees each chunk first, and stops the stream by returning false.
   */
  private pump(stream: Readable, take: (chunk: Buffer) => boolean): Promise<number> {
    let bytes = 0;
    this.sources.add(stream);
    this.flowing = stream;
    stream.on("data", (chunk: Buffer) => {
      if (!take(chunk)) {
        stream.destroy(new Error("stopped by its check"));
        return;
      }
      bytes += chunk.length;
      this.offset += chunk.length;
      if (!this.push(chunk)) stream.pause();
    });
    // A source handed over paused would otherwise never start.
    stream.resume();
    return finished(stream).then(
      () => {
        this.sources.delete(stream);
        this.flowing = undefined;
        return bytes;
      },
      (error: unknown) => {
        this.sources.delete(stream);
        this.flowing = undefined;
        throw error;
      },
    );
  }

  /** Deflates a source into the output; `take` sees the uncompressed chunks. */
  private async pumpDeflated(source: Readable, take: (chunk: Buffer) => boolean): Promise<number> {
    const deflate = createDeflateRaw();
    this.sources.add(source);
    source.on("data", (chunk: Buffer) => {
      if (!take(chunk)) source.destroy(new Error("stopped by its check"));
    });
    source.pipe(deflate);
    const read = finished(source).finally(() => this.sources.delete(source));
    // A failing source leaves the deflater waiting for its end: stop it too.
    read.catch((error: unknown) =>
      deflate.destroy(error instanceof Error ? error : new Error(String(error))),
    );
    try {
      const [, bytes] = await Promise.all([read, this.pump(deflate, () => true)]);
      return bytes;
    } finally {
      // Closed already unless the deflater failed on its own.
      source.destroy();
    }
  }
}
