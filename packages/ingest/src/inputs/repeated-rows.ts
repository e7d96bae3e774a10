import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { RepeatedRows } from "@specready/core";
import { cellText, type RowCells, type TableSink } from "../table/cell.js";
import type { TableFormat } from "../table/detect-table-format.js";
import { readTableAs } from "../table/read-table.js";

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
  readonly seen = new HashSet64();
  rows = 0;
  repeated = 0;

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

/**
 * Counts the data rows of a UTF-8 CSV file that repeat an earlier row byte for byte, in one pass over
 * its bytes: records end at a line feed outside quotes, carriage returns are ignored (CRLF and LF
 * files agree), and rows of empty cells are skipped as the readers skip them. The first record is the
 * header.
 */
async function countCsvBytes(
  path: string,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<RepeatedRows> {
  const counter = new RowCounter();
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let total = 0;
  if (onProgress !== undefined) {
    const handle = await open(path, "r");
    total = (await handle.stat()).size;
    await handle.close();
  }
  let hi = SEED_HI;
  let lo = SEED_LO;
  let quoted = false;
  let blank = true;
  let header = true;
  let done = 0;
  const end = () => {
    if (header) {
      // The first record with a cell is the header: blank lines before it are not rows either.
      if (!blank) header = false;
    } else if (!blank) {
      counter.count(hi, lo);
    }
    hi = SEED_HI;
    lo = SEED_LO;
    blank = true;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (c === LF && !quoted) {
        end();
        continue;
      }
      if (c === CR) continue;
      if (c === QUOTE) quoted = !quoted;
      else if (c !== COMMA && c !== SPACE && c !== TAB) blank = false;
      hi = Math.imul(hi ^ c, 0x01000193);
      lo = Math.imul(lo ^ c, 0x5bd1e995) ^ (lo >>> 15);
    }
    done += chunk.length;
    onProgress?.(done, total);
  }
  end();
  return counter.result();
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
  await readTableAs(format, path, fileName, sink, { onProgress });
  return counter.result();
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
  options: { readonly onProgress?: ((done: number, total: number) => void) | undefined } = {},
): Promise<RepeatedRows> {
  if (format === "csv") {
    const handle = await open(path, "r");
    let utf16 = false;
    try {
      const head = Buffer.alloc(2);
      const { bytesRead } = await handle.read(head, 0, 2, 0);
      utf16 =
        bytesRead === 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
    } finally {
      await handle.close();
    }
    if (!utf16) return countCsvBytes(path, options.onProgress);
  }
  return countTableCells(path, fileName, format, options.onProgress);
}
