/*
 * The bytes that give a CSV record its structure — ',', '"', LF and CR — found 32 at a time with
 * WebAssembly SIMD. A usage export is about 90% other bytes (digits, letters, spaces): the parser
 * jumps from one structural byte to the next through a bitmap (one bit per byte) instead of looking
 * at every byte, and still decides everything itself (which quote opens a field, which comma is inside
 * quotes, where a line ends). So the rules of reading are those of the byte-by-byte parser, which the
 * tests hold the two to on the same input.
 *
 * record-split.ts (AssemblyScript, compiled into record-split-wasm.ts) runs in the scanner's memory:
 * it makes the bitmaps, splits ordinary records into fields, and counts the usage rows a reader only
 * counts or sums. Where WebAssembly or its SIMD is not available (an old engine, `--jitless`),
 * `takeScanner` answers undefined and the parser reads byte by byte.
 */

import { compileWasm, instantiateWasm, WASM_PAGE, type WasmModule } from "../wasm-api.js";
import { MONTHS, RULE_BYTES, SPANS_AT, SUM_SLOT_BYTES, TEMPLATE_INFO_BYTES } from "./count-rows-layout.js";
import { RECORD_SPLIT_WASM } from "./record-split-wasm.js";

/** record-split.ts (AssemblyScript): see there. */
interface SplitExports {
  setMemory(
    bits: number,
    specials: number,
    header: number,
    starts: number,
    quotedColumn: number,
    quotedClose: number,
    quotedEscaped: number,
    quotedCapacity: number,
    rule: number,
  ): void;
  scan(i: number, end: number): void;
  split(pos: number, end: number, capacity: number): number;
  addTemplate(kind: number, customer: number, flags: number): number;
  addMonthText(start: number, end: number, month: number): void;
  countRows(
    pos: number,
    end: number,
    capacity: number,
    maxRecord: number,
    badAt: number,
    allowance: number,
  ): number;
}
let compiled: WasmModule | null | undefined;

/** record-split.ts compiled, or undefined without WebAssembly or its SIMD. */
function splitModule(): WasmModule | undefined {
  if (compiled === undefined) compiled = compileWasm(RECORD_SPLIT_WASM) ?? null;
  return compiled ?? undefined;
}

/** Room `split` has for one record: fields, and quoted fields (a record with more is left to the parser). */
export const SPLIT_FIELDS = 256;
export const SPLIT_QUOTED = 64;
/** The rule of `countRows` (record-split.ts gives its layout): its size, and the months its table holds. */
/**
 * The tables `countRows` sums AI rows with: templates (the slots, twice the most templates), their keys'
 * bytes, and the sums by template and month (the slots, twice the most sums).
 */
export const TEMPLATE_LIMIT = 20_000;
const TEMPLATE_SLOTS = 32_768;
const KEY_ROOM = 2 * 1024 * 1024;
export const SUM_LIMIT = 32_768;
const SUM_SLOTS = 65_536;
/** The month texts `countRows` knows (a file's dates are many texts of few months), and their slots. */
export const MONTH_TEXTS = 1024;
/** The parts of template keys `countRows` knows (customers and classes of rows), their slots and bytes. */
export const PART_LIMIT = 20_000;
const PART_SLOTS = 32_768;
const PART_KEY_ROOM = 1024 * 1024;
const MONTH_TEXT_SLOTS = 2048;

/**
 * A buffer of `capacity` bytes in WebAssembly memory, and the bitmap of its structural bytes. Read
 * bytes into `data`, call `scan(length)`, then `bits` says for each byte of [0, length) whether it is
 * structural (bits past `length` mean nothing).
 */
