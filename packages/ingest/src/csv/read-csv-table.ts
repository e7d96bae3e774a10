import { type FileHandle, open } from "node:fs/promises";
import { TextDecoder } from "node:util";
import { type ReadOptions, TableFormatError, type TableSink } from "../table/cell.js";

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

const CHUNK = 4 * 1024 * 1024;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const INTERN_LIMIT = 20_000;

interface InternEntry {
  readonly bytes: Buffer;
  readonly value: string;
  readonly next: InternEntry | undefined;
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = buf[k];
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

/**
 * Reads a CSV file (RFC 4180: `,` separated, `"` quoted with `""` escapes, LF or CRLF line ends, UTF-8
 * with or without a byte-order mark; UTF-16 with a byte-order mark is transcoded) and hands its rows to a
 * sink. Streams in fixed-size chunks: memory does not grow with the file.
 *
 * Only the columns the sink asks for are decoded into strings. Partner Center exports have some 45
 * columns of which the rules read ten, and decoding is most of the cost of reading.
 */
export async function readCsvTable(
  path: string,
  displayName: string,
  sink: TableSink,
  options: ReadOptions & { readonly chunkSize?: number } = {},
): Promise<void> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const parser = new CsvParser(displayName, sink);
    await pump(utf8Chunks(handle, displayName, options.chunkSize ?? CHUNK), parser, size, options.onProgress);
    parser.finish();
    options.onProgress?.(size, size);
  } finally {
    await handle.close();
  }
}

/** Feeds chunks to the parser, carrying an unfinished record over to the next chunk. */
async function pump(
  chunks: AsyncIterable<{ bytes: Buffer; done: number }>,
  parser: CsvParser,
  total: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<void> {
  let buffer = Buffer.allocUnsafe(2 * CHUNK);
  let carry = 0; // bytes of an unfinished record kept at the start of `buffer`
  let lastProgress = 0;
  for await (const { bytes, done } of chunks) {
    if (carry + bytes.length > buffer.length) {
      // A record longer than the buffer (rare; an unclosed quote usually causes it): grow.
      const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, carry + bytes.length));
      buffer.copy(bigger, 0, 0, carry);
      buffer = bigger;
    }
    bytes.copy(buffer, carry);
    const end = carry + bytes.length;
    const eof = bytes.length === 0;
    const consumed = parser.parse(buffer, 0, end, eof);
    if (eof) return;
    carry = end - consumed;
    if (carry > 0) buffer.copy(buffer, 0, consumed, end);
    if (onProgress && done - lastProgress >= CHUNK) {
      lastProgress = done;
      onProgress(done, total);
    }
  }
}

/** Where a UTF-8 CSV file's data starts, for reading it in parallel ranges. */
export interface CsvLayout {
  readonly header: readonly string[];
  /** Byte offset of the first data record, and its line number. */
  readonly dataStart: number;
  readonly dataStartLine: number;
  readonly size: number;
}

/**
 * The header and the offset of the first data record of a UTF-8 CSV file with LF line ends, or
 * `undefined` when the file cannot be split into byte ranges safely (UTF-16, CR-only line ends, a header
 * longer than 1 MB): such files are read whole.
 */
export async function csvLayout(path: string, displayName: string): Promise<CsvLayout | undefined> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.allocUnsafe(Math.min(size, 1024 * 1024));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes[0] === 0xff || bytes[0] === 0xfe || looksBinary(bytes)) return undefined;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let header: string[] | undefined;
    // Stop at the first data row: the parser then has just finished the header (and blank lines).
    const parser = new CsvParser(displayName, {
      header(cells) {
        header = [...cells];
        return [];
      },
      row() {
        throw STOP;
      },
    });
    let stoppedAt = -1;
    try {
      parser.parse(bytes, bom, bytes.length, bytesRead === size);
    } catch (error) {
      if (error !== STOP) return undefined;
      stoppedAt = parser.lastRecordEnd;
    }
    if (header === undefined || stoppedAt < 0) return undefined;
    if (bytes[stoppedAt - 1] !== LF) return undefined; // CR-only line ends or no line end at all
    let lines = 0;
    for (let k = 0; k < stoppedAt; k++) if (bytes[k] === LF) lines++;
    return { header, dataStart: stoppedAt, dataStartLine: 1 + lines, size };
  } finally {
    await handle.close();
  }
}

