import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellsToArray, type TableSink } from "../table/cell.js";
import { DEFAULT_TABLE_LIMITS } from "../table/table-limits.js";
import { readCsvTable } from "./read-csv-table.js";
import {
  returnScanner,
  SPLIT_FIELDS,
  SPLIT_QUOTED,
  StructuralScanner,
  takeScanner,
} from "./structural-scan.js";

const STRUCTURAL = new Set([0x2c, 0x22, 0x0a, 0x0d]);

describe("StructuralScanner", () => {
  it("marks exactly the bytes ',', '\"', LF and CR of what it scans", () => {
    const scanner = StructuralScanner.create(4096);
    expect(scanner).toBeDefined();
    if (scanner === undefined) return;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom(0, 1, 31, 32, 33), (bytes, shorter) => {
        scanner.data.set(bytes);
        const length = Math.max(0, bytes.length - shorter);
        scanner.scan(0, length);
        for (let i = 0; i < length; i++) {
          const marked = ((scanner.bits[i >> 5] as number) >>> (i & 31)) & 1;
          if (marked !== (STRUCTURAL.has(bytes[i] as number) ? 1 : 0)) return false;
        }
        return true;
      }),
    );
  });

  it("splits an ordinary record in WebAssembly, and leaves the others to the parser", () => {
    const scanner = StructuralScanner.create(4096);
    if (scanner === undefined) throw new Error("no WebAssembly SIMD");
    const load = (text: string) => {
      const bytes = Buffer.from(text, "latin1");
      scanner.data.set(bytes);
      scanner.scan(0, bytes.length);
      return bytes.length;
    };
    // Fields, a quoted one with a separator, a "" escape and a line break inside, then a CRLF.
    let end = load('a,"b,c","d""e\nf",,g\r\nnext');
    expect(scanner.split(0, end, SPLIT_FIELDS)).toBe(19);
    expect([...scanner.splitHeader.subarray(0, 3)]).toEqual([4, 1, 2]);
    expect([...scanner.starts.subarray(0, 5)]).toEqual([0, 2, 8, 17, 18]);
    expect([...scanner.quotedColumn.subarray(0, 2)]).toEqual([1, 2]);
    expect([...scanner.quotedClose.subarray(0, 2)]).toEqual([6, 15]);
    expect([...scanner.quotedEscaped.subarray(0, 2)]).toEqual([0, 1]);
    // A quote inside an unquoted field is text; the next record starts after the line end.
    expect(scanner.split(21, end, SPLIT_FIELDS)).toBe(-2); // "next" is not ended in the data
    end = load('x"y,z\n');
    expect(scanner.split(0, end, SPLIT_FIELDS)).toBe(5);
    expect([...scanner.splitHeader.subarray(0, 3)]).toEqual([1, 0, 0]);
    // Left to the parser: more fields than asked for, an unclosed quote, more quoted fields than room.
    end = load("a,b,c,d\n");
    expect(scanner.split(0, end, 4)).toBe(7);
    expect(scanner.split(0, end, 3)).toBe(-2);
    end = load('a,"b\n');
    expect(scanner.split(0, end, SPLIT_FIELDS)).toBe(-2);
    end = load(`${Array.from({ length: SPLIT_QUOTED + 1 }, () => '"q"').join(",")}\n`);
    expect(scanner.split(0, end, SPLIT_FIELDS)).toBe(-2);
  });

  it("is reused on the thread once given back, and only at its own capacity", () => {
    const a = takeScanner(1024);
    expect(a?.data.length).toBe(1024);
    if (a === undefined) return;
    returnScanner(a);
    expect(takeScanner(2048)).not.toBe(a);
    const again = takeScanner(1024);
    expect(again).toBe(a);
    // Taken, it is nobody else's until given back.
    expect(takeScanner(1024)).not.toBe(a);
  });
});

/*
 * The parser reads a chunk either byte by byte or by jumping between the structural bytes the scanner
 * found. Both must read everything the same: rows, line numbers, and the first problem's wording.
 */
