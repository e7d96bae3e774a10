import type { RepeatedRows } from "@specready/core";
import { cellText, type RowCells, type TableSink } from "../table/cell.js";
import type { TableFormat } from "../table/detect-table-format.js";
import { openTableFile } from "../table/growing-file.js";
import type { TableLimits } from "../table/table-limits.js";
import { compileWasm, instantiateWasm, WASM_PAGE, type WasmModule } from "../wasm-api.js";
import { REPEATED_ROWS_WASM } from "./repeated-rows-wasm.js";

/*
 * Counting the rows of a file that repeat an earlier row exactly (see `RepeatedRows` in the core). Each
 * data row is hashed to 64 bits and looked up in a set of the hashes seen; only the hashes are kept,
 * 8 bytes a row. Two different rows with the same hash would be counted as a repeat: with 64 bits that
 * is about one chance in 10^7 for a file of ten million rows, and the count is a warning, never a change
 * to the data.
 */

/** At most this many hash slots (8 bytes each: 64 MiB); past 3/4 of them, new rows are no longer kept. */
const MAX_SLOTS = 1 << 23;

/** A set of 64-bit hashes (two 32-bit halves) with open addressing; (0, 0) marks an empty slot. */
export class HashSet64 {
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  /** False once a new hash could not be kept because the set is full. */
  complete = true;

  constructor(
    initialSlots = 1 << 12,
    private readonly maxSlots = MAX_SLOTS,
  ) {
    this.slots = new Int32Array(2 * initialSlots);
    this.mask = initialSlots - 1;
  }

  /** Adds a hash; false when it was there already. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = slots[2 * i] as number;
      const l = slots[2 * i + 1] as number;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return false;
      i = (i + 1) & this.mask;
    }
    const capacity = this.mask + 1;
    if (this.size + 1 > capacity / 2) {
      if (capacity < this.maxSlots) {
        this.grow();
        return this.add(hi, lo);
      }
      if (this.size + 1 > (capacity * 3) / 4) {
        this.complete = false;
        return true;
      }
    }
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    this.size++;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = 2 * (this.mask + 1);
    this.slots = new Int32Array(2 * capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let k = 0; k < old.length; k += 2) {
      const h = old[k] as number;
      const l = old[k + 1] as number;
      if (h !== 0 || l !== 0) this.add(h, l);
    }
  }
}

/** The final mix of MurmurHash3: every input bit reaches every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const SEED_HI = 0x811c9dc5 | 0;
const SEED_LO = 0x9747b28c | 0;

/** Hashes rows as their cells arrive, and counts those seen before. */
class RowCounter {
  readonly seen: HashSet64;
  rows = 0;
  repeated = 0;

  /** `slots`: the set's room at first (it grows past it, up to `most`). */
  constructor(slots = 1 << 12, most = MAX_SLOTS) {
    this.seen = new HashSet64(slots, most);
  }

  count(hi: number, lo: number): void {
    this.rows++;
    if (!this.seen.add(fmix(hi), fmix(lo))) this.repeated++;
  }

  result(): RepeatedRows {
    return { rows: this.rows, repeated: this.repeated, complete: this.seen.complete };
  }
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;

/** The bytes read at a time, and the longest record counted (a longer one is no row of a real export). */
const CHUNK = 4 << 20;
const MAX_RECORD = 64 << 20;

/** Whether bytes [start, end) are only separators, quotes and spaces: a row of empty cells. */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = buf[k];
    if (c !== COMMA && c !== SPACE && c !== TAB && c !== QUOTE && c !== CR) return false;
  }
  return true;
}

/** Hashes bytes [start, end) four at a time (their length included), and counts the record. */
function countRecord(buf: Buffer, start: number, end: number, counter: RowCounter): void {
  let hi = SEED_HI ^ (end - start);
  let lo = SEED_LO;
  let k = start;
  for (; k + 4 <= end; k += 4) {
    const w =
      (buf[k] as number) |
      ((buf[k + 1] as number) << 8) |
      ((buf[k + 2] as number) << 16) |
      ((buf[k + 3] as number) << 24);
    hi = Math.imul(hi ^ w, 0x01000193);
    lo = Math.imul(lo ^ w, 0x5bd1e995);
    lo ^= lo >>> 15;
  }
  for (; k < end; k++) {
    const c = buf[k] as number;
    hi = Math.imul(hi ^ c, 0x01000193);
    lo = Math.imul(lo ^ c, 0x5bd1e995);
    lo ^= lo >>> 15;
  }
  counter.count(hi, lo);
}

/**
 * The line end of a file whose first bytes are `first`: LF, or CR for a file of carriage returns alone
 * (a CR with a byte after it in `first`, and no LF: a CR at its very end may be a CRLF's first half).
 */
function lineEndOf(first: Buffer): number {
  const cr = first.indexOf(CR);
  return cr >= 0 && cr + 1 < first.length && first.indexOf(LF) < 0 ? CR : LF;
}

