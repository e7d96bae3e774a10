import { isUtf8 } from "node:buffer";
import {
  type ByteCells,
  type ByteRowRule,
  type Cell,
  type ReadOptions,
  TableFormatError,
  type TableSink,
} from "../table/cell.js";
import { openTableFile, type TableFileHandle } from "../table/growing-file.js";
import {
  DEFAULT_TABLE_LIMITS,
  formatLimitBytes,
  formatLimitCount,
  TABLE_LIMIT_VARIABLES,
  type TableLimits,
} from "../table/table-limits.js";
import {
  GROUP_BYTES,
  GROUPS_AT,
  MONTHS,
  OTHER_COUNTS_AT,
  SUMS_COUNT,
  SUMS_LIST,
  SUMS_MASK,
  SUMS_MOST,
  SUMS_SLOTS,
  TEMPLATE_INFO_BYTES,
  TOLD_MONTHS_AT,
  W_AMOUNT,
  W_CLASS_PART,
  W_COUNTS,
  W_CUSTOMER_PART,
  W_ELIGIBLE_SUMS,
  W_FLAG_COUNT,
  W_FLAGS,
  W_GROUP_COUNT,
  W_KEY_ROOM,
  W_KEYS,
  W_KEYS_USED,
  W_LATER_SUMS,
  W_MONTH,
  W_MONTH_TEXT_COUNT,
  W_MONTH_TEXT_MASK,
  W_MONTH_TEXTS,
  W_PART_CELLS,
  W_PART_KEY_ROOM,
  W_PART_KEYS,
  W_PART_KEYS_USED,
  W_PART_LIMIT,
  W_PART_MASK,
  W_PART_OFFSETS,
  W_PART_SLOTS,
  W_PARTS,
  W_REQUIRED,
  W_REQUIRED_COUNT,
  W_SERVICE_GROUP,
  W_SUMS,
  W_TEMPLATE_CELL_COUNT,
  W_TEMPLATE_CELLS,
  W_TEMPLATE_INFO,
  W_TEMPLATE_KEYS,
  W_TEMPLATE_LIMIT,
  W_TEMPLATE_MASK,
  W_TEMPLATE_SLOTS,
  W_TEMPLATES,
} from "./count-rows-layout.js";
import { type BadByte, nonTextKind, TextCheck, type Utf8Chunk, utf16AsUtf8 } from "./csv-text.js";
import {
  MONTH_TEXTS,
  PART_LIMIT,
  returnScanner,
  SPLIT_FIELDS,
  type StructuralScanner,
  SUM_LIMIT,
  TEMPLATE_LIMIT,
  takeScanner,
} from "./structural-scan.js";

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

const CHUNK = 4 * 1024 * 1024;
const PREVIEW_CHUNK = 64 * 1024;
/** Chunks from this size up are scanned for their structural bytes first (small files: no gain). */
const SCAN_MIN_CHUNK = 64 * 1024;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const INTERN_LIMIT = 20_000;

interface InternEntry {
  /** The value's bytes; undefined when it is ASCII (its characters are its bytes: compared with them). */
  readonly bytes: Buffer | undefined;
  readonly value: string;
  readonly next: InternEntry | undefined;
}

/**
 * A column's values stop being cached after this many lookups when fewer than a quarter of them were
 * found (amounts, ids of a column read only on few rows): each miss costs more than decoding alone.
 */
const INTERN_TRIAL = 4096;

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
 * sink. Streams in fixed-size chunks: memory does not grow with the file, and a line, a row or a cell
 * over its limit (`options.limits`) stops the reading with a `TableFormatError` ("file.limit") naming
 * the line. Bytes that are not text (invalid UTF-8, a NUL byte, broken UTF-16) are a `TableFormatError`
 * ("file.encoding") naming the line and column of the first one, never replacement characters.
 *
 * A record is scanned once for its field boundaries and only the cells the sink reads are decoded:
 * Partner Center exports have 43 columns of which the rules read ten, and most rows need only a few.
 */
