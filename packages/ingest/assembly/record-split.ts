/*
 * AssemblyScript, compiled to WebAssembly by `npm run build:wasm` into src/csv/record-split-wasm.ts
 * (committed; a test compiles this file again and requires the same bytes).
 *
 * `scan` makes the bitmaps of a chunk's structural bytes (',', '"', LF, CR) and of its special ones
 * ('"', LF, CR). `split` finds the fields of one CSV record through them, exactly as the CSV parser's
 * `scanWithBits` does (read-csv-table.ts). They run in the memory of the structural scanner
 * (structural-scan.ts), where the chunk's bytes and bitmaps are. Anything out of the ordinary `split`
 * leaves to the parser, which reads the record again its own way: a record not ended in the chunk, more
 * fields or quoted fields than the room given, a quote that is not closed. So the rules of reading stay
 * those of the parser, in one place.
 */

import {
  GROUP_BYTES,
  GROUPS_AT,
  MONTHS,
  OTHER_COUNTS_AT,
  SPANS_AT,
  SUM_SLOT_BYTES,
  SUMS_COUNT,
  SUMS_LIST,
  SUMS_MASK,
  SUMS_MOST,
  SUMS_SLOTS,
  TEMPLATE_INFO_BYTES,
  TOLD_MONTHS_AT,
  W_AMOUNT,
  W_CLASS_PART,
  W_CLASS_PART_HASH,
  W_CLASS_PART_LENGTH,
  W_COUNTS,
  W_CUSTOMER_PART,
  W_CUSTOMER_PART_HASH,
  W_CUSTOMER_PART_LENGTH,
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
  W_PENDING_HASH,
  W_PENDING_LENGTH,
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
} from "../src/csv/count-rows-layout";

// Where the structural scanner keeps, in the memory, what these functions read and write (`setMemory`).
let bitsAt: usize = 0;
let specialsAt: usize = 0;
let headerAt: usize = 0;
let startsAt: usize = 0;
let quotedColumnAt: usize = 0;
let quotedCloseAt: usize = 0;
let quotedEscapedAt: usize = 0;
let quotedRoom: i32 = 0;
let ruleAt: usize = 0;

/**
 * Says where things are, once per scanner: the bitmaps of `scan`; what `split` writes (its header, the
 * field starts, the quoted fields' columns, closes and escapes, and the room for these); the rule of
 * `countRows`.
 */
export function setMemory(
  bits: usize,
  specials: usize,
  header: usize,
  starts: usize,
  quotedColumn: usize,
  quotedClose: usize,
  quotedEscaped: usize,
  quotedCapacity: i32,
  rule: usize,
): void {
  bitsAt = bits;
  specialsAt = specials;
  headerAt = header;
  startsAt = starts;
  quotedColumnAt = quotedColumn;
  quotedCloseAt = quotedClose;
  quotedEscapedAt = quotedEscaped;
  quotedRoom = quotedCapacity;
  ruleAt = rule;
}

/**
 * `scan(i, end)`: for each 32 bytes from `i` (a multiple of 32, the data being at
 * address 0) while `i < end`, stores at `bits + i / 8` the 32-bit mask of those that are ',', '"', LF
 * or CR (the structural bytes), and at `specials + i / 8` the mask of those that are '"', LF or CR.
 * Reads up to 31 bytes past `end`.
 */
export function scan(i: usize, end: usize): void {
  const bits = bitsAt;
  const specials = specialsAt;
  const comma = i8x16.splat(0x2c);
  const quote = i8x16.splat(0x22);
  const lf = i8x16.splat(0x0a);
  const cr = i8x16.splat(0x0d);
  for (; i < end; i += 32) {
    const a = v128.load(i);
    const b = v128.load(i + 16);
    const specialA = v128.or(v128.or(i8x16.eq(a, quote), i8x16.eq(a, lf)), i8x16.eq(a, cr));
    const specialB = v128.or(v128.or(i8x16.eq(b, quote), i8x16.eq(b, lf)), i8x16.eq(b, cr));
    const special = i8x16.bitmask(specialA) | (i8x16.bitmask(specialB) << 16);
    const commas = i8x16.bitmask(i8x16.eq(a, comma)) | (i8x16.bitmask(i8x16.eq(b, comma)) << 16);
    store<u32>(bits + (i >> 3), commas | special);
    store<u32>(specials + (i >> 3), special);
  }
}

/**
 * Splits the record at `pos` into at most `capacity` fields (the data is at address 0, `end` its end),
 * through the bitmaps of `scan`.
 * The commas before a word's next special byte ('"', LF, CR) are field separators, taken from the
 * bitmap without looking at their bytes; each special byte is looked at, and a quoted field is walked
 * through its special bytes only. Writes each field's start to `starts` (i32), each quoted field's
 * column, closing quote (i32) and whether it has "" escapes (u8) to `quotedColumn`, `quotedClose` and
 * `quotedEscaped`, and to `header` (i32): the last field's index, the line breaks inside quotes and the
 * number of quoted fields. Returns where the record's line end is, or -2 when the parser must read the
 * record itself.
 */
