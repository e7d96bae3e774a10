import { parseYearMonth, type YearMonth } from "@specready/core";
import type { ByteCells } from "../table/cell.js";

/*
 * The byte-level check of the usage rows that cannot be AI usage. Most rows of a Partner Center usage
 * export are other services (compute, storage, ...): the contract still wants every one of them valid
 * (a bad month, amount or flag anywhere is an input error), but none of their text is ever used. This
 * check looks at their bytes where the CSV reader found them, without decoding any cell to a string.
 *
 * It only ever says "this row is valid and of another service group" when the usual reading would say
 * exactly that and count nothing else but the row in its month. Whenever it is not sure — a cell that
 * is not plain ASCII, a quoted cell with "" escapes, anything that is not valid — it says no, and the
 * row is read the usual way, which accepts it, counts it, or reports its problems with their line and
 * column as before. So an AI row is never skipped, and a bad row is never let through.
 */

/** What `UsagePrefilter.check` says of a row. */
export type RowCheck = 0 | 1 | 2;
export const UNSURE: RowCheck = 0;
export const OTHER_SERVICE: RowCheck = 1;
export const AI_SERVICE: RowCheck = 2;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MONTH_CACHE_LIMIT = 10_000;

interface MonthEntry {
  readonly bytes: Uint8Array;
  readonly month: YearMonth;
  readonly next: MonthEntry | undefined;
}

/** The cells the check reads, by their position among the reader's requested cells. */
export interface PrefilterCells {
  readonly month: number;
  readonly serviceGroup2: number;
  readonly acrUsd: number;
  /** Yes/no cells: empty, or true/false/yes/no/1/0 in any case. */
  readonly booleans: readonly number[];
  /** Cells that must not be empty (required columns the file has). */
  readonly required: readonly number[];
}

export class UsagePrefilter {
  /** The program's AI service groups, lower-cased, as bytes. */
  private readonly aiGroups: Uint8Array[];
  private readonly months = new Map<number, MonthEntry>();
  private monthCount = 0;
  /** The month of the last row accepted. */
  month: YearMonth = "";

  private constructor(
    aiGroups: readonly string[],
    private readonly cells: PrefilterCells,
  ) {
    this.aiGroups = aiGroups.map((g) => Buffer.from(g, "latin1"));
  }

  /** A check for these AI groups, or `undefined` when one of them is not plain ASCII. */
  static of(aiGroups: readonly string[], cells: PrefilterCells): UsagePrefilter | undefined {
    const lower = aiGroups.map((g) => g.toLowerCase());
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the range \x00-\x7f
    if (lower.some((g) => !/^[\x00-\x7f]*$/.test(g))) return undefined;
    return new UsagePrefilter(lower, cells);
  }

  /** Where the amount of the last row checked valid is: `bytes[acrStart, acrEnd)`. */
  acrStart = 0;
  acrEnd = 0;

  /**
   * True when the row is valid and its service group is not AI: then `month` holds its month. False
   * when the row must be read the usual way.
   */
  otherService(row: ByteCells): boolean {
    return this.check(row) === OTHER_SERVICE;
  }

