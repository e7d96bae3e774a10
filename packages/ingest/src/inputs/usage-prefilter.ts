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

  /**
   * True when the row is valid and its service group is not AI: then `month` holds its month. False
   * when the row must be read the usual way.
   */
  otherService(row: ByteCells): boolean {
    const c = this.cells;
    const bytes = row.bytes;
    // ServiceGroup2: present, plain ASCII, not one of the AI groups (ASCII case ignored).
    if (!row.span(c.serviceGroup2)) return false;
    let start = row.spanStart;
    let end = row.spanEnd;
    if (start === end) return false;
    for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return false;
    for (const group of this.aiGroups) if (equalsLowerAscii(bytes, start, end, group)) return false;
    // Required cells present (spaces and tabs only are empty, as the usual reading says).
    for (const k of c.required) if (row.isBlank(k)) return false;
    // ACR_USD: a decimal as the contract writes it.
    if (!row.span(c.acrUsd) || !isDecimalBytes(bytes, row.spanStart, row.spanEnd)) return false;
    // Yes/no flags: absent or one of the six words.
    for (const k of c.booleans) {
      if (!row.span(k)) return false;
      start = row.spanStart;
      end = row.spanEnd;
      if (start !== end && !isBooleanBytes(bytes, start, end)) return false;
    }
    // Month: a valid month or date (the few distinct values are parsed once, by their bytes).
    if (!row.span(c.month)) return false;
    const month = this.monthOf(bytes, row.spanStart, row.spanEnd);
    if (month === undefined) return false;
    this.month = month;
    return true;
  }

  private monthOf(bytes: Uint8Array, start: number, end: number): YearMonth | undefined {
    const length = end - start;
    if (length === 0 || length > 16) return undefined;
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
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
