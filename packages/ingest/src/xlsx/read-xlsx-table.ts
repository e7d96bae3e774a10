import { once } from "node:events";
import { open as openFile } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { TextDecoder } from "node:util";
import type { InflateRaw } from "node:zlib";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { Entry, ZipFile } from "yauzl";
import yauzl from "yauzl";
import {
  ArrayCells,
  type BooleanCell,
  type Cell,
  cellText,
  type DateCell,
  type NumberCell,
  type ReadOptions,
  TableFormatError,
  type TableProblemCode,
  type TableSink,
} from "../table/cell.js";
import {
  DEFAULT_TABLE_LIMITS,
  formatLimitBytes,
  formatLimitCount,
  formatSize,
  type TableLimits,
  TABLE_LIMIT_VARIABLES as V,
  XLSX_FIXED_LIMITS,
} from "../table/table-limits.js";

/**
 * Reads the first worksheet (in workbook order) of an XLSX workbook as a table: its first non-empty row
 * is the header, handed to `sink.header`, and every following non-empty row goes to `sink.row` with the
 * cells of the columns the header call asked for.
 *
 * The worksheet is streamed, so memory stays flat however many rows it has; only the shared strings
 * table and the date-ness of each cell style are held in memory. Numbers come as exact decimal text
 * rounded to 15 significant digits as Excel shows them, numbers in a date format as calendar dates.
 *
 * Every part is checked against `options.limits` before it is unpacked (its declared size, absolute and
 * relative to its compressed size) and while it is (no more than declared, no run of text longer than
 * the line limit, no cell longer than the cell limit, cell references within XFD1048576, the shared
 * strings' count and characters), so a zip bomb is refused in milliseconds.
 *
 * @param path the file to read.
 * @param displayName the file name to use in error messages.
 * @throws TableFormatError when the file is not a readable XLSX workbook or its first worksheet has no
 *   header row. An error thrown by the sink is rethrown unchanged. The file is closed in every case.
 */