export function split(pos: i32, end: i32, capacity: i32): i32 {
  const bits = bitsAt;
  const specials = specialsAt;
  const header = headerAt;
  const starts = startsAt;
  const quotedColumn = quotedColumnAt;
  const quotedClose = quotedCloseAt;
  const quotedEscaped = quotedEscapedAt;
  const quotedCapacity = quotedRoom;
  let f: i32 = 0;
  let lineBreaks: i32 = 0;
  let quotedCount: i32 = 0;
  let w: i32 = pos >>> 6;
  const lastWord: i32 = (end - 1) >>> 6;
  const from: u64 = (<u64>-1) << (<u64>pos & 63);
  // The special bytes and the commas of the word being walked, not handled yet.
  let sm: u64 = load<u64>(specials + ((<usize>w) << 3)) & from;
  let cm: u64 = load<u64>(bits + ((<usize>w) << 3)) & ~sm & from;
  let fieldStart: i32 = pos;
  store<i32>(starts, pos);
  while (true) {
    // The commas before the next special byte (all of the word's when it has none), four at a time
    // without a branch per comma: a loop whose count varies with the data is mispredicted at its end,
    // which costs more than the stores past the last comma (`starts` has room for them).
    let c: u64 = sm === 0 ? cm : cm & ((sm & (0 - sm)) - 1);
    cm ^= c;
    if (c !== 0) {
      // Commas at or past the end are not the data's: the parser decides there.
      if (w === lastWord && (end & 63) !== 0 && c >>> (<u64>end & 63) !== 0) return -2;
      const count = <i32>popcnt(c);
      if (f + count >= capacity) return -2;
      const base = (w << 6) + 1;
      let at = starts + ((<usize>(f + 1)) << 2);
      f += count;
      while (true) {
        store<i32>(at, base + <i32>ctz(c));
        c &= c - 1;
        store<i32>(at + 4, base + <i32>ctz(c));
        c &= c - 1;
        store<i32>(at + 8, base + <i32>ctz(c));
        c &= c - 1;
        store<i32>(at + 12, base + <i32>ctz(c));
        c &= c - 1;
        if (c === 0) break;
        at += 16;
      }
      fieldStart = load<i32>(starts + ((<usize>f) << 2));
    }
    if (sm === 0) {
      if (w >= lastWord) return -2;
      w++;
      sm = load<u64>(specials + ((<usize>w) << 3));
      cm = load<u64>(bits + ((<usize>w) << 3)) & ~sm;
      continue;
    }
    const j = (w << 6) | <i32>ctz(sm);
    if (j >= end) return -2;
    sm &= sm - 1;
    const ch = load<u8>(<usize>j);
    if (ch === 0x0a || ch === 0x0d) {
      store<i32>(header, f);
      store<i32>(header + 4, lineBreaks);
      store<i32>(header + 8, quotedCount);
      return j;
    }
    // A quote: text inside a field, or the start of a quoted field.
    if (j !== fieldStart) continue;
    let escaped: u8 = 0;
    let k: i32 = 0;
    while (true) {
      while (sm === 0) {
        if (w >= lastWord) return -2;
        w++;
        sm = load<u64>(specials + ((<usize>w) << 3));
      }
      k = (w << 6) | <i32>ctz(sm);
      if (k >= end) return -2;
      sm &= sm - 1;
      const q = load<u8>(<usize>k);
      if (q === 0x22) {
        if (k + 1 >= end) return -2;
        if (load<u8>(<usize>k + 1) !== 0x22) break;
        // A "" escape: its second quote is the next special byte.
        escaped = 1;
        while (sm === 0) {
          if (w >= lastWord) return -2;
          w++;
          sm = load<u64>(specials + ((<usize>w) << 3));
        }
        sm &= sm - 1;
        continue;
      }
      if (q === 0x0a) lineBreaks++;
    }
    if (quotedCount >= quotedCapacity) return -2;
    store<i32>(quotedColumn + ((<usize>quotedCount) << 2), f);
    store<i32>(quotedClose + ((<usize>quotedCount) << 2), k);
    store<u8>(quotedEscaped + <usize>quotedCount, escaped);
    quotedCount++;
    // The commas after the closing quote in its word (the ones inside the quotes are text). Anything up
    // to the separator is kept (lenient, as Excel is).
    const after: u64 = (k & 63) === 63 ? 0 : (<u64>-1) << (<u64>(k & 63) + 1);
    cm = load<u64>(bits + ((<usize>w) << 3)) & ~load<u64>(specials + ((<usize>w) << 3)) & after;
  }
}

/*
 * `countRows` counts, record after record, the rows a usage reader only folds into its figures:
 * - valid rows of a service group that is not one of the program's, counted in their month, exactly as
 *   `UsagePrefilter.check` accepts them as OTHER_SERVICE (usage-prefilter.ts);
 * - valid AI rows whose other cells (the template cells) are those of a row the reader has read before
 *   (a template, as `RowTemplates` finds them): their amounts are summed by template and month, exactly.
 * It stops at the first record it cannot count so, which the parser then reads the usual way: any other
 * row (not valid, not sure, an AI row of a new template), a record `split` leaves to the parser, a blank
 * one, one longer than `maxRecord` bytes or reaching `badAt`, a CR at the end of the data, a month it does
 * not know yet (the parser parses it and adds it to the table), a full table of sums, or when `allowance`
 * rows were counted.
 *
 * The rule, at `rule`, is written by the parser from the reader's `ByteRowRule`: the columns, the
 * groups, the template cells and where the tables are (its layout is count-rows-layout.ts, which the
 * parser imports too). The tables: the templates (each a key, and how its rows are folded), the sums
 * by template and month (those told before the parser's next row, and those told later) and those by
 * customer and month, the month texts, and the counts by month.
 *
 * Results in `header` (i32 words): [3] rows counted, [4] lines they took, [5] why it stopped (1: the
 * record at the answer is the parser's; 2: its month, at [6, 7), is not in the table; 3: an AI row of a
 * template not in the table, whose key is kept for `addTemplate`; 4: the sums are full; 5: the eligible
 * sums are full; 6: the later sums are full; 7: an AI row of a template not in the table, both of
 * whose parts are, their numbers in the rule, and the key kept), [8] where the last counted record
 * ended.
 */