export async function readCsvTable(
  path: string,
  displayName: string,
  sink: TableSink,
  options: ReadOptions & {
    readonly chunkSize?: number;
    /**
     * Whether each chunk is scanned for its structural bytes first (see structural-scan.ts); by
     * default, for chunks of 64 KiB and up. The tests read the same bytes both ways.
     */
    readonly structuralScan?: boolean;
  } = {},
): Promise<void> {
  const handle = await openTableFile(path);
  try {
    const { size } = await handle.stat();
    const limits = options.limits ?? DEFAULT_TABLE_LIMITS;
    const parser = new CsvParser(displayName, sink, limits, undefined, options.maxRows);
    // A few rows are wanted: small chunks, so that a preview reads kilobytes, not megabytes.
    // A small file is read in one chunk of its size: megabyte buffers per file cost a CLI run of small
    // files more in garbage collection than the reading itself.
    const chunkSize = Math.max(
      1,
      Math.min(options.chunkSize ?? (options.maxRows === undefined ? CHUNK : PREVIEW_CHUNK), size + 4),
    );
    const head = Buffer.allocUnsafe(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    const utf16 =
      bytesRead >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
    if (utf16) {
      await pump(utf16AsUtf8(handle, chunkSize, head[0] === 0xff), parser, size, options.onProgress);
    } else {
      if (bytesRead > 0) await checkText(handle, displayName);
      const bom = bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
      await readRange(handle, parser, bom, size, chunkSize, options.onProgress, options.structuralScan);
    }
    if (parser.stopped) return;
    parser.finish();
    options.onProgress?.(size, size);
  } finally {
    await handle.close();
  }
}

async function checkText(handle: TableFileHandle, displayName: string): Promise<void> {
  const probe = Buffer.allocUnsafe(512);
  const { bytesRead } = await handle.read(probe, 0, probe.length, 0);
  const kind = nonTextKind(probe.subarray(0, bytesRead));
  if (kind === "utf16-without-bom") {
    throw new TableFormatError(
      displayName,
      "is UTF-16 text without a byte-order mark, which cannot be told apart from binary data: save it as " +
        'CSV UTF-8 (in Excel: File > Save As > "CSV UTF-8 (Comma delimited)")',
      undefined,
      { code: "file.encoding" },
    );
  }
  if (kind === "binary") {
    throw new TableFormatError(
      displayName,
      "is not a text CSV file (it looks binary, such as a workbook saved with a .csv name)",
    );
  }
}

/**
 * The end of a byte range not known yet (a file still arriving, whose split point has not arrived): it
 * lies past `after`, so the range is read up to there meanwhile, and `end` gives it.
 */
export interface LaterEnd {
  readonly after: number;
  readonly end: Promise<number>;
}

/**
 * Parses bytes [start, end) of a UTF-8 file, reading each chunk straight into the parse buffer after
 * the unfinished record carried over from the previous one.
 */
async function readRange(
  handle: TableFileHandle,
  parser: CsvParser,
  start: number,
  rangeEnd: number | LaterEnd,
  chunkSize: number,
  onProgress: ((done: number, total: number) => void) | undefined,
  /** Whether to scan for structural bytes first; by default, for chunks of `SCAN_MIN_CHUNK` and up. */
  scan?: boolean,
): Promise<void> {
  const end = typeof rangeEnd === "number" ? rangeEnd : rangeEnd.after;
  const later = typeof rangeEnd === "number" ? undefined : rangeEnd.end;
  // Large reads find the structural bytes of each chunk first (see structural-scan.ts).
  const scanner =
    (scan ?? chunkSize >= SCAN_MIN_CHUNK) ? takeScanner(2 * Math.ceil((2 * chunkSize) / 32) * 32) : undefined;
  try {
    await readChunks(handle, parser, start, end, later, chunkSize, onProgress, scanner);
  } finally {
    // What the scanner's tables folded for later, told before its memory is given back: also when the
    // read stops at a problem, so that the figures read so far agree with the rows read so far.
    parser.finishCounting();
    parser.bits = undefined;
    parser.splitter = undefined;
    if (scanner !== undefined) returnScanner(scanner);
  }
}

/** Where a read is in its file, and the end of its range (or an end still to come). */
interface ReadState {
  at: number;
  end: number;
  later: Promise<number> | undefined;
  lastProgress: number;
}

async function readChunks(
  handle: TableFileHandle,
  parser: CsvParser,
  start: number,
  firstEnd: number,
  laterEnd: Promise<number> | undefined,
  chunkSize: number,
  onProgress: ((done: number, total: number) => void) | undefined,
  scanner: StructuralScanner | undefined,
): Promise<void> {
  const state: ReadState = { at: start, end: firstEnd, later: laterEnd, lastProgress: 0 };
  if (scanner === undefined) {
    await readPlain(
      handle,
      parser,
      state,
      start,
      chunkSize,
      onProgress,
      Buffer.allocUnsafe(2 * chunkSize),
      0,
    );
    return;
  }
  // The scanner's data is two regions of `half` bytes: a chunk is read into the end of one while the
  // chunk before is parsed in the other, and the record left unfinished there is moved to just before
  // it. So the parser never waits for the disk or the page cache, and no chunk is copied.
  const data = scanner.data;
  const half = scanner.capacity / 2;
  const room = half - chunkSize; // for an unfinished record
  const check = new TextCheck(room);
  let region = 0;
  let from = room; // where the data to parse starts: an unfinished record, then the chunk
  let pending: Promise<{ bytesRead: number }> | undefined;
  try {
    for (;;) {
      const chunkAt = region * half + room;
      await laterEnd_(state);
      let bytesRead: number;
      if (pending !== undefined) {
        ({ bytesRead } = await pending);
        pending = undefined;
      } else {
        const want = Math.min(chunkSize, state.end - state.at);
        ({ bytesRead } = want > 0 ? await handle.read(data, chunkAt, want, state.at) : { bytesRead: 0 });
      }
      state.at += bytesRead;
      const eof = bytesRead === 0;
      const filled = chunkAt + bytesRead;
      const next = Math.min(chunkSize, state.end - state.at);
      const other = 1 - region;
      if (!eof && next > 0) pending = handle.read(data, other * half + room, next, state.at);
      check.check(data, filled, eof);
      parser.badByte = check.bad;
      scanner.scan(from & ~31, filled);
      parser.bits = scanner.bits;
      parser.splitter = scanner;
      const consumed = parser.parse(data, from, filled, eof);
      if (eof || parser.stopped) return;
      const carry = filled - consumed;
      progress(state, start, onProgress);
      if (carry > room) {
        // A record longer than a chunk (rare; an unclosed quote usually causes it): read on in a buffer
        // of its own, byte by byte, once the read under way is done.
        parser.bits = undefined;
        parser.splitter = undefined;
        const buffer = Buffer.allocUnsafe(Math.max(2 * chunkSize, 2 * carry));
        data.copy(buffer, 0, consumed, filled);
        check.shift(consumed);
        if (pending !== undefined) {
          // The chunk being read goes after the record, as the plain reading would have read it.
          const { bytesRead: ahead } = await pending;
          pending = undefined;
          const plus = Buffer.allocUnsafe(Math.max(buffer.length, carry + ahead + chunkSize));
          buffer.copy(plus, 0, 0, carry);
          data.copy(plus, carry, other * half + room, other * half + room + ahead);
          state.at += ahead;
          await readPlain(handle, parser, state, start, chunkSize, onProgress, plus, carry + ahead, check);
          return;
        }
        await readPlain(handle, parser, state, start, chunkSize, onProgress, buffer, carry, check);
        return;
      }
      from = other * half + room - carry;
      data.copy(data, from, consumed, filled);
      check.shift(consumed - from);
      region = other;
    }
  } finally {
    // A read still under way ends before the file is closed (its failure, if any, no longer matters).
    if (pending !== undefined) await pending.catch(() => undefined);
  }
}

/** Waits for the end of the range when the read has come to where it was known to lie past. */
async function laterEnd_(state: ReadState): Promise<void> {
  if (state.later !== undefined && state.at >= state.end) {
    state.end = await state.later;
    state.later = undefined;
  }
}

function progress(
  state: ReadState,
  start: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): void {
  if (onProgress && state.at - state.lastProgress >= CHUNK) {
    state.lastProgress = state.at;
    onProgress(state.at - start, state.end - start);
  }
}

/**
 * Reads on in `buffer`, whose first `carry` bytes are an unfinished record (or, after a switch from
 * the scanner's regions, a record and the chunk read after it), parsing byte by byte.
 */
async function readPlain(
  handle: TableFileHandle,
  parser: CsvParser,
  state: ReadState,
  start: number,
  chunkSize: number,
  onProgress: ((done: number, total: number) => void) | undefined,
  initial: Buffer,
  initialCarry: number,
  check = new TextCheck(),
): Promise<void> {
  let buffer = initial;
  let carry = initialCarry;
  // After a switch from the scanner's regions, the bytes already there are parsed before reading more.
  let preloaded = initialCarry > 0;
  for (;;) {
    if (buffer.length - carry < chunkSize) {
      // A record longer than a chunk (rare; an unclosed quote usually causes it): grow. The parser stops
      // a record at the line limit, so the buffer never grows past it.
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, carry);
      buffer = bigger;
    }
    await laterEnd_(state);
    let bytesRead = 0;
    if (!preloaded) {
      const want = Math.min(chunkSize, state.end - state.at);
      ({ bytesRead } = want > 0 ? await handle.read(buffer, carry, want, state.at) : { bytesRead: 0 });
      state.at += bytesRead;
    }
    const eof = !preloaded && bytesRead === 0;
    preloaded = false;
    const filled = carry + bytesRead;
    check.check(buffer, filled, eof);
    parser.badByte = check.bad;
    parser.bits = undefined;
    parser.splitter = undefined;
    const consumed = parser.parse(buffer, 0, filled, eof);
    if (eof || parser.stopped) return;
    carry = filled - consumed;
    if (carry > 0) buffer.copy(buffer, 0, consumed, filled);
    check.shift(consumed);
    progress(state, start, onProgress);
  }
}