const STOP = Symbol("stop");

/**
 * Splits the data of a CSV file into `parts` byte ranges, each starting just after a line feed. A line
 * feed inside a quoted field would start a range mid-record: `readCsvRange` on the range before it then
 * fails with an unclosed quote, which is how a caller learns to read the file whole instead.
 */
export async function splitCsv(path: string, layout: CsvLayout, parts: number): Promise<number[]> {
  const handle = await open(path, "r");
  try {
    const offsets = [layout.dataStart];
    const span = (layout.size - layout.dataStart) / parts;
    const probe = Buffer.allocUnsafe(64 * 1024);
    for (let k = 1; k < parts; k++) {
      let at = Math.floor(layout.dataStart + k * span);
      let found = -1;
      while (found < 0 && at < layout.size) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        const i = probe.subarray(0, bytesRead).indexOf(LF);
        if (i >= 0) found = at + i + 1;
        else at += bytesRead;
        if (bytesRead === 0) break;
      }
      if (found < 0 || found <= (offsets[offsets.length - 1] as number)) break;
      offsets.push(found);
    }
    offsets.push(layout.size);
    return offsets;
  } finally {
    await handle.close();
  }
}

/**
 * Reads the records of bytes [start, end) of a UTF-8 CSV file whose header is already known. Line
 * numbers given to the sink count from 1 at `start`; returns the physical lines the range holds, so the
 * caller can turn them into file line numbers. An unclosed quote at `end` throws `TableFormatError`.
 */
export async function readCsvRange(
  path: string,
  displayName: string,
  sink: TableSink,
  range: { readonly start: number; readonly end: number; readonly header: readonly string[] },
  onProgress?: (done: number) => void,
): Promise<{ lines: number }> {
  const handle = await open(path, "r");
  try {
    const parser = new CsvParser(displayName, sink, range.header);
    await pump(
      rangeChunks(handle, range.start, range.end),
      parser,
      range.end - range.start,
      onProgress && ((done) => onProgress(done)),
    );
    return { lines: parser.linesRead };
  } finally {
    await handle.close();
  }
}

async function* rangeChunks(
  handle: FileHandle,
  start: number,
  end: number,
): AsyncGenerator<{ bytes: Buffer; done: number }> {
  const raw = Buffer.allocUnsafe(CHUNK);
  let at = start;
  while (at < end) {
    const { bytesRead } = await handle.read(raw, 0, Math.min(CHUNK, end - at), at);
    if (bytesRead === 0) break;
    at += bytesRead;
    yield { bytes: raw.subarray(0, bytesRead), done: at - start };
  }
  yield { bytes: Buffer.alloc(0), done: at - start };
}

/**
 * The file's bytes as UTF-8, chunk by chunk, without a byte-order mark; a last empty chunk marks the end.
 * UTF-16 files (Excel's "Unicode text") are transcoded as they stream.
 */
async function* utf8Chunks(
  handle: FileHandle,
  displayName: string,
  chunkSize: number,
): AsyncGenerator<{ bytes: Buffer; done: number }> {
  const raw = Buffer.allocUnsafe(chunkSize);
  let done = 0;
  let first = true;
  let utf16: TextDecoder | undefined;
  for (;;) {
    const { bytesRead } = await handle.read(raw, 0, chunkSize, null);
    done += bytesRead;
    let bytes = raw.subarray(0, bytesRead);
    if (first) {
      first = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        bytes = bytes.subarray(3);
      else if (
        bytes.length >= 2 &&
        ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
      ) {
        utf16 = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be");
        bytes = bytes.subarray(2);
      } else if (looksBinary(bytes)) {
        throw new TableFormatError(
          displayName,
          "is not a text CSV file (it looks binary, such as a workbook saved with a .csv name)",
        );
      }
    }
    if (utf16 !== undefined) {
      const text = utf16.decode(bytes, { stream: bytesRead > 0 });
      if (bytesRead === 0) {
        if (text.length > 0) yield { bytes: Buffer.from(text, "utf8"), done };
        yield { bytes: Buffer.alloc(0), done };
        return;
      }
      yield { bytes: Buffer.from(text, "utf8"), done };
      continue;
    }
    yield { bytes, done };
    if (bytesRead === 0) return;
  }
}

