import { existsSync, readdirSync, readlinkSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cell, cellsToArray, cellText, TableFormatError, type TableSink } from "../table/cell.js";
import { excelSerialToDate, formatExcelNumber, isDateFormatCode, readXlsxTable } from "./read-xlsx-table.js";
import { buildHandXlsx, buildZip, type HandWorkbook, handWorkbookParts } from "./test-support/build-xlsx.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../../test-fixtures/xlsx");

interface Collected {
  header: readonly string[];
  headerLine: number;
  rows: { cells: readonly Cell[]; line: number }[];
}

/** A sink that keeps everything; `wanted` picks columns by header name (all columns when omitted). */
function collector(wanted?: readonly string[]): { sink: TableSink; result: Collected } {
  const result: Collected = { header: [], headerLine: 0, rows: [] };
  const sink: TableSink = {
    header(cells, line) {
      result.header = [...cells];
      result.headerLine = line;
      if (wanted === undefined) return cells.map((_, i) => i);
      return wanted.map((name) => cells.indexOf(name));
    },
    row(cells, line) {
      result.rows.push({ cells: cellsToArray(cells), line });
    },
  };
  return { sink, result };
}

async function read(path: string, wanted?: readonly string[]): Promise<Collected> {
  const { sink, result } = collector(wanted);
  await readXlsxTable(path, "test.xlsx", sink);
  return result;
}

const num = (text: string): Cell => ({ kind: "number", text });
const date = (iso: string): Cell => ({ kind: "date", date: iso });
const bool = (value: boolean): Cell => ({ kind: "boolean", value });
const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Descriptors of this process still open on `path` (Linux only; elsewhere nothing is checked). */
function openDescriptors(path: string): string[] {
  if (!existsSync("/proc/self/fd")) return [];
  const open: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) open.push(fd);
    } catch {
      // The descriptor closed while listing.
    }
  }
  return open;
}

let dir = "";
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "xlsx-reader-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempFile(content: Buffer | string, extension = ".xlsx"): Promise<string> {
  counter++;
  const path = join(dir, `file-${counter}${extension}`);
  await writeFile(path, content);
  return path;
}

async function writeExcel(build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  counter++;
  const path = join(dir, `excel-${counter}.xlsx`);
  await workbook.xlsx.writeFile(path);
  return path;
}

async function handFile(book: HandWorkbook): Promise<string> {
  return tempFile(buildHandXlsx(book));
}

/** Expects a `TableFormatError` naming the file, whose message matches `pattern`. */
async function expectFormatError(promise: Promise<unknown>, pattern: RegExp): Promise<TableFormatError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TableFormatError);
  const formatError = error as TableFormatError;
  expect(formatError.file).toBe("test.xlsx");
  expect(formatError.message).toContain("test.xlsx");
  expect(formatError.message).toMatch(pattern);
  return formatError;
}