/** The longest template key summed (longer ones are left to the parser). */
const KEY_LIMIT = 1024;

// What `span` found: the cell's bytes without surrounding ASCII white space.
let spanStart: i32 = 0;
let spanEnd: i32 = 0;

/**
 * `CsvParser.span` of column `col` of the record just split: false when its bytes cannot stand for
 * its text (a quoted cell with "" escapes or text after its closing quote, or a first or last byte
 * that is not ASCII). A column the record does not have is empty.
 */
function span(col: i32, fields: i32, recordEnd: i32, quotedCount: i32): bool {
  const starts = startsAt;
  const quotedColumn = quotedColumnAt;
  const quotedClose = quotedCloseAt;
  const quotedEscaped = quotedEscapedAt;
  if (col < 0 || col >= fields) {
    spanStart = 0;
    spanEnd = 0;
    return true;
  }
  let start = load<i32>(starts + ((<usize>col) << 2));
  let end = col + 1 < fields ? load<i32>(starts + ((<usize>(col + 1)) << 2)) - 1 : recordEnd;
  for (let q = 0; q < quotedCount; q++) {
    if (load<i32>(quotedColumn + ((<usize>q) << 2)) !== col) continue;
    const close = load<i32>(quotedClose + ((<usize>q) << 2));
    if (load<u8>(quotedEscaped + <usize>q) === 1 || end > close + 1) return false;
    start++;
    end = close;
    break;
  }
  while (start < end && isSpace(load<u8>(<usize>start))) start++;
  while (end > start && isSpace(load<u8>(<usize>(end - 1)))) end--;
  if (start < end && (load<u8>(<usize>start) >= 0x80 || load<u8>(<usize>(end - 1)) >= 0x80)) return false;
  spanStart = start;
  spanEnd = end;
  return true;
}

function isSpace(c: u8): bool {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isDigit(c: u8): bool {
  return c >= 0x30 && c <= 0x39;
}

/** `isDecimalBytes` (usage-prefilter.ts): `[+-]?(\d+|[1-9]\d{0,2}(,\d{3})+)(\.\d+)?` or `[+-]?\.\d+`. */
function isDecimal(start: i32, end: i32): bool {
  let i = start;
  if (i < end && (load<u8>(<usize>i) === 0x2b || load<u8>(<usize>i) === 0x2d)) i++;
  if (i >= end) return false;
  const first = i;
  while (i < end && isDigit(load<u8>(<usize>i))) i++;
  const digits = i - first;
  if (i < end && load<u8>(<usize>i) === 0x2c) {
    if (digits < 1 || digits > 3 || load<u8>(<usize>first) === 0x30) return false;
    while (i < end && load<u8>(<usize>i) === 0x2c) {
      if (end - i < 4) return false;
      if (
        !isDigit(load<u8>(<usize>(i + 1))) ||
        !isDigit(load<u8>(<usize>(i + 2))) ||
        !isDigit(load<u8>(<usize>(i + 3)))
      )
        return false;
      i += 4;
    }
    if (i < end && isDigit(load<u8>(<usize>i))) return false;
  } else if (digits === 0 && !(i < end && load<u8>(<usize>i) === 0x2e)) {
    return false;
  }
  if (i < end && load<u8>(<usize>i) === 0x2e) {
    i++;
    const fraction = i;
    while (i < end && isDigit(load<u8>(<usize>i))) i++;
    if (i === fraction) return false;
  }
  return i === end;
}

/** Whether the byte at `at` is the lower-case letter `letter`, ASCII case ignored. */
function letterAt(at: i32, letter: i32): bool {
  const c = <i32>load<u8>(<usize>at);
  return (c | 0x20) === letter && c >= 0x41;
}

/**
 * `isBooleanBytes` (usage-prefilter.ts): true/false/yes/no/1/0, ASCII case ignored. (Letters are
 * compared one by one: a string literal would be data in the memory, which holds the file's bytes.)
 */
function isBoolean(start: i32, end: i32): bool {
  const n = end - start;
  const b = <i32>load<u8>(<usize>start);
  const c0 = b | 0x20;
  if (n === 1) return b === 0x30 || b === 0x31;
  if (n === 2) return c0 === 0x6e && (<i32>load<u8>(<usize>(start + 1)) | 0x20) === 0x6f; // no
  if (n === 3) return c0 === 0x79 && letterAt(start + 1, 0x65) && letterAt(start + 2, 0x73); // yes
  if (n === 4)
    return c0 === 0x74 && letterAt(start + 1, 0x72) && letterAt(start + 2, 0x75) && letterAt(start + 3, 0x65); // true
  if (n === 5)
    return (
      c0 === 0x66 &&
      letterAt(start + 1, 0x61) &&
      letterAt(start + 2, 0x6c) &&
      letterAt(start + 3, 0x73) &&
      letterAt(start + 4, 0x65)
    ); // false
  return false;
}

/** Whether bytes [start, end) lower-cased (A-Z only) are the group at `group` (a length, then bytes). */
function isGroup(start: i32, end: i32, group: usize): bool {
  const length = load<i32>(group);
  if (end - start !== length) return false;
  for (let i = 0; i < length; i++) {
    let c = load<u8>(<usize>(start + i));
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== load<u8>(group + 4 + <usize>i)) return false;
  }
  return true;
}

