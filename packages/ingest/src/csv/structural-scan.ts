/*
 * The bytes that give a CSV record its structure — ',', '"', LF and CR — found 32 at a time with
 * WebAssembly SIMD. A usage export is about 90% other bytes (digits, letters, spaces): the parser
 * jumps from one structural byte to the next through a bitmap (one bit per byte) instead of looking
 * at every byte, and still decides everything itself (which quote opens a field, which comma is inside
 * quotes, where a line ends). So the rules of reading are those of the byte-by-byte parser, which the
 * tests hold the two to on the same input.
 *
 * Two WebAssembly modules share the scanner's memory. record-split.ts (AssemblyScript, compiled into
 * record-split-wasm.ts) makes the bitmaps, splits ordinary records into fields, and counts the usage
 * rows a reader only counts or sums. The other is written below as its WebAssembly binary with each
 * instruction named: it hashes a byte range to 64 bits, eight bytes at a time, for counting the rows
 * of a file that repeat an earlier row, and finds where records end. Where WebAssembly or its SIMD is
 * not available (an old engine, `--jitless`), `takeScanner` answers undefined and the parser reads
 * byte by byte.
 */

import { MONTHS, RULE_BYTES, SPANS_AT, SUM_SLOT_BYTES, TEMPLATE_INFO_BYTES } from "./count-rows-layout.js";
import { RECORD_SPLIT_WASM } from "./record-split-wasm.js";

/** The bytes that end records or quote them, for a pass that only needs where records end. */
const RECORD_ENDS = [0x22, 0x0a, 0x0d] as const; // " LF CR

// Instructions used (WebAssembly core and SIMD opcodes).
const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Store: 0x36,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  simd: 0xfd,
  v128Load: 0x00,
  i8x16Splat: 0x0f,
  i8x16Eq: 0x23,
  v128Or: 0x50,
  i8x16Bitmask: 0x64,
  emptyBlock: 0x40,
  i32: 0x7f,
  i64: 0x7e,
  v128: 0x7b,
  func: 0x60,
  localTee: 0x22,
  i32Sub: 0x6b,
  i32GtU: 0x4b,
  i64Load: 0x29,
  i64Load8U: 0x31,
  i64Store: 0x37,
  i64Const: 0x42,
  i64Xor: 0x85,
  i64Mul: 0x7e,
  i64ShrU: 0x88,
  i64ExtendI32U: 0xad,
} as const;

/** Signed LEB128 of a 64-bit integer, as `i64.const` takes it. */
function sleb64(value: bigint): number[] {
  let v = BigInt.asIntN(64, value);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Unsigned LEB128, as the binary format writes sizes and counts. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Buffer.from(text, "ascii")];
}

// Locals of `scan`: the parameters, then the splatted structural bytes, the block, and the low mask.
const I = 0; // i32: the offset of the next 32 bytes
const END = 1; // i32: scan while I < END
const BITS = 2; // i32: where the bitmap starts (bit k of the word at BITS + (I >> 3) is byte I + k)
const BLOCK = 3; // v128: 16 bytes
const SPLAT = [4, 5, 6, 7]; // v128: each structural byte, 16 times
const LOW = 8; // i32: the bitmask of the first 16 bytes

/** The bitmask of the 16 bytes in BLOCK equal to one of the first `count` splats, as an i32. */
function blockMask(count: number): number[] {
  const code: number[] = [];
  SPLAT.slice(0, count).forEach((local, k) => {
    // local.get BLOCK; local.get SPLAT[k]; i8x16.eq; (v128.or with the previous result)
    code.push(op.localGet, BLOCK, op.localGet, local, op.simd, op.i8x16Eq);
    if (k > 0) code.push(op.simd, op.v128Or);
  });
  code.push(op.simd, op.i8x16Bitmask); // i8x16.bitmask
  return code;
}

/**
 * `scan(i, end, bits)`: for each 32 bytes from `i` (a multiple of 32) while `i < end`, stores the
 * 32-bit mask of those equal to one of `bytes` at `bits + i / 8`. Reads up to 31 bytes past `end`.
 */