describe("readXlsxTable on workbooks written by exceljs", () => {
  let path = "";
  beforeAll(async () => {
    path = await writeExcel((workbook) => {
      // Not named Sheet1, and a second sheet that must be ignored.
      const sheet = workbook.addWorksheet("Partner data");
      sheet.getRow(1).values = [
        "Name",
        "Joined",
        "Renewal",
        "Amount",
        "Active",
        "Doubled",
        "Status",
        "Extra",
      ];
      sheet.getColumn(2).numFmt = "yyyy-mm-dd";
      sheet.getColumn(3).numFmt = "m/d/yyyy";
      sheet.getRow(2).values = [
        "Ana",
        utc("2024-03-14"),
        utc("2025-01-31"),
        1234.56,
        true,
        { formula: "D2*2", result: 2469.12 },
        "ok",
        "x",
      ];
      sheet.getRow(3).values = [
        "Ben",
        utc("2023-11-02"),
        utc("2024-02-29"),
        0.1 + 0.2,
        false,
        { formula: "D3*2", result: 0.6 },
        { error: "#N/A" },
        "y",
      ];
      // Row 4: a whitespace-only string and a styled cell without value: empty, skipped.
      sheet.getCell("A4").value = "   ";
      sheet.getCell("D4").numFmt = "0.00";
      // Row 5 does not exist at all; row 6 is sparse.
      sheet.getCell("A6").value = "Chen";
      sheet.getCell("D6").value = -42.5;
      sheet.getCell("H6").value = "only extra";
      sheet.getRow(7).values = ["Dana", utc("1999-12-31"), undefined, 12345678901234, true];
      sheet.getCell("I7").value = "beyond the header";
      // A row with data only in a column nobody asked for is still a row.
      sheet.getCell("H8").value = "extra only";
      sheet.getRow(9).values = ["Emre", undefined, undefined, 1.5e20];
      sheet.getCell("D10").value = 0.001;
      sheet.getCell("A10").value = { richText: [{ text: "Fa" }, { font: { bold: true }, text: "tima" }] };

      const other = workbook.addWorksheet("Sheet1");
      other.getRow(1).values = ["Ignored"];
      other.getRow(2).values = ["never read"];
    });
  });

  it("reads the first worksheet's header and its typed cells", async () => {
    const result = await read(path);
    expect(result.header).toEqual([
      "Name",
      "Joined",
      "Renewal",
      "Amount",
      "Active",
      "Doubled",
      "Status",
      "Extra",
    ]);
    expect(result.headerLine).toBe(1);
    expect(result.rows.map((row) => row.line)).toEqual([2, 3, 6, 7, 8, 9, 10]);
    expect(result.rows[0]?.cells).toEqual([
      "Ana",
      date("2024-03-14"),
      date("2025-01-31"),
      num("1234.56"),
      bool(true),
      num("2469.12"),
      "ok",
      "x",
    ]);
    expect(result.rows[1]?.cells).toEqual([
      "Ben",
      date("2023-11-02"),
      date("2024-02-29"),
      num("0.3"),
      bool(false),
      num("0.6"),
      "#N/A",
      "y",
    ]);
    expect(result.rows[2]?.cells).toEqual(["Chen", "", "", num("-42.5"), "", "", "", "only extra"]);
    expect(result.rows[3]?.cells).toEqual([
      "Dana",
      date("1999-12-31"),
      "",
      num("12345678901234"),
      bool(true),
      "",
      "",
      "",
    ]);
    expect(result.rows[4]?.cells).toEqual(["", "", "", "", "", "", "", "extra only"]);
    expect(result.rows[5]?.cells).toEqual(["Emre", "", "", num("150000000000000000000"), "", "", "", ""]);
    expect(result.rows[6]?.cells).toEqual(["Fatima", "", "", num("0.001"), "", "", "", ""]);
  });

  it("hands over only the wanted columns, in the order asked, with blanks for columns past the data", async () => {
    const result = await read(path, ["Amount", "Name", "Missing", "Joined"]);
    // cells.indexOf gives -1 for "Missing": such an index yields "" cells.
    expect(result.rows[0]?.cells).toEqual([num("1234.56"), "Ana", "", date("2024-03-14")]);
    expect(result.rows[3]?.cells).toEqual([num("12345678901234"), "Dana", "", date("1999-12-31")]);
    // The row with data only in Extra is not empty, even though no wanted column has data.
    expect(result.rows[4]).toEqual({ cells: ["", "", "", ""], line: 8 });
  });

  it("hands over cells of a column beyond the header", async () => {
    const { sink, result } = collector();
    const wantNinth: TableSink = {
      header(cells, line) {
        sink.header(cells, line);
        return [8, 0];
      },
      row: sink.row,
    };
    await readXlsxTable(path, "test.xlsx", wantNinth);
    expect(result.rows.find((row) => row.line === 7)?.cells).toEqual(["beyond the header", "Dana"]);
  });

  it("reads dates of a workbook in the 1904 date system", async () => {
    const path1904 = await writeExcel((workbook) => {
      workbook.properties.date1904 = true;
      const sheet = workbook.addWorksheet("Dates");
      sheet.getColumn(1).numFmt = "yyyy-mm-dd";
      sheet.addRow(["When", "Count"]);
      sheet.addRow([utc("2024-02-29"), 3]);
      sheet.addRow([utc("1904-01-01"), 4]);
      sheet.addRow([utc("2031-12-31"), 5]);
    });
    const result = await read(path1904);
    expect(result.rows.map((row) => row.cells)).toEqual([
      [date("2024-02-29"), num("3")],
      [date("1904-01-01"), num("4")],
      [date("2031-12-31"), num("5")],
    ]);
  });

  it("reads header cells that are numbers or dates as their text", async () => {
    const headerPath = await writeExcel((workbook) => {
      const sheet = workbook.addWorksheet("Numbers");
      sheet.getCell("A1").value = "Id";
      sheet.getCell("C1").value = 2024;
      sheet.getCell("D1").value = utc("2025-06-01");
      sheet.getCell("D1").numFmt = "mmm yyyy";
      sheet.getCell("A2").value = 1;
    });
    const result = await read(headerPath);
    expect(result.header).toEqual(["Id", "", "2024", "2025-06-01"]);
    expect(result.rows).toEqual([{ cells: [num("1"), "", "", ""], line: 2 }]);
  });
});

