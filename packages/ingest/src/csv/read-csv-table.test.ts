import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellsToArray, TableFormatError, type TableSink } from "../table/cell.js";
import { DEFAULT_TABLE_LIMITS } from "../table/table-limits.js";
import { readCsvTable } from "./read-csv-table.js";

/** Reads a CSV text (or bytes) and returns the header and rows (all columns) with their line numbers. */
async function readAll(
  content: string | Buffer,
  wanted?: (header: readonly string[]) => number[],
  chunkSize?: number,
) {
  const dir = await mkdtemp(join(tmpdir(), "specready-csv-"));
  const path = join(dir, "t.csv");
  await writeFile(path, content);
  const rows: { line: number; cells: string[] }[] = [];
  let header: { line: number; cells: string[] } | undefined;
  const sink: TableSink = {
    header(cells, line) {
      header = { line, cells: [...cells] };
      return wanted ? wanted(cells) : cells.map((_, i) => i);
    },
    row(cells, line) {
      rows.push({ line, cells: cellsToArray(cells).map(String) });
    },
  };
  await readCsvTable(path, "t.csv", sink, chunkSize === undefined ? {} : { chunkSize });
  return { header, rows };
}

describe("readCsvTable", () => {
  it("reads a header and rows with LF line ends", async () => {
    const { header, rows } = await readAll("a,b\n1,2\n3,4\n");
    expect(header).toEqual({ line: 1, cells: ["a", "b"] });
    expect(rows).toEqual([
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
    ]);
  });

  it("strips a UTF-8 byte-order mark and reads CRLF line ends", async () => {
    const { header, rows } = await readAll(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Month,ACR\r\n2025-06,1.5\r\n")]),
    );
    expect(header?.cells).toEqual(["Month", "ACR"]);
    expect(rows).toEqual([{ line: 2, cells: ["2025-06", "1.5"] }]);
  });

  it("reads a last line without a line end, and old Mac CR line ends", async () => {
    expect((await readAll("a,b\n1,2")).rows).toEqual([{ line: 2, cells: ["1", "2"] }]);
    expect((await readAll("a,b\r1,2\r3,4\r")).rows).toEqual([
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: ["3", "4"] },
    ]);
  });

  it("unquotes RFC 4180 fields: commas, doubled quotes and line breaks inside quotes", async () => {
    const { rows } = await readAll(
      'name,amount,note\n"Customer 2456, Ltd","1,234.56","say ""hi"""\n"two\nlines",5,x\nafter,6,y\n',
    );
    expect(rows).toEqual([
      { line: 2, cells: ["Customer 2456, Ltd", "1,234.56", 'say "hi"'] },
      { line: 3, cells: ["two\nlines", "5", "x"] },
      // the record above spans two physical lines: this one starts on line 5
      { line: 5, cells: ["after", "6", "y"] },
    ]);
  });

  it("reads records with many quoted fields", async () => {
    const header = Array.from({ length: 40 }, (_, i) => `c${i}`).join(",");
    const row = Array.from({ length: 40 }, (_, i) => `"v,${i}"`).join(",");
    const { rows } = await readAll(`${header}\n${row}\n${row}\n`);
    expect(rows.map((r) => r.cells[39])).toEqual(["v,39", "v,39"]);
    expect(rows[0]?.cells[0]).toBe("v,0");
  });

  it("skips fully empty rows but keeps counting their lines", async () => {
    const { rows } = await readAll("a,b\n\n1,2\n,\n , \n3,4\n");
    expect(rows.map((r) => r.line)).toEqual([2 + 1, 6]);
  });

  it("gives '' for cells missing at the end of a short row, and ignores cells beyond the header", async () => {
    const { rows } = await readAll("a,b,c\n1\n1,2,3,4,5\n");
    expect(rows).toEqual([
      { line: 2, cells: ["1", "", ""] },
      { line: 3, cells: ["1", "2", "3"] },
    ]);
  });

  it("decodes only the wanted columns, in the order asked", async () => {
    const { rows } = await readAll("a,b,c\n1,2,3\n", () => [2, 0, -1]);
    expect(rows).toEqual([{ line: 2, cells: ["3", "1", ""] }]);
  });

  it("transcodes UTF-16 files with a byte-order mark", async () => {
    const text = "PersonId,Name\r\nzoë@x.example,Zoë Müller\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect((await readAll(le)).rows).toEqual([{ line: 2, cells: ["zoë@x.example", "Zoë Müller"] }]);
    const be = Buffer.from(text, "utf16le").swap16();
    expect((await readAll(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).rows).toEqual([
      { line: 2, cells: ["zoë@x.example", "Zoë Müller"] },
    ]);
  });

  it.each([7, 64, 1000, 4 * 1024 * 1024])(
    "keeps multi-byte characters and records whole across read chunks of %i bytes",
    async (chunkSize) => {
      // Rows of varying length, with quoted fields, CRLF and multi-byte characters: with small chunks,
      // records, CRLF pairs, doubled quotes and characters are cut at every possible offset.
      const lines = ["id,name,amount"];
      const expected: string[][] = [];
      for (let i = 0; i < 3_000; i++) {
        const name =
          i % 7 === 0 ? `"Müller, ${"é".repeat(i % 13)} ""${i}"""` : `Name${"ß".repeat(i % 5)}${i}`;
        lines.push(`${i},${name},${(i * 1.25).toFixed(2)}`);
        expected.push([
          String(i),
          i % 7 === 0 ? `Müller, ${"é".repeat(i % 13)} "${i}"` : `Name${"ß".repeat(i % 5)}${i}`,
          (i * 1.25).toFixed(2),
        ]);
      }
      const { rows } = await readAll(`${lines.join("\r\n")}\r\n`, undefined, chunkSize);
      expect(rows.length).toBe(expected.length);
      rows.forEach((r, i) => {
        if (r.line !== i + 2 || r.cells.join("|") !== expected[i]?.join("|")) {
          throw new Error(`row ${i}: ${JSON.stringify(r)} != ${JSON.stringify(expected[i])}`);
        }
      });
    },
  );

  it("transcodes UTF-16 read in odd-sized chunks that split its code units", async () => {
    const lines = ["id,name"];
    for (let i = 0; i < 500; i++) lines.push(`${i},"Zoë, ${"€".repeat(i % 4)}${i}"`);
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${lines.join("\r\n")}\r\n`, "utf16le"),
    ]);
    const { rows } = await readAll(bytes, undefined, 7);
    expect(rows).toHaveLength(500);
    expect(rows[499]).toEqual({ line: 501, cells: ["499", "Zoë, €€€499"] });
  });

  it("reports an unclosed quote with its line", async () => {
    const error = await readAll('a,b\n1,2\n"open,3\n4,5\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableFormatError);
    expect((error as TableFormatError).line).toBe(3);
    expect((error as Error).message).toMatch(/quoted field is not closed/);
  });

  it("refuses semicolon- and tab-separated files with a clear message", async () => {
    await expect(readAll("a;b;c\n1;2;3\n")).rejects.toThrow(/';' to separate columns/);
    await expect(readAll("a\tb\n1\t2\n")).rejects.toThrow(/tabs to separate columns/);
  });

  it("refuses binary files and empty files", async () => {
    await expect(readAll(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))).rejects.toThrow(
      /not a text CSV file/,
    );
    await expect(readAll("")).rejects.toThrow(/no header row/);
    await expect(readAll("\n\n")).rejects.toThrow(/no header row/);
  });
});

describe("readCsvTable on bytes that are not text", () => {
  /** The lines of a file with `bad` in the name cell of data row `row` (line row + 1). */
  function fileWith(bad: Buffer, row: number): Buffer {
    const parts = [Buffer.from("id,name,amount\r\n")];
    for (let i = 1; i <= 400; i++) {
      parts.push(Buffer.from(`${i},"Zoë, ${"€".repeat(i % 4)}`));
      if (i === row) parts.push(bad);
      parts.push(Buffer.from(`${i}",${i}.5\r\n`));
    }
    return Buffer.concat(parts);
  }

  it.each([7, 64, 1000, 4 * 1024 * 1024])(
    "names the line and column of the first invalid byte whatever the chunks (%i bytes)",
    async (chunkSize) => {
      for (const bad of [Buffer.from([0xe9]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0])]) {
        const error = await readAll(fileWith(bad, 250), undefined, chunkSize).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TableFormatError);
        expect(error).toMatchObject({ line: 251, column: "name", code: "file.encoding" });
      }
      // The same file with valid bytes reads whole.
      const { rows } = await readAll(fileWith(Buffer.from("ü"), 250), undefined, chunkSize);
      expect(rows).toHaveLength(400);
    },
  );

  it.each([7, 64, 1000])("finds a broken UTF-16 code unit read in chunks of %i bytes", async (chunkSize) => {
    const text = `id,name\r\n${Array.from({ length: 300 }, (_, i) => `${i},Zoë 😀${i}`).join("\r\n")}\r\n`;
    const good = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect((await readAll(good, undefined, chunkSize)).rows).toHaveLength(300);
    // A high surrogate without its pair on line 201 (data row 200).
    const broken = Buffer.from(text.replace("😀199", "\uD83D199"), "utf16le");
    const error = await readAll(
      Buffer.concat([Buffer.from([0xff, 0xfe]), broken]),
      undefined,
      chunkSize,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ line: 201, column: "name", code: "file.encoding" });
    expect((error as Error).message).toMatch(/unpaired surrogate/);
    // Cut off: the last byte of a code unit missing.
    const cut = good.subarray(0, good.length - 3);
    expect(await readAll(cut, undefined, chunkSize).catch((e: unknown) => e)).toMatchObject({
      line: 301,
      code: "file.encoding",
    });
  });

  it("tells UTF-16 without a byte-order mark from binary data", async () => {
    await expect(readAll(Buffer.from("PersonId,Certification\r\np1,DP-100\r\n", "utf16le"))).rejects.toThrow(
      /UTF-16 text without a byte-order mark/,
    );
  });
});