export async function readXlsxTable(
  path: string,
  displayName: string,
  sink: TableSink,
  options?: ReadOptions,
): Promise<void> {
  const limits = options?.limits ?? DEFAULT_TABLE_LIMITS;
  const pkg = await openPackage(path, displayName, limits);
  try {
    const book = await readWorkbook(pkg);
    const entry = pkg.entry(book.sheetPart);
    if (entry === undefined) {
      throw pkg.damaged(`the worksheet "${book.sheetName}" (${book.sheetPart}) is missing from the file`);
    }
    const styles = book.stylesPart === undefined ? [] : await readDateStyles(pkg, book.stylesPart);
    const strings =
      book.sharedStringsPart === undefined ? [] : await readSharedStrings(pkg, book.sharedStringsPart);
    const reader = new SheetReader(
      sink,
      strings,
      Uint8Array.from(styles),
      book.date1904,
      displayName,
      book.sheetName,
      limits,
      options?.maxRows,
    );
    try {
      await streamPart(pkg, entry, book.sheetPart, reader.parser, {
        onProgress: options?.onProgress,
        isDone: () => reader.sheetDataDone,
      });
    } catch (error) {
      if (error !== ENOUGH_ROWS) throw error;
      return;
    }
    if (!reader.hasHeader) {
      throw new TableFormatError(
        displayName,
        `the worksheet "${book.sheetName}" is empty, it has no header row.`,
      );
    }
  } finally {
    await pkg.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Numbers and dates
// ---------------------------------------------------------------------------------------------------

/**
 * The text of a number as a spreadsheet shows it: rounded to 15 significant digits like Excel, as plain
 * decimal text without exponent or trailing zeros (`1234.5599999999999` → `"1234.56"`, `1E-3` →
 * `"0.001"`, `-0` → `"0"`). `undefined` when `raw` is not a finite number.
 */
export function formatExcelNumber(raw: string): string | undefined {
  if (isCanonicalShortDecimal(raw)) return raw;
  if (raw.length === 0) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) return undefined;
  if (value === 0) return "0";
  if (Number.isInteger(value) && value > -1e15 && value < 1e15) return String(value);
  return plainDecimal(value.toPrecision(15));
}

/**
 * True when `raw` is already what `formatExcelNumber` would return (`12`, `-0.5`, `1234.56`): the common
 * case, answered with one pass over the characters instead of a parse and a reformat.
 */
function isCanonicalShortDecimal(raw: string): boolean {
  const length = raw.length;
  if (length === 0 || length > 17) return false;
  let i = raw.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const intStart = i;
  let significant = 0;
  let code = raw.charCodeAt(i);
  if (code === 48 /* 0 */) {
    i++;
  } else {
    while (i < length) {
      code = raw.charCodeAt(i);
      if (code < 48 || code > 57) break;
      i++;
      significant++;
    }
  }
  if (i === intStart) return false;
  if (i === length) return significant <= 15 && !(intStart === 1 && significant === 0); // "-0" becomes "0"
  if (raw.charCodeAt(i) !== 46 /* . */ || i === length - 1) return false;
  i++;
  for (; i < length; i++) {
    code = raw.charCodeAt(i);
    if (code < 48 || code > 57) return false;
    if (significant > 0 || code !== 48) significant++;
  }
  return significant <= 15 && code !== 48 && significant > 0;
}

/** Rewrites `toPrecision` output (`"1.50000000000000e+20"`, `"0.00100000000000000"`) without exponent. */
function plainDecimal(precise: string): string {
  const negative = precise.charCodeAt(0) === 45;
  const body = negative ? precise.slice(1) : precise;
  const e = body.indexOf("e");
  const mantissa = e < 0 ? body : body.slice(0, e);
  const dot = mantissa.indexOf(".");
  let digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Where the decimal point sits, counted in digits from the start of `digits`.
  let point = (dot < 0 ? mantissa.length : dot) + (e < 0 ? 0 : Number(body.slice(e + 1)));
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start++;
  digits = digits.slice(start);
  point -= start;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  let text: string;
  if (point <= 0) text = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + "0".repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (text === "0") return "0";
  return negative ? `-${text}` : text;
}

/** Serial of 9999-12-31, the last day Excel can show. */
const MAX_SERIAL = 2_958_465;
/** Days from 1899-12-30 (day 0 of the corrected 1900 system) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25_569;
/** Days between the 1900 and the 1904 date systems. */
const DATE_1904_OFFSET = 1_462;

/**
 * The calendar date (`YYYY-MM-DD`) of an Excel date serial; the fractional part (time of day) is
 * ignored. In the 1900 system serial 1 is 1900-01-01 and, because Excel keeps Lotus 1-2-3's phantom
 * 1900-02-29 as serial 60, serial 61 is 1900-03-01. Serial 60 itself, serials below 1 (time-only values)
 * and serials past 9999-12-31 are no calendar date: `undefined`, and the cell is handed over as a number.
 */
export function excelSerialToDate(serial: number, date1904: boolean): string | undefined {
  // Round to the millisecond first so that 45000.99999999999 (a float artefact of midnight) is the next
  // day, as Excel displays it.
  let days = Math.floor(Math.round(serial * 86_400_000) / 86_400_000);
  if (date1904) {
    if (days < 0) return undefined;
    days += DATE_1904_OFFSET;
  } else {
    if (days < 1 || days === 60) return undefined;
    if (days < 60) days += 1;
  }
  if (!(days <= MAX_SERIAL)) return undefined;
  return civilDate(days - UNIX_EPOCH_SERIAL);
}

/** Days since 1970-01-01 to `YYYY-MM-DD` (H. Hinnant's civil_from_days), without `Date` or time zones. */
function civilDate(daysSinceEpoch: number): string {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/**
 * True for a number format code that shows a date: it has a d, m, y, or (CJK) e/g era code outside
 * quoted text, `[...]` sections (colors, conditions, locales like `[$-409]`) and escaped characters.
 * Elapsed-time formats (`[h]:mm`) are durations, not dates.
 */
export function isDateFormatCode(code: string): boolean {
  let date = false;
  const length = code.length;
  for (let i = 0; i < length; i++) {
    const c = code.charCodeAt(i);
    if (c === 34 /* " */) {
      const close = code.indexOf('"', i + 1);
      i = close < 0 ? length : close;
    } else if (c === 92 /* \ */ || c === 95 /* _ */ || c === 42 /* * */) {
      i++; // the next character is a literal, a padding width or a fill character
    } else if (c === 91 /* [ */) {
      const close = code.indexOf("]", i + 1);
      const inner = code.slice(i + 1, close < 0 ? length : close).toLowerCase();
      if (/^(h+|m+|s+)$/.test(inner)) return false;
      i = close < 0 ? length : close;
    } else {
      const lower = c | 0x20;
      if (lower === 103 /* g */ && code.slice(i, i + 7).toLowerCase() === "general") {
        i += 6;
      } else if (lower === 101 /* e */ && (code.charCodeAt(i + 1) === 43 || code.charCodeAt(i + 1) === 45)) {
        i++; // scientific notation E+ / E-
      } else if (lower === 100 || lower === 109 || lower === 121 || lower === 101 || lower === 103) {
        date = true; // d m y e g
      }
    }
  }
  return date;
}

/** Built-in number formats that show dates (or times): 14–22, 27–36, 45–47, 50–58. */
function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/**
 * Decodes the `_xHHHH_` escapes OOXML uses in text for characters XML cannot carry (Excel writes a
 * carriage return as `_x000D_` and a literal `_x` as `_x005F_x`); part of decoding the text, not a change.
 */
function decodeOoxmlEscapes(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_match, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

function isBlank(text: string): boolean {
  return text.length === 0 || text.trim().length === 0;
}

// ---------------------------------------------------------------------------------------------------
// The zip package
// ---------------------------------------------------------------------------------------------------

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PROGRESS_STEP = 1 << 20;

class Package {
  constructor(
    private readonly zip: ZipFile,
    private readonly entries: ReadonlyMap<string, Entry>,
    readonly displayName: string,
    readonly limits: TableLimits,
  ) {}

  /** OPC part names are case-insensitive; some writers also use backslashes. */
  entry(partName: string): Entry | undefined {
    return this.entries.get(partKey(partName));
  }

  openRaw(entry: Entry): Promise<Readable> {
    return this.zip.openReadStreamPromise(entry, { decodeFileData: false });
  }

  damaged(problem: string, cause?: unknown, code: TableProblemCode = "file.format"): TableFormatError {
    const error = new TableFormatError(
      this.displayName,
      `is a damaged or unsupported XLSX workbook: ${problem}.`,
      undefined,
      { code },
    );
    if (cause !== undefined) error.cause = cause;
    return error;
  }

  /** A part over one of the limits. */
  overLimit(problem: string, line?: number, column?: string): TableFormatError {
    return new TableFormatError(this.displayName, problem, line, { code: "file.limit", column });
  }

  /** Closes the zip and waits until its file descriptor is released. */
  async close(): Promise<void> {
    if (!this.zip.isOpen) return;
    const closed = once(this.zip, "close").catch(() => undefined);
    this.zip.close();
    await closed;
  }
}

function partKey(name: string): string {
  return name.replaceAll("\\", "/").replace(/^\/+/, "").toLowerCase();
}

async function openPackage(path: string, displayName: string, limits: TableLimits): Promise<Package> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw await notAZip(path, displayName, error);
  }
  const entries = new Map<string, Entry>();
  const pkg = new Package(zip, entries, displayName, limits);
  if (zip.entryCount > XLSX_FIXED_LIMITS.parts) {
    await pkg.close();
    throw pkg.overLimit(
      `the workbook has ${formatLimitCount(zip.entryCount)} parts, more than the ${formatLimitCount(XLSX_FIXED_LIMITS.parts)} ` +
        "specready reads (a workbook has a few dozen): it is damaged or is not a workbook",
    );
  }
  try {
    for await (const entry of zip.eachEntry()) entries.set(partKey(entry.fileName), entry);
  } catch (error) {
    await pkg.close();
    throw pkg.damaged(`its zip directory cannot be read (${messageOf(error)})`, error);
  }
  return pkg;
}

async function notAZip(path: string, displayName: string, cause: unknown): Promise<TableFormatError> {
  let head: Buffer | undefined;
  try {
    const handle = await openFile(path, "r");
    try {
      const buffer = Buffer.alloc(OLE_SIGNATURE.length);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    // The file itself cannot be read: report the original error below.
  }
  let message: string;
  if (head === undefined) {
    message = `cannot be read (${messageOf(cause)}).`;
  } else if (head.length === OLE_SIGNATURE.length && OLE_SIGNATURE.every((byte, i) => head[i] === byte)) {
    message =
      `is an old Excel 97–2003 workbook (.xls) or a password-protected (encrypted) workbook, ` +
      "which cannot be read. Open it in Excel and save it as an Excel Workbook (.xlsx) without a password, " +
      "or as CSV.";
  } else if (head.length === 0) {
    message = `is empty, it is not an XLSX workbook.`;
  } else if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    message = `is a damaged XLSX workbook: its zip archive cannot be read (${messageOf(cause)}).`;
  } else {
    message = `is not an XLSX workbook (an .xlsx file is a zip archive, this file is not one).`;
  }
  const error = new TableFormatError(displayName, message);
  error.cause = cause;
  return error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface StreamOptions {
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Lets the caller stop reading once it has what it needs. */
  isDone?: () => boolean;
}

/**
 * Streams one part through `parser`. Errors of the zip or the XML become `TableFormatError`s naming the
 * part; errors thrown by the parser's handlers (the sink's) pass through unchanged.
 */
async function streamPart(
  pkg: Package,
  entry: Entry,
  partName: string,
  parser: SaxesParser<{ xmlns: false }>,
  options: StreamOptions = {},
): Promise<void> {
  if (entry.isEncrypted()) throw pkg.damaged(`the part ${partName} is encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw pkg.damaged(`the part ${partName} uses unsupported compression method ${entry.compressionMethod}`);
  }
  checkDeclaredSize(pkg, entry, partName);
  parser.on("error", (error) => {
    throw pkg.damaged(`the part ${partName} is not well-formed XML (${error.message})`, error);
  });
  let raw: Readable;
  try {
    raw = await pkg.openRaw(entry);
  } catch (error) {
    throw pkg.damaged(`the part ${partName} cannot be read (${messageOf(error)})`, error);
  }
  // Reading the compressed bytes and inflating them here, rather than letting yauzl inflate, is what lets
  // progress be counted in compressed bytes: the inflater's `bytesWritten`.
  let inflater: InflateRaw | undefined;
  let data: Readable = raw;
  if (entry.compressionMethod === 8) {
    // Loaded with the first workbook, not with the module: most reads are of CSV files.
    const { createInflateRaw } = await import("node:zlib");
    inflater = createInflateRaw();
    data = pipeline(raw, inflater, () => {
      // Errors surface through the iteration below.
    });
  }
  const total = entry.compressedSize;
  const { onProgress, isDone } = options;
  let nextReport = PROGRESS_STEP;
  let stored = 0;
  // The zip directory's sizes passed the limits; the data must not hold more than they say.
  const declared = entry.uncompressedSize;
  let unpacked = 0;
  const maxRun = pkg.limits.maxLineBytes;
  let run = 0; // characters since the last '<'
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const chunks = data[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let stoppedEarly = false;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw pkg.damaged(`the part ${partName} cannot be read (${messageOf(error)})`, error);
      }
      if (next.done) break;
      unpacked += next.value.length;
      if (unpacked > declared) {
        throw pkg.damaged(
          `the part ${partName} unpacks to more than the ${formatSize(declared)} its zip directory declares`,
        );
      }
      const text = decodeUtf8(pkg, partName, decoder, next.value, true);
      run = longestRun(pkg, partName, text, run, maxRun);
      parser.write(text);
      if (isDone?.()) {
        stoppedEarly = true;
        break;
      }
      if (onProgress !== undefined) {
        stored += next.value.length;
        const done = inflater === undefined ? stored : inflater.bytesWritten;
        if (done >= nextReport) {
          onProgress(Math.min(done, total), total);
          nextReport = done + PROGRESS_STEP;
        }
      }
    }
    if (!stoppedEarly) {
      parser.write(decodeUtf8(pkg, partName, decoder, undefined, false));
      parser.close();
    }
  } finally {
    try {
      await chunks.return?.();
    } catch {
      // Already failed; the error that matters is the one propagating.
    }
    raw.destroy();
  }
  onProgress?.(total, total);
}

/** Unpacked bytes a part may have whatever its compression ratio: a small part is no bomb. */
const RATIO_FREE_BYTES = 1024 * 1024;

/** Refuses a part whose zip directory entry says it unpacks to more than the limits allow. */
function checkDeclaredSize(pkg: Package, entry: Entry, partName: string): void {
  const { xlsxMaxPartBytes, xlsxMaxRatio } = pkg.limits;
  const size = entry.uncompressedSize;
  if (size > xlsxMaxPartBytes) {
    throw pkg.overLimit(
      `the part ${partName} of the workbook unpacks to ${formatSize(size)}, more than ` +
        `${formatLimitBytes(xlsxMaxPartBytes)} (the limit, set by ${V.xlsxMaxPartBytes})`,
    );
  }
  if (size > RATIO_FREE_BYTES && size > xlsxMaxRatio * Math.max(1, entry.compressedSize)) {
    const ratio = Math.floor(size / Math.max(1, entry.compressedSize));
    throw pkg.overLimit(
      `the part ${partName} of the workbook unpacks to ${formatLimitCount(ratio)} times its compressed size ` +
        `(${formatSize(size)} from ${formatSize(entry.compressedSize)}), more than ` +
        `${formatLimitCount(xlsxMaxRatio)} times (the limit, set by ${V.xlsxMaxRatio}): a spreadsheet does ` +
        "not compress that well, the file is made to exhaust memory (a zip bomb)",
    );
  }
}

/** Decodes a chunk of a part's UTF-8 (the rest with `stream` false); bytes that are not UTF-8 are a problem. */
function decodeUtf8(
  pkg: Package,
  partName: string,
  decoder: TextDecoder,
  bytes: Uint8Array | undefined,
  stream: boolean,
): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch (error) {
    throw pkg.damaged(
      `the part ${partName} holds bytes that are not UTF-8 text, which XML in a workbook must be`,
      error,
      "file.encoding",
    );
  }
}

/**
 * The characters since the last '<' after `text`, given `run` of them before it. saxes builds a text
 * node or a tag whole before handing it over: one longer than the line limit is refused here, before it
 * can grow to the heap's or V8's string limit.
 */
function longestRun(pkg: Package, partName: string, text: string, run: number, maxRun: number): number {
  let from = 0;
  let current = run;
  for (;;) {
    const lt = text.indexOf("<", from);
    const gap = (lt < 0 ? text.length : lt) - from;
    current += gap;
    if (current > maxRun) {
      throw pkg.overLimit(
        `the part ${partName} of the workbook holds more than ${formatLimitBytes(maxRun)} of text or one tag ` +
          `without a break (the line limit, set by ${V.maxLineBytes})`,
      );
    }
    if (lt < 0) return current;
    current = 0;
    from = lt + 1;
    // Within a chunk shorter than the limit no gap can pass it: skip to the last '<'.
    if (text.length - from <= maxRun) {
      const last = text.lastIndexOf("<");
      return text.length - last - 1;
    }
  }
}

function newParser(): SaxesParser<{ xmlns: false }> {
  return new SaxesParser({ xmlns: false, position: true });
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Parses a small part into memory-light results through plain open/close/text callbacks. */
async function parseSmallPart(
  pkg: Package,
  partName: string,
  handlers: {
    open(name: string, attributes: Record<string, string>): void;
    close?(name: string): void;
    text?(text: string): void;
  },
): Promise<boolean> {
  const entry = pkg.entry(partName);
  if (entry === undefined) return false;
  const parser = newParser();
  parser.on("opentag", (tag: SaxesTagPlain) => handlers.open(localName(tag.name), tag.attributes));
  const { close, text } = handlers;
  if (close !== undefined) parser.on("closetag", (tag: SaxesTagPlain) => close(localName(tag.name)));
  if (text !== undefined) {
    parser.on("text", text);
    parser.on("cdata", text);
  }
  await streamPart(pkg, entry, partName, parser);
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Workbook, relationships, styles, shared strings
// ---------------------------------------------------------------------------------------------------

interface Workbook {
  sheetName: string;
  sheetPart: string;
  date1904: boolean;
  stylesPart: string | undefined;
  sharedStringsPart: string | undefined;
}

interface Relationship {
  type: string;
  target: string;
}

const DEFAULT_WORKBOOK = "xl/workbook.xml";

async function readWorkbook(pkg: Package): Promise<Workbook> {
  const workbookPart = await findWorkbookPart(pkg);
  if (workbookPart === undefined) {
    throw new TableFormatError(
      pkg.displayName,
      `is a zip file but not an Excel workbook (it has no xl/workbook.xml). ` +
        "Save it from Excel as an Excel Workbook (.xlsx).",
    );
  }
  let date1904 = false;
  let inSheets = false;
  const sheets: { name: string; id: string | undefined }[] = [];
  await parseSmallPart(pkg, workbookPart, {
    open(name, attributes) {
      if (name === "workbookPr") {
        const value = attributes.date1904;
        date1904 = value === "1" || value === "true";
      } else if (name === "sheets") {
        inSheets = true;
      } else if (name === "sheet" && inSheets) {
        sheets.push({ name: attributes.name ?? "", id: relationshipId(attributes) });
        if (sheets.length > XLSX_FIXED_LIMITS.sheets) {
          throw pkg.damaged(
            `it lists more than ${formatLimitCount(XLSX_FIXED_LIMITS.sheets)} sheets`,
            undefined,
            "file.limit",
          );
        }
      }
    },
    close(name) {
      if (name === "sheets") inSheets = false;
    },
  });
  if (sheets.length === 0) {
    throw new TableFormatError(pkg.displayName, `the workbook has no worksheets.`);
  }
  const rels = await readRelationships(pkg, workbookPart);
  let sheet: { name: string; part: string } | undefined;
  for (const candidate of sheets) {
    const rel = candidate.id === undefined ? undefined : rels.get(candidate.id);
    if (rel?.type.endsWith("/worksheet")) {
      sheet = { name: candidate.name, part: rel.target };
      break;
    }
  }
  if (sheet === undefined) {
    throw new TableFormatError(
      pkg.displayName,
      `the workbook has no worksheets (only chart or macro sheets).`,
    );
  }
  const partOfType = (suffix: string, fallback: string): string | undefined => {
    for (const rel of rels.values()) {
      if (rel.type.endsWith(suffix) && pkg.entry(rel.target) !== undefined) return rel.target;
    }
    return pkg.entry(fallback) !== undefined ? fallback : undefined;
  };
  const dir = workbookPart.slice(0, workbookPart.lastIndexOf("/") + 1);
  return {
    sheetName: sheet.name,
    sheetPart: sheet.part,
    date1904,
    stylesPart: partOfType("/styles", `${dir}styles.xml`),
    sharedStringsPart: partOfType("/sharedStrings", `${dir}sharedStrings.xml`),
  };
}

/** `xl/workbook.xml`, or wherever the package relationships say the workbook is. */
async function findWorkbookPart(pkg: Package): Promise<string | undefined> {
  if (pkg.entry(DEFAULT_WORKBOOK) !== undefined) return DEFAULT_WORKBOOK;
  const rels = await readRelationships(pkg, "");
  for (const rel of rels.values()) {
    if (rel.type.endsWith("/officeDocument") && pkg.entry(rel.target) !== undefined) return rel.target;
  }
  return undefined;
}

/** The `r:id` attribute, whatever prefix the relationships namespace got. */
function relationshipId(attributes: Record<string, string>): string | undefined {
  const key = Object.keys(attributes).find((name) => name.endsWith(":id"));
  return key === undefined ? undefined : attributes[key];
}

/** The relationships of a part (`""` for the package), with targets resolved to part names. */
async function readRelationships(pkg: Package, sourcePart: string): Promise<Map<string, Relationship>> {
  const slash = sourcePart.lastIndexOf("/");
  const dir = sourcePart.slice(0, slash + 1);
  const relsPart = `${dir}_rels/${sourcePart.slice(slash + 1)}.rels`;
  const rels = new Map<string, Relationship>();
  await parseSmallPart(pkg, relsPart, {
    open(name, attributes) {
      if (name !== "Relationship" || attributes.TargetMode === "External") return;
      const { Id: id, Type: type, Target: target } = attributes;
      if (id === undefined || type === undefined || target === undefined) return;
      rels.set(id, { type, target: resolveTarget(pkg, dir, target) });
      if (rels.size > XLSX_FIXED_LIMITS.relationships) {
        throw pkg.damaged(
          `the part ${relsPart} lists more than ${formatLimitCount(XLSX_FIXED_LIMITS.relationships)} relationships`,
          undefined,
          "file.limit",
        );
      }
    },
  });
  return rels;
}

function resolveTarget(pkg: Package, dir: string, target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : dir + target;
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") segments.pop();
    else if (segment !== "." && segment !== "") segments.push(segment);
  }
  const resolved = segments.join("/");
  if (pkg.entry(resolved) === undefined && resolved.includes("%")) {
    try {
      const decoded = decodeURIComponent(resolved);
      if (pkg.entry(decoded) !== undefined) return decoded;
    } catch {
      // Not percent-encoding after all.
    }
  }
  return resolved;
}

/** For each cell style (`cellXfs` order), 1 when its number format shows a date. */
async function readDateStyles(pkg: Package, part: string): Promise<number[]> {
  const customFormats = new Map<number, string>();
  const formatIds: number[] = [];
  let inNumFmts = false;
  let inCellXfs = false;
  await parseSmallPart(pkg, part, {
    open(name, attributes) {
      if (name === "numFmts") inNumFmts = true;
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "numFmt" && inNumFmts) {
        const id = Number(attributes.numFmtId);
        if (Number.isInteger(id)) customFormats.set(id, attributes.formatCode ?? "");
        if (customFormats.size > XLSX_FIXED_LIMITS.cellStyles) throw tooManyStyles(pkg, "number formats");
      } else if (name === "xf" && inCellXfs) {
        const id = Number(attributes.numFmtId ?? 0);
        formatIds.push(Number.isInteger(id) ? id : 0);
        if (formatIds.length > XLSX_FIXED_LIMITS.cellStyles) throw tooManyStyles(pkg, "cell styles");
      }
    },
    close(name) {
      if (name === "numFmts") inNumFmts = false;
      else if (name === "cellXfs") inCellXfs = false;
    },
  });
  return formatIds.map((id) => {
    const custom = customFormats.get(id);
    return (custom === undefined ? isBuiltInDateFormat(id) : isDateFormatCode(custom)) ? 1 : 0;
  });
}

function tooManyStyles(pkg: Package, what: string): TableFormatError {
  return pkg.damaged(
    `it has more than ${formatLimitCount(XLSX_FIXED_LIMITS.cellStyles)} ${what} (Excel allows 64,000)`,
    undefined,
    "file.limit",
  );
}

/**
 * The shared strings: plain `<si><t>` or rich-text runs, without phonetic (`<rPh>`) runs. Held in memory,
 * so their count, their characters together and each string's length are limited.
 */
async function readSharedStrings(pkg: Package, part: string): Promise<string[]> {
  const strings: string[] = [];
  const { xlsxMaxSharedStrings, xlsxMaxSharedStringChars, maxCellChars } = pkg.limits;
  let chars = 0;
  let current = "";
  let inItem = false;
  let inText = false;
  let phoneticDepth = 0;
  await parseSmallPart(pkg, part, {
    open(name) {
      if (name === "si") {
        if (strings.length >= xlsxMaxSharedStrings) {
          throw pkg.overLimit(
            `the workbook has more than ${formatLimitCount(xlsxMaxSharedStrings)} shared strings ` +
              `(the limit, set by ${V.xlsxMaxSharedStrings})`,
          );
        }
        inItem = true;
        current = "";
      } else if (name === "rPh") {
        phoneticDepth++;
      } else if (name === "t") {
        inText = inItem && phoneticDepth === 0;
      }
    },
    close(name) {
      if (name === "si") {
        strings.push(decodeOoxmlEscapes(current));
        inItem = false;
      } else if (name === "rPh") {
        phoneticDepth--;
      } else if (name === "t") {
        inText = false;
      }
    },
    text(text) {
      if (!inText) return;
      current += text;
      chars += text.length;
      if (current.length > maxCellChars) {
        throw pkg.overLimit(
          `shared string ${formatLimitCount(strings.length)} of the workbook holds more than ` +
            `${formatLimitCount(maxCellChars)} characters (the cell limit, set by ${V.maxCellChars})`,
        );
      }
      if (chars > xlsxMaxSharedStringChars) {
        throw pkg.overLimit(
          `the shared strings of the workbook hold more than ${formatLimitCount(xlsxMaxSharedStringChars)} ` +
            `characters together (the limit, set by ${V.xlsxMaxSharedStringChars})`,
        );
      }
    },
  });
  return strings;
}

// ---------------------------------------------------------------------------------------------------
// The worksheet
// ---------------------------------------------------------------------------------------------------

const TYPE_NUMBER = 0;
const TYPE_SHARED = 1;
const TYPE_INLINE = 2;
const TYPE_STRING = 3;
const TYPE_BOOLEAN = 4;
const TYPE_ERROR = 5;
const TYPE_ISO_DATE = 6;

/**
 * Thrown out of the XML parser once `maxRows` rows were handed over: the parser has no way to stop in
 * the middle of a chunk, and the rest of the chunk must not reach the sink.
 */
const ENOUGH_ROWS = Symbol("enough rows");

/** Excel's last column is XFD; a wanted index beyond it cannot hold a cell. */
const MAX_COLUMNS = XLSX_FIXED_LIMITS.columns;
const MAX_ROWS = XLSX_FIXED_LIMITS.rows;

const COLLECT_NONE = 0;
const COLLECT_VALUE = 1;
const COLLECT_INLINE = 2;

function cellType(t: string | undefined): number {
  switch (t) {
    case undefined:
    case "n":
      return TYPE_NUMBER;
    case "s":
      return TYPE_SHARED;
    case "inlineStr":
      return TYPE_INLINE;
    case "str":
      return TYPE_STRING;
    case "b":
      return TYPE_BOOLEAN;
    case "e":
      return TYPE_ERROR;
    case "d":
      return TYPE_ISO_DATE;
    default:
      return TYPE_NUMBER;
  }
}

/**
 * Column index (A=0) of a cell reference like `AB12`; -1 when it starts with no letter; `MAX_COLUMNS` or
 * more when it is beyond XFD (counting stops there, so `ZZZZZZZZZZZZ1` is no huge number either).
 */
function columnOf(ref: string): number {
  let column = 0;
  const length = ref.length;
  let i = 0;
  for (; i < length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 97 || code > 122) break;
    if (column <= MAX_COLUMNS) column = column * 26 + (code - 96);
  }
  return i === 0 ? -1 : column - 1;
}

/** The row number of a cell reference (`AB12` → 12), 0 when it has none. */
function rowOf(ref: string): number {
  let i = 0;
  while (i < ref.length && (ref.charCodeAt(i) | 0x20) >= 97 && (ref.charCodeAt(i) | 0x20) <= 122) i++;
  if (i === ref.length) return 0;
  const n = Number(ref.slice(i));
  return Number.isInteger(n) ? n : 0;
}

/** `AB` for column index 27. */
function columnLetters(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/**
 * Turns the SAX events of a worksheet into header and rows. Per-cell work is a handful of string
 * compares; cells of columns nobody wants are only checked for emptiness.
 */
class SheetReader {
  readonly parser = newParser();
  hasHeader = false;
  sheetDataDone = false;

  private inSheetData = false;
  private inRow = false;
  private rowNumber = 0;
  private rowNonEmpty = false;
  private column = -1;

  private inCell = false;
  private type = TYPE_NUMBER;
  private style = 0;
  private collect = COLLECT_NONE;
  private value = "";
  private hasValue = false;
  private inline = "";
  private hasInline = false;
  private inInlineString = false;
  private phoneticDepth = 0;

  private headerCells: string[] = [];
  /** The header as read, to name the column of a problem. */
  private headerNames: readonly string[] = [];
  private wanted: readonly number[] = [];
  private isWanted = new Uint8Array(0);
  private rowCells: Cell[] = [];
  /** Rows still to hand over; -1 without a limit. */
  private rowsLeft: number;

  private readonly maxCell: number;
  private readonly maxColumns: number;

  constructor(
    private readonly sink: TableSink,
    private readonly strings: readonly string[],
    private readonly dateStyles: Uint8Array,
    private readonly date1904: boolean,
    private readonly displayName: string,
    private readonly sheetName: string,
    limits: TableLimits,
    maxRows: number | undefined,
  ) {
    this.maxCell = limits.maxCellChars;
    this.maxColumns = limits.maxColumns;
    this.rowsLeft = maxRows === undefined ? -1 : Math.max(0, Math.floor(maxRows));
    this.parser.on("opentag", (tag) => this.open(tag));
    this.parser.on("closetag", (tag) => this.close(tag));
    this.parser.on("text", (text) => this.text(text));
    this.parser.on("cdata", (text) => this.text(text));
  }

  private open(tag: SaxesTagPlain): void {
    switch (localName(tag.name)) {
      case "c":
        if (this.inRow) this.startCell(tag.attributes);
        break;
      case "v":
        if (this.inCell) {
          this.collect = COLLECT_VALUE;
          this.value = "";
        }
        break;
      case "t":
        if (this.inInlineString && this.phoneticDepth === 0) this.collect = COLLECT_INLINE;
        break;
      case "is":
        if (this.inCell) {
          this.inInlineString = true;
          this.inline = "";
        }
        break;
      case "rPh":
        this.phoneticDepth++;
        break;
      case "row":
        if (this.inSheetData) this.startRow(tag.attributes.r);
        break;
      case "sheetData":
        this.inSheetData = true;
        break;
    }
  }

  private close(tag: SaxesTagPlain): void {
    switch (localName(tag.name)) {
      case "c":
        if (this.inCell) this.endCell();
        break;
      case "v":
        if (this.collect === COLLECT_VALUE) {
          this.collect = COLLECT_NONE;
          this.hasValue = true;
        }
        break;
      case "t":
        if (this.collect === COLLECT_INLINE) this.collect = COLLECT_NONE;
        break;
      case "is":
        if (this.inInlineString) {
          this.inInlineString = false;
          this.hasInline = true;
        }
        break;
      case "rPh":
        this.phoneticDepth--;
        break;
      case "row":
        if (this.inRow) this.endRow();
        break;
      case "sheetData":
        this.inSheetData = false;
        this.sheetDataDone = true;
        break;
    }
  }

  private text(text: string): void {
    if (this.collect === COLLECT_VALUE) {
      this.value += text;
      if (this.value.length > this.maxCell) throw this.cellTooLong();
    } else if (this.collect === COLLECT_INLINE) {
      this.inline += text;
      if (this.inline.length > this.maxCell) throw this.cellTooLong();
    }
  }

  private cellTooLong(): TableFormatError {
    return new TableFormatError(
      this.displayName,
      `the cell ${this.cellRef()} holds more than ${formatLimitCount(this.maxCell)} characters ` +
        `(the limit, set by ${V.maxCellChars})`,
      this.rowNumber,
      { code: "file.limit", column: this.columnName(this.column) },
    );
  }

  /** The reference of the current cell (`B7`). */
  private cellRef(): string {
    return `${columnLetters(this.column)}${this.rowNumber}`;
  }

  /** The column as the header names it, or its letters. */
  private columnName(column: number): string {
    const name = this.headerNames[column]?.trim();
    return name === undefined || name === "" ? columnLetters(column) : name;
  }

  private beyondLastCell(ref: string): TableFormatError {
    return new TableFormatError(
      this.displayName,
      `is a damaged XLSX workbook: the worksheet "${this.sheetName}" has a cell ${ref.length > 40 ? `${ref.slice(0, 40)}…` : ref}, ` +
        "beyond Excel's last cell XFD1048576 (column XFD, row 1,048,576); save it again from Excel",
      this.rowNumber,
    );
  }

  private startRow(r: string | undefined): void {
    const number = r === undefined ? Number.NaN : Number(r);
    this.rowNumber = Number.isInteger(number) && number > 0 ? number : this.rowNumber + 1;
    if (this.rowNumber > MAX_ROWS) throw this.beyondLastCell(`row ${r ?? this.rowNumber}`);
    this.inRow = true;
    this.rowNonEmpty = false;
    this.column = -1;
    if (this.hasHeader) this.rowCells.fill("");
    else this.headerCells = [];
  }

  private startCell(attributes: Record<string, string>): void {
    const ref = attributes.r;
    const column = ref === undefined ? -1 : columnOf(ref);
    this.column = column < 0 ? this.column + 1 : column;
    if (this.column >= MAX_COLUMNS || (ref !== undefined && rowOf(ref) > MAX_ROWS)) {
      throw this.beyondLastCell(ref ?? `${columnLetters(MAX_COLUMNS)}${this.rowNumber}`);
    }
    this.type = cellType(attributes.t);
    const s = attributes.s;
    this.style = s === undefined ? 0 : Number(s);
    this.inCell = true;
    this.value = "";
    this.hasValue = false;
    this.inline = "";
    this.hasInline = false;
    this.collect = COLLECT_NONE;
  }

  private endCell(): void {
    this.inCell = false;
    this.collect = COLLECT_NONE;
    this.inInlineString = false;
    const column = this.column;
    if (!this.hasHeader) {
      const text = cellText(this.cell());
      while (this.headerCells.length < column) this.headerCells.push("");
      this.headerCells[column] = text;
      if (!this.rowNonEmpty && !isBlank(text)) this.rowNonEmpty = true;
    } else if (column < this.isWanted.length && this.isWanted[column] === 1) {
      const cell = this.cell();
      this.rowCells[column] = cell;
      if (!this.rowNonEmpty && (typeof cell !== "string" || !isBlank(cell))) this.rowNonEmpty = true;
    } else if (!this.rowNonEmpty && !this.isBlankCell()) {
      this.rowNonEmpty = true;
    }
  }

  private endRow(): void {
    this.inRow = false;
    if (!this.rowNonEmpty) return;
    if (!this.hasHeader) {
      this.hasHeader = true;
      // Blank cells at the end (styled cells up to XFD) are no columns.
      let headerWidth = this.headerCells.length;
      while (headerWidth > 0 && isBlank(this.headerCells[headerWidth - 1] as string)) headerWidth--;
      if (headerWidth > this.maxColumns) {
        throw new TableFormatError(
          this.displayName,
          `the header row of the worksheet "${this.sheetName}" has more than ${formatLimitCount(this.maxColumns)} ` +
            `columns (the limit, set by ${V.maxColumns}); is this the right file?`,
          this.rowNumber,
          { code: "file.limit" },
        );
      }
      this.headerCells.length = headerWidth;
      this.headerNames = this.headerCells;
      // Whatever the sink throws (its own errors included) propagates out of the parser unchanged.
      this.wanted = Array.from(this.sink.header(this.headerCells, this.rowNumber));
      let width = 0;
      for (const index of this.wanted) {
        if (Number.isInteger(index) && index >= 0 && index < MAX_COLUMNS && index >= width) width = index + 1;
      }
      this.isWanted = new Uint8Array(width);
      for (const index of this.wanted) {
        if (Number.isInteger(index) && index >= 0 && index < width) this.isWanted[index] = 1;
      }
      this.rowCells = new Array<Cell>(width).fill("");
      if (this.rowsLeft === 0) throw ENOUGH_ROWS;
      return;
    }
    const wanted = this.wanted;
    const cells = new Array<Cell>(wanted.length);
    for (let i = 0; i < wanted.length; i++) cells[i] = this.rowCells[wanted[i] as number] ?? "";
    this.sink.row(new ArrayCells(cells), this.rowNumber);
    if (this.rowsLeft > 0 && --this.rowsLeft === 0) throw ENOUGH_ROWS;
  }

  /** Emptiness of the current cell without building it. */
  private isBlankCell(): boolean {
    switch (this.type) {
      case TYPE_SHARED:
      case TYPE_INLINE:
      case TYPE_STRING: {
        const cell = this.cell();
        return typeof cell === "string" && isBlank(cell);
      }
      default:
        return !this.hasValue || this.value.length === 0;
    }
  }

  private cell(): Cell {
    const value = this.value;
    switch (this.type) {
      case TYPE_NUMBER:
        return this.hasValue && value.length > 0 ? this.numberCell(value) : "";
      case TYPE_SHARED: {
        if (!this.hasValue || value.length === 0) return "";
        const text = this.strings[Number(value)];
        if (text === undefined) {
          throw new TableFormatError(
            this.displayName,
            `is a damaged or unsupported XLSX workbook: the cell in row ${this.rowNumber}, ` +
              `column ${this.column + 1} refers to shared string ${value}, which does not exist.`,
            this.rowNumber,
          );
        }
        return text;
      }
      case TYPE_INLINE:
        if (this.hasInline) return decodeOoxmlEscapes(this.inline);
        return this.hasValue ? decodeOoxmlEscapes(value) : "";
      case TYPE_STRING:
        return this.hasValue ? decodeOoxmlEscapes(value) : "";
      case TYPE_BOOLEAN: {
        if (!this.hasValue || value.length === 0) return "";
        const cell: BooleanCell = { kind: "boolean", value: value === "1" || value.toLowerCase() === "true" };
        return cell;
      }
      case TYPE_ERROR:
        return this.hasValue ? value : "";
      case TYPE_ISO_DATE: {
        if (!this.hasValue) return "";
        if (!ISO_DATE_PREFIX.test(value)) return value;
        const cell: DateCell = { kind: "date", date: value.slice(0, 10) };
        return cell;
      }
      default:
        return "";
    }
  }

  private numberCell(value: string): Cell {
    if (this.dateStyles[this.style] === 1) {
      const date = excelSerialToDate(Number(value), this.date1904);
      if (date !== undefined) {
        const cell: DateCell = { kind: "date", date };
        return cell;
      }
    }
    const text = formatExcelNumber(value);
    if (text === undefined) return value;
    const cell: NumberCell = { kind: "number", text };
    return cell;
  }
}