describe("readXlsxTable on hand-made workbooks", () => {
  it("reads inline strings, rich runs, ISO dates, errors, formula strings and rows/cells without r", async () => {
    const path = await handFile({
      sheets: [
        {
          name: "Data",
          sheetData:
            `<row><c t="inlineStr"><is><t>Name</t></is></c><c t="inlineStr"><is><t>When</t></is></c>` +
            `<c t="inlineStr"><is><t>Value</t></is></c><c t="inlineStr"><is><t>Flag</t></is></c></row>` +
            `<row><c t="inlineStr"><is><r><t>Rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r></is></c>` +
            `<c t="d"><v>2024-05-06T13:45:00Z</v></c><c t="e"><v>#DIV/0!</v></c><c t="b"><v>1</v></c></row>` +
            // r missing on the row: previous + 1 = 3; r missing on a cell: next column.
            `<row><c r="B3" t="str"><f>TEXT(1,"0")</f><v>  padded &amp; kept  </v></c><c><v>7</v></c></row>` +
            `<row r="10"><c r="A10" t="inlineStr"><is><t>Line_x000D_
break</t></is></c><c r="D10" t="b"><v>0</v></c></row>` +
            `<row><c r="A11" t="n"><v>-0</v></c><c r="B11" t="d"><v>2024-07-08</v></c><c r="C11"><f>A1</f></c></row>`,
        },
      ],
    });
    const result = await read(path);
    expect(result.header).toEqual(["Name", "When", "Value", "Flag"]);
    expect(result.rows).toEqual([
      { cells: ["Rich text ", date("2024-05-06"), "#DIV/0!", bool(true)], line: 2 },
      { cells: ["", "  padded & kept  ", num("7"), ""], line: 3 },
      { cells: ["Line\r\nbreak", "", "", bool(false)], line: 10 },
      // A formula without a cached value is an empty cell.
      { cells: [num("0"), date("2024-07-08"), "", ""], line: 11 },
    ]);
  });

  it("reads shared strings, plain and rich, without phonetic runs", async () => {
    const path = await handFile({
      sharedStrings: [
        "<si><t>Customer</t></si>",
        "<si><t>Amount</t></si>",
        '<si><r><t>Contoso</t></r><r><rPr><i/></rPr><t xml:space="preserve"> Ltd</t></r></si>',
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
        "<si><t>  </t></si>",
        "<si><t>a_x005F_x0041_b</t></si>",
      ],
      sheets: [
        {
          name: "S",
          sheetData:
            `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
            `<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>10</v></c></row>` +
            `<row r="3"><c r="A3" t="s"><v>4</v></c></row>` +
            `<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" t="s"><v>5</v></c></row>`,
        },
      ],
    });
    const result = await read(path);
    expect(result.rows).toEqual([
      { cells: ["Contoso Ltd", num("10")], line: 2 },
      { cells: ["東京", "a_x0041_b"], line: 4 },
    ]);
  });

  it("takes the header from the first row that has a value", async () => {
    const path = await handFile({
      sheets: [
        {
          name: "S",
          sheetData:
            `<row r="1" s="2" customFormat="1"/><row r="2"><c r="A2" t="inlineStr"><is><t> </t></is></c></row>` +
            `<row r="3"><c r="B3" t="inlineStr"><is><t>Id</t></is></c></row><row r="4"><c r="B4"><v>1</v></c></row>`,
        },
      ],
    });
    const result = await read(path);
    expect(result.header).toEqual(["", "Id"]);
    expect(result.headerLine).toBe(3);
    expect(result.rows).toEqual([{ cells: ["", num("1")], line: 4 }]);
  });

  it("reads the first worksheet in workbook order, skipping chart sheets, with absolute targets", async () => {
    const path = await handFile({
      absoluteTargets: true,
      sheets: [
        { name: "Chart", sheetData: "", kind: "chartsheet" },
        {
          name: "Summary",
          fileName: "sheet9.xml",
          sheetData: `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`,
        },
        { name: "Sheet1", fileName: "sheet1.xml", sheetData: `<row r="1"><c r="A1"><v>99</v></c></row>` },
      ],
    });
    const result = await read(path);
    expect(result.header).toEqual(["1"]);
    expect(result.rows).toEqual([{ cells: [num("2")], line: 2 }]);
  });

  it("reads a worksheet whose elements carry a namespace prefix", async () => {
    const parts = handWorkbookParts({ sheets: [{ name: "S", sheetData: "" }] });
    parts["xl/worksheets/sheet1.xml"] =
      `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>H</x:t></x:is></x:c></x:row>` +
      `<x:row r="2"><x:c r="A2"><x:v>3.25</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const result = await read(await tempFile(buildZip(parts)));
    expect(result.rows).toEqual([{ cells: [num("3.25")], line: 2 }]);
  });

  it("formats raw numbers as Excel shows them", async () => {
    const raws = [
      "1234.5599999999999",
      "1E-3",
      "1.5E+20",
      "-0",
      "12",
      "0.30000000000000004",
      "-12.50",
      "1.0E+2",
      "007",
    ];
    const path = await handFile({
      sheets: [
        {
          name: "N",
          sheetData:
            `<row r="1"><c r="A1" t="inlineStr"><is><t>N</t></is></c></row>` +
            raws.map((raw, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${raw}</v></c></row>`).join(""),
        },
      ],
    });
    const result = await read(path);
    expect(result.rows.map((row) => cellText(row.cells[0]))).toEqual([
      "1234.56",
      "0.001",
      "150000000000000000000",
      "0",
      "12",
      "0.3",
      "-12.5",
      "100",
      "7",
    ]);
  });

  it("tells dates from numbers by the cell style's number format", async () => {
    const formats = {
      164: "yyyy-mm-dd",
      165: "[$-409]mmmm d, yyyy;@",
      166: "[h]:mm:ss",
      167: '0.00 "days"',
      168: "[Red]#,##0.00",
      169: "d/m/yy\\ h:mm",
      14: "0.00", // a custom format may redefine a built-in id
    };
    // Style index: 0 General, 1 built-in 14 (redefined: not a date), 2 built-in 22, 3..8 custom 164..169,
    // 9 built-in 4 (#,##0.00), 10 built-in 47 (mmss.0), 11 built-in 57 (CJK date).
    const cellXfs = [0, 14, 22, 164, 165, 166, 167, 168, 169, 4, 47, 57];
    const expected: Cell[] = [
      num("45000"),
      num("45000"),
      date("2023-03-15"),
      date("2023-03-15"),
      date("2023-03-15"),
      num("45000"),
      num("45000"),
      num("45000"),
      date("2023-03-15"),
      num("45000"),
      date("2023-03-15"),
      date("2023-03-15"),
    ];
    const path = await handFile({
      styles: { numFmts: formats, cellXfs },
      sheets: [
        {
          name: "S",
          sheetData:
            `<row r="1">${cellXfs.map((_, i) => `<c t="inlineStr"><is><t>S${i}</t></is></c>`).join("")}</row>` +
            `<row r="2">${cellXfs.map((_, i) => `<c s="${i}"><v>45000</v></c>`).join("")}</row>`,
        },
      ],
    });
    const result = await read(path);
    expect(result.rows[0]?.cells).toEqual(expected);
  });

  it("reports progress in compressed bytes of the sheet, ending at the total", async () => {
    const rows: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row>'];
    for (let r = 2; r <= 40_000; r++)
      rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>0.5</v></c></row>`);
    const path = await handFile({ sheets: [{ name: "Big", sheetData: rows.join("") }] });
    const calls: [number, number][] = [];
    let count = 0;
    await readXlsxTable(
      path,
      "test.xlsx",
      { header: () => [0], row: () => void count++ },
      { onProgress: (done, total) => calls.push([done, total]) },
    );
    expect(count).toBe(39_999);
    const total = calls[0]?.[1] ?? 0;
    expect(total).toBeGreaterThan(2 << 20);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.at(-1)).toEqual([total, total]);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]?.[0]).toBeGreaterThanOrEqual(calls[i - 1]?.[0] ?? 0);
  });
});

describe("readXlsxTable errors", () => {
  it("rejects a text file renamed .xlsx", async () => {
    const path = await tempFile("Name,Amount\nAna,12\n");
    await expectFormatError(read(path), /not an XLSX workbook/);
  });

  it("explains an old .xls or encrypted workbook (OLE signature)", async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const path = await tempFile(ole);
    await expectFormatError(read(path), /Excel 97–2003.*encrypted.*save it as .*\.xlsx.*CSV/s);
  });

  it("rejects a missing file and an empty file", async () => {
    await expectFormatError(read(join(dir, "does-not-exist.xlsx")), /cannot be read/);
    await expectFormatError(read(await tempFile("")), /is empty/);
  });

  it("rejects a zip without a workbook", async () => {
    const path = await tempFile(buildZip({ "readme.txt": "hello" }));
    await expectFormatError(read(path), /not an Excel workbook/);
  });

  it("rejects a workbook without worksheets", async () => {
    const parts = handWorkbookParts({ sheets: [] });
    await expectFormatError(read(await tempFile(buildZip(parts))), /has no worksheets/);
    const chartsOnly = handWorkbookParts({ sheets: [{ name: "C", sheetData: "", kind: "chartsheet" }] });
    await expectFormatError(read(await tempFile(buildZip(chartsOnly))), /has no worksheets/);
  });

  it("rejects an empty first worksheet", async () => {
    const path = await writeExcel((workbook) => {
      workbook.addWorksheet("Blank");
      workbook.addWorksheet("Data").addRow(["Id"]);
    });
    await expectFormatError(read(path), /"Blank" is empty, it has no header row/);
    const onlyBlankRows = await handFile({
      sheets: [{ name: "S", sheetData: '<row r="1"><c r="A1" s="1"/></row>' }],
    });
    await expectFormatError(read(onlyBlankRows), /no header row/);
  });

  it("names the part that is not well-formed XML", async () => {
    const broken = handWorkbookParts({
      sheets: [{ name: "S", sheetData: '<row r="1"><c r="A1"><v>1</v></c>' }],
    });
    await expectFormatError(
      read(await tempFile(buildZip(broken))),
      /xl\/worksheets\/sheet1\.xml is not well-formed XML/,
    );
    const brokenStrings = handWorkbookParts({
      sheets: [{ name: "S", sheetData: "" }],
      sharedStrings: ["<si><t>a</si>"],
    });
    await expectFormatError(
      read(await tempFile(buildZip(brokenStrings))),
      /xl\/sharedStrings\.xml is not well-formed/,
    );
  });

  it("rejects a missing worksheet part and a dangling shared string", async () => {
    const parts = handWorkbookParts({ sheets: [{ name: "S", sheetData: "" }] });
    delete parts["xl/worksheets/sheet1.xml"];
    await expectFormatError(
      read(await tempFile(buildZip(parts))),
      /worksheet "S" \(xl\/worksheets\/sheet1\.xml\) is missing/,
    );
    const dangling = await handFile({
      sharedStrings: ["<si><t>Id</t></si>"],
      sheets: [
        {
          name: "S",
          sheetData:
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row>',
        },
      ],
    });
    const error = await expectFormatError(read(dangling), /shared string 5/);
    expect(error.line).toBe(2);
  });

  it("rejects a truncated zip as damaged", async () => {
    const zip = buildHandXlsx({ sheets: [{ name: "S", sheetData: "" }] });
    await expectFormatError(read(await tempFile(zip.subarray(0, zip.length - 30))), /damaged XLSX workbook/);
  });

  it("rejects a damaged zip entry without leaking a raw zip error", async () => {
    const zip = buildHandXlsx({
      sheets: [{ name: "S", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
    });
    // Break the local header signature of the first entry: the central directory still points at it.
    zip.writeUInt32LE(0, 0);
    await expectFormatError(read(await tempFile(zip)), /damaged/);
  });

  it("rethrows the sink's own error and closes the file", async () => {
    const rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row>'];
    for (let r = 2; r <= 20_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    const path = await handFile({ sheets: [{ name: "S", sheetData: rows.join("") }] });

    const headerError = new Error("no such column");
    await expect(
      readXlsxTable(path, "test.xlsx", {
        header: () => {
          throw headerError;
        },
        row: () => undefined,
      }),
    ).rejects.toBe(headerError);
    expect(openDescriptors(path)).toEqual([]);

    const rowError = new TableFormatError("test.xlsx", "stop", 100);
    let openWhileReading: string[] = [];
    await expect(
      readXlsxTable(path, "test.xlsx", {
        header: () => [0],
        row: (_cells, line) => {
          if (line === 100) {
            openWhileReading = openDescriptors(path);
            throw rowError;
          }
        },
      }),
    ).rejects.toBe(rowError);
    // The check sees the file while it is being read (where /proc exists), and not afterwards.
    if (existsSync("/proc/self/fd")) expect(openWhileReading).toHaveLength(1);
    expect(openDescriptors(path)).toEqual([]);
  });

  it("closes the file after success and after a format error", async () => {
    const good = await handFile({
      sheets: [{ name: "S", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' }],
    });
    await read(good);
    expect(openDescriptors(good)).toEqual([]);
    const bad = await tempFile(buildZip(handWorkbookParts({ sheets: [{ name: "S", sheetData: "<row>" }] })));
    await expectFormatError(read(bad), /not well-formed/);
    expect(openDescriptors(bad)).toEqual([]);
  });
});

describe("readXlsxTable with maxRows (a preview of the start of a workbook)", () => {
  // Row 40 refers to a shared string that does not exist: reading that far would fail.
  const rows = Array.from({ length: 60 }, (_, i) => {
    const r = i + 2;
    const value = r === 40 ? '<c r="A40" t="s"><v>99</v></c>' : `<c r="A${r}"><v>${r * 10}</v></c>`;
    return `<row r="${r}">${value}<c r="B${r}" t="inlineStr"><is><t>row ${r}</t></is></c></row>`;
  }).join("");
  const book: HandWorkbook = {
    sharedStrings: ["<si><t>Amount</t></si>", "<si><t>Note</t></si>"],
    sheets: [
      {
        name: "S",
        sheetData: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>${rows}`,
      },
    ],
  };

  async function readStart(path: string, maxRows: number): Promise<Collected> {
    const { sink, result } = collector();
    await readXlsxTable(path, "test.xlsx", sink, { maxRows });
    return result;
  }

  it("hands over the first rows, stops, and closes the file", async () => {
    const path = await handFile(book);
    const result = await readStart(path, 3);
    expect(result.header).toEqual(["Amount", "Note"]);
    expect(result.rows).toEqual([
      { line: 2, cells: [num("20"), "row 2"] },
      { line: 3, cells: [num("30"), "row 3"] },
      { line: 4, cells: [num("40"), "row 4"] },
    ]);
    expect(openDescriptors(path)).toEqual([]);
    await expect(read(path)).rejects.toThrow(/shared string 99/);
  });

  it("reads the header only with maxRows 0", async () => {
    const result = await readStart(await handFile(book), 0);
    expect(result.header).toEqual(["Amount", "Note"]);
    expect(result.rows).toEqual([]);
  });
});