describe("readCsvTable limits", () => {
  it("stops a record with an unclosed quote at the line limit, not at the end of the file", async () => {
    const content = `a,b\n1,"open\n${"x,y\n".repeat(400_000)}`;
    const dir = await mkdtemp(join(tmpdir(), "specready-csv-"));
    const path = join(dir, "t.csv");
    await writeFile(path, content);
    const limits = { ...DEFAULT_TABLE_LIMITS, maxLineBytes: 64 * 1024 };
    const error = await readCsvTable(
      path,
      "t.csv",
      { header: (c) => c.map((_, i) => i), row() {} },
      { limits },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ line: 2, code: "file.limit" });
    expect((error as Error).message).toMatch(/quoted field is probably not closed/);
  });

  it("allows exactly the limits", async () => {
    const limits = { ...DEFAULT_TABLE_LIMITS, maxColumns: 3, maxCellChars: 5, maxLineBytes: 12 };
    const dir = await mkdtemp(join(tmpdir(), "specready-csv-"));
    const path = join(dir, "t.csv");
    await writeFile(path, 'a,b,c\n12345,"é",x\n');
    const rows: string[][] = [];
    await readCsvTable(
      path,
      "t.csv",
      { header: (c) => c.map((_, i) => i), row: (cells) => rows.push(cellsToArray(cells).map(String)) },
      { limits },
    );
    expect(rows).toEqual([["12345", "é", "x"]]);
    await writeFile(path, "a,b,c\n123456,x,y\n");
    await expect(
      readCsvTable(path, "t.csv", { header: (c) => c.map((_, i) => i), row() {} }, { limits }),
    ).rejects.toMatchObject({ line: 2, column: "a", code: "file.limit" });
  });
});

