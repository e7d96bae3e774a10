/*
 * Whether the bytes of a CSV file are text: valid UTF-8 without NUL bytes, or UTF-16 with a byte-order
 * mark whose code units pair up. A file that is not is refused at its first bad byte, with its line and
 * column, instead of being decoded with replacement characters.
 */

import { isUtf8 } from "node:buffer";
import type { TableFileHandle } from "../table/growing-file.js";

/** What the first bad byte of a file is. */
export interface BadByte {
  /** Offset in the buffer being parsed. */
  readonly at: number;
  /** What is wrong, without the place (the parser adds line and column). */
  readonly reason: string;
}

/** The first offset in [start, end) where UTF-8 is invalid, or -1. Slow: only for a range known bad. */
export function firstInvalidUtf8(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i; // a continuation byte without a lead, an overlong lead (C0, C1) or F5–FF
    }
    if (i + need >= end) return i; // cut short by the end of the range
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Bytes at the end of [start, end) that begin a UTF-8 sequence the range cuts short (0 to 3). */
export function incompleteUtf8Tail(buf: Uint8Array, start: number, end: number): number {
  let k = end - 1;
  const stop = Math.max(start, end - 4);
  while (k >= stop && ((buf[k] as number) & 0xc0) === 0x80) k--;
  if (k < stop) return 0;
  const lead = buf[k] as number;
  // Only a valid lead byte waits for more; any other byte is checked (and found bad) now.
  const length = lead > 0xf4 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 1;
  return k + length > end ? end - k : 0;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

const SAVE_AS_UTF8 = 'save the file as CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)")';

/**
 * Checks the bytes of a parse buffer once each, as they arrive: NUL bytes, and invalid UTF-8 (for a UTF-8
 * file) or the sentinel the UTF-16 transcoder leaves where the file is broken. Uses the native UTF-8
 * validator, so checking costs a small fraction of parsing.
 */
export class TextCheck {
  /** Offset in the parse buffer up to which bytes are checked. */
  private checked: number;

  /** A check of the bytes of a buffer from `start` on. */
  constructor(start = 0) {
    this.checked = start;
  }
  /** The first bad byte found, in buffer offsets; later bytes are not checked. */
  bad: BadByte | undefined;

  /**
   * Checks the bytes after those already checked, up to `end` (a sequence cut by `end` waits for the
   * next chunk unless `eof`). `sentinelReason` names the problem a UTF-16 transcoder marked.
   */
  check(buf: Buffer, end: number, eof: boolean, sentinelReason?: string): void {
    if (this.bad !== undefined) return;
    const start = this.checked;
    const upTo = eof ? end : end - incompleteUtf8Tail(buf, start, end);
    if (upTo <= start) return;
    this.checked = upTo;
    const nul = buf.indexOf(0, start);
    const nulAt = nul >= 0 && nul < upTo ? nul : -1;
    const utf8Ok = isUtf8(buf.subarray(start, upTo));
    const invalidAt = utf8Ok ? -1 : firstInvalidUtf8(buf, start, upTo);
    if (nulAt < 0 && invalidAt < 0) return;
    if (invalidAt >= 0 && (nulAt < 0 || invalidAt < nulAt)) {
      this.bad = {
        at: invalidAt,
        reason:
          sentinelReason ??
          `holds bytes that are not UTF-8 text (${describeBytes(buf, invalidAt, upTo)}); it was probably ` +
            `saved in another encoding, such as Windows-1252: ${SAVE_AS_UTF8}`,
      };
    } else {
      this.bad = {
        at: nulAt,
        reason:
          "holds a NUL byte (0x00), which text never has: the file is damaged or is not a CSV text file; " +
          SAVE_AS_UTF8,
      };
    }
  }

  /**
   * The bytes not parsed yet moved `consumed` bytes down (negative: up): the buffer dropped its parsed
   * records and moved the rest to the front, or elsewhere.
   */
  shift(consumed: number): void {
    this.checked -= consumed;
    if (this.bad !== undefined) this.bad = { at: this.bad.at - consumed, reason: this.bad.reason };
  }
}

function describeBytes(buf: Uint8Array, at: number, end: number): string {
  const bytes: string[] = [];
  for (let k = at; k < Math.min(end, at + 4); k++) {
    if (k > at && ((buf[k] as number) & 0xc0) !== 0x80) break;
    bytes.push(hex(buf[k] as number));
  }
  return bytes.length === 1 ? `the byte ${bytes[0]}` : `the bytes ${bytes.join(" ")}`;
}

/** The byte the UTF-16 transcoder puts where the file is broken: never valid in UTF-8. */
const SENTINEL = 0xff;

/** A transcoded chunk; `problem` names what the sentinel byte at its end stands for. */
export interface Utf8Chunk {
  readonly bytes: Buffer;
  /** File bytes read so far, for progress. */
  readonly done: number;
  readonly problem?: string;
}

interface WellFormed {
  isWellFormed(): boolean;
}

/**
 * A UTF-16 file (Excel's "Unicode text", with its byte-order mark) transcoded to UTF-8 as it streams,
 * chunk by chunk; a last empty chunk marks the end. Where the file is broken (an unpaired surrogate, or an
 * odd number of bytes: the file was cut off mid-character) the text before it is transcoded, then comes
 * one sentinel byte with the problem, and the stream ends: the parser reports it at its line and column.
 */
export async function* utf16AsUtf8(
  handle: TableFileHandle,
  chunkSize: number,
  littleEndian: boolean,
): AsyncGenerator<Utf8Chunk> {
  // Room for a carried odd byte and a high surrogate waiting for its pair.
  const raw = Buffer.allocUnsafe(chunkSize + 3);
  let carried = 0;
  let position = 2;
  for (;;) {
    const { bytesRead } = await handle.read(raw, carried, chunkSize, position);
    position += bytesRead;
    const eof = bytesRead === 0;
    const filled = carried + bytesRead;
    let usable = filled - (filled % 2);
    if (!eof && usable >= 2) {
      const last = littleEndian ? raw.readUInt16LE(usable - 2) : raw.readUInt16BE(usable - 2);
      if (last >= 0xd800 && last <= 0xdbff) usable -= 2; // wait for the low surrogate
    }
    const units = raw.subarray(0, usable);
    if (!littleEndian) units.swap16();
    let text = units.toString("utf16le");
    let problem: string | undefined;
    if (!(text as unknown as WellFormed).isWellFormed()) {
      const at = firstLoneSurrogate(text);
      const unit = text.charCodeAt(at).toString(16).toUpperCase();
      text = text.slice(0, at);
      problem =
        `holds an unpaired surrogate (the UTF-16 code unit 0x${unit} without its pair), which is not text: ` +
        "the file is damaged; save or download it again";
    } else if (eof && filled % 2 === 1) {
      problem =
        "ends in the middle of a UTF-16 character (the file has an odd number of bytes): it was cut off; " +
        "save or download it again";
    }
    if (text.length > 0) yield { bytes: Buffer.from(text, "utf8"), done: position };
    if (problem !== undefined) {
      yield { bytes: Buffer.from([SENTINEL]), done: position, problem };
      yield { bytes: Buffer.alloc(0), done: position };
      return;
    }
    if (eof) {
      yield { bytes: Buffer.alloc(0), done: position };
      return;
    }
    raw.copy(raw, 0, usable, filled);
    carried = filled - usable;
  }
}

function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * What a file that is not text looks like from its first bytes, or `undefined` when it looks like text:
 * UTF-16 without a byte-order mark (every other byte NUL), or binary (NUL and other control bytes make a
 * twentieth of it). Text with a stray NUL byte is text, refused with that byte's line and column.
 */
export function nonTextKind(head: Uint8Array): "utf16-without-bom" | "binary" | undefined {
  const n = Math.min(head.length, 512);
  let nuls = 0;
  let evenNuls = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
    if (b !== 0) continue;
    nuls++;
    if (i % 2 === 0) evenNuls++;
  }
  if (nuls === 0) return undefined;
  // ASCII text in UTF-16: one byte of each pair is NUL, the other never is.
  const pairs = Math.floor(n / 2);
  if (pairs >= 4 && nuls === pairs && (evenNuls === pairs || evenNuls === 0)) return "utf16-without-bom";
  return controls >= Math.max(2, n / 20) ? "binary" : undefined;
}