/** The 16 bytes at `start`, those from `end` on zeroed: `textLo` and `textHi`. */
let textLo: u64 = 0;
let textHi: u64 = 0;
function text16(start: i32, end: i32): void {
  const length = end - start;
  let lo = load<u64>(<usize>start);
  let hi = load<u64>(<usize>start + 8);
  if (length < 8) {
    lo &= ((<u64>1) << ((<u64>length) << 3)) - 1;
    hi = 0;
  } else if (length < 16) {
    hi &= ((<u64>1) << ((<u64>(length - 8)) << 3)) - 1;
  }
  textLo = lo;
  textHi = hi;
}

/** The first slot of the month texts' table to look at for the text in `textLo`, `textHi`. */
function monthSlot(rule: usize, length: i32): u32 {
  let h: u64 = (textLo ^ <u64>length) * 0x9e3779b97f4a7c15;
  h = (h ^ textHi ^ (h >> 29)) * 0xbf58476d1ce4e5b9;
  return <u32>(h >> 32) & <u32>load<i32>(rule + W_MONTH_TEXT_MASK * 4);
}

/** The month (its place among the months the parser has seen) of the text at [start, end) (at most 16 bytes), or -1. */
function monthIndex(rule: usize, start: i32, end: i32): i32 {
  const length = end - start;
  text16(start, end);
  const table = <usize>load<i32>(rule + W_MONTH_TEXTS * 4);
  const mask = <u32>load<i32>(rule + W_MONTH_TEXT_MASK * 4);
  let slot = monthSlot(rule, length);
  while (true) {
    const entry = table + <usize>slot * 24;
    const n = load<i32>(entry);
    if (n === 0) return -1;
    if (n === length && load<u64>(entry + 8) === textLo && load<u64>(entry + 16) === textHi)
      return load<i32>(entry + 4);
    slot = (slot + 1) & mask;
  }
}

/** Adds the text at [start, end) (1 to 16 bytes, not in the table) to the month texts' table, as `month`. */
export function addMonthText(start: i32, end: i32, month: i32): void {
  const rule = ruleAt;
  const length = end - start;
  text16(start, end);
  const table = <usize>load<i32>(rule + W_MONTH_TEXTS * 4);
  const mask = <u32>load<i32>(rule + W_MONTH_TEXT_MASK * 4);
  let slot = monthSlot(rule, length);
  while (load<i32>(table + <usize>slot * 24) !== 0) slot = (slot + 1) & mask;
  const entry = table + <usize>slot * 24;
  store<i32>(entry, length);
  store<i32>(entry + 4, month);
  store<u64>(entry + 8, textLo);
  store<u64>(entry + 16, textHi);
  store<i32>(rule + W_MONTH_TEXT_COUNT * 4, load<i32>(rule + W_MONTH_TEXT_COUNT * 4) + 1);
}

