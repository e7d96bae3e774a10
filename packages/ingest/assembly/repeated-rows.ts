/*
 * AssemblyScript, compiled to WebAssembly by `npm run build:wasm` into src/inputs/repeated-rows-wasm.ts
 * (committed; a test compiles this file again and requires the same bytes).
 *
 * Counts the data rows of a UTF-8 CSV file that repeat an earlier row byte for byte, chunk by chunk, as
 * `countCsvBytes` (repeated-rows.ts) does in JavaScript: the same records, the same blank rows left
 * out, the same header, the same set of 64-bit row hashes and the same rule when it is full. The whole
 * walk runs here: the record ends found 32 bytes at a time with SIMD, each record hashed 32 bytes at a
 * time in four lanes and looked up in the set, which is in this memory too. JavaScript only reads the
 * file into the memory and moves on.
 *
 * The memory, laid out by the caller (`setup`): the set's slots (room for the most it may grow to; only
 * the slots in use are touched, so the rest costs no memory), room to copy them while the set grows,
 * then the data (a chunk and the record carried over; it may grow at the end of the memory).
 */

// Where things are, and the state of the count (`setup` sets them; `walk` carries them on).
let pendingAt: usize = 0;
let pending: i32 = 0;
let touched: u64 = 0;
let slotsAt: usize = 0;
let scratchAt: usize = 0;
let dataAt: usize = 0;
let mask: u32 = 0;
let maxSlots: u32 = 0;
let size: u32 = 0;
let separator: i32 = 0x0a;
let header: bool = true;
let complete: bool = true;
let rows: i32 = 0;
let repeated: i32 = 0;

const QUOTE: i32 = 0x22;
const CR: i32 = 0x0d;

/** The row hashes looked up in the set together (their slots are read first, all at once). */
const BATCH: i32 = 64;

/**
 * Starts a count: room for `BATCH` hashes at `batch`, the set's slots at `slots` (`initialSlots` of
 * them, a power of two, zeroed; up to `most`), room for half of `most` slots at `scratch`, the data at
 * `data`. `lineEnd` ends records (LF, or CR for a file of carriage returns alone).
 */
export function setup(
  batch: usize,
  slots: usize,
  initialSlots: u32,
  most: u32,
  scratch: usize,
  data: usize,
  lineEnd: i32,
): void {
  pendingAt = batch;
  pending = 0;
  slotsAt = slots;
  scratchAt = scratch;
  dataAt = data;
  mask = initialSlots - 1;
  maxSlots = most;
  size = 0;
  separator = lineEnd;
  header = true;
  complete = true;
  rows = 0;
  repeated = 0;
}

/** The data rows counted so far. */
export function countedRows(): i32 {
  return rows;
}

/** The rows counted so far that repeat an earlier one. */
export function repeatedRows(): i32 {
  return repeated;
}

/** False once a row's hash could not be kept because the set was full (or a record was too long). */
export function isComplete(): bool {
  return complete;
}

/** Says the count is not complete (a record longer than the room for it was not counted). */
export function markIncomplete(): void {
  complete = false;
}

/**
 * Counts the records of data[0, end) (the data starting with a record): those ended by the line end
 * outside quotes, and, when `last`, the rest too. Answers how many bytes are left of an unfinished
 * record, moved to the front of the data to be read again with what follows (0 when `last`). Reads up
 * to 31 bytes past `end`.
 */
export function walk(end: i32, last: bool): i32 {
  const base = dataAt;
  const quote = i8x16.splat(<i8>QUOTE);
  const lineEnd = i8x16.splat(<i8>separator);
  let start: i32 = 0;
  let quoted = false;
  for (let i: i32 = 0; i < end; i += 32) {
    const a = v128.load(base + <usize>i);
    const b = v128.load(base + <usize>i + 16);
    let m: u32 =
      i8x16.bitmask(v128.or(i8x16.eq(a, quote), i8x16.eq(a, lineEnd))) |
      (i8x16.bitmask(v128.or(i8x16.eq(b, quote), i8x16.eq(b, lineEnd))) << 16);
    if (end - i < 32) m &= ((<u32>1) << (<u32>(end - i))) - 1;
    while (m !== 0) {
      const at = i + <i32>ctz(m);
      m &= m - 1;
      if (<i32>load<u8>(base + <usize>at) === QUOTE) quoted = !quoted;
      else if (!quoted) {
        record(start, at);
        start = at + 1;
      }
    }
  }
  if (last && start < end) record(start, end);
  flush();
  if (last) return 0;
  const carry = end - start;
  if (carry > 0 && start > 0) memory.copy(base, base + <usize>start, <usize>carry);
  return carry;
}