describe("fixtures", () => {
  it("reads certifications.xlsx with its date-formatted EarnedDate", async () => {
    const result = await read(join(FIXTURES, "certifications.xlsx"), [
      "Name",
      "CertificationId",
      "EarnedDate",
    ]);
    expect(result.header).toEqual(["Name", "Email", "Certification", "CertificationId", "EarnedDate"]);
    expect(result.rows).toHaveLength(7);
    expect(result.rows[0]).toEqual({ cells: ["Ana Souza", "AI-102", date("2024-03-14")], line: 2 });
    expect(result.rows[6]).toEqual({ cells: ["Gustavo Lima", "AI-102", date("2024-02-29")], line: 8 });
  });

  it("reads azure-usage.xlsx with its Partner Center columns", async () => {
    const result = await read(join(FIXTURES, "azure-usage.xlsx"));
    expect(result.header).toEqual([
      "Month",
      "CustomerTenantId",
      "CustomerName",
      "ServiceGroup2",
      "PartnerAttributionType",
      "IsACRDuplicateAtMPNLevel",
      "OfferType",
      "CloudInstance",
      "ACR_USD",
    ]);
    expect(result.rows).toHaveLength(20);
    expect(result.rows[0]?.cells).toEqual([
      date("2025-04-01"),
      "5b0f3c1e-8d2a-4c9e-9a55-0c1d2e3f4a51",
      "Fabrikam Retail",
      "AI + Machine Learning",
      "PAL",
      bool(false),
      "Azure plan",
      "Public",
      num("137.25"),
    ]);
    expect(result.rows[13]?.cells[8]).toEqual(num("-125.4"));
    expect(result.rows.at(-1)?.cells[0]).toEqual(date("2025-08-01"));
    expect(result.rows.filter((row) => cellText(row.cells[5]) === "TRUE")).toHaveLength(2);
    const cents = result.rows.reduce((sum, row) => sum + Math.round(Number(cellText(row.cells[8])) * 100), 0);
    expect(cents).toBe(6_245_821);
  });
});