export function countRows(
  pos: i32,
  end: i32,
  capacity: i32,
  maxRecord: i32,
  badAt: i32,
  allowance: i32,
): i32 {
  const rule = ruleAt;
  const header = headerAt;
  const serviceGroup = load<i32>(rule + W_SERVICE_GROUP * 4);
  const amount = load<i32>(rule + W_AMOUNT * 4);
  const month = load<i32>(rule + W_MONTH * 4);
  const requiredCount = load<i32>(rule + W_REQUIRED_COUNT * 4);
  const flagCount = load<i32>(rule + W_FLAG_COUNT * 4);
  const groupCount = load<i32>(rule + W_GROUP_COUNT * 4);
  const templateCells = load<i32>(rule + W_TEMPLATE_CELL_COUNT * 4);
  let rows: i32 = 0;
  let lines: i32 = 0;
  let reason: i32 = 1;
  let last: i32 = pos;
  while (rows < allowance) {
    const j = split(pos, end, capacity);
    if (j < 0 || j - pos > maxRecord) break;
    let next = j + 1;
    if (load<u8>(<usize>j) === 0x0d) {
      if (next >= end) break;
      if (load<u8>(<usize>next) === 0x0a) next++;
    }
    if (next > badAt) break;
    const fields = load<i32>(header) + 1;
    const quotedCount = load<i32>(header + 8);
    // The service group: present, ASCII; one of the program's or not.
    if (!span(serviceGroup, fields, j, quotedCount)) break;
    let start = spanStart;
    let stop = spanEnd;
    if (start === stop) break;
    let ascii = true;
    for (let i = start; i < stop; i++) if (load<u8>(<usize>i) >= 0x80) ascii = false;
    if (!ascii) break;
    let ai = false;
    for (let g = 0; g < groupCount; g++)
      if (isGroup(start, stop, rule + GROUPS_AT + <usize>g * GROUP_BYTES)) ai = true;
    if (ai && templateCells === 0) break;
    // Required cells present.
    let valid = true;
    for (let r = 0; r < requiredCount; r++) {
      const col = load<i32>(rule + W_REQUIRED * 4 + ((<usize>r) << 2));
      if (!span(col, fields, j, quotedCount) || spanStart === spanEnd) valid = false;
    }
    if (!valid) break;
    // The amount: a decimal as the contract writes it.
    if (!span(amount, fields, j, quotedCount)) break;
    const amountStart = spanStart;
    const amountEnd = spanEnd;
    if (!isDecimal(amountStart, amountEnd)) break;
    // Yes/no flags: empty or one of the six words.
    for (let k = 0; k < flagCount; k++) {
      const col = load<i32>(rule + W_FLAGS * 4 + ((<usize>k) << 2));
      if (!span(col, fields, j, quotedCount)) valid = false;
      else if (spanStart !== spanEnd && !isBoolean(spanStart, spanEnd)) valid = false;
    }
    if (!valid) break;
    // The month: one the table knows.
    if (!span(month, fields, j, quotedCount)) break;
    start = spanStart;
    stop = spanEnd;
    if (start === stop || stop - start > 16) break;
    const index = monthIndex(rule, start, stop);
    if (index < 0) {
      reason = 2;
      store<i32>(header + 24, start);
      store<i32>(header + 28, stop);
      break;
    }
    if (ai) {
      // An AI row: summed with the rows of its template, when the table has it.
      const template = findTemplate(rule, templateCells, fields, j, quotedCount);
      if (template === -1) break;
      if (template === -2) {
        // A new template: made without the parser when both its parts were seen before.
        reason = 3;
        if (load<i32>(rule + W_PART_CELLS * 4) !== 0) {
          const classPart = findPart(rule, templateCells, 0);
          const customerPart = findPart(rule, templateCells, 1);
          store<i32>(rule + W_CLASS_PART * 4, classPart);
          store<i32>(rule + W_CUSTOMER_PART * 4, customerPart);
          if (classPart >= 0 && customerPart >= 0) reason = 7;
        }
        break;
      }
      // How the template's rows are folded: 0, summed by template and month for the parser to fold
      // them in order; 1 (eligible), summed by customer and month, and counted; 2 (a duplicate) and
      // 3 (not AI), counted.
      const info = <usize>load<i32>(rule + W_TEMPLATE_INFO * 4) + <usize>template * TEMPLATE_INFO_BYTES;
      const kind = load<i32>(info);
      if (kind === 0) {
        // Once the parser was told a sum of the template's rows in this month, the rest are summed
        // apart and told when the read ends (their order matters only to the first).
        const told = (load<u8>(info + TOLD_MONTHS_AT + (<usize>index >> 3)) >> (<u8>index & 7)) & 1;
        const table = told !== 0 ? W_LATER_SUMS : W_SUMS;
        const sum = addAmount(rule, table, template * MONTHS + index + 1, amountStart, amountEnd);
        if (sum === -1) break;
        if (sum === -2) {
          reason = told !== 0 ? 6 : 4;
          break;
        }
      } else {
        const counts = <usize>load<i32>(rule + W_COUNTS * 4) + ((<usize>index) << 2);
        if (kind === 1) {
          const sum = addAmount(
            rule,
            W_ELIGIBLE_SUMS,
            load<i32>(info + 4) * MONTHS + index + 1,
            amountStart,
            amountEnd,
          );
          if (sum === -1) break;
          if (sum === -2) {
            reason = 5;
            break;
          }
          const flags = load<i32>(info + 8);
          store<i32>(counts + MONTHS * 4, load<i32>(counts + MONTHS * 4) + 1);
          store<i32>(counts + MONTHS * 8, load<i32>(counts + MONTHS * 8) + (flags & 1));
          store<i32>(counts + MONTHS * 12, load<i32>(counts + MONTHS * 12) + ((flags >> 1) & 1));
          store<i32>(counts + MONTHS * 16, load<i32>(counts + MONTHS * 16) + ((flags >> 2) & 1));
        } else if (kind === 2) {
          store<i32>(counts + MONTHS * 20, load<i32>(counts + MONTHS * 20) + 1);
        } else {
          store<i32>(counts + MONTHS * 24, load<i32>(counts + MONTHS * 24) + 1);
        }
        store<i32>(counts, load<i32>(counts) + 1);
      }
    } else {
      const counter = rule + OTHER_COUNTS_AT + ((<usize>index) << 2);
      store<i32>(counter, load<i32>(counter) + 1);
    }
    rows++;
    lines += 1 + load<i32>(header + 4);
    pos = next;
    last = next;
  }
  store<i32>(header + 12, rows);
  store<i32>(header + 16, lines);
  store<i32>(header + 20, reason);
  store<i32>(header + 32, last);
  return pos;
}

/** The bytes [at, at + n) (n < 8) as a word, those past n zeroed. */
function tail(at: usize, n: i32): u64 {
  return n === 0 ? 0 : load<u64>(at) & (<u64>-1 >>> <u64>(64 - (n << 3)));
}