export class StructuralScanner {
  readonly data: Buffer;
  readonly bits: Int32Array;
  private readonly run: (i: number, end: number) => void;
  private readonly bitsAt: number;
  private readonly splitAt: number;
  /** What the last `split` found (see there): the record's field starts and its quoted fields. */
  readonly starts: Int32Array;
  readonly quotedColumn: Int32Array;
  readonly quotedClose: Int32Array;
  readonly quotedEscaped: Uint8Array;
  /** The last field's index, the line breaks inside quotes, and the number of quoted fields. */
  readonly splitHeader: Int32Array;

  private constructor(
    readonly capacity: number,
    module: WasmModule,
  ) {
    // The data, 32 bytes the last block may read past it, the bitmap, then what `split` writes: its
    // header, the field starts, the quoted fields' columns, closes and escapes.
    this.bitsAt = capacity + 32;
    this.splitAt = Math.ceil((this.bitsAt + capacity / 8 + 32) / 8) * 8;
    const ruleAt = this.splitAt + 48;
    // After the rule, 128 bytes where the WebAssembly keeps a row's template cells.
    const startsAt = ruleAt + SPANS_AT + 128;
    // `split` may write up to three starts past the last field.
    const columnAt = startsAt + 4 * (SPLIT_FIELDS + 4);
    const closeAt = columnAt + 4 * SPLIT_QUOTED;
    const escapedAt = closeAt + 4 * SPLIT_QUOTED;
    const templateSlotsAt = Math.ceil((escapedAt + SPLIT_QUOTED) / 8) * 8;
    const templateKeysAt = templateSlotsAt + 8 * TEMPLATE_SLOTS;
    const keysAt = templateKeysAt + 8 * TEMPLATE_LIMIT;
    const sumSlotsAt = keysAt + KEY_ROOM;
    const sumListAt = sumSlotsAt + SUM_SLOT_BYTES * SUM_SLOTS;
    const eligibleSlotsAt = sumListAt + 4 * SUM_LIMIT;
    const eligibleListAt = eligibleSlotsAt + SUM_SLOT_BYTES * SUM_SLOTS;
    const laterSlotsAt = eligibleListAt + 4 * SUM_LIMIT;
    const laterListAt = laterSlotsAt + SUM_SLOT_BYTES * SUM_SLOTS;
    const countsAt = laterListAt + 4 * SUM_LIMIT;
    const templateInfoAt = countsAt + 4 * 7 * MONTHS;
    const monthTextsAt = templateInfoAt + TEMPLATE_INFO_BYTES * TEMPLATE_LIMIT;
    const partSlotsAt = monthTextsAt + 24 * MONTH_TEXT_SLOTS;
    const partOffsetsAt = partSlotsAt + 8 * PART_SLOTS;
    const partKeysAt = partOffsetsAt + 8 * PART_LIMIT;
    const specialsAt = partKeysAt + PART_KEY_ROOM;
    const needed = specialsAt + capacity / 8 + 32;
    this.tables = {
      templateSlots: templateSlotsAt,
      templateSlotsMask: TEMPLATE_SLOTS - 1,
      keys: keysAt,
      keyRoom: KEY_ROOM,
      templateKeys: templateKeysAt,
      sumSlots: sumSlotsAt,
      sumSlotsMask: SUM_SLOTS - 1,
      sumList: sumListAt,
      monthTexts: monthTextsAt,
      monthTextsMask: MONTH_TEXT_SLOTS - 1,
      eligibleSlots: eligibleSlotsAt,
      eligibleList: eligibleListAt,
      laterSlots: laterSlotsAt,
      laterList: laterListAt,
      counts: countsAt,
      templateInfo: templateInfoAt,
      partSlots: partSlotsAt,
      partSlotsMask: PART_SLOTS - 1,
      partOffsets: partOffsetsAt,
      partKeys: partKeysAt,
      partKeyRoom: PART_KEY_ROOM,
    };
    const { memory, exports: wasm } = instantiateWasm<SplitExports>(module, Math.ceil(needed / WASM_PAGE));
    this.data = Buffer.from(memory.buffer, 0, capacity);
    this.bits = new Int32Array(memory.buffer, this.bitsAt, capacity / 32 + 1);
    this.splitHeader = new Int32Array(memory.buffer, this.splitAt, 12);
    this.rule = new Int32Array(memory.buffer, ruleAt, RULE_BYTES / 4);
    this.ruleBytes = new Uint8Array(memory.buffer, ruleAt, RULE_BYTES);
    this.starts = new Int32Array(memory.buffer, startsAt, SPLIT_FIELDS);
    this.quotedColumn = new Int32Array(memory.buffer, columnAt, SPLIT_QUOTED);
    this.quotedClose = new Int32Array(memory.buffer, closeAt, SPLIT_QUOTED);
    this.quotedEscaped = new Uint8Array(memory.buffer, escapedAt, SPLIT_QUOTED);
    this.sumWords = new Int32Array(memory.buffer, sumSlotsAt, 6 * SUM_SLOTS);
    this.sumUnits = new BigInt64Array(memory.buffer, sumSlotsAt, 3 * SUM_SLOTS);
    this.sumList = new Int32Array(memory.buffer, sumListAt, SUM_LIMIT);
    this.templateSlots = new Int32Array(memory.buffer, templateSlotsAt, 2 * TEMPLATE_SLOTS);
    this.monthTexts = new Int32Array(memory.buffer, monthTextsAt, 6 * MONTH_TEXT_SLOTS);
    this.eligibleWords = new Int32Array(memory.buffer, eligibleSlotsAt, 6 * SUM_SLOTS);
    this.eligibleUnits = new BigInt64Array(memory.buffer, eligibleSlotsAt, 3 * SUM_SLOTS);
    this.eligibleList = new Int32Array(memory.buffer, eligibleListAt, SUM_LIMIT);
    this.laterWords = new Int32Array(memory.buffer, laterSlotsAt, 6 * SUM_SLOTS);
    this.laterUnits = new BigInt64Array(memory.buffer, laterSlotsAt, 3 * SUM_SLOTS);
    this.laterList = new Int32Array(memory.buffer, laterListAt, SUM_LIMIT);
    this.templateInfo = new Uint8Array(memory.buffer, templateInfoAt, TEMPLATE_INFO_BYTES * TEMPLATE_LIMIT);
    this.counts = new Int32Array(memory.buffer, countsAt, 7 * MONTHS);
    this.partSlots = new Int32Array(memory.buffer, partSlotsAt, 2 * PART_SLOTS);
    wasm.setMemory(
      this.bitsAt,
      specialsAt,
      this.splitAt,
      startsAt,
      columnAt,
      closeAt,
      escapedAt,
      SPLIT_QUOTED,
      ruleAt,
    );
    this.run = wasm.scan;
    this.split = wasm.split;
    this.addTemplate = wasm.addTemplate;
    this.addMonthText = wasm.addMonthText;
    this.countRows = wasm.countRows;
  }