function scanBody(bytes: readonly number[]): number[] {
  const code: number[] = [];
  // SPLAT[k] = i8x16.splat(bytes[k])
  bytes.forEach((byte, k) => {
    code.push(op.i32Const, byte, op.simd, op.i8x16Splat, op.localSet, SPLAT[k] as number);
  });
  code.push(op.block, op.emptyBlock, op.loop, op.emptyBlock);
  // br_if 1 (i >= end)
  code.push(op.localGet, I, op.localGet, END, op.i32GeU, op.brIf, 1);
  // BLOCK = v128.load(i); LOW = mask
  code.push(op.localGet, I, op.simd, op.v128Load, 0, 0, op.localSet, BLOCK);
  code.push(...blockMask(bytes.length), op.localSet, LOW);
  // BLOCK = v128.load offset=16 (i); the store's address, then LOW | mask << 16
  code.push(op.localGet, I, op.simd, op.v128Load, 0, 16, op.localSet, BLOCK);
  code.push(op.localGet, BITS, op.localGet, I, op.i32Const, 3, op.i32ShrU, op.i32Add);
  code.push(...blockMask(bytes.length), op.i32Const, 16, op.i32Shl, op.localGet, LOW, op.i32Or);
  code.push(op.i32Store, 2, 0); // i32.store align=4
  // i += 32; br 0
  code.push(op.localGet, I, op.i32Const, 32, op.i32Add, op.localSet, I, op.br, 0);
  code.push(op.end, op.end, op.end);
  // Locals: four v128 splats and BLOCK, then LOW.
  const locals = [2, 5, op.v128, 1, op.i32];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

// The record hash's constants: the golden ratio's and FNV's 64-bit multipliers, MurmurHash3's final mix.
const HASH_SEED = 0x2545f4914f6cdd1dn;
const WORD_PRIME = 0x9e3779b97f4a7c15n;
const BYTE_PRIME = 0x100000001b3n;
const MIX = 0xff51afd7ed558ccdn;

/**
 * `hash(start, end, out)`: a 64-bit hash of bytes [start, end) and their length, stored at `out`.
 * Eight bytes at a time (each word mixed in by a multiply and a shift), then the last bytes one by one,
 * then MurmurHash3's final mix. Used to count rows that repeat an earlier row (repeated-rows.ts).
 */
function hashBody(): number[] {
  const START = 0;
  const END = 1;
  const OUT = 2;
  const H = 3;
  const i64 = (v: bigint) => [op.i64Const, ...sleb64(v)];
  const code: number[] = [];
  // H = SEED ^ (end - start) * WORD_PRIME
  code.push(...i64(HASH_SEED), op.localGet, END, op.localGet, START, op.i32Sub, op.i64ExtendI32U);
  code.push(...i64(WORD_PRIME), op.i64Mul, op.i64Xor, op.localSet, H);
  // Whole words: while start + 8 <= end, H = (H ^ word) * WORD_PRIME; H ^= H >> 29
  code.push(op.block, op.emptyBlock, op.loop, op.emptyBlock);
  code.push(op.localGet, START, op.i32Const, 8, op.i32Add, op.localGet, END, op.i32GtU, op.brIf, 1);
  code.push(op.localGet, H, op.localGet, START, op.i64Load, 0, 0, op.i64Xor, ...i64(WORD_PRIME), op.i64Mul);
  code.push(op.localTee, H, op.localGet, H, ...i64(29n), op.i64ShrU, op.i64Xor, op.localSet, H);
  code.push(op.localGet, START, op.i32Const, 8, op.i32Add, op.localSet, START, op.br, 0);
  code.push(op.end, op.end);
  // The last bytes: while start < end, H = (H ^ byte) * BYTE_PRIME
  code.push(op.block, op.emptyBlock, op.loop, op.emptyBlock);
  code.push(op.localGet, START, op.localGet, END, op.i32GeU, op.brIf, 1);
  code.push(op.localGet, H, op.localGet, START, op.i64Load8U, 0, 0, op.i64Xor, ...i64(BYTE_PRIME), op.i64Mul);
  code.push(op.localSet, H, op.localGet, START, op.i32Const, 1, op.i32Add, op.localSet, START, op.br, 0);
  code.push(op.end, op.end);
  // The final mix: H ^= H >> 33; H *= MIX; H ^= H >> 33; then stored at `out`.
  code.push(op.localGet, H, op.localGet, H, ...i64(33n), op.i64ShrU, op.i64Xor, ...i64(MIX), op.i64Mul);
  code.push(op.localTee, H, op.localGet, H, ...i64(33n), op.i64ShrU, op.i64Xor, op.localSet, H);
  code.push(op.localGet, OUT, op.localGet, H, op.i64Store, 3, 0);
  code.push(op.end);
  const locals = [1, 1, op.i64];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

function moduleBytes(): Uint8Array {
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
    ...section(1, [1, op.func, 3, op.i32, op.i32, op.i32, 0]), // type 0: (i32, i32, i32) -> ()
    ...section(3, [2, 0, 0]), // functions 0 (hash) and 1 (scanRecordEnds) have type 0
    ...section(5, [1, 0x00, 1]), // one memory, at least one page (grown by the scanner)
    ...section(7, [
      3,
      ...name("memory"),
      0x02,
      0,
      ...name("hash"),
      0x00,
      0,
      ...name("scanRecordEnds"),
      0x00,
      1,
    ]),
    ...section(10, [2, ...hashBody(), ...scanBody(RECORD_ENDS)]),
  ]);
}