/** Feeds chunks to the parser, carrying an unfinished record over to the next chunk. */
async function pump(
  chunks: AsyncIterable<Utf8Chunk>,
  parser: CsvParser,
  total: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<void> {
  let buffer = Buffer.allocUnsafe(64 * 1024);
  let carry = 0; // bytes of an unfinished record kept at the start of `buffer`
  let lastProgress = 0;
  const check = new TextCheck();
  for await (const { bytes, done, problem } of chunks) {
    if (carry + bytes.length > buffer.length) {
      // Grow to hold the chunk after the unfinished record (sized by the first chunks: a small file
      // never needs megabytes).
      const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, carry + bytes.length));
      buffer.copy(bigger, 0, 0, carry);
      buffer = bigger;
    }
    bytes.copy(buffer, carry);
    const end = carry + bytes.length;
    const eof = bytes.length === 0;
    check.check(buffer, end, eof, problem);
    parser.badByte = check.bad;
    const consumed = parser.parse(buffer, 0, end, eof);
    if (eof || parser.stopped) return;
    carry = end - consumed;
    if (carry > 0) buffer.copy(buffer, 0, consumed, end);
    check.shift(consumed);
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
export async function csvLayout(
  path: string,
  displayName: string,
  limits: TableLimits = DEFAULT_TABLE_LIMITS,
): Promise<CsvLayout | undefined> {
  const handle = await openTableFile(path);
  try {
    const { size } = await handle.stat();
    const head = Buffer.allocUnsafe(Math.min(size, 1024 * 1024));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes[0] === 0xff || bytes[0] === 0xfe || nonTextKind(bytes) !== undefined) return undefined;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let header: string[] | undefined;
    // Stop at the first data row: the parser then has just finished the header (and blank lines).
    const parser = new CsvParser(
      displayName,
      {
        header(cells) {
          header = [...cells];
          return [];
        },
        row() {
          throw STOP;
        },
      },
      limits,
    );
    let stoppedAt = -1;
    try {
      parser.parse(bytes, bom, bytes.length, bytesRead === size);
    } catch (error) {
      if (error !== STOP) return undefined;
      stoppedAt = parser.lastRecordEnd;
    }
    if (header === undefined || stoppedAt < 0) return undefined;
    if (bytes[stoppedAt - 1] !== LF) return undefined; // CR-only line ends or no line end at all
    // Bytes that are not text in the header: the whole-file read names them.
    const headBytes = bytes.subarray(0, stoppedAt);
    if (!isUtf8(headBytes) || headBytes.includes(0)) return undefined;
    let lines = 0;
    for (let k = 0; k < stoppedAt; k++) if (bytes[k] === LF) lines++;
    return { header, dataStart: stoppedAt, dataStartLine: 1 + lines, size };
  } finally {
    await handle.close();
  }
}

const STOP = Symbol("stop");

/** Where `splitCsv` looks for each range's start (the first line feed from there on). */
export function splitPoints(layout: CsvLayout, parts: number, weights: readonly number[] = []): number[] {
  const weight = (k: number) => weights[k] ?? 1;
  let total = 0;
  for (let k = 0; k < parts; k++) total += weight(k);
  const span = (layout.size - layout.dataStart) / total;
  const points: number[] = [];
  let before = 0;
  for (let k = 1; k < parts; k++) {
    before += weight(k - 1);
    points.push(Math.floor(layout.dataStart + before * span));
  }
  return points;
}

/**
 * Splits the data of a CSV file into `parts` byte ranges (sized by `weights`), each starting just after a
 * line feed. A line
 * feed inside a quoted field would start a range mid-record: `readCsvRange` on the range before it then
 * fails with an unclosed quote, which is how a caller learns to read the file whole instead.
 */
