import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { detectTableFormat } from "../table/detect-table-format.js";
import { buildHandXlsx } from "../xlsx/test-support/build-xlsx.js";
import { countCsvBytesWasm, countRepeatedRows, HashSet64 } from "./repeated-rows.js";

const fixtures = new URL("../../test-fixtures/", import.meta.url).pathname;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "specready-repeats-"));
});

let n = 0;
async function count(content: string | Buffer) {
  const path = join(dir, `file-${n++}`);
  await writeFile(path, content);
  return countRepeatedRows(path, "upload.csv", await detectTableFormat(path, "upload.csv"));
}

/**
 * Counts a UTF-8 CSV text both ways: in WebAssembly (which must count here: else both ways would be
 * JavaScript's), and with JavaScript's `indexOf` walk.
 */
async function countBothWays(content: string | Buffer, mostSlots?: number) {
  const path = join(dir, `file-${n++}`);
  await writeFile(path, content);
  const direct = await countCsvBytesWasm(path, undefined, mostSlots);
  expect(direct).toBeDefined();
  const wasm = await countRepeatedRows(path, "upload.csv", "csv", { wasm: true, mostSlots });
  expect(wasm).toEqual(direct);
  const js = await countRepeatedRows(path, "upload.csv", "csv", { wasm: false, mostSlots });
  return { wasm, js };
}

describe("rows that repeat an earlier row, found with WebAssembly or without", () => {
  it("gives the same count both ways, whatever the quotes, line ends and blank rows", async () => {
    const row = fc.constantFrom("a,b", '"x,y",1', '"multi\nline",2', '"q""q",3', ",,", "", "a,b ", "é,ü");
    const eol = fc.constantFrom("\n", "\r\n");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(row, eol), { maxLength: 60 }),
        fc.boolean(),
        async (rows, crOnly) => {
          const text = `H1,H2\n${rows.map(([r, e]) => r + e).join("")}`;
          const { wasm, js } = await countBothWays(crOnly ? text.replaceAll("\n", "\r") : text);
          expect(wasm).toEqual(js);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts the same across chunks of a file of several megabytes", async () => {
    const rows = Array.from(
      { length: 9_000 },
      (_, i) => `2025-0${1 + (i % 9)},"Customer ${i % 7000}, Inc",${i % 5000}.5`,
    );
    const data = Array.from({ length: 40 }, () => rows).flat();
    const { wasm, js } = await countBothWays(`Month,Name,ACR\r\n${data.join("\r\n")}\r\n`);
    expect(wasm).toEqual(js);
    expect(wasm).toEqual({ rows: data.length, repeated: data.length - new Set(rows).size, complete: true });
  });

  it("grows the set of row hashes as the rows come, and keeps no more once it is full", async () => {
    // 20,000 distinct rows in 400 KB: the set starts with room for 4,096 and doubles four times.
    const rows = Array.from({ length: 20_000 }, (_, i) => `2025-06,T${i},${i}.25`);
    const text = (list: string[]) => `Month,Customer,ACR\n${list.join("\n")}\n`;
    const grown = await countBothWays(text([...rows, ...rows.slice(0, 7_000)]));
    expect(grown.wasm).toEqual({ rows: 27_000, repeated: 7_000, complete: true });
    expect(grown.js).toEqual(grown.wasm);
    // At most 4,096 slots: the first 3,072 distinct rows are kept (three quarters), the rest counted
    // as new every time they come.
    const full = await countBothWays(text([...rows.slice(0, 5_000), ...rows.slice(0, 5_000)]), 4_096);
    expect(full.wasm).toEqual({ rows: 10_000, repeated: 3_072, complete: false });
    expect(full.js).toEqual(full.wasm);
  });

  it("counts a record longer than the chunks the file is read in", async () => {
    // A quoted cell of 9 MB (the chunks are 4 MB, the room for a chunk and a record carried over 8 MB):
    // the room grows once, to 16 MB.
    const long = `"${"x,".repeat(4_500_000)}\n"`;
    const text = `A,B\n1,${long}\n2,3\n1,${long}\r\n2,3`;
    const { wasm, js } = await countBothWays(text);
    expect(wasm).toEqual({ rows: 4, repeated: 2, complete: true });
    expect(js).toEqual(wasm);
  });

  it("takes a CRLF file for one whatever line end its first chunk ends at", async () => {
    // A header of 4 MB less a byte: the first chunk ends on the CR of its CRLF. Blank CRLF lines are
    // no rows (as a file of CRs alone, each LF would start a row of its own).
    const text = `${"A,".repeat(2 * 1024 * 1024 - 1)}B\r\n1,2\r\n\r\n1,2\r\n\r\n`;
    const { wasm, js } = await countBothWays(text);
    expect(wasm).toEqual({ rows: 2, repeated: 1, complete: true });
    expect(js).toEqual(wasm);
  });

  it("refuses a set whose most slots are not a power of two", async () => {
    const path = join(dir, `file-${n++}`);
    await writeFile(path, "A\n1\n");
    await expect(countRepeatedRows(path, "upload.csv", "csv", { mostSlots: 5_000 })).rejects.toThrow(
      /power of two/,
    );
  });
});