/** The part of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
type Memory = { readonly buffer: ArrayBuffer; grow(pages: number): number };
interface ScanExports {
  readonly memory: Memory;
  hash(start: number, end: number, out: number): void;
  scanRecordEnds(i: number, end: number, bits: number): void;
}
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
type WasmModule = { readonly __brand: "WebAssembly.Module" };
declare const WebAssembly: {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (
    module: WasmModule,
    imports?: Record<string, Record<string, unknown>>,
  ) => { readonly exports: unknown };
};

interface Modules {
  readonly scan: WasmModule;
  readonly split: WasmModule;
}

let compiled: Modules | null | undefined;

function scanModules(): Modules | undefined {
  if (compiled === undefined) {
    try {
      compiled = {
        scan: new WebAssembly.Module(moduleBytes()),
        split: new WebAssembly.Module(Buffer.from(RECORD_SPLIT_WASM, "base64")),
      };
    } catch {
      compiled = null; // no WebAssembly, or no SIMD
    }
  }
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

const PAGE = 64 * 1024;

/**
 * A buffer of `capacity` bytes in WebAssembly memory, and the bitmap of its structural bytes. Read
 * bytes into `data`, call `scan(length)`, then `bits` says for each byte of [0, length) whether it is
 * structural (bits past `length` mean nothing).
 */
export class StructuralScanner {
  readonly data: Buffer;
  readonly bits: Int32Array;
  /** The last `hash`: its high and low 32 bits. */
  hashHi = 0;
  hashLo = 0;
  private readonly run: (i: number, end: number) => void;
  private readonly runRecordEnds: (i: number, end: number, bits: number) => void;
  private readonly runHash: (start: number, end: number, out: number) => void;
  private readonly bitsAt: number;
  private readonly hashAt: number;
  private readonly hashOut: Int32Array;
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
    modules: Modules,
  ) {
    const exports = new WebAssembly.Instance(modules.scan).exports as ScanExports;
    const memory = exports.memory;
    this.runHash = exports.hash;
    this.runRecordEnds = exports.scanRecordEnds;
    // The data, 32 bytes the last block may read past it, the bitmap, the hash's 8 bytes, then what
    // `split` writes: its header, the field starts, the quoted fields' columns, closes and escapes.
    this.bitsAt = capacity + 32;
    this.hashAt = Math.ceil((this.bitsAt + capacity / 8 + 32) / 8) * 8;
    this.splitAt = this.hashAt + 8;
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
    const pages = Math.ceil(needed / PAGE);
    if (pages > 1) memory.grow(pages - 1);
    this.data = Buffer.from(memory.buffer, 0, capacity);
    this.bits = new Int32Array(memory.buffer, this.bitsAt, capacity / 32 + 1);
    this.hashOut = new Int32Array(memory.buffer, this.hashAt, 2);
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
    const wasm = new WebAssembly.Instance(modules.split, { env: { memory } }).exports as SplitExports;
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
    const modules = scanModules();
    if (modules === undefined || capacity % 32 !== 0) return undefined;
    return new StructuralScanner(capacity, modules);
  }

  /**
   * Finds the structural bytes of data[start, end), and among them the special ones ('"', LF, CR);
   * `start` is a multiple of 32.
   */
  scan(start: number, end: number): void {
    this.run(start, Math.min(end, this.capacity));
  }

  /** Like `scan`, for '"', LF and CR only: where records end (commas do not matter). */
  scanRecordEnds(length: number): void {
    this.runRecordEnds(0, Math.min(length, this.capacity), this.bitsAt);
  }

  /** Hashes data[start, end) to 64 bits: `hashHi` and `hashLo`. */
  hash(start: number, end: number): void {
    this.runHash(start, Math.min(end, this.capacity), this.hashAt);
    this.hashLo = this.hashOut[0] as number;
    this.hashHi = this.hashOut[1] as number;
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