describe("reading with and without the structural scan", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "specready-scan-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function read(path: string, chunkSize: number, structuralScan: boolean, wantEvery: number) {
    const rows: unknown[] = [];
    const sink: TableSink = {
      header: (cells, line) => {
        rows.push({ header: [...cells], line });
        return cells.map((_, i) => (i % wantEvery === 0 ? i : -1));
      },
      row: (cells, line) => {
        rows.push({ line, cells: cellsToArray(cells).map(String) });
      },
    };
    const limits = { ...DEFAULT_TABLE_LIMITS, maxLineBytes: 200, maxColumns: 40, maxCellChars: 60 };
    try {
      await readCsvTable(path, "t.csv", sink, { chunkSize, structuralScan, limits });
      return { rows };
    } catch (error) {
      return { rows, error: String(error) };
    }
  }

  // Texts made mostly of the bytes that matter: separators, quotes, both line ends, spaces, letters
  // and a two-byte character, so that quoted fields, "" escapes, CRLF, lone CR and the chunk edges
  // fall everywhere.
  const text = fc
    .array(fc.constantFrom(",", '"', "\n", "\r", "\r\n", " ", "a", "7", "é", '""', ',"x",', "abcdefghij"), {
      maxLength: 600,
    })
    .map((parts) => parts.join(""));

  it("gives the same rows, lines and problems both ways, at any chunk size", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.integer({ min: 1, max: 96 }),
        fc.constantFrom(1, 2, 3),
        async (csv, chunk, every) => {
          const path = join(dir, `t${n++}.csv`);
          await writeFile(path, `h1,h2,h3,h4\n${csv}`);
          const scanned = await read(path, chunk, true, every);
          const plain = await read(path, chunk, false, every);
          expect(scanned).toEqual(plain);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads a quoted last field at the end of the file, whatever an earlier chunk left in the buffer", async () => {
    // First a record of 30 quotes, so that the buffer the next read reuses holds '"' past its data.
    const quotes = join(dir, "quotes.csv");
    await writeFile(quotes, `h\n"${'""'.repeat(14)}"\n`);
    await read(quotes, 1, true, 1);
    const path = join(dir, "last-quoted.csv");
    await writeFile(path, 'h1,h2,h3,h4\n,"x",,"x",""');
    for (const structuralScan of [true, false]) {
      const { rows, error } = await read(path, 1, structuralScan, 1);
      expect(error).toBeUndefined();
      expect(rows[1]).toEqual({ line: 2, cells: ["", "x", "", "x"] });
    }
  });

  it("reads records wider than WebAssembly's room for fields and quoted fields the same both ways", async () => {
    // 300 fields, 100 of them quoted: more than `split` holds, so the parser reads these itself.
    const header = Array.from({ length: 300 }, (_, i) => `h${i}`).join(",");
    const row = (k: number) => Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `"${k},${i}"` : `${i}`));
    const lines = [header, "a,b,c", row(1).join(","), "d,e,f", row(2).slice(0, 70).join(","), "g,h"];
    const path = join(dir, "wide.csv");
    await writeFile(path, `${lines.join("\n")}\n`);
    const limits = { ...DEFAULT_TABLE_LIMITS, maxColumns: 1000 };
    const readAll = async (structuralScan: boolean) => {
      const rows: string[][] = [];
      const sink: TableSink = {
        header: (cells) => cells.map((_, i) => i),
        row: (cells) => {
          rows.push(cellsToArray(cells).map(String));
        },
      };
      await readCsvTable(path, "wide.csv", sink, { chunkSize: 64 * 1024, structuralScan, limits });
      return rows;
    };
    const scanned = await readAll(true);
    expect(scanned).toEqual(await readAll(false));
    expect(scanned[1]?.[0]).toBe("1,0");
    expect(scanned[1]?.[299]).toBe("299");
    expect(scanned[3]?.[68]).toBe("68");
    expect(scanned[3]?.[69]).toBe("2,69");
    expect(scanned[4]?.slice(0, 2)).toEqual(["g", "h"]);
  });

  it("reads a large file with long quoted cells the same both ways", async () => {
    const rows = ["Month,Name,Note,ACR_USD"];
    for (let k = 0; k < 20_000; k++)
      rows.push(`2025-0${(k % 9) + 1},"Customer ${k}, Inc","line one\nline ""two""",${k}.5`);
    const path = join(dir, "large.csv");
    await writeFile(path, `${rows.join("\r\n")}\r\n`);
    const scanned = await read(path, 64 * 1024, true, 1);
    const plain = await read(path, 64 * 1024, false, 1);
    expect(scanned.error).toBeUndefined();
    expect(scanned.rows).toHaveLength(20_001);
    expect(scanned).toEqual(plain);
  });
});