describe("rows that repeat an earlier row", () => {
  it("counts every repeat of a CSV file joined with itself", async () => {
    const header = "Month,CustomerTenantId,ACR_USD";
    const rows = Array.from({ length: 300 }, (_, i) => `2025-0${1 + (i % 9)},t-${i},${i}.50`);
    const joined = [header, ...Array.from({ length: 400 }, () => rows).flat(), ""].join("\n");
    expect(await count(joined)).toEqual({ rows: 120_000, repeated: 119_700, complete: true });
  });

  it("finds none in a file of distinct rows, whatever its line ends, BOM and blank rows", async () => {
    expect(await count("A,B\r\n1,2\r\n1,3\r\n\r\n,,\r\n2,2")).toEqual({
      rows: 3,
      repeated: 0,
      complete: true,
    });
    expect(await count("\uFEFFA,B\n1,2\n1,2\n")).toEqual({ rows: 2, repeated: 1, complete: true });
    // A header alone has no rows.
    expect(await count("A,B\n")).toEqual({ rows: 0, repeated: 0, complete: true });
  });

  it("treats a quoted line break as part of its row, and CRLF rows like LF rows", async () => {
    const csv = 'A,B\n"x\ny",1\n"x\ny",1\r\nx,"y\n1"\n';
    expect(await count(csv)).toEqual({ rows: 3, repeated: 1, complete: true });
  });

  it("compares a workbook's rows cell by cell", async () => {
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const row = (r: number, a: string, b: string) =>
      `<row r="${r}">${cell(`A${r}`, a)}${cell(`B${r}`, b)}</row>`;
    const xlsx = buildHandXlsx({
      sheets: [
        {
          name: "Sheet1",
          sheetData: [row(1, "A", "B"), row(2, "ab", "c"), row(3, "a", "bc"), row(4, "ab", "c")].join(""),
        },
      ],
    });
    expect(await count(xlsx)).toEqual({ rows: 3, repeated: 1, complete: true });
  });

  it("reads a UTF-16 file through the readers", async () => {
    const utf16 = await readFile(join(fixtures, "csv/certifications-utf16.csv"));
    const text = utf16.subarray(2).toString("utf16le");
    const lines = text.split(/\r?\n/).filter((l) => l !== "");
    const doubled = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${[...lines, ...lines.slice(1)].join("\r\n")}\r\n`, "utf16le"),
    ]);
    const rows = lines.length - 1;
    expect(await count(doubled)).toEqual({ rows: 2 * rows, repeated: rows, complete: true });
  });

  it("counts as a plain list of rows does, for any rows", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("a", "b", '"c,d"', "é"), fc.constantFrom("1", "2")), {
          maxLength: 40,
        }),
        async (pairs) => {
          const lines = pairs.map(([a, b]) => `${a},${b}`);
          const expected = lines.length - new Set(lines).size;
          expect(await count(["X,Y", ...lines].join("\n"))).toEqual({
            rows: lines.length,
            repeated: expected,
            complete: true,
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("the set of row hashes", () => {
  it("keeps what fits and says when it is full", () => {
    const set = new HashSet64(4, 8);
    for (let k = 1; k <= 6; k++) expect(set.add(k, k * 7)).toBe(true);
    expect(set.complete).toBe(true);
    expect(set.add(3, 21)).toBe(false);
    // 6 of 8 slots: a seventh distinct hash is not kept.
    expect(set.add(100, 1)).toBe(true);
    expect(set.complete).toBe(false);
    expect(set.add(0, 0)).toBe(true);
  });
});