  /**
   * Whether the row is valid, and of another service group (`OTHER_SERVICE`) or of an AI group
   * (`AI_SERVICE`); then `month` holds its month and `acrStart`/`acrEnd` its amount. `UNSURE` when
   * the row must be read the usual way.
   */
  check(row: ByteCells): RowCheck {
    const c = this.cells;
    const bytes = row.bytes;
    // ServiceGroup2: present, plain ASCII, one of the AI groups or not (ASCII case ignored).
    if (!row.span(c.serviceGroup2)) return UNSURE;
    let start = row.spanStart;
    let end = row.spanEnd;
    if (start === end) return UNSURE;
    for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return UNSURE;
    let ai = false;
    for (const group of this.aiGroups) if (equalsLowerAscii(bytes, start, end, group)) ai = true;
    // Required cells present: something but ASCII white space between plain ASCII ends (a cell of
    // other white space, such as a no-break space, is left to the usual reading, which trims it).
    for (const k of c.required) if (!row.span(k) || row.spanStart === row.spanEnd) return UNSURE;
    // ACR_USD: a decimal as the contract writes it.
    if (!row.span(c.acrUsd) || !isDecimalBytes(bytes, row.spanStart, row.spanEnd)) return UNSURE;
    const acrStart = row.spanStart;
    const acrEnd = row.spanEnd;
    // Yes/no flags: absent or one of the six words.
    for (const k of c.booleans) {
      if (!row.span(k)) return UNSURE;
      start = row.spanStart;
      end = row.spanEnd;
      if (start !== end && !isBooleanBytes(bytes, start, end)) return UNSURE;
    }
    // Month: a valid month or date (the few distinct values are parsed once, by their bytes).
    if (!row.span(c.month)) return UNSURE;
    const month = this.monthOf(bytes, row.spanStart, row.spanEnd);
    if (month === undefined) return UNSURE;
    this.month = month;
    this.acrStart = acrStart;
    this.acrEnd = acrEnd;
    return ai ? AI_SERVICE : OTHER_SERVICE;
  }

  private monthOf(bytes: Uint8Array, start: number, end: number): YearMonth | undefined {
    const length = end - start;
    if (length === 0 || length > 16) return undefined;
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
    hash &= 0x3fffffff; // a small integer key, kept unboxed
    for (let e = this.months.get(hash); e !== undefined; e = e.next) {
      const b = e.bytes;
      if (b.length !== length) continue;
      let i = 0;
      while (i < length && b[i] === bytes[start + i]) i++;
      if (i === length) return e.month;
    }
    let text = "";
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      if (byte >= 0x80) return undefined;
      text += String.fromCharCode(byte);
    }
    const month = parseYearMonth(text);
    if (month !== undefined && this.monthCount < MONTH_CACHE_LIMIT) {
      this.monthCount++;
      const copy = Uint8Array.prototype.slice.call(bytes, start, end);
      this.months.set(hash, { bytes: copy, month, next: this.months.get(hash) });
    }
    return month;
  }
}

const ZERO = 0x30;
const NINE = 0x39;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COMMA = 0x2c;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * `isDecimalText` of the core on bytes: `[+-]?(\d+|[1-9]\d{0,2}(,\d{3})+)(\.\d+)?` or `[+-]?\.\d+`.
 */
export function isDecimalBytes(b: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (i < end && (b[i] === PLUS || b[i] === MINUS)) i++;
  if (i >= end) return false;
  const first = i;
  while (i < end && isDigit(b[i] as number)) i++;
  const digits = i - first;
  if (i < end && b[i] === COMMA) {
    // Thousands groups: a first group of 1-3 digits without a leading zero, then ",ddd" groups.
    if (digits < 1 || digits > 3 || b[first] === ZERO) return false;
    while (i < end && b[i] === COMMA) {
      if (end - i < 4) return false;
      if (!isDigit(b[i + 1] as number) || !isDigit(b[i + 2] as number) || !isDigit(b[i + 3] as number))
        return false;
      i += 4;
    }
    if (i < end && isDigit(b[i] as number)) return false;
  } else if (digits === 0 && !(i < end && b[i] === DOT)) {
    return false;
  }
  if (i < end && b[i] === DOT) {
    i++;
    const fraction = i;
    while (i < end && isDigit(b[i] as number)) i++;
    if (i === fraction) return false;
  }
  return i === end;
}

/** true/false/yes/no/1/0, ASCII case ignored. */
export function isBooleanBytes(b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  const c0 = (b[start] as number) | 0x20;
  if (n === 1) return b[start] === 0x30 || b[start] === 0x31;
  if (n === 2) return c0 === 0x6e && ((b[start + 1] as number) | 0x20) === 0x6f; // no
  if (n === 3) return c0 === 0x79 && lowerIs(b, start + 1, "es");
  if (n === 4) return c0 === 0x74 && lowerIs(b, start + 1, "rue");
  if (n === 5) return c0 === 0x66 && lowerIs(b, start + 1, "alse");
  return false;
}