describe("number and date helpers", () => {
  it("formats numbers to 15 significant digits without exponent", () => {
    expect(formatExcelNumber("1234.5599999999999")).toBe("1234.56");
    expect(formatExcelNumber("1E-3")).toBe("0.001");
    expect(formatExcelNumber("1.5E+20")).toBe("150000000000000000000");
    expect(formatExcelNumber("-1.5E+20")).toBe("-150000000000000000000");
    expect(formatExcelNumber("-0")).toBe("0");
    expect(formatExcelNumber("0")).toBe("0");
    expect(formatExcelNumber("12")).toBe("12");
    expect(formatExcelNumber("12.000")).toBe("12");
    expect(formatExcelNumber("0.30000000000000004")).toBe("0.3");
    expect(formatExcelNumber("1E-7")).toBe("0.0000001");
    expect(formatExcelNumber("-1.23456789012345E-5")).toBe("-0.0000123456789012345");
    expect(formatExcelNumber("12345678901234567")).toBe("12345678901234600");
    expect(formatExcelNumber("123456789012345")).toBe("123456789012345");
    expect(formatExcelNumber("0.1234567890123456")).toBe("0.123456789012346");
    expect(formatExcelNumber("999999999999999.9")).toBe("1000000000000000");
    expect(formatExcelNumber("abc")).toBeUndefined();
    expect(formatExcelNumber("")).toBeUndefined();
  });

  it("converts 1900 and 1904 serials to calendar dates", () => {
    expect(excelSerialToDate(1, false)).toBe("1900-01-01");
    expect(excelSerialToDate(59, false)).toBe("1900-02-28");
    // Excel's phantom 1900-02-29 is no calendar date.
    expect(excelSerialToDate(60, false)).toBeUndefined();
    expect(excelSerialToDate(61, false)).toBe("1900-03-01");
    expect(excelSerialToDate(45000, false)).toBe("2023-03-15");
    expect(excelSerialToDate(45000.75, false)).toBe("2023-03-15");
    expect(excelSerialToDate(44999.99999999999, false)).toBe("2023-03-15");
    expect(excelSerialToDate(2958465, false)).toBe("9999-12-31");
    expect(excelSerialToDate(2958466, false)).toBeUndefined();
    expect(excelSerialToDate(0.5, false)).toBeUndefined();
    expect(excelSerialToDate(0, true)).toBe("1904-01-01");
    expect(excelSerialToDate(43538, true)).toBe("2023-03-15");
    expect(excelSerialToDate(-1, true)).toBeUndefined();
  });

  it("recognizes date format codes", () => {
    for (const code of [
      "yyyy-mm-dd",
      "m/d/yyyy",
      "d-mmm-yy",
      "[$-409]mmmm d, yyyy;@",
      "dd/mm/yyyy hh:mm",
      "ge.m.d",
      '[$-411]ggge"年"m"月"d"日"',
      "h:mm AM/PM",
    ]) {
      expect(isDateFormatCode(code), code).toBe(true);
    }
    for (const code of [
      "General",
      "0.00",
      "#,##0",
      '0 "days"',
      "[Red]0.00",
      "[h]:mm:ss",
      "[mm]:ss",
      "0.00E+00",
      "\\d0",
      "@",
      "#,##0_m",
    ]) {
      expect(isDateFormatCode(code), code).toBe(false);
    }
  });
});