describe("readCsvTable with maxRows (a preview of the start of a file)", () => {
  async function readStart(content: string | Buffer, maxRows: number) {
    const dir = await mkdtemp(join(tmpdir(), "specready-csv-"));
    const path = join(dir, "t.csv");
    await writeFile(path, content);
    const rows: { line: number; cells: string[] }[] = [];
    let header: string[] = [];
    await readCsvTable(
      path,
      "t.csv",
      {
        header(cells) {
          header = [...cells];
          return cells.map((_, i) => i);
        },
        row(cells, line) {
          rows.push({ line, cells: cellsToArray(cells).map(String) });
        },
      },
      { maxRows },
    );
    return { header, rows };
  }

  // Far past the first rows the file breaks: reading it to the end would fail.
  const big = [
    "Month,ACR_USD,Note",
    "",
    ...Array.from({ length: 40_000 }, (_, i) => `2025-06,${i}.25,"row ${i}, quoted"`),
    '2025-07,1,"never closed',
  ].join("\n");

  it("hands over the first rows and stops reading", async () => {
    const { header, rows } = await readStart(big, 3);
    expect(header).toEqual(["Month", "ACR_USD", "Note"]);
    expect(rows).toEqual([
      { line: 3, cells: ["2025-06", "0.25", "row 0, quoted"] },
      { line: 4, cells: ["2025-06", "1.25", "row 1, quoted"] },
      { line: 5, cells: ["2025-06", "2.25", "row 2, quoted"] },
    ]);
  });

  it("reads the header only with maxRows 0, and a short file whole", async () => {
    expect(await readStart(big, 0)).toEqual({ header: ["Month", "ACR_USD", "Note"], rows: [] });
    expect((await readStart("a,b\n1,2\n", 10)).rows).toEqual([{ line: 2, cells: ["1", "2"] }]);
    await expect(readStart("", 10)).rejects.toThrow(/no header row/);
  });

  it("stops in a UTF-16 file too", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(big, "utf16le")]);
    expect((await readStart(bytes, 2)).rows.map((r) => r.line)).toEqual([3, 4]);
  });
});