export async function splitCsv(
  path: string,
  layout: CsvLayout,
  parts: number,
  /** Relative sizes of the ranges (default: all equal). */
  weights: readonly number[] = [],
): Promise<number[]> {
  const handle = await openTableFile(path);
  try {
    const offsets = [layout.dataStart];
    const probe = Buffer.allocUnsafe(64 * 1024);
    const points = splitPoints(layout, parts, weights);
    for (let k = 1; k < parts; k++) {
      let at = points[k - 1] as number;
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
  range: { readonly start: number; readonly end: number | LaterEnd; readonly header: readonly string[] },
  onProgress?: (done: number) => void,
  limits: TableLimits = DEFAULT_TABLE_LIMITS,
): Promise<{ lines: number }> {
  const handle = await openTableFile(path);
  try {
    const parser = new CsvParser(displayName, sink, limits, range.header);
    await readRange(
      handle,
      parser,
      range.start,
      range.end,
      CHUNK,
      onProgress && ((done) => onProgress(done)),
    );
    return { lines: parser.linesRead };
  } finally {
    await handle.close();
  }
}

/**
 * The CSV state machine. `parse` consumes whole records from a byte range and returns where the first
 * unfinished record starts, so the caller can carry it over to the next chunk and parse it again whole.
 *
 * A record is scanned once for its field boundaries; nothing is decoded then. The sink gets the parser
 * itself as the row's cells and decodes only the cells it reads: most rows of a usage export are not AI
 * services and need only a few of their cells checked.
 */
class CsvParser implements ByteCells {
  private line = 1; // physical line of the next record's start
  private headerDone = false;
  /** Per wanted cell, its column in the file (-1 when absent). */
  private picks: Int32Array = new Int32Array(0);
  /** Per wanted column, decoded values by hash of their bytes (null once the column has too many). */
  private caches: (Map<number, InternEntry> | null)[] = [];
  /** Per wanted column, its cache's lookups and misses. */
  private lookups: number[] = [];
  private misses: number[] = [];
  /** The current record: its buffer, field starts, closing-quote positions (-1 unquoted) and flags. */
  private buf: Buffer = Buffer.alloc(0);
  private starts: Int32Array;
  /** The quoted fields of the current record (few): their column, closing quote and "" escapes. */
  private quotedCount = 0;
  private quotedColumn: Int32Array = new Int32Array(16);
  private quotedClose: Int32Array = new Int32Array(16);
  private quotedEscaped: Uint8Array = new Uint8Array(16);
  private fields = 0;
  private recordEnd = 0;
  /** What the field scan of the current record found: its last field's index, and line breaks in quotes. */
  private scanFields = 0;
  private scanLines = 0;
  /** Cells decoded for the current row, so a cell read twice is decoded once. */
  private decoded: (string | undefined)[] = [];
  /** Whether `decoded` holds a cell of the current row (most rows are checked as bytes only). */
  private decodedAny = false;

  /** Where the last complete record ended (used to find where data starts). */
  lastRecordEnd = -1;
  /** Set once `maxRows` rows were handed over: nothing more is parsed. */
  stopped = false;
  /** Rows still to hand over; -1 without a limit. */
  private rowsLeft: number;
  /** The first byte of the buffer that is not text, found by `TextCheck` before parsing. */
  badByte: BadByte | undefined;
  /**
   * The structural bytes of the buffer being parsed, one bit per byte (`StructuralScanner`), when the
   * caller found them; otherwise every byte is looked at.
   */
  bits: Int32Array | undefined;
  /**
   * The scanner that made `bits`, whose WebAssembly `split` finds an ordinary record's fields (see
   * record-split.ts); the parser reads the others itself, into arrays of its own.
   */
  splitter: StructuralScanner | undefined;
  /** The parser's own arrays for the current record's fields (those of `split` are the scanner's). */
  private ownStarts: Int32Array;
  private ownQuotedColumn: Int32Array;
  private ownQuotedClose: Int32Array;
  private ownQuotedEscaped: Uint8Array;
  /** The fields `split` may find in one record: no more than the limit, so that the parser reports it. */
  private readonly splitFields: number;
  /** The header as read, to name the column of a problem. */
  private headerNames: readonly string[] = [];
  private readonly maxLine: number;
  private readonly maxColumns: number;
  private readonly maxCell: number;

  constructor(
    private readonly file: string,
    private readonly sink: TableSink,
    limits: TableLimits,
    presetHeader?: readonly string[],
    maxRows?: number,
  ) {
    this.maxLine = limits.maxLineBytes;
    this.maxColumns = limits.maxColumns;
    this.maxCell = limits.maxCellChars;
    // The field starts grow up to the column limit and no further: one more field is over it.
    this.starts = new Int32Array(Math.min(64, this.maxColumns));
    this.ownStarts = this.starts;
    this.ownQuotedColumn = this.quotedColumn;
    this.ownQuotedClose = this.quotedClose;
    this.ownQuotedEscaped = this.quotedEscaped;
    this.splitFields = Math.min(SPLIT_FIELDS, this.maxColumns);
    this.rowsLeft = maxRows === undefined ? -1 : Math.max(0, Math.floor(maxRows));
    if (presetHeader !== undefined) this.bindHeader([...presetHeader], 0);
  }

  /** Physical lines consumed so far. */
  get linesRead(): number {
    return this.line - 1;
  }

  parse(buf: Buffer, start: number, end: number, eof: boolean): number {
    let pos = start;
    const splitter = this.splitter;
    while (pos < end && !this.stopped) {
      // The rows the sink only counts, counted in WebAssembly up to the next record it must see (the
      // rule comes with the header).
      const rule = this.rule;
      if (rule !== undefined && splitter !== undefined && this.rowsLeft < 0) {
        pos = this.countRows(splitter, rule, pos, end);
        if (pos >= end) break;
      }
      const next = this.record(buf, pos, end, eof);
      if (next < 0) break; // unfinished record: carry it over
      if (this.templatePending && splitter !== undefined && rule !== undefined)
        this.addTemplate(splitter, rule);
      pos = next;
      this.lastRecordEnd = next;
    }
    return pos;
  }

  /**
   * After the sink read an AI row of a template new to the WebAssembly (`countRows` stopped at it):
   * what the sink made of it folds the next rows like it. At once, while the row's bytes, which the
   * template's key is copied from, are still where they were: the next read may go there.
   */
  private addTemplate(splitter: StructuralScanner, rule: ByteRowRule): void {
    this.templatePending = false;
    const template = rule.takeTemplate();
    if (template === undefined) return;
    this.keepTemplate(splitter, rule, template);
    // Its parts new to the WebAssembly are known by this template from now on.
    const words = splitter.rule;
    for (const part of [words[W_CLASS_PART] as number, words[W_CUSTOMER_PART] as number])
      if (part >= 0) this.ruleParts[part] ??= template;
  }

  /** Adds `template` to the WebAssembly's table, with how its rows are folded. */
  private keepTemplate(splitter: StructuralScanner, rule: ByteRowRule, template: unknown): void {
    const f = rule.foldingOf(template);
    const checks = (f.uncheckedOffer ? 1 : 0) | (f.uncheckedDuplicate ? 2 : 0) | (f.uncheckedCloud ? 4 : 0);
    this.ruleTemplates[splitter.addTemplate(f.kind, f.customer, checks)] = template;
  }

  /**
   * `countRows` stopped at an AI row of a new template whose parts it knows (reason 7): the sink makes
   * the template of the two templates that brought them (`ByteRowRule.combine`), as it would of the row,
   * and the row is counted with the rest. What was counted before is told first, as before any row the
   * sink sees. False when the sink would rather read the row.
   */
  private combineTemplate(splitter: StructuralScanner, rule: ByteRowRule): boolean {
    const words = splitter.rule;
    const classTemplate = this.ruleParts[words[W_CLASS_PART] as number];
    const customerTemplate = this.ruleParts[words[W_CUSTOMER_PART] as number];
    if (rule.combine === undefined || classTemplate === undefined || customerTemplate === undefined)
      return false;
    this.flushCounted();
    const template = rule.combine(classTemplate, customerTemplate);
    if (template === undefined) return false;
    this.keepTemplate(splitter, rule, template);
    return true;
  }

  finish(): void {
    if (!this.headerDone) throw new TableFormatError(this.file, "is empty: there is no header row");
  }

  /**
   * Finds the fields of the record at `pos` byte by byte: sets `starts`, the quoted fields, `scanFields`
   * (the last field's index) and `scanLines` (line breaks inside quotes). Returns where the record's
   * line end is (or `end`), or -1 when the record is unfinished.
   */
  private scanBytes(buf: Buffer, pos: number, end: number, eof: boolean): number {
    let starts = this.starts;
    let f = 0;
    let lines = 0;
    let j = pos;
    const words = this.wordsOf(buf);
    const wordEnd = end - 4;
    for (;;) {
      if (j >= end) {
        if (!eof) {
          if (j - pos > this.maxLine) throw this.lineTooLong(false);
          return -1;
        }
        break;
      }
      const c = buf[j] as number;
      // Letters, digits, '-', '.' and most punctuation are above ','; one comparison skips them.
      if (c > COMMA) {
        j++;
        // Then four bytes at a time while none of them is ',' or below (separators, quotes, line
        // ends): a word has a byte below 0x2d exactly when (w - 0x2d2d2d2d) & ~w & 0x80808080 is not 0.
        if (words !== undefined && (j & 3) === 0) {
          while (j <= wordEnd) {
            const w = words[j >> 2] as number;
            if (((w - 0x2d2d2d2d) & ~w & 0x80808080) !== 0) break;
            j += 4;
          }
        }
        continue;
      }
      if (c === COMMA) {
        starts = this.fieldStart(++f, j + 1);
        j++;
        continue;
      }
      if (c === LF || c === CR) break;
      if (c === QUOTE && j === starts[f]) {
        // A quoted field: find the closing quote, honouring "" escapes and line breaks inside.
        let k = j + 1;
        let escapes = 0;
        for (;;) {
          if (k >= end) {
            if (!eof) {
              if (k - pos > this.maxLine) throw this.lineTooLong(true);
              return -1;
            }
            throw new TableFormatError(
              this.file,
              `a quoted field is not closed (a '"' is missing)`,
              this.line,
            );
          }
          const q = buf[k] as number;
          if (q === QUOTE) {
            if (k + 1 >= end && !eof) return -1;
            // At the end of the data, the byte after a closing quote is not the file's: a buffer holds
            // what an earlier chunk left there.
            if (k + 1 < end && buf[k + 1] === QUOTE) {
              escapes = 1;
              k += 2;
              continue;
            }
            break;
          }
          if (q === LF) lines++;
          k++;
        }
        this.addQuoted(f, k, escapes);
        j = k + 1; // anything up to the separator is kept (lenient, as Excel is)
        continue;
      }
      j++;
    }
    this.scanFields = f;
    this.scanLines = lines;
    return j;
  }

  /**
   * `scanBytes` through the structural bitmap (`bits`): the same decisions, taken only at the bytes that
   * can change anything (',', '"', LF, CR), each found as the lowest bit set in the bitmap's words.
   */
  private scanWithBits(buf: Buffer, bits: Int32Array, pos: number, end: number, eof: boolean): number {
    let starts = this.starts;
    let f = 0;
    let lines = 0;
    let j = pos;
    // The word of the bitmap being walked, and its bits not handled yet.
    let w = j >> 5;
    let m = (bits[w] as number) & (-1 << (j & 31));
    const lastWord = (end - 1) >> 5;
    for (;;) {
      while (m === 0 && w < lastWord) m = bits[++w] as number;
      j = m === 0 ? end : Math.min(end, (w << 5) | (31 - Math.clz32(m & -m)));
      if (j >= end) {
        if (!eof) {
          if (j - pos > this.maxLine) throw this.lineTooLong(false);
          return -1;
        }
        break;
      }
      m &= m - 1;
      const c = buf[j] as number;
      if (c === COMMA) {
        starts = this.fieldStart(++f, j + 1);
        continue;
      }
      if (c === LF || c === CR) break;
      // A quote: text inside a field, or the start of a quoted field.
      if (j !== starts[f]) continue;
      let escapes = 0;
      let k: number;
      for (;;) {
        while (m === 0 && w < lastWord) m = bits[++w] as number;
        k = m === 0 ? end : Math.min(end, (w << 5) | (31 - Math.clz32(m & -m)));
        if (k >= end) {
          if (!eof) {
            if (k - pos > this.maxLine) throw this.lineTooLong(true);
            return -1;
          }
          throw new TableFormatError(this.file, `a quoted field is not closed (a '"' is missing)`, this.line);
        }
        m &= m - 1;
        const q = buf[k] as number;
        if (q === QUOTE) {
          if (k + 1 >= end && !eof) return -1;
          if (k + 1 < end && buf[k + 1] === QUOTE) {
            // A "" escape: its second quote is the next structural byte, handled here.
            escapes = 1;
            while (m === 0 && w < lastWord) m = bits[++w] as number;
            m &= m - 1;
            continue;
          }
          break;
        }
        if (q === LF) lines++;
      }
      this.addQuoted(f, k, escapes);
      // Anything up to the separator is kept (lenient, as Excel is).
    }
    this.scanFields = f;
    this.scanLines = lines;
    return j;
  }

  /** Parses one record at `pos`; returns the position after it, or -1 if the record is unfinished. */
  private record(buf: Buffer, pos: number, end: number, eof: boolean): number {
    let j = -2;
    let f = 0;
    let lines = 0;
    const splitter = this.splitter;
    if (splitter !== undefined) {
      j = splitter.split(pos, end, this.splitFields);
      if (j >= 0) {
        const header = splitter.splitHeader;
        f = header[0] as number;
        lines = header[1] as number;
        this.quotedCount = header[2] as number;
        if (this.starts !== splitter.starts) {
          this.starts = splitter.starts;
          this.quotedColumn = splitter.quotedColumn;
          this.quotedClose = splitter.quotedClose;
          this.quotedEscaped = splitter.quotedEscaped;
        }
      }
    }
    if (j === -2) {
      if (this.starts !== this.ownStarts) {
        this.starts = this.ownStarts;
        this.quotedColumn = this.ownQuotedColumn;
        this.quotedClose = this.ownQuotedClose;
        this.quotedEscaped = this.ownQuotedEscaped;
      }
      this.starts[0] = pos;
      this.quotedCount = 0;
      const bits = this.bits;
      j =
        bits === undefined ? this.scanBytes(buf, pos, end, eof) : this.scanWithBits(buf, bits, pos, end, eof);
      if (j < 0) return -1;
      f = this.scanFields;
      lines = this.scanLines;
    }
    // The line end: CR, LF or CRLF (none at the end of the data).
    let next = j;
    let terminated = false;
    if (j < end) {
      terminated = true;
      next = j + 1;
      if (buf[j] === CR) {
        if (next >= end && !eof) return -1;
        if (next < end && buf[next] === LF) next++;
      }
    }
    this.buf = buf;
    this.fields = f + 1;
    this.recordEnd = j;
    if (j - pos > this.maxLine) throw this.lineTooLong(false);
    const bad = this.badByte;
    if (bad !== undefined && bad.at < next) throw this.notText(pos, bad);
    if (j - pos > this.maxCell) this.checkCellLengths();
    const line = this.line;
    this.line += lines + (terminated ? 1 : 0);
    // Rows of empty, quoted-empty ("") or space-only cells are skipped, as PowerShell and Python write
    // them. The check stops at the first byte of content, which is the first byte of most rows.
    if (isBlankRecord(buf, pos, j)) return next;
    if (!this.headerDone) {
      const header: string[] = [];
      for (let col = 0; col <= f; col++) header.push(this.decodeColumn(col, -1));
      this.emitHeader(header, line);
      return next;
    }
    if (this.decodedAny) {
      this.decoded.fill(undefined);
      this.decodedAny = false;
    }
    this.sink.row(this, line);
    if (this.rowsLeft > 0 && --this.rowsLeft === 0) this.stopped = true;
    return next;
  }

  /**
   * Records that field `f` of the current record starts at `at`, growing the starts up to the column
   * limit (one more field is over it); returns the starts, which growing replaces.
   */
  private fieldStart(f: number, at: number): Int32Array {
    if (f >= this.starts.length) {
      if (f >= this.maxColumns) throw this.tooManyColumns();
      this.grow();
    }
    this.starts[f] = at;
    return this.starts;
  }

  private grow(): void {
    const starts = new Int32Array(Math.min(this.starts.length * 2, this.maxColumns));
    starts.set(this.starts);
    this.starts = starts;
    this.ownStarts = starts;
  }

  /** The column a field is in, as the header names it (its position when the header has no name). */
  private columnName(field: number): string {
    const name = this.headerNames[field]?.trim();
    return name === undefined || name === "" ? String(field + 1) : name;
  }

  /** The field of the current record that holds byte `at`. */
  private fieldAt(at: number): number {
    let f = 0;
    while (f + 1 < this.fields && (this.starts[f + 1] as number) <= at) f++;
    return f;
  }

  private lineTooLong(inQuotes: boolean): TableFormatError {
    const limit = `${formatLimitBytes(this.maxLine)} (the limit, set by ${TABLE_LIMIT_VARIABLES.maxLineBytes})`;
    return new TableFormatError(
      this.file,
      inQuotes
        ? `the record starting on this line is longer than ${limit}: a quoted field is probably not closed (a '"' is missing)`
        : `the line is longer than ${limit}; is this the right file?`,
      this.line,
      { code: "file.limit" },
    );
  }

  private tooManyColumns(): TableFormatError {
    return new TableFormatError(
      this.file,
      `the row has more than ${formatLimitCount(this.maxColumns)} columns (the limit, set by ${TABLE_LIMIT_VARIABLES.maxColumns}); is this the right file?`,
      this.line,
      { code: "file.limit" },
    );
  }

  /** The current record (at `pos`) holds the file's first byte that is not text. */
  private notText(pos: number, bad: BadByte): TableFormatError {
    let line = this.line;
    const buf = this.buf;
    for (let k = pos; k < bad.at; k++) {
      const c = buf[k];
      if (c === LF || (c === CR && buf[k + 1] !== LF)) line++;
    }
    const field = this.fieldAt(bad.at);
    return new TableFormatError(this.file, bad.reason, line, {
      code: "file.encoding",
      column: this.columnName(field),
    });
  }

  /** Checks each field of a record long enough to hold one over the cell limit. */
  private checkCellLengths(): void {
    const buf = this.buf;
    for (let f = 0; f < this.fields; f++) {
      const start = this.starts[f] as number;
      const end = f + 1 < this.fields ? (this.starts[f + 1] as number) - 1 : this.recordEnd;
      if (end - start <= this.maxCell) continue;
      let chars = 0;
      for (let k = start; k < end; k++) if (((buf[k] as number) & 0xc0) !== 0x80) chars++;
      if (this.quotedIndex(f) >= 0) chars -= 2;
      if (chars > this.maxCell) {
        throw new TableFormatError(
          this.file,
          `the cell holds more than ${formatLimitCount(this.maxCell)} characters (the limit, set by ${TABLE_LIMIT_VARIABLES.maxCellChars})`,
          this.line,
          { code: "file.limit", column: this.columnName(f) },
        );
      }
    }
  }

  private addQuoted(column: number, close: number, escapes: number): void {
    const n = this.quotedCount;
    if (n >= this.quotedColumn.length) {
      const column = new Int32Array(n * 2);
      const close = new Int32Array(n * 2);
      const escaped = new Uint8Array(n * 2);
      column.set(this.quotedColumn);
      close.set(this.quotedClose);
      escaped.set(this.quotedEscaped);
      this.quotedColumn = column;
      this.quotedClose = close;
      this.quotedEscaped = escaped;
      this.ownQuotedColumn = column;
      this.ownQuotedClose = close;
      this.ownQuotedEscaped = escaped;
    }
    this.quotedColumn[n] = column;
    this.quotedClose[n] = close;
    this.quotedEscaped[n] = escapes;
    this.quotedCount = n + 1;
  }

  /** The index of a column among the quoted fields of the record, or -1. */
  private quotedIndex(column: number): number {
    for (let q = 0; q < this.quotedCount; q++) if (this.quotedColumn[q] === column) return q;
    return -1;
  }

  get size(): number {
    return this.picks.length;
  }

  /** The k-th wanted cell of the current row, decoded ("" when the file has no such cell). */
  get(k: number): Cell {
    const known = this.decoded[k];
    if (known !== undefined) return known;
    const col = this.picks[k] ?? -1;
    const value = col < 0 || col >= this.fields ? "" : this.decodeColumn(col, k);
    this.decoded[k] = value;
    this.decodedAny = true;
    return value;
  }

  readonly byteCells = true;
  spanStart = 0;
  spanEnd = 0;

  get bytes(): Buffer {
    return this.buf;
  }

  span(k: number): boolean {
    const col = this.picks[k] ?? -1;
    if (col < 0 || col >= this.fields) {
      this.spanStart = this.spanEnd = 0;
      return true;
    }
    const buf = this.buf;
    let start = this.starts[col] as number;
    let end = col + 1 < this.fields ? (this.starts[col + 1] as number) - 1 : this.recordEnd;
    if (this.quotedCount > 0) {
      const q = this.quotedIndex(col);
      if (q >= 0) {
        const close = this.quotedClose[q] as number;
        if (this.quotedEscaped[q] === 1 || end > close + 1) return false;
        start++;
        end = close;
      }
    }
    // ASCII white space: tab, line feed, vertical tab, form feed, carriage return, space.
    let c = buf[start] as number;
    while (start < end && (c === SPACE || (c >= TAB && c <= CR))) c = buf[++start] as number;
    c = buf[end - 1] as number;
    while (end > start && (c === SPACE || (c >= TAB && c <= CR))) c = buf[--end - 1] as number;
    if (start < end && ((buf[start] as number) >= 0x80 || (buf[end - 1] as number) >= 0x80)) return false;
    this.spanStart = start;
    this.spanEnd = end;
    return true;
  }

  private wordsBuffer: ArrayBufferLike | undefined;
  private words: Int32Array | undefined;

  /** The buffer as 32-bit words (for `record`'s fast skip), when it starts on a multiple of 4. */
  private wordsOf(buf: Buffer): Int32Array | undefined {
    if (
      buf.buffer === this.wordsBuffer &&
      this.words !== undefined &&
      this.words.byteOffset === buf.byteOffset
    )
      return this.words.length >= buf.length >> 2 ? this.words : this.newWords(buf);
    return this.newWords(buf);
  }

  private newWords(buf: Buffer): Int32Array | undefined {
    this.wordsBuffer = buf.buffer;
    this.words =
      (buf.byteOffset & 3) === 0 ? new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2) : undefined;
    return this.words;
  }

  /** Whether the k-th wanted cell is empty or spaces only, without decoding it. */
  isBlank(k: number): boolean {
    const col = this.picks[k] ?? -1;
    if (col < 0 || col >= this.fields) return true;
    const start = this.starts[col] as number;
    const end = col + 1 < this.fields ? (this.starts[col + 1] as number) - 1 : this.recordEnd;
    const q = this.quotedIndex(col);
    if (q < 0) return isBlank(this.buf, start, end);
    const close = this.quotedClose[q] as number;
    return isBlank(this.buf, start + 1, close) && isBlank(this.buf, close + 1, end);
  }

  private decodeColumn(col: number, k: number): string {
    const buf = this.buf;
    const start = this.starts[col] as number;
    const end = col + 1 < this.fields ? (this.starts[col + 1] as number) - 1 : this.recordEnd;
    const q = this.quotedIndex(col);
    if (q >= 0) {
      const close = this.quotedClose[q] as number;
      // A quoted value as a whole ("Contoso, Ltd"), the way most quoted cells are: reused like others.
      if (k >= 0 && this.quotedEscaped[q] === 0 && end === close + 1 && close > start + 1)
        return this.intern(k, buf, start + 1, close);
      let value = buf.toString("utf8", start + 1, close);
      if (this.quotedEscaped[q] === 1) value = value.replaceAll('""', '"');
      if (end > close + 1) value += buf.toString("utf8", close + 1, end);
      return value;
    }
    if (end <= start) return "";
    return k < 0 ? buf.toString("utf8", start, end) : this.intern(k, buf, start, end);
  }

  /**
   * Decodes a field, reusing the string of an identical earlier value of the same column. Partner Center
   * exports repeat the same few values (months, service groups, attributions, tenant ids) over millions
   * of rows: comparing a few bytes is much cheaper than decoding and allocating each time. A column with
   * too many distinct values (amounts) stops being cached.
   */
  private intern(k: number, buf: Buffer, start: number, end: number): string {
    const length = end - start;
    const cache = this.caches[k];
    if (cache === undefined || cache === null || length > 64) return buf.toString("utf8", start, end);
    // Hashed on its length and at most 16 of its bytes (the first 4 and the last 12: ids differ
    // everywhere, names mostly at their end); the bytes are compared whole below.
    this.lookups[k] = (this.lookups[k] ?? 0) + 1;
    let hash = Math.imul(FNV_OFFSET ^ length, FNV_PRIME);
    if (length <= 16) {
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), FNV_PRIME);
    } else {
      for (let i = start; i < start + 4; i++) hash = Math.imul(hash ^ (buf[i] as number), FNV_PRIME);
      for (let i = end - 12; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), FNV_PRIME);
    }
    // A small integer key (30 bits): V8 keeps it unboxed, where a full 32-bit one is a heap number.
    hash &= 0x3fffffff;
    let entry = cache.get(hash);
    while (entry !== undefined) {
      const bytes = entry.bytes;
      if (bytes === undefined) {
        const value = entry.value;
        if (value.length === length) {
          let i = 0;
          while (i < length && value.charCodeAt(i) === buf[start + i]) i++;
          if (i === length) return value;
        }
      } else if (bytes.length === length) {
        let i = 0;
        while (i < length && bytes[i] === buf[start + i]) i++;
        if (i === length) return entry.value;
      }
      entry = entry.next;
    }
    const value = buf.toString("utf8", start, end);
    const misses = (this.misses[k] ?? 0) + 1;
    const lookups = this.lookups[k] ?? 0;
    this.misses[k] = misses;
    if (cache.size >= INTERN_LIMIT || (lookups >= INTERN_TRIAL && misses * 4 > lookups * 3)) {
      this.caches[k] = null;
    } else {
      // An ASCII value (as long as its bytes) is compared with its characters: no copy of its bytes.
      const bytes = value.length === length ? undefined : Buffer.from(buf.subarray(start, end));
      cache.set(hash, { bytes, value, next: cache.get(hash) });
    }
    return value;
  }

  private emitHeader(header: string[], line: number): void {
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
  }

  private bindHeader(header: string[], line: number): void {
    this.headerDone = true;
    this.headerNames = header;
    if (this.rowsLeft === 0) this.stopped = true;
    const wanted = this.sink.header(header, line);
    this.picks = Int32Array.from(wanted, (col) => (col >= 0 ? col : -1));
    this.caches = wanted.map(() => new Map());
    this.lookups = wanted.map(() => 0);
    this.misses = wanted.map(() => 0);
    this.decoded = wanted.map(() => undefined);
    const rule = this.sink.byteRows?.();
    this.rule = rule !== undefined && fitsRuleTable(rule) ? rule : undefined;
  }

  /** Rows the sink lets the reader count from their bytes (see `ByteRowRule`), when it does. */
  private rule: ByteRowRule | undefined;
  /** The scanner whose memory holds `rule` and its tables. */
  private ruleScanner: StructuralScanner | undefined;
  /** The months the rule's counts are of, the number of each, and the templates of its AI rows. */
  private ruleMonths: string[] = [];
  private ruleMonthNumbers = new Map<string, number>();
  private ruleTemplates: unknown[] = [];
  /** A template that brought each part the WebAssembly knows (record-split.ts), by the part's number. */
  private ruleParts: unknown[] = [];
  /** Whether the tables hold counts or sums not yet told to the rule. */
  private ruleCounted = false;
  /**
   * Whether the tables of what is told later (eligible sums, counts) may hold something, and whether
   * the sink had no problem while it was folded (else it is not told).
   */
  private deferredPending = false;
  private deferredClean = true;
  /** Set when `countRows` stopped at an AI row of a new template, which the sink reads next. */
  private templatePending = false;

  /**
   * Has the splitter count the rows from `pos` that the rule only counts or sums (record-split.ts);
   * answers where the first record it leaves to `record` starts.
   */
  private countRows(splitter: StructuralScanner, rule: ByteRowRule, pos: number, end: number): number {
    if (this.ruleScanner !== splitter) this.writeRule(splitter, rule);
    if (this.deferredClean && !rule.clean()) {
      // The sink's first problem, in the row before: what was folded before it is told, what is folded
      // after it is not (nothing is evaluated then).
      this.flushDeferred(true);
      this.deferredClean = false;
    }
    const header = splitter.splitHeader;
    const maxRecord = Math.min(this.maxLine, this.maxCell);
    for (;;) {
      const bad = this.badByte;
      const allowance = Math.min(rule.allowance(), 0x7fffffff);
      const at = splitter.countRows(pos, end, this.splitFields, maxRecord, bad?.at ?? 0x7fffffff, allowance);
      const rows = header[3] as number;
      if (rows > 0) {
        rule.counted(rows);
        this.line += header[4] as number;
        this.lastRecordEnd = header[8] as number;
        this.ruleCounted = true;
        this.deferredPending = true;
      }
      pos = at;
      const reason = header[5] as number;
      if (reason === 2 && this.addRuleMonth(splitter, rule, header[6] as number, header[7] as number))
        continue;
      if (reason === 4) {
        this.flushCounted();
        continue;
      }
      if (reason === 5 || reason === 6) {
        this.flushDeferred(this.deferredClean);
        continue;
      }
      if (reason === 7 && this.combineTemplate(splitter, rule)) continue;
      this.templatePending = reason === 3 || reason === 7;
      if (this.templatePending) rule.newTemplate();
      // Told before the sink sees the next row, as if it had been handed each row: what it makes of
      // them first comes first (its maps keep that order), and a row that is its first problem comes
      // after the rows before it were counted.
      this.flushCounted();
      return at;
    }
  }

  /** Writes the rule into the splitter's memory, with empty tables. */
  private writeRule(splitter: StructuralScanner, rule: ByteRowRule): void {
    const words = splitter.rule;
    const bytes = splitter.ruleBytes;
    const tables = splitter.tables;
    bytes.fill(0);
    words[W_SERVICE_GROUP] = rule.serviceGroup;
    words[W_AMOUNT] = rule.amount;
    words[W_MONTH] = rule.month;
    words[W_REQUIRED_COUNT] = rule.required.length;
    rule.required.forEach((col, k) => {
      words[W_REQUIRED + k] = col;
    });
    words[W_FLAG_COUNT] = rule.flags.length;
    rule.flags.forEach((col, k) => {
      words[W_FLAGS + k] = col;
    });
    words[W_GROUP_COUNT] = rule.groups.length;
    rule.groups.forEach((group, g) => {
      words[(GROUPS_AT + g * GROUP_BYTES) / 4] = group.length;
      bytes.set(Buffer.from(group, "latin1"), GROUPS_AT + g * GROUP_BYTES + 4);
    });
    words[W_TEMPLATE_CELL_COUNT] = rule.templateCells.length;
    rule.templateCells.forEach((col, k) => {
      words[W_TEMPLATE_CELLS + k] = col;
    });
    words[W_TEMPLATE_SLOTS] = tables.templateSlots;
    words[W_TEMPLATE_MASK] = tables.templateSlotsMask;
    words[W_KEYS] = tables.keys;
    words[W_KEY_ROOM] = tables.keyRoom;
    words[W_KEYS_USED] = 0;
    words[W_TEMPLATES] = 0;
    words[W_TEMPLATE_LIMIT] = TEMPLATE_LIMIT;
    words[W_TEMPLATE_KEYS] = tables.templateKeys;
    // The three tables of sums: by template and month told in order, by customer and month, later.
    for (const [table, slots, list] of [
      [W_SUMS, tables.sumSlots, tables.sumList],
      [W_ELIGIBLE_SUMS, tables.eligibleSlots, tables.eligibleList],
      [W_LATER_SUMS, tables.laterSlots, tables.laterList],
    ] as const) {
      words[table + SUMS_SLOTS] = slots;
      words[table + SUMS_MASK] = tables.sumSlotsMask;
      words[table + SUMS_COUNT] = 0;
      words[table + SUMS_LIST] = list;
      words[table + SUMS_MOST] = SUM_LIMIT;
    }
    words[W_COUNTS] = tables.counts;
    words[W_PART_CELLS] =
      rule.combine === undefined ? 0 : (rule.customerCells ?? []).reduce((mask, k) => mask | (1 << k), 0);
    words[W_PART_SLOTS] = tables.partSlots;
    words[W_PART_MASK] = tables.partSlotsMask;
    words[W_PART_OFFSETS] = tables.partOffsets;
    words[W_PART_KEYS] = tables.partKeys;
    words[W_PART_KEY_ROOM] = tables.partKeyRoom;
    words[W_PART_KEYS_USED] = 0;
    words[W_PARTS] = 0;
    words[W_PART_LIMIT] = PART_LIMIT;
    words[W_CLASS_PART] = -1;
    words[W_CUSTOMER_PART] = -1;
    splitter.partSlots.fill(0);
    words[W_TEMPLATE_INFO] = tables.templateInfo;
    splitter.eligibleWords.fill(0);
    splitter.laterWords.fill(0);
    splitter.counts.fill(0);
    words[W_MONTH_TEXTS] = tables.monthTexts;
    words[W_MONTH_TEXT_MASK] = tables.monthTextsMask;
    words[W_MONTH_TEXT_COUNT] = 0;
    splitter.monthTexts.fill(0);
    splitter.templateSlots.fill(0);
    splitter.sumWords.fill(0);
    this.ruleScanner = splitter;
    this.ruleMonths = [];
    this.ruleMonthNumbers = new Map();
    this.ruleTemplates = [];
    this.ruleParts = [];
    this.ruleCounted = false;
    this.templatePending = false;
    this.deferredPending = false;
    this.deferredClean = true;
  }

  /**
   * Adds the month text at data[start, end) to the rule's table when it is a month and there is room;
   * false otherwise (the parser then reads its row, and reports a month that is not one).
   */
  private addRuleMonth(splitter: StructuralScanner, rule: ByteRowRule, start: number, end: number): boolean {
    if ((splitter.rule[W_MONTH_TEXT_COUNT] as number) >= MONTH_TEXTS) return false;
    const data = splitter.data;
    let text = "";
    for (let i = start; i < end; i++) {
      const byte = data[i] as number;
      if (byte >= 0x80) return false;
      text += String.fromCharCode(byte);
    }
    const month = rule.parseMonth(text);
    if (month === undefined) return false;
    let k = this.ruleMonthNumbers.get(month);
    if (k === undefined) {
      k = this.ruleMonths.length;
      if (k >= MONTHS) return false;
      this.ruleMonths.push(month);
      this.ruleMonthNumbers.set(month, k);
    }
    splitter.addMonthText(start, end, k);
    return true;
  }

  /**
   * Tells the rule the eligible sums, the later sums and the counts the tables hold (when `tell`), and
   * empties them. Their order does not matter to the sink: the reader calls this once the data is read,
   * and when the tables are full.
   */
  finishCounting(): void {
    this.flushDeferred(this.deferredClean);
  }

  private flushDeferred(tell: boolean): void {
    const splitter = this.ruleScanner;
    const rule = this.rule;
    if (splitter === undefined || rule === undefined || !this.deferredPending) return;
    this.deferredPending = false;
    this.drainSums(
      splitter,
      W_ELIGIBLE_SUMS,
      splitter.eligibleWords,
      splitter.eligibleUnits,
      splitter.eligibleList,
      tell ? (customer, month, units, scale) => rule.eligibleSum(customer, month, units, scale) : undefined,
    );
    this.drainSums(
      splitter,
      W_LATER_SUMS,
      splitter.laterWords,
      splitter.laterUnits,
      splitter.laterList,
      tell
        ? (template, month, units, scale, rows) =>
            rule.summed(this.ruleTemplates[template], month, units, scale, rows)
        : undefined,
    );
    const counts = splitter.counts;
    for (let m = 0; m < this.ruleMonths.length; m++) {
      const rows = counts[m] as number;
      if (rows === 0) continue;
      if (tell) {
        rule.monthCounts(this.ruleMonths[m] as string, {
          rows,
          eligible: counts[MONTHS + m] as number,
          uncheckedOffer: counts[2 * MONTHS + m] as number,
          uncheckedDuplicate: counts[3 * MONTHS + m] as number,
          uncheckedCloud: counts[4 * MONTHS + m] as number,
          duplicates: counts[5 * MONTHS + m] as number,
          notAi: counts[6 * MONTHS + m] as number,
        });
      }
      for (let k = 0; k < 7; k++) counts[k * MONTHS + m] = 0;
    }
  }

  /**
   * Tells the rule what the tables counted and summed since the last time (unless the sink has a
   * problem by now: then nothing it counts matters), and empties them; the sums in the order their
   * first rows came. A template's month told so is marked: the WebAssembly sums its further rows in
   * the later sums, told when the read ends (`flushDeferred`).
   */
  private flushCounted(): void {
    const splitter = this.ruleScanner;
    const rule = this.rule;
    if (splitter === undefined || rule === undefined) return;
    const words = splitter.rule;
    // Sums may have been begun by rows then left to the parser (an amount past the sums' limit).
    if (!this.ruleCounted && words[W_SUMS + SUMS_COUNT] === 0) return;
    this.ruleCounted = false;
    const tell = rule.clean();
    for (let k = 0; k < this.ruleMonths.length; k++) {
      const rows = words[OTHER_COUNTS_AT / 4 + k] as number;
      if (rows === 0) continue;
      words[OTHER_COUNTS_AT / 4 + k] = 0;
      if (tell) rule.countedIn(this.ruleMonths[k] as string, rows);
    }
    const info = splitter.templateInfo;
    this.drainSums(
      splitter,
      W_SUMS,
      splitter.sumWords,
      splitter.sumUnits,
      splitter.sumList,
      tell
        ? (template, month, units, scale, rows, monthNumber) => {
            rule.summed(this.ruleTemplates[template], month, units, scale, rows);
            const at = template * TEMPLATE_INFO_BYTES + TOLD_MONTHS_AT + (monthNumber >> 3);
            info[at] = (info[at] as number) | (1 << (monthNumber & 7));
          }
        : undefined,
    );
  }

  /**
   * Empties a table of sums (`table`: its first word in the rule; `slots`, `units` and `list` its views),
   * handing each sum that holds rows to `tell`, when there is one: the number of what it is of (a
   * template or a customer), its month, its units and scale, its rows and its month's number.
   */
  private drainSums(
    splitter: StructuralScanner,
    table: number,
    slots: Int32Array,
    units: BigInt64Array,
    list: Int32Array,
    tell:
      | ((of: number, month: string, units: bigint, scale: number, rows: number, monthNumber: number) => void)
      | undefined,
  ): void {
    const words = splitter.rule;
    const sums = words[table + SUMS_COUNT] as number;
    for (let k = 0; k < sums; k++) {
      const slot = list[k] as number;
      const key = (slots[slot * 6] as number) - 1;
      const rows = slots[slot * 6 + 1] as number;
      slots[slot * 6] = 0;
      if (tell === undefined || rows === 0) continue;
      const monthNumber = key % MONTHS;
      tell(
        Math.floor(key / MONTHS),
        this.ruleMonths[monthNumber] as string,
        units[slot * 3 + 2] as bigint,
        slots[slot * 6 + 2] as number,
        rows,
        monthNumber,
      );
    }
    words[table + SUMS_COUNT] = 0;
  }
}

/** Whether a rule fits the splitter's table: its columns, and its groups as plain ASCII. */
function fitsRuleTable(rule: ByteRowRule): boolean {
  return (
    rule.required.length <= 4 &&
    rule.flags.length <= 4 &&
    rule.templateCells.length <= 12 &&
    (rule.customerCells ?? []).every((k) => Number.isInteger(k) && k >= 0 && k < rule.templateCells.length) &&
    rule.groups.length <= 8 &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the range \x00-\x7f
    rule.groups.every((g) => g.length <= 32 && /^[\x00-\x7f]*$/.test(g) && g === g.toLowerCase())
  );
}

/** True when a record holds only separators, spaces, tabs and quotes. */
function isBlankRecord(buf: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = buf[k];
    if (c !== COMMA && c !== SPACE && c !== TAB && c !== QUOTE) return false;
  }
  return true;
}