/** The slots to make room for at once for a file of `total` bytes (the set grows past them). */
function initialSlots(total: number, most: number): number {
  // Room for a row of every 400 bytes or so, as Partner Center's usage rows are (a file of shorter
  // rows grows the set as it goes): a set sized for twice that many was 64 MB for a 400 MB file.
  const expectedRows = total / 400;
  let slots = 1 << 12;
  while (slots < 2 * expectedRows && slots < most) slots *= 2;
  return Math.min(slots, most);
}

/**
 * Counts the data rows of a UTF-8 CSV file that repeat an earlier row byte for byte, in one pass over
 * its bytes: records end at a line feed outside quotes (a carriage return before it is left out, so
 * CRLF and LF files agree; a file of carriage returns alone ends records with them), and rows of empty
 * cells are skipped as the readers skip them. The first record is the header. Line ends and quotes are
 * found with `indexOf` (native), and records are hashed four bytes at a time. This is the count where
 * WebAssembly SIMD is not available (`countCsvBytesWasm` is the same walk, done in WebAssembly).
 */
async function countCsvBytes(
  path: string,
  onProgress: ((done: number, total: number) => void) | undefined,
  most: number,
): Promise<RepeatedRows> {
  const handle = await openTableFile(path);
  try {
    const total = (await handle.stat()).size;
    const counter = new RowCounter(initialSlots(total, most), most);
    let buffer = Buffer.allocUnsafe(2 * CHUNK);
    let carry = 0;
    let at = 0;
    let header = true;
    let separator = LF;
    const record = (start: number, end: number) => {
      if (end > start && buffer[end - 1] === CR) end--;
      if (isBlank(buffer, start, end)) return;
      // The first record with a cell is the header: blank lines before it are not rows either.
      if (header) header = false;
      else countRecord(buffer, start, end, counter);
    };
    for (;;) {
      if (buffer.length - carry < CHUNK) {
        // A record longer than a chunk: grow, up to a limit no real row reaches.
        if (buffer.length >= MAX_RECORD) {
          counter.seen.complete = false;
          break;
        }
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carry);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, carry, CHUNK, at);
      if (at === 0 && bytesRead > 0) separator = lineEndOf(buffer.subarray(0, bytesRead));
      at += bytesRead;
      const end = carry + bytesRead;
      const view = buffer.subarray(0, end);
      let start = 0;
      let from = 0;
      let quoted = false;
      let nextQuote = -1;
      for (;;) {
        const eol = view.indexOf(separator, from);
        if (eol < 0) break;
        // The quotes up to the line end: an odd count leaves it inside a quoted field.
        if (nextQuote < from) nextQuote = view.indexOf(QUOTE, from);
        while (nextQuote >= 0 && nextQuote < eol) {
          quoted = !quoted;
          nextQuote = view.indexOf(QUOTE, nextQuote + 1);
        }
        if (nextQuote < 0) nextQuote = end;
        from = eol + 1;
        if (quoted) continue;
        record(start, eol);
        start = from;
      }
      if (bytesRead === 0) {
        if (start < end) record(start, end);
        break;
      }
      // The unfinished record goes to the front, to be scanned again with what follows.
      carry = end - start;
      if (carry > 0) buffer.copy(buffer, 0, start, end);
      onProgress?.(at, total);
    }
    return counter.result();
  } finally {
    await handle.close();
  }
}

/** assembly/repeated-rows.ts: see there. */
interface CounterExports {
  setup(
    batch: number,
    slots: number,
    initialSlots: number,
    most: number,
    scratch: number,
    data: number,
    lineEnd: number,
  ): void;
  walk(end: number, last: number): number;
  countedRows(): number;
  repeatedRows(): number;
  isComplete(): number;
  markIncomplete(): void;
}
let counterModule: WasmModule | null | undefined;

/** The compiled counter (repeated-rows-wasm.ts), or undefined without WebAssembly or its SIMD. */
function compiledCounter(): WasmModule | undefined {
  if (counterModule === undefined) counterModule = compileWasm(REPEATED_ROWS_WASM) ?? null;
  return counterModule ?? undefined;
}

/**
 * `countCsvBytes` in WebAssembly (assembly/repeated-rows.ts): this reads the file into the module's
 * memory a chunk at a time, and the module finds the records, hashes them and keeps the set of their
 * hashes. The memory holds the set's slots (room for the most it may grow to, `most`: only the slots
 * in use are written, and pages never written take no memory), room to copy half of them while it
 * grows, then the data, which grows at the end for a record longer than a chunk: for `MAX_SLOTS`,
 * 64 + 32 + 8 MiB of address space at first. Undefined without WebAssembly SIMD, or where that memory
 * cannot be had (the caller then counts in JavaScript, from the start). Exported for the tests, which
 * require that it counts.
 */