function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 512);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * The CSV state machine. `parse` consumes whole records from a byte range and returns where the first
 * unfinished record starts, so the caller can carry it over to the next chunk and parse it again whole.
 */
class CsvParser {
  private line = 1; // physical line of the next record's start
  private wanted: Int32Array | undefined; // column index -> position in the sink's cell array, or -1
  private cells: string[] = [];
  private headerDone = false;
  /** Per wanted column, decoded values by hash of their bytes (null once the column has too many). */
  private caches: (Map<number, InternEntry> | null)[] = [];
  private width = 0;

  /** Where the last complete record ended (used to find where data starts). */
  lastRecordEnd = -1;

  constructor(
    private readonly file: string,
    private readonly sink: TableSink,
    presetHeader?: readonly string[],
  ) {
    if (presetHeader !== undefined) this.bindHeader([...presetHeader], 0);
  }

  /** Physical lines consumed so far. */
  get linesRead(): number {
    return this.line - 1;
  }

  parse(buf: Buffer, start: number, end: number, eof: boolean): number {
    let pos = start;
    while (pos < end) {
      const next = this.record(buf, pos, end, eof);
      if (next < 0) return pos; // unfinished record: carry it over
      pos = next;
      this.lastRecordEnd = next;
    }
    return pos;
  }

  finish(): void {
    if (!this.headerDone) throw new TableFormatError(this.file, "is empty: there is no header row");
  }

  /** Parses one record at `pos`; returns the position after it, or -1 if the record is unfinished. */
  private record(buf: Buffer, pos: number, end: number, eof: boolean): number {
    const wanted = this.wanted;
    const cells = this.cells;
    const header: string[] | undefined = this.headerDone ? undefined : [];
    const wantedLength = wanted === undefined ? 0 : wanted.length;
    if (wanted !== undefined) for (let k = 0; k < cells.length; k++) cells[k] = "";
    let column = 0;
    let lines = 0;
    let blank = true;
    let i = pos;
    for (;;) {
      // One field starting at i.
      let value: string | undefined;
      let fieldEnd: number;
      if (i < end && buf[i] === QUOTE) {
        // Quoted field: find the closing quote, honouring "" escapes and newlines inside.
        let j = i + 1;
        let escaped = false;
        for (;;) {
          if (j >= end) {
            if (!eof) return -1;
            throw new TableFormatError(
              this.file,
              `line ${this.line}: a quoted field is not closed (a '"' is missing)`,
              this.line,
            );
          }
          const c = buf[j];
          if (c === QUOTE) {
            if (j + 1 < end && buf[j + 1] === QUOTE) {
              escaped = true;
              j += 2;
              continue;
            }
            if (j + 1 >= end && !eof) return -1;
            break;
          }
          if (c === LF) lines++;
          j++;
        }
        const pick = wanted === undefined ? column : column < wanted.length ? (wanted[column] as number) : -1;
        if (header !== undefined || pick >= 0) {
          value = buf.toString("utf8", i + 1, j);
          if (escaped) value = value.replaceAll('""', '"');
          if (value.length > 0) blank = false;
        } else if (j > i + 1) {
          blank = false;
        }
        // Anything between the closing quote and the separator is kept (lenient, as Excel is).
        let k = j + 1;
        while (k < end && buf[k] !== COMMA && buf[k] !== LF && buf[k] !== CR) k++;
        if (k > j + 1 && value !== undefined) value += buf.toString("utf8", j + 1, k);
        fieldEnd = k;
      } else {
        const pick =
          header !== undefined ? -1 : column < wantedLength ? ((wanted as Int32Array)[column] as number) : -1;
        let j = i;
        if (pick < 0) {
          // A column nobody reads: only find its end (and whether the row has any content).
          if (blank) {
            while (j < end) {
              const c = buf[j] as number;
              if (c <= COMMA && (c === COMMA || c === LF || c === CR)) break;
              if (c !== SPACE && c !== TAB) blank = false;
              j++;
            }
          } else {
            while (j < end) {
              const c = buf[j] as number;
              if (c <= COMMA && (c === COMMA || c === LF || c === CR)) break;
              j++;
            }
          }
          if (header !== undefined) value = j > i ? buf.toString("utf8", i, j) : "";
        } else {
          let hash = FNV_OFFSET;
          while (j < end) {
            const c = buf[j] as number;
            if (c <= COMMA && (c === COMMA || c === LF || c === CR)) break;
            hash = Math.imul(hash ^ c, FNV_PRIME);
            j++;
          }
          if (j > i) {
            if (blank) blank = isBlank(buf, i, j);
            value = this.decode(pick, buf, i, j, hash);
          } else {
            value = "";
          }
        }
        fieldEnd = j;
      }
      if (header !== undefined) header.push(value ?? "");
      else if (value !== undefined && wanted !== undefined && column < wanted.length) {
        const pick = wanted[column] as number;
        if (pick >= 0) cells[pick] = value;
      }
      column++;
      // After the field: a separator, a line end, or the end of the data.
      if (fieldEnd >= end) {
        if (!eof) return -1;
        this.emit(header, blank);
        this.line += lines;
        return end;
      }
      const c = buf[fieldEnd];
      if (c === COMMA) {
        i = fieldEnd + 1;
        continue;
      }
      // CR, LF or CRLF ends the record.
      let next = fieldEnd + 1;
      if (c === CR) {
        if (next >= end && !eof) return -1;
        if (next < end && buf[next] === LF) next++;
      }
      this.emit(header, blank);
      this.line += lines + 1;
      return next;
    }
  }

