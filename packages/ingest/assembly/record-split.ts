/*
 * AssemblyScript, compiled to WebAssembly by `npm run build:wasm` into src/csv/record-split-wasm.ts
 * (committed; a test compiles this file again and requires the same bytes).
 *
 * `split` finds the fields of one CSV record, exactly as the CSV parser's `scanWithBits` does
 * (read-csv-table.ts), through the bitmap of structural bytes that `StructuralScanner.scan` made: each
 * set bit is a ',', '"', LF or CR. It runs in the memory of the structural scanner, where the chunk's
 * bytes and bitmap are. Anything out of the ordinary it leaves to the parser, which reads the record
 * again its own way: a record not ended in the chunk, more fields or quoted fields than the room given,
 * a quote that is not closed. So the rules of reading stay those of the parser, in one place.
 */

/**
 * Splits the record at `pos` (the data is at address 0, `end` its end). Writes each field's start to
 * `starts` (i32), each quoted field's column, closing quote (i32) and whether it has "" escapes (u8)
 * to `quotedColumn`, `quotedClose` and `quotedEscaped`, and to `header` (i32): the last field's index,
 * the line breaks inside quotes and the number of quoted fields. Returns where the record's line end
 * is, or -2 when the parser must read the record itself.
 */
export function split(
  bits: usize,
  pos: i32,
  end: i32,
  header: usize,
  starts: usize,
  capacity: i32,
  quotedColumn: usize,
  quotedClose: usize,
  quotedEscaped: usize,
  quotedCapacity: i32,
): i32 {
  let f: i32 = 0;
  let lineBreaks: i32 = 0;
  let quotedCount: i32 = 0;
  let j: i32 = pos;
  let w: i32 = j >>> 5;
  // The word of the bitmap being walked, and its bits not handled yet.
  let m: u32 = load<u32>(bits + ((<usize>w) << 2)) & ((<u32>0xffffffff) << (<u32>j & 31));
  const lastWord: i32 = (end - 1) >>> 5;
  let fieldStart: i32 = pos;
  store<i32>(starts, pos);
  while (true) {
    while (m === 0) {
      if (w >= lastWord) return -2;
      w++;
      m = load<u32>(bits + ((<usize>w) << 2));
    }
    j = (w << 5) | <i32>ctz(m);
    if (j >= end) return -2;
    m &= m - 1;
    const c = load<u8>(<usize>j);
    if (c === 0x2c) {
      // ','
      f++;
      if (f >= capacity) return -2;
      fieldStart = j + 1;
      store<i32>(starts + ((<usize>f) << 2), fieldStart);
      continue;
    }
    if (c === 0x0a || c === 0x0d) break;
    // A quote: text inside a field, or the start of a quoted field.
    if (j !== fieldStart) continue;
    let escaped: u8 = 0;
    let k: i32 = 0;
    while (true) {
      while (m === 0) {
        if (w >= lastWord) return -2;
        w++;
        m = load<u32>(bits + ((<usize>w) << 2));
      }
      k = (w << 5) | <i32>ctz(m);
      if (k >= end) return -2;
      m &= m - 1;
      const q = load<u8>(<usize>k);
      if (q === 0x22) {
        if (k + 1 >= end) return -2;
        if (load<u8>(<usize>k + 1) !== 0x22) break;
        // A "" escape: its second quote is the next structural byte.
        escaped = 1;
        while (m === 0) {
          if (w >= lastWord) return -2;
          w++;
          m = load<u32>(bits + ((<usize>w) << 2));
        }
        m &= m - 1;
        continue;
      }
      if (q === 0x0a) lineBreaks++;
    }
    if (quotedCount >= quotedCapacity) return -2;
    store<i32>(quotedColumn + ((<usize>quotedCount) << 2), f);
    store<i32>(quotedClose + ((<usize>quotedCount) << 2), k);
    store<u8>(quotedEscaped + <usize>quotedCount, escaped);
    quotedCount++;
    // Anything up to the separator is kept (lenient, as Excel is).
  }
  store<i32>(header, f);
  store<i32>(header + 4, lineBreaks);
  store<i32>(header + 8, quotedCount);
  return j;
}