describe("readCsvTable's four-bytes-at-a-time scan", () => {
  it("finds every separator, quote and line end wherever it falls in a word, in any chunk size", async () => {
    // Fields of 0 to 11 characters (ASCII, multi-byte UTF-8, spaces, characters just above and below
    // ','), some quoted with commas, doubled quotes and line breaks inside, LF and CRLF line ends: the
    // separators land at every offset modulo 4, and so do the chunk boundaries.
    const pieces = ["a", "Z", "9", "-", ".", "/", " ", "é", "€", "+", "!", "~"];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const expected: string[][] = [];
    const lines: string[] = ["c1,c2,c3,c4,c5"];
    for (let r = 0; r < 400; r++) {
      const cells: string[] = [];
      const written: string[] = [];
      for (let c = 0; c < 5; c++) {
        let text = "";
        const length = rnd(12);
        for (let k = 0; k < length; k++) text += pieces[rnd(pieces.length)];
        if (rnd(5) === 0) {
          const inner = `${text}${["", ",", '""', "\n", "\r\n"][rnd(5)]}${text}`;
          written.push(`"${inner}"`);
          cells.push(inner.replaceAll('""', '"'));
        } else {
          written.push(text);
          cells.push(text);
        }
      }
      if (cells.every((cell) => cell.trim() === "")) continue; // blank rows are skipped
      expected.push(cells);
      lines.push(written.join(","));
    }
    const text = lines.map((l, i) => `${l}${i % 3 === 0 ? "\r\n" : "\n"}`).join("");
    for (const chunkSize of [undefined, 61, 64, 1023]) {
      const { rows } = await readAll(text, undefined, chunkSize);
      expect(rows.map((r) => r.cells)).toEqual(expected);
    }
  });
});