/** Every template cell: `part` for the helpers below when they are about a whole template key. */
const WHOLE: i32 = -1;

const TEMPLATE_TABLE: i32 = 0;
const PART_TABLE: i32 = 1;

/** The byte offset in the rule of a keyed table's slots (0), mask (1), key offsets (2) or key bytes (3). */
function tableWord(table: i32, which: i32): usize {
  let word = 0;
  if (table === TEMPLATE_TABLE)
    word =
      which === 0 ? W_TEMPLATE_SLOTS : which === 1 ? W_TEMPLATE_MASK : which === 2 ? W_TEMPLATE_KEYS : W_KEYS;
  else
    word =
      which === 0 ? W_PART_SLOTS : which === 1 ? W_PART_MASK : which === 2 ? W_PART_OFFSETS : W_PART_KEYS;
  return <usize>word * 4;
}

/** Whether template cell `c` is in part `part` (WHOLE: every cell is) of a key by `mask`. */
function inPart(c: i32, mask: i32, part: i32): bool {
  return part === WHOLE || ((mask >> c) & 1) === part;
}

/**
 * The hash of the cells (of part `part`) whose spans are at `spans`, from `seed`: each cell's length,
 * then its bytes eight at a time.
 */
function hashCells(spans: usize, cells: i32, mask: i32, part: i32, seed: u64): u32 {
  let h = seed;
  for (let c = 0; c < cells; c++) {
    if (!inPart(c, mask, part)) continue;
    const start = <usize>load<i32>(spans + <usize>c * 8);
    const n = load<i32>(spans + <usize>c * 8 + 4);
    h = (h ^ <u64>n) * 0x9e3779b97f4a7c15;
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      h = (h ^ load<u64>(start + <usize>i)) * 0x9e3779b97f4a7c15;
      h ^= h >> 29;
    }
    h = (h ^ tail(start + <usize>i, n - i)) * 0x9e3779b97f4a7c15;
    h ^= h >> 29;
  }
  h ^= h >> 33;
  return <u32>(h ^ (h >> 32));
}

/** Whether the key bytes at `key` are those of the cells (of part `part`) whose spans are at `spans`. */
function sameCells(key: usize, spans: usize, cells: i32, mask: i32, part: i32): bool {
  let at = key;
  for (let c = 0; c < cells; c++) {
    if (!inPart(c, mask, part)) continue;
    const start = <usize>load<i32>(spans + <usize>c * 8);
    const n = load<i32>(spans + <usize>c * 8 + 4);
    if (((<i32>load<u8>(at)) << 8) + <i32>load<u8>(at + 1) !== n) return false;
    at += 2;
    let i = 0;
    for (; i + 8 <= n; i += 8) if (load<u64>(at + <usize>i) !== load<u64>(start + <usize>i)) return false;
    if (tail(at + <usize>i, n - i) !== tail(start + <usize>i, n - i)) return false;
    at += <usize>n;
  }
  return true;
}

/** Writes the key bytes of the cells (of part `part`) whose spans are at `spans` at `at`. */
function storeCells(at: usize, spans: usize, cells: i32, mask: i32, part: i32): void {
  for (let c = 0; c < cells; c++) {
    if (!inPart(c, mask, part)) continue;
    const start = <usize>load<i32>(spans + <usize>c * 8);
    const n = load<i32>(spans + <usize>c * 8 + 4);
    store<u8>(at, <u8>(n >> 8));
    store<u8>(at + 1, <u8>(n & 0xff));
    memory.copy(at + 2, start, <usize>n);
    at += 2 + <usize>n;
  }
}

/**
 * A keyed table (the templates', the parts'): its slots (hash, number + 1), their mask, each entry's key
 * (offset, length) and the keys' bytes, at the rule words `table` gives (TEMPLATE_TABLE, PART_TABLE).
 * Answers the number of the entry whose key is the cells of part `part` (after a byte `part` for the
 * parts' table), or -1.
 */
function findKey(
  rule: usize,
  table: i32,
  hash: u32,
  length: i32,
  spans: usize,
  cells: i32,
  mask: i32,
  part: i32,
): i32 {
  const slots = <usize>load<i32>(rule + tableWord(table, 0));
  const slotMask = <u32>load<i32>(rule + tableWord(table, 1));
  const offsets = <usize>load<i32>(rule + tableWord(table, 2));
  const keys = <usize>load<i32>(rule + tableWord(table, 3));
  const prefix: usize = part === WHOLE ? 0 : 1;
  let slot = hash & slotMask;
  while (true) {
    const entry = slots + <usize>slot * 8;
    const id = load<i32>(entry + 4);
    if (id === 0) return -1;
    if (load<u32>(entry) === hash) {
      const e = id - 1;
      const key = keys + <usize>load<i32>(offsets + <usize>e * 8);
      if (
        load<i32>(offsets + <usize>e * 8 + 4) === length &&
        (prefix === 0 || <i32>load<u8>(key) === part) &&
        sameCells(key + prefix, spans, cells, mask, part)
      )
        return e;
    }
    slot = (slot + 1) & slotMask;
  }
}