/** Counts the record at data[start, end) (its line end left out): a blank one is no row; the first is the header. */
function record(start: i32, end: i32): void {
  const base = dataAt;
  if (end > start && <i32>load<u8>(base + <usize>end - 1) === CR) end--;
  let k = start;
  while (k < end) {
    const c = <i32>load<u8>(base + <usize>k);
    // ',', ' ', TAB, '"', CR: a row of only these is a row of empty cells.
    if (c !== 0x2c && c !== 0x20 && c !== 0x09 && c !== QUOTE && c !== CR) break;
    k++;
  }
  if (k === end) return;
  if (header) {
    header = false;
    return;
  }
  rows++;
  store<u64>(pendingAt + ((<usize>pending) << 3), hash(base + <usize>start, end - start));
  if (++pending === BATCH) flush();
}

/**
 * Adds the hashes waiting to the set, in their order. Their first slots are read first, one after the
 * other: the set is far larger than the processor's caches, and reads that do not wait for each other
 * wait for the memory together (one at a time, each row waited alone: most of the count's time).
 */
function flush(): void {
  let t = touched;
  for (let k = 0; k < pending; k++) {
    const h = load<u64>(pendingAt + ((<usize>k) << 3));
    t ^= load<u64>(slotsAt + ((<usize>(<u32>(h ^ (h >> 32)) & mask)) << 3));
  }
  touched = t;
  for (let k = 0; k < pending; k++) if (!add(load<u64>(pendingAt + ((<usize>k) << 3)))) repeated++;
  pending = 0;
}

/** The bytes [at, at + n) (n < 8) as a word, those past n zeroed. */
function tail(at: usize, n: i32): u64 {
  return n === 0 ? 0 : load<u64>(at) & (<u64>-1 >>> <u64>(64 - (n << 3)));
}

/** One word mixed into a lane of the hash: a multiply and a shift. */
function mix(h: u64, word: u64): u64 {
  h = (h ^ word) * 0x9e3779b97f4a7c15;
  return h ^ (h >> 29);
}

/**
 * A 64-bit hash of `n` bytes at `at` and their length: 32 bytes at a time in four lanes (the four
 * multiplies do not wait for each other), then eight at a time in the first, then the lanes rotated
 * into one and MurmurHash3's final mix. The constants: the golden ratio's 64-bit multiplier,
 * MurmurHash3's, and four seeds.
 */
function hash(at: usize, n: i32): u64 {
  let h0: u64 = 0x2545f4914f6cdd1d ^ (<u64>n * 0x9e3779b97f4a7c15);
  let h1: u64 = 0x94d049bb133111eb;
  let h2: u64 = 0xbf58476d1ce4e5b9;
  let h3: u64 = 0xd6e8feb86659fd93;
  let i = 0;
  for (; i + 32 <= n; i += 32) {
    const p = at + <usize>i;
    h0 = mix(h0, load<u64>(p));
    h1 = mix(h1, load<u64>(p, 8));
    h2 = mix(h2, load<u64>(p, 16));
    h3 = mix(h3, load<u64>(p, 24));
  }
  for (; i + 8 <= n; i += 8) h0 = mix(h0, load<u64>(at + <usize>i));
  let h = mix(h0, tail(at + <usize>i, n - i)) ^ rotl(h1, 17) ^ rotl(h2, 31) ^ rotl(h3, 47);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  return h ^ (h >> 33);
}

/**
 * Adds a hash to the set (open addressing, 0 an empty slot); false when it was there already. As
 * `HashSet64.add`: past half full the set doubles, up to `maxSlots`; at that size, past three
 * quarters full a new hash is not kept (and the count is no longer complete).
 */
function add(h: u64): bool {
  if (h === 0) h = 1;
  let i = <u32>(h ^ (h >> 32)) & mask;
  while (true) {
    const v = load<u64>(slotsAt + ((<usize>i) << 3));
    if (v === 0) break;
    if (v === h) return false;
    i = (i + 1) & mask;
  }
  const capacity = mask + 1;
  if (size + 1 > capacity / 2) {
    if (capacity < maxSlots) {
      grow();
      return add(h);
    }
    if (size + 1 > (capacity / 4) * 3) {
      complete = false;
      return true;
    }
  }
  store<u64>(slotsAt + ((<usize>i) << 3), h);
  size++;
  return true;
}

/** Doubles the set: its hashes copied aside, then put back into twice the slots. */
function grow(): void {
  const capacity = mask + 1;
  const bytes = (<usize>capacity) << 3;
  memory.copy(scratchAt, slotsAt, bytes);
  memory.fill(slotsAt, 0, bytes << 1);
  mask = (capacity << 1) - 1;
  for (let k: usize = 0; k < bytes; k += 8) {
    const h = load<u64>(scratchAt + k);
    if (h === 0) continue;
    let i = <u32>(h ^ (h >> 32)) & mask;
    while (load<u64>(slotsAt + ((<usize>i) << 3)) !== 0) i = (i + 1) & mask;
    store<u64>(slotsAt + ((<usize>i) << 3), h);
  }
}