  /**
   * Finds the fields (at most `fields`, at most `SPLIT_FIELDS`) of the record at `pos` of data[0, end)
   * after `scan` (see record-split.ts): writes
   * `starts`, the quoted fields and `splitHeader`, and answers where the record's line end is; -2 when
   * the record is not an ordinary one (unfinished, too many fields, an unclosed quote) and the parser
   * must read it itself.
   */
  readonly split: (pos: number, end: number, fields: number) => number;

  /**
   * Counts the rows from `pos` that `rule` says are only counted or summed, up to the first record the
   * parser must read (see record-split.ts): answers where that record starts. `splitHeader` then holds
   * the rows counted [3], the lines they took [4], why it stopped [5] (2: the month at data[[6], [7]) is
   * not in the rule's table; 3: an AI row of a template not in the table; 4, 5, 6: the sums, the
   * eligible sums, the later sums are full; 7: an AI row of a template not in the table whose parts
   * are) and where the last row counted ended [8].
   */
  readonly countRows: (
    pos: number,
    end: number,
    fields: number,
    maxRecord: number,
    badAt: number,
    allowance: number,
  ) => number;
  /**
   * Adds the template of the AI row `countRows` stopped at (reason 3 or 7) to its table, with how its
   * rows are folded, and its new parts (record-split.ts): answers its number.
   */
  readonly addTemplate: (kind: number, customer: number, flags: number) => number;
  /** Says that the text at data[start, end) (1 to 16 bytes, new) is month number `month`. */
  readonly addMonthText: (start: number, end: number, month: number) => void;
  /** The rule of `countRows`, as i32 words and as bytes (its layout is in record-split.ts). */
  readonly rule: Int32Array;
  readonly ruleBytes: Uint8Array;
  /** Where the tables of `countRows` are in the memory (the rule says so to the WebAssembly). */
  readonly tables: {
    readonly templateSlots: number;
    readonly templateSlotsMask: number;
    readonly keys: number;
    readonly keyRoom: number;
    readonly templateKeys: number;
    readonly sumSlots: number;
    readonly sumSlotsMask: number;
    readonly sumList: number;
    readonly monthTexts: number;
    readonly monthTextsMask: number;
    readonly eligibleSlots: number;
    readonly eligibleList: number;
    readonly laterSlots: number;
    readonly laterList: number;
    readonly counts: number;
    readonly templateInfo: number;
    readonly partSlots: number;
    readonly partSlotsMask: number;
    readonly partOffsets: number;
    readonly partKeys: number;
    readonly partKeyRoom: number;
  };
  /** The sums' slots (24 bytes each: key, rows, scale, unused, then the units as i64), and their list. */
  readonly sumWords: Int32Array;
  readonly sumUnits: BigInt64Array;
  readonly sumList: Int32Array;
  readonly templateSlots: Int32Array;
  readonly monthTexts: Int32Array;
  /** The eligible rows' sums by customer and month (as the sums above), and their list. */
  readonly eligibleWords: Int32Array;
  readonly eligibleUnits: BigInt64Array;
  readonly eligibleList: Int32Array;
  /** The set-aside rows' sums told later (as the sums above), and their list. */
  readonly laterWords: Int32Array;
  readonly laterUnits: BigInt64Array;
  readonly laterList: Int32Array;
  /** Each template's info (`TEMPLATE_INFO_BYTES`): kind, customer, checks, months told. */
  readonly templateInfo: Uint8Array;
  /** The counts by month of the AI rows folded without the parser (7 arrays of `MONTHS`). */
  readonly counts: Int32Array;
  /** The slots of the template parts' table (hash, part + 1). */
  readonly partSlots: Int32Array;

  /** A scanner for `capacity` bytes (a multiple of 32), or undefined without WebAssembly SIMD. */
  static create(capacity: number): StructuralScanner | undefined {
    const module = splitModule();
    if (module === undefined || capacity % 32 !== 0) return undefined;
    return new StructuralScanner(capacity, module);
  }

  /**
   * Finds the structural bytes of data[start, end), and among them the special ones ('"', LF, CR);
   * `start` is a multiple of 32.
   */
  scan(start: number, end: number): void {
    this.run(start, Math.min(end, this.capacity));
  }
}

/** Scanners not in use, by capacity: a thread reading range after range reuses its memory. */
const idle: StructuralScanner[] = [];
const IDLE_KEPT = 2;

/** A scanner of `capacity` bytes, reused when one is free; undefined without WebAssembly SIMD. */
export function takeScanner(capacity: number): StructuralScanner | undefined {
  const k = idle.findIndex((s) => s.capacity === capacity);
  if (k >= 0) return idle.splice(k, 1)[0];
  return StructuralScanner.create(capacity);
}

/** Gives a scanner back for the next read on this thread. */
export function returnScanner(scanner: StructuralScanner): void {
  if (idle.length < IDLE_KEPT) idle.push(scanner);
}
