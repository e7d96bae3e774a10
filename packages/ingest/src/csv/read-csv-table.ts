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
  const chunkSize = options.chunkSize ?? CHUNK;
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const parser = new CsvParser(displayName, sink);
    let buffer = Buffer.allocUnsafe(chunkSize * 2);
    let carry = 0; // bytes of an unfinished record kept at the start of `buffer`
    let lastProgress = 0;
    for await (const { bytes, done } of utf8Chunks(handle, displayName, chunkSize)) {
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
      if (eof) break;
      carry = end - consumed;
      if (carry > 0) buffer.copy(buffer, 0, consumed, end);
      if (options.onProgress && done - lastProgress >= CHUNK) {
        lastProgress = done;
        options.onProgress(done, size);
      }
    }
    parser.finish();
    options.onProgress?.(size, size);
  } finally {
    await handle.close();
  }
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
  private width = 0;

  constructor(
    private readonly file: string,
    private readonly sink: TableSink,
  ) {}

  parse(buf: Buffer, start: number, end: number, eof: boolean): number {
    let pos = start;
    while (pos < end) {
      const next = this.record(buf, pos, end, eof);
      if (next < 0) return pos; // unfinished record: carry it over
      pos = next;
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
        let j = i;
        while (j < end) {
          const c = buf[j] as number;
          if (c === COMMA || c === LF || c === CR) break;
          if (blank && c !== SPACE && c !== TAB) blank = false;
          j++;
        }
        const pick = wanted === undefined ? column : column < wanted.length ? (wanted[column] as number) : -1;
        if (header !== undefined || pick >= 0) value = j > i ? buf.toString("utf8", i, j) : "";
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
      this.headerDone = true;
      this.width = header.length;
      const picks = this.sink.header(header, line);
      const wanted = new Int32Array(Math.max(this.width, 1)).fill(-1);
      picks.forEach((col, k) => {
        if (col >= 0 && col < wanted.length) wanted[col] = k;
      });
      this.wanted = wanted;
      this.cells = picks.map(() => "");
      return;
    }
    this.sink.row(this.cells, line);
  }
}