export async function countCsvBytesWasm(
  path: string,
  onProgress: ((done: number, total: number) => void) | undefined,
  most: number = MAX_SLOTS,
): Promise<RepeatedRows | undefined> {
  const module = compiledCounter();
  if (module === undefined) return undefined;
  const batchAt = 0;
  const slotsAt = 512;
  const scratchAt = slotsAt + 8 * most;
  const dataAt = scratchAt + 4 * most;
  // The walk reads up to 31 bytes past the data.
  const room = (capacity: number) => Math.ceil((dataAt + capacity + 32) / WASM_PAGE);
  let capacity = 2 * CHUNK;
  let instance: ReturnType<typeof instantiateWasm<CounterExports>>;
  try {
    instance = instantiateWasm<CounterExports>(module, room(capacity));
  } catch {
    return undefined; // no memory this large here (a limit on the address space): counted in JavaScript
  }
  const { memory, exports: counter } = instance;
  const handle = await openTableFile(path);
  try {
    const total = (await handle.stat()).size;
    let data = Buffer.from(memory.buffer, dataAt, capacity);
    let carry = 0;
    let at = 0;
    for (;;) {
      if (capacity - carry < CHUNK) {
        // A record longer than a chunk: the data grows at the end, up to a limit no real row reaches.
        if (capacity >= MAX_RECORD) {
          counter.markIncomplete();
          break;
        }
        try {
          memory.grow(room(2 * capacity) - room(capacity));
        } catch {
          return undefined; // no more memory here: counted again, in JavaScript
        }
        capacity *= 2;
        data = Buffer.from(memory.buffer, dataAt, capacity);
      }
      const { bytesRead } = await handle.read(data, carry, CHUNK, at);
      if (at === 0) {
        const lineEnd = lineEndOf(data.subarray(0, bytesRead));
        counter.setup(batchAt, slotsAt, initialSlots(total, most), most, scratchAt, dataAt, lineEnd);
      }
      at += bytesRead;
      if (bytesRead === 0) {
        counter.walk(carry, 1);
        break;
      }
      carry = counter.walk(carry + bytesRead, 0);
      onProgress?.(at, total);
    }
    return {
      rows: counter.countedRows(),
      repeated: counter.repeatedRows(),
      complete: counter.isComplete() !== 0,
    };
  } finally {
    await handle.close();
  }
}

/**
 * Counts the rows of any table the readers read (XLSX, UTF-16 CSV) that repeat an earlier row: the
 * same text in every cell.
 */
async function countTableCells(
  path: string,
  fileName: string,
  format: TableFormat,
  onProgress: ((done: number, total: number) => void) | undefined,
  limits: TableLimits | undefined,
): Promise<RepeatedRows> {
  const counter = new RowCounter();
  const sink: TableSink = {
    header: (cells) => cells.map((_, k) => k),
    row(cells: RowCells) {
      let hi = SEED_HI;
      let lo = SEED_LO;
      for (let k = 0; k < cells.size; k++) {
        const text = cellText(cells.get(k));
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          hi = Math.imul(hi ^ c, 0x01000193);
          lo = Math.imul(lo ^ c, 0x5bd1e995) ^ (lo >>> 15);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        hi = Math.imul(hi ^ 0x1f, 0x01000193);
        lo = Math.imul(lo ^ 0x1f, 0x5bd1e995) ^ (lo >>> 15);
      }
      counter.count(hi, lo);
    },
  };
  // The readers, loaded here only: a thread that counts a UTF-8 CSV file starts without them.
  const { readTableAs } = await import("../table/read-table.js");
  await readTableAs(format, path, fileName, sink, { onProgress, limits });
  return counter.result();
}

/** How `countRepeatedRows` counts. */
export interface RepeatedRowsOptions {
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** The reading limits, for a workbook or a UTF-16 file read through the readers. */
  readonly limits?: TableLimits | undefined;
  /**
   * False: a UTF-8 CSV file is counted in JavaScript rather than in WebAssembly (the tests count both
   * ways). The two hash rows differently, which changes nothing but the odds of two rows colliding.
   */
  readonly wasm?: boolean | undefined;
  /**
   * The most slots the set of a UTF-8 CSV file's row hashes grows to (a power of two, 4,096 or more;
   * `MAX_SLOTS` by default): the tests make it small to fill it.
   */
  readonly mostSlots?: number | undefined;
}

/**
 * How many data rows of a table file repeat an earlier row exactly. A UTF-8 CSV file is compared byte
 * for byte (one quick pass over its bytes); a workbook or a UTF-16 file cell by cell, through the
 * readers. Call it on a file that reads without problems: a file the readers refuse is not counted.
 *
 * @param onProgress bytes counted so far, and the file's size.
 */
export async function countRepeatedRows(
  path: string,
  fileName: string,
  format: TableFormat,
  options: RepeatedRowsOptions = {},
): Promise<RepeatedRows> {
  if (format === "csv") {
    const handle = await openTableFile(path);
    let utf16 = false;
    try {
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      utf16 =
        bytesRead === 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
    } finally {
      await handle.close();
    }
    if (!utf16) {
      const most = options.mostSlots ?? MAX_SLOTS;
      if (!Number.isInteger(Math.log2(most)) || most < 1 << 12 || most > MAX_SLOTS)
        throw new RangeError(`mostSlots must be a power of two from 4,096 to ${MAX_SLOTS}: ${most}`);
      const counted =
        options.wasm === false ? undefined : await countCsvBytesWasm(path, options.onProgress, most);
      return counted ?? countCsvBytes(path, options.onProgress, most);
    }
  }
  return countTableCells(path, fileName, format, options.onProgress, options.limits);
}