function lowerIs(b: Uint8Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = b[at + i] as number;
    // Only letters are lowered: "|" | 0x20 is not a letter of the word anyway.
    if ((c | 0x20) !== word.charCodeAt(i) || c < 0x41) return false;
  }
  return true;
}

/** Whether bytes[start, end) (ASCII) lower-cased equal `lower` (lower-case ASCII bytes). */
function equalsLowerAscii(b: Uint8Array, start: number, end: number, lower: Uint8Array): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = b[start + i] as number;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lower[i]) return false;
  }
  return true;
}

const TEMPLATE_LIMIT = 20_000;

interface TemplateEntry<T> {
  /** Each cell's length (two bytes) and bytes, one after the other. */
  readonly key: Uint8Array;
  readonly value: T;
  readonly next: TemplateEntry<T> | undefined;
}

/**
 * Values made of a row's cells, found again by those cells' bytes: the AI rows of an export repeat the
 * same customer, names, attribution, offer and cloud month after month, so what they make is made once
 * and found by comparing bytes, without decoding a cell. Holds at most 20,000 (past that, rows are read
 * the usual way).
 */
export class RowTemplates<T> {
  private readonly map = new Map<number, TemplateEntry<T>>();
  private count = 0;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private hash = 0;
  private keyLength = 0;

  constructor(private readonly cells: readonly number[]) {
    this.starts = new Int32Array(cells.length);
    this.ends = new Int32Array(cells.length);
  }

  /**
   * The value made of a row with these cells' bytes; undefined when there is none yet (`add` it), or
   * when a cell's bytes cannot stand for its text (`keyed` is then false: read the row the usual way).
   */
  find(row: ByteCells): T | undefined {
    this.keyLength = -1;
    const bytes = row.bytes;
    let hash = FNV_OFFSET;
    let length = 0;
    for (let k = 0; k < this.cells.length; k++) {
      if (!row.span(this.cells[k] as number)) return undefined;
      const start = row.spanStart;
      const end = row.spanEnd;
      if (end - start > 0xffff) return undefined;
      this.starts[k] = start;
      this.ends[k] = end;
      hash = Math.imul(hash ^ (end - start), FNV_PRIME);
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
      length += 2 + end - start;
    }
    this.hash = hash & 0x3fffffff;
    this.keyLength = length;
    for (let e = this.map.get(this.hash); e !== undefined; e = e.next)
      if (this.matches(e.key, bytes)) return e.value;
    return undefined;
  }

  /** Whether the last `find` could key its row. */
  get keyed(): boolean {
    return this.keyLength >= 0;
  }

  /** Keeps `value` for the row of the last `find` (when it was keyed and there is room). */
  add(row: ByteCells, value: T): void {
    if (this.keyLength < 0 || this.count >= TEMPLATE_LIMIT) return;
    const bytes = row.bytes;
    const key = new Uint8Array(this.keyLength);
    let at = 0;
    for (let k = 0; k < this.cells.length; k++) {
      const start = this.starts[k] as number;
      const end = this.ends[k] as number;
      key[at++] = (end - start) >> 8;
      key[at++] = (end - start) & 0xff;
      for (let i = start; i < end; i++) key[at++] = bytes[i] as number;
    }
    this.map.set(this.hash, { key, value, next: this.map.get(this.hash) });
    this.count++;
  }

  private matches(key: Uint8Array, bytes: Uint8Array): boolean {
    if (key.length !== this.keyLength) return false;
    let at = 0;
    for (let k = 0; k < this.cells.length; k++) {
      const start = this.starts[k] as number;
      const end = this.ends[k] as number;
      if (((key[at] as number) << 8) + (key[at + 1] as number) !== end - start) return false;
      at += 2;
      for (let i = start; i < end; i++) if (key[at++] !== bytes[i]) return false;
    }
    return true;
  }
}