/** Adds entry `e`, whose key of `length` bytes is at offset `used` of the keys, to a keyed table. */
function insertKey(rule: usize, table: i32, hash: u32, e: i32, used: i32, length: i32): void {
  const slots = <usize>load<i32>(rule + tableWord(table, 0));
  const slotMask = <u32>load<i32>(rule + tableWord(table, 1));
  const offsets = <usize>load<i32>(rule + tableWord(table, 2));
  let slot = hash & slotMask;
  while (load<i32>(slots + <usize>slot * 8 + 4) !== 0) slot = (slot + 1) & slotMask;
  store<u32>(slots + <usize>slot * 8, hash);
  store<i32>(slots + <usize>slot * 8 + 4, e + 1);
  store<i32>(offsets + <usize>e * 8, used);
  store<i32>(offsets + <usize>e * 8 + 4, length);
}

/**
 * The template of the record just split: its number; -2 when the table does not have it (its hash and
 * key length are then kept at [115] and [116] for `addTemplate`, which copies the key); -1 when the row
 * cannot be keyed (a cell whose bytes cannot stand for its text, a key too long, no room). The key is
 * each template cell's length (two bytes) and bytes, as `RowTemplates` keys them; it is hashed and
 * compared from the record's bytes, eight at a time.
 */
function findTemplate(rule: usize, cells: i32, fields: i32, recordEnd: i32, quotedCount: i32): i32 {
  const spans = rule + SPANS_AT;
  let length = 0;
  for (let c = 0; c < cells; c++) {
    const col = load<i32>(rule + (<usize>W_TEMPLATE_CELLS + <usize>c) * 4);
    if (!span(col, fields, recordEnd, quotedCount)) return -1;
    store<i32>(spans + <usize>c * 8, spanStart);
    store<i32>(spans + <usize>c * 8 + 4, spanEnd - spanStart);
    length += 2 + spanEnd - spanStart;
  }
  if (length > KEY_LIMIT) return -1;
  const hash = hashCells(spans, cells, 0, WHOLE, 0x2545f4914f6cdd1d);
  const t = findKey(rule, TEMPLATE_TABLE, hash, length, spans, cells, 0, WHOLE);
  if (t >= 0) return t;
  const used = load<i32>(rule + W_KEYS_USED * 4);
  if (
    load<i32>(rule + W_TEMPLATES * 4) >= load<i32>(rule + W_TEMPLATE_LIMIT * 4) ||
    used + length > load<i32>(rule + W_KEY_ROOM * 4)
  )
    return -1;
  store<i32>(rule + W_PENDING_HASH * 4, <i32>hash);
  store<i32>(rule + W_PENDING_LENGTH * 4, length);
  return -2;
}

/** The rule words where the hash and key length of a new part `part` are kept for `addTemplate`. */
function pendingHashWord(part: i32): usize {
  return <usize>(part === 1 ? W_CUSTOMER_PART_HASH : W_CLASS_PART_HASH) * 4;
}
function pendingLengthWord(part: i32): usize {
  return <usize>(part === 1 ? W_CUSTOMER_PART_LENGTH : W_CLASS_PART_LENGTH) * 4;
}

/**
 * The number of a part (`part` 1: the template cells in `W_PART_CELLS`, a customer's; 0: the others) of
 * the row `findTemplate` just keyed, from the spans it kept; -1 when the table does not have it (its
 * hash and key length are then kept for `addTemplate`). The key is the part's number (one byte), then
 * each of its cells' length (two bytes) and bytes.
 */
function findPart(rule: usize, cells: i32, part: i32): i32 {
  const spans = rule + SPANS_AT;
  const mask = load<i32>(rule + W_PART_CELLS * 4);
  let length = 1;
  for (let c = 0; c < cells; c++)
    if (inPart(c, mask, part)) length += 2 + load<i32>(spans + <usize>c * 8 + 4);
  const hash = hashCells(spans, cells, mask, part, 0x2545f4914f6cdd1d ^ <u64>(part + 1));
  const p = findKey(rule, PART_TABLE, hash, length, spans, cells, mask, part);
  if (p >= 0) return p;
  store<i32>(rule + pendingHashWord(part), <i32>hash);
  store<i32>(rule + pendingLengthWord(part), length);
  return -1;
}

/**
 * Adds part `part` of the row `findPart` was asked about when it was new (its number -1 at `numberAt`)
 * and the table has room: its number is then left at `numberAt` (-1 when there was no room).
 */
function addPart(rule: usize, cells: i32, part: i32, numberAt: usize): void {
  if (load<i32>(numberAt) >= 0) return;
  const hash = <u32>load<i32>(rule + pendingHashWord(part));
  const length = load<i32>(rule + pendingLengthWord(part));
  const p = load<i32>(rule + W_PARTS * 4);
  const used = load<i32>(rule + W_PART_KEYS_USED * 4);
  if (p >= load<i32>(rule + W_PART_LIMIT * 4) || used + length > load<i32>(rule + W_PART_KEY_ROOM * 4))
    return;
  const at = <usize>load<i32>(rule + W_PART_KEYS * 4) + <usize>used;
  store<u8>(at, <u8>part);
  storeCells(at + 1, rule + SPANS_AT, cells, load<i32>(rule + W_PART_CELLS * 4), part);
  insertKey(rule, PART_TABLE, hash, p, used, length);
  store<i32>(rule + W_PART_KEYS_USED * 4, used + length);
  store<i32>(rule + W_PARTS * 4, p + 1);
  store<i32>(numberAt, p);
}