  /**
   * Decodes a field, reusing the string of an identical earlier value of the same column. Partner Center
   * exports repeat the same few values (months, service groups, attributions, tenant ids) over millions
   * of rows: comparing a few bytes is much cheaper than decoding and allocating each time. A column with
   * too many distinct values (amounts) stops being cached.
   */
  private decode(pick: number, buf: Buffer, start: number, end: number, hash: number): string {
    const length = end - start;
    const cache = this.caches[pick];
    if (cache === undefined || cache === null || length > 64) return buf.toString("utf8", start, end);
    let entry = cache.get(hash);
    while (entry !== undefined) {
      const bytes = entry.bytes;
      if (bytes.length === length) {
        let k = 0;
        while (k < length && bytes[k] === buf[start + k]) k++;
        if (k === length) return entry.value;
      }
      entry = entry.next;
    }
    const value = buf.toString("utf8", start, end);
    if (cache.size >= INTERN_LIMIT) {
      this.caches[pick] = null;
    } else {
      cache.set(hash, { bytes: Buffer.from(buf.subarray(start, end)), value, next: cache.get(hash) });
    }
    return value;
  }

  private emit(header: string[] | undefined, blank: boolean): void {
    const line = this.line;
    if (blank) return;
    if (header !== undefined) {
      if (header.length === 1 && (header[0] ?? "").includes(";")) {
        throw new TableFormatError(
          this.file,
          "uses ';' to separate columns: save it as CSV with commas (CSV UTF-8 in Excel)",
          line,
        );
      }
      if (header.length === 1 && (header[0] ?? "").includes("\t")) {
        throw new TableFormatError(
          this.file,
          "uses tabs to separate columns: save it as CSV with commas (CSV UTF-8 in Excel)",
          line,
        );
      }
      this.bindHeader(header, line);
      return;
    }
    this.sink.row(this.cells, line);
  }

  private bindHeader(header: string[], line: number): void {
    this.headerDone = true;
    this.width = header.length;
    const picks = this.sink.header(header, line);
    const wanted = new Int32Array(Math.max(this.width, 1)).fill(-1);
    picks.forEach((col, k) => {
      if (col >= 0 && col < wanted.length) wanted[col] = k;
    });
    this.wanted = wanted;
    this.cells = picks.map(() => "");
    this.caches = picks.map(() => new Map());
  }
}