/**
 * Adds the template the last `countRows` stopped at (reason 3 or 7) to the table, its key being the one
 * it kept, with how its rows are folded (`kind`; for eligible rows, the customer's number and the checks
 * left open: 1 offer, 2 duplicate flag, 4 cloud): answers its number. Its parts new to their table are
 * added too, their numbers left in the rule (`W_CLASS_PART`, `W_CUSTOMER_PART`; -1: no room).
 */
export function addTemplate(kind: i32, customer: i32, flags: i32): i32 {
  const rule = ruleAt;
  const t = load<i32>(rule + W_TEMPLATES * 4);
  const used = load<i32>(rule + W_KEYS_USED * 4);
  const length = load<i32>(rule + W_PENDING_LENGTH * 4);
  // The key, from the spans `findTemplate` kept (the record's bytes are still where they were).
  const cells = load<i32>(rule + W_TEMPLATE_CELL_COUNT * 4);
  storeCells(<usize>load<i32>(rule + W_KEYS * 4) + <usize>used, rule + SPANS_AT, cells, 0, WHOLE);
  insertKey(rule, TEMPLATE_TABLE, <u32>load<i32>(rule + W_PENDING_HASH * 4), t, used, length);
  store<i32>(rule + W_KEYS_USED * 4, used + length);
  store<i32>(rule + W_TEMPLATES * 4, t + 1);
  const info = <usize>load<i32>(rule + W_TEMPLATE_INFO * 4) + <usize>t * TEMPLATE_INFO_BYTES;
  store<i32>(info, kind);
  store<i32>(info + 4, customer);
  store<i32>(info + 8, flags);
  memory.fill(info + TOLD_MONTHS_AT, 0, MONTHS >> 3);
  if (load<i32>(rule + W_PART_CELLS * 4) !== 0) {
    addPart(rule, cells, 0, rule + W_CLASS_PART * 4);
    addPart(rule, cells, 1, rule + W_CUSTOMER_PART * 4);
  }
  return t;
}

/** 10^n, for n up to 18. */
function pow10(n: i32): i64 {
  let p: i64 = 1;
  for (let i = 0; i < n; i++) p *= 10;
  return p;
}

/** Amounts are summed while they stay within this (far inside i64); past it, the parser adds the row. */
const SUM_LIMIT: i64 = 1_000_000_000_000_000_000;

/**
 * Adds the amount at [start, end) (a valid decimal) to the sum of `key` in the sums whose words start
 * at rule word `table` (110 and 127, told in order and later: by template * 128 + month + 1; 120: by
 * customer * 128 + month + 1),
 * exactly, in units of 10^-scale at the larger of the two scales: 0 when added; -1 when the amount has
 * more than 15 digits or the sum would leave the limit (the parser adds the row then); -2 when a new sum
 * does not fit (the parser hands the sums over first).
 */
function addAmount(rule: usize, table: i32, key: i32, start: i32, end: i32): i32 {
  let units: i64 = 0;
  let digits = 0;
  let scale = -1;
  let negative = false;
  for (let i = start; i < end; i++) {
    const c = <i32>load<u8>(<usize>i);
    if (c >= 0x30 && c <= 0x39) {
      units = units * 10 + (c - 0x30);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 0x2e) scale = 0;
    else if (c === 0x2d) negative = true;
  }
  if (digits > 15) return -1;
  if (scale < 0) scale = 0;
  if (negative) units = -units;
  const words = rule + <usize>table * 4;
  const slots = <usize>load<i32>(words + SUMS_SLOTS * 4);
  const mask = <u32>load<i32>(words + SUMS_MASK * 4);
  let slot = (<u32>key * 0x9e3779b1) & mask;
  let entry: usize = 0;
  while (true) {
    entry = slots + <usize>slot * SUM_SLOT_BYTES;
    const k = load<i32>(entry);
    if (k === key) break;
    if (k === 0) {
      const count = load<i32>(words + SUMS_COUNT * 4);
      if (count >= load<i32>(words + SUMS_MOST * 4)) return -2;
      store<i32>(entry, key);
      store<i32>(entry + 4, 0);
      store<i32>(entry + 8, scale);
      store<i64>(entry + 16, 0);
      store<i32>(<usize>load<i32>(words + SUMS_LIST * 4) + ((<usize>count) << 2), <i32>slot);
      store<i32>(words + SUMS_COUNT * 4, count + 1);
      break;
    }
    slot = (slot + 1) & mask;
  }
  let sum = load<i64>(entry + 16);
  let sumScale = load<i32>(entry + 8);
  if (scale > sumScale) {
    const factor = pow10(scale - sumScale);
    if (sum > SUM_LIMIT / factor || sum < -SUM_LIMIT / factor) return -1;
    sum *= factor;
    sumScale = scale;
  } else if (scale < sumScale) {
    const factor = pow10(sumScale - scale);
    if (units > SUM_LIMIT / factor || units < -SUM_LIMIT / factor) return -1;
    units *= factor;
  }
  sum += units;
  if (sum > SUM_LIMIT || sum < -SUM_LIMIT) return -1;
  store<i64>(entry + 16, sum);
  store<i32>(entry + 8, sumScale);
  store<i32>(entry + 4, load<i32>(entry + 4) + 1);
  return 0;
}
