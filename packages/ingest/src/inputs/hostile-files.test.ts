/*
 * Hostile and malformed files (issues 10 and 17), read the ways the CLI (`loadDataDir`) and the server
 * (`previewTable`, `readImportFile`) read them: each is refused with one problem naming the file, the line
 * (or row and cell) and the limit or what is wrong, in a second or so, instead of exhausting the heap,
 * throwing a RangeError or decoding with replacement characters.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Program } from "@specready/core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadInstalledPrograms } from "../programs/load-installed-programs.js";
import { buildZip, handWorkbookParts } from "../xlsx/test-support/build-xlsx.js";
import type { ImportKind } from "./input-columns.js";
import type { InputProblem } from "./input-problem.js";
import { loadDataDir } from "./load-data-dir.js";
import { previewTable } from "./preview-table.js";
import { readImportFile } from "./read-import-file.js";
import { DEFAULT_READ_LIMITS, type ReadLimits } from "./read-limits.js";
import {
  certificationsUtf16,
  certificationsWithBytes,
  oneLineCsv,
  truncatedUtf16Certifications,
  xlsxCellBeyondXfd,
  xlsxCertifications,
  xlsxSharedStringsBomb,
  xlsxSheetBomb,
} from "./test-support/hostile-files.js";

const MB = 1024 * 1024;
let program: Program;

beforeAll(async () => {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24") as Program;
});

/** Stores an upload the way the server does: under a name of its own, not the user's. */
async function stored(content: Buffer | string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "specready-hostile-")), "upload-1");
  await writeFile(path, content);
  return path;
}

/** The problems of a file, read as an upload and as `specready check` reads its folder: they must agree. */
async function problemsOf(
  fileName: string,
  content: Buffer | string,
  kind: ImportKind = "certifications",
  limits?: ReadLimits,
): Promise<readonly InputProblem[]> {
  const upload = await readImportFile(await stored(content), fileName, kind, program, { limits });
  expect(upload.ok).toBe(false);
  const dir = await mkdtemp(join(tmpdir(), "specready-hostile-dir-"));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, fileName), content);
  const cli = await loadDataDir(dir, program, { limits });
  expect(cli.ok).toBe(false);
  if (upload.ok || cli.ok) return [];
  expect(cli.problems).toEqual(upload.problems);
  return upload.problems;
}

function only(problems: readonly InputProblem[]): InputProblem {
  expect(problems).toHaveLength(1);
  return problems[0] as InputProblem;
}

describe("hostile CSV files", () => {
  it("refuses a 50 MB line of a,a,a,… with no line end at the line limit (it exhausted the heap)", async () => {
    const problem = only(await problemsOf("certifications.csv", oneLineCsv(50 * MB)));
    expect(problem).toMatchObject({ file: "certifications.csv", line: 1, code: "file.limit" });
    // Whichever limit it reaches first: its 1,000th column comes long before its first megabyte.
    expect(problem.message).toMatch(/more than 1,000 columns.*SPECREADY_MAX_COLUMNS/);
    const noCommas = only(await problemsOf("certifications.csv", oneLineCsv(50 * MB, false)));
    expect(noCommas).toMatchObject({ file: "certifications.csv", line: 1, code: "file.limit" });
    expect(noCommas.message).toMatch(/longer than 1 MB.*SPECREADY_MAX_LINE_KB/);
  });

  it("previews a 5 MB line as one short problem, not 10 MB of JSON", async () => {
    const result = await previewTable(await stored(oneLineCsv(5 * MB)), "certs.csv", "certifications");
    expect(result).toMatchObject({
      ok: false,
      problems: [{ file: "certs.csv", line: 1, code: "file.limit" }],
    });
    expect(JSON.stringify(result).length).toBeLessThan(1000);
  });

  it("never echoes a 50 MB line without commas", async () => {
    const result = await previewTable(
      await stored(oneLineCsv(50 * MB, false)),
      "certs.csv",
      "certifications",
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result).length).toBeLessThan(1000);
  });

  it("refuses a cell over the cell limit, naming its line and column", async () => {
    const csv = `PersonId,PersonName,Certification\np1,Ana,DP-100\np2,${"b".repeat(40_000)},AI-102\n`;
    const problem = only(await problemsOf("certifications.csv", csv));
    expect(problem).toMatchObject({ line: 3, column: "PersonName", code: "file.limit" });
    expect(problem.message).toMatch(/more than 32,767 characters.*SPECREADY_MAX_CELL_CHARS/);
  });

  it("refuses a row of more columns than the limit", async () => {
    const header = ["PersonId", "Certification", ...Array.from({ length: 1000 }, (_, i) => `x${i}`)];
    const problem = only(await problemsOf("certifications.csv", `${header.join(",")}\np1,DP-100\n`));
    expect(problem).toMatchObject({ line: 1, code: "file.limit" });
    expect(problem.message).toMatch(/more than 1,000 columns.*SPECREADY_MAX_COLUMNS/);
  });

  it("takes its limits from the caller", async () => {
    const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, maxLineBytes: 64, maxColumns: 3 };
    const long = `PersonId,Certification\np1,DP-100\np2,${"A".repeat(80)}\n`;
    expect(only(await problemsOf("certifications.csv", long, "certifications", limits))).toMatchObject({
      line: 3,
      code: "file.limit",
    });
    const wide = "PersonId,Certification,a,b\np1,DP-100\n";
    expect(only(await problemsOf("certifications.csv", wide, "certifications", limits))).toMatchObject({
      line: 1,
      code: "file.limit",
    });
  });
});

describe("warnings about many distinct values", () => {
  it("name 20 values one by one and count the others together", async () => {
    const rows = Array.from(
      { length: 5_000 },
      (_, i) =>
        `2025-06,T-${i % 7},AI,Attribution ${i % 1000},${i % 2 === 0 ? `Offer ${i}` : "Azure plan"},1.00`,
    );
    const csv = `Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,OfferType,ACR_USD\n${rows.join("\n")}\n`;
    const result = await readImportFile(await stored(csv), "usage.csv", "azure-usage", program);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const attribution = result.warnings.filter((w) => w.code === "usage.attribution");
    expect(attribution).toHaveLength(21);
    expect(attribution.reduce((n, w) => n + w.count, 0)).toBe(5_000);
    expect(attribution[20]?.message).toBe("4900 AI rows have 980 other attributions, which do not count");
    // Rows of an ineligible attribution are not looked at for their offer: none are excluded here.
    expect(result.warnings.filter((w) => w.code === "usage.offer")).toEqual([]);
  });
});

describe("row limits per kind of file", () => {
  const certifications = (rows: number) =>
    [
      "PersonId,Certification",
      ...Array.from({ length: rows }, (_, i) => `p${i}@contoso.example,DP-100`),
    ].join("\n");
  const limits: ReadLimits = {
    ...DEFAULT_READ_LIMITS,
    rows: { ...DEFAULT_READ_LIMITS.rows, certifications: 3 },
  };

  it("refuses the first row over the limit, naming its line and the setting", async () => {
    const problem = only(await problemsOf("certifications.csv", certifications(4), "certifications", limits));
    expect(problem).toMatchObject({ file: "certifications.csv", line: 5, code: "file.limit" });
    expect(problem.message).toMatch(/more than 3 data rows.*SPECREADY_MAX_ROWS_CERTIFICATIONS/);
  });

  it("reads a file at the limit, and sets none for the usage report", async () => {
    const result = await readImportFile(
      await stored(certifications(3)),
      "certs.csv",
      "certifications",
      program,
      { limits },
    );
    expect(result.ok).toBe(true);
    expect(DEFAULT_READ_LIMITS.rows["azure-usage"]).toBeUndefined();
    expect(DEFAULT_READ_LIMITS.rows["capability-score"]).toBe(10_000);
  });

  it("applies to workbooks too", async () => {
    const problem = only(
      await problemsOf("certifications.xlsx", xlsxCertifications(4), "certifications", limits),
    );
    expect(problem).toMatchObject({ line: 5, code: "file.limit" });
  });
});

describe("hostile XLSX workbooks", () => {
  it("refuses a header cell r=ZZZZZZ1, beyond Excel's last column (3.4 GB, then a RangeError)", async () => {
    const problem = only(await problemsOf("certifications.xlsx", xlsxCellBeyondXfd()));
    expect(problem).toMatchObject({ file: "certifications.xlsx", line: 1, code: "file.format" });
    expect(problem.message).toMatch(/"Certifications".*ZZZZZZ1.*XFD1048576/);
  });

  it("refuses a row number beyond Excel's last row", async () => {
    const problem = only(await problemsOf("certifications.xlsx", xlsxCellBeyondXfd("B1048577")));
    expect(problem.message).toMatch(/B1048577.*XFD1048576/);
  });

  it("refuses shared strings that unpack to 1.26 GB from 4 MB, before unpacking them", async () => {
    const problem = only(await problemsOf("certifications.xlsx", xlsxSharedStringsBomb()));
    expect(problem).toMatchObject({ file: "certifications.xlsx", code: "file.limit" });
    expect(problem.message).toMatch(/xl\/sharedStrings\.xml.*unpacks to .* times.*SPECREADY_XLSX_MAX_RATIO/);
  });

  it("stops unpacking a part that holds more than its zip directory says", async () => {
    const problem = only(await problemsOf("certifications.xlsx", xlsxSharedStringsBomb(1260, 5)));
    expect(problem).toMatchObject({ code: "file.format" });
    expect(problem.message).toMatch(/xl\/sharedStrings\.xml.*more than the 5 MB its zip directory declares/);
  });

  it("refuses a worksheet that unpacks to 1.26 GB, of rows or of one cell's text", async () => {
    const rows = only(await problemsOf("certifications.xlsx", xlsxSheetBomb()));
    expect(rows).toMatchObject({ code: "file.limit" });
    expect(rows.message).toMatch(/xl\/worksheets\/sheet1\.xml/);
    const text = only(await problemsOf("certifications.xlsx", xlsxSheetBomb(1260, { shape: "text" })));
    expect(text.message).toMatch(/xl\/worksheets\/sheet1\.xml/);
  });

  it("stops at the cell or text limit in a worksheet that understates its size", async () => {
    const problem = only(
      await problemsOf("certifications.xlsx", xlsxSheetBomb(1260, { shape: "text", declaredMb: 100 })),
    );
    expect(problem.code).toBe("file.limit");
    expect(problem.message).toMatch(/xl\/worksheets\/sheet1\.xml/);
  });

  it("refuses a part over the absolute limit, and a cell over the cell limit", async () => {
    const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, xlsxMaxPartBytes: 1 * MB };
    const big = xlsxCertifications(20_000, (r) => `person-${r}@contoso.example`);
    const problem = only(await problemsOf("certifications.xlsx", big, "certifications", limits));
    expect(problem.message).toMatch(
      /xl\/worksheets\/sheet1\.xml.*more than 1 MB.*SPECREADY_XLSX_MAX_PART_MB/,
    );

    const long = xlsxCertifications(2, (r) => (r === 3 ? "y".repeat(40_000) : `p${r}`));
    expect(only(await problemsOf("certifications.xlsx", long))).toMatchObject({
      line: 3,
      column: "PersonId",
      code: "file.limit",
    });
  });

  it("limits the shared strings' count and characters", async () => {
    const book = (strings: string[]) =>
      buildZip(
        handWorkbookParts({
          sheets: [
            {
              name: "Certifications",
              sheetData: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
            },
          ],
          sharedStrings: strings.map((s) => `<si><t>${s}</t></si>`),
        }),
      );
    const few: ReadLimits = { ...DEFAULT_READ_LIMITS, xlsxMaxSharedStrings: 3 };
    const count = only(
      await problemsOf(
        "certifications.xlsx",
        book(["PersonId", "Certification", "a", "b"]),
        "certifications",
        few,
      ),
    );
    expect(count).toMatchObject({ code: "file.limit" });
    expect(count.message).toMatch(/more than 3 shared strings.*SPECREADY_XLSX_MAX_SHARED_STRINGS/);
    const short: ReadLimits = { ...DEFAULT_READ_LIMITS, xlsxMaxSharedStringChars: 30 };
    const chars = only(
      await problemsOf(
        "certifications.xlsx",
        book(["PersonId", "Certification", "x".repeat(20)]),
        "certifications",
        short,
      ),
    );
    expect(chars.message).toMatch(/more than 30 characters.*SPECREADY_XLSX_MAX_SHARED_STRINGS_MB/);
  });

  it("refuses a header row wider than the column limit, but not blank cells up to XFD", async () => {
    const wide = Array.from(
      { length: 1001 },
      (_, i) => `<c r="${columnName(i)}1" t="inlineStr"><is><t>h${i}</t></is></c>`,
    );
    const book = (cells: string) =>
      buildZip(
        handWorkbookParts({ sheets: [{ name: "Certifications", sheetData: `<row r="1">${cells}</row>` }] }),
      );
    expect(only(await problemsOf("certifications.xlsx", book(wide.join(""))))).toMatchObject({
      line: 1,
      code: "file.limit",
    });
    const styledBlank =
      '<c r="A1" t="inlineStr"><is><t>PersonId</t></is></c><c r="B1" t="inlineStr"><is><t>Certification</t></is></c><c r="XFD1" s="0"/>';
    const result = await readImportFile(await stored(book(styledBlank)), "c.xlsx", "certifications", program);
    expect(result.ok).toBe(true);
  });
});

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

describe("malformed text (issue 17)", () => {
  it("refuses a UTF-16 file cut off mid-character (143 bytes), instead of reading it as 0 rows", async () => {
    const bytes = truncatedUtf16Certifications();
    expect(bytes.length).toBe(143);
    const problem = only(await problemsOf("certifications.csv", bytes));
    expect(problem).toMatchObject({ file: "certifications.csv", line: 1, code: "file.encoding" });
    expect(problem.message).toMatch(/odd number of bytes/);
  });

  it("still reads a whole UTF-16 file", async () => {
    const result = await readImportFile(
      await stored(certificationsUtf16()),
      "c.csv",
      "certifications",
      program,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.data.records.map((r) => r.personName)).toEqual(["Zoë Müller", "Ana Souza", "Li Wei"]);
  });

  it.each([
    ["little-endian", true],
    ["big-endian", false],
  ])("refuses an unpaired surrogate in %s UTF-16, naming its line and column", async (_name, little) => {
    const text = "PersonId,PersonName,Certification\r\np1,Ana,DP-100\r\np2,Jo\uD83D,AI-102\r\n";
    let units = Buffer.from(text, "utf16le");
    if (!little) units = Buffer.from(units).swap16();
    const bom = little ? [0xff, 0xfe] : [0xfe, 0xff];
    const problem = only(await problemsOf("certifications.csv", Buffer.concat([Buffer.from(bom), units])));
    expect(problem).toMatchObject({ line: 3, column: "PersonName", code: "file.encoding" });
    expect(problem.message).toMatch(/unpaired surrogate.*D83D/i);
  });

  it.each([
    ["a Windows-1252 é", Buffer.from([0xe9])],
    ["a lone continuation byte", Buffer.from([0x80])],
    ["an overlong encoding", Buffer.from([0xc0, 0xaf])],
    ["an encoded surrogate", Buffer.from([0xed, 0xa0, 0x80])],
    ["a sequence cut short", Buffer.from([0xe2, 0x82])],
  ])("refuses invalid UTF-8 (%s), naming its line and column", async (_name, bytes) => {
    const problem = only(await problemsOf("certifications.csv", certificationsWithBytes(3, bytes)));
    expect(problem).toMatchObject({ line: 3, column: "PersonName", code: "file.encoding" });
    expect(problem.message).toMatch(/not UTF-8.*CSV UTF-8/);
  });

  it("refuses invalid UTF-8 in the header and in columns the kind does not read", async () => {
    expect(
      only(
        await problemsOf(
          "certifications.csv",
          Buffer.concat([
            Buffer.from("Person"),
            Buffer.from([0xff]),
            Buffer.from("Id,Certification\np1,DP-100\n"),
          ]),
        ),
      ),
    ).toMatchObject({ line: 1, code: "file.encoding" });
    const unread = Buffer.concat([
      Buffer.from("PersonId,Certification,Notes\np1,DP-100,caf"),
      Buffer.from([0xe9]),
      Buffer.from("\n"),
    ]);
    expect(only(await problemsOf("certifications.csv", unread))).toMatchObject({ line: 2, column: "Notes" });
  });

  it("refuses a NUL byte, naming its line and column", async () => {
    const problem = only(
      await problemsOf("certifications.csv", certificationsWithBytes(4, Buffer.from([0]))),
    );
    expect(problem).toMatchObject({ line: 4, column: "PersonName", code: "file.encoding" });
    expect(problem.message).toMatch(/NUL/);
  });

  it("reads a replacement character that the file really holds as UTF-8", async () => {
    const result = await readImportFile(
      await stored(certificationsWithBytes(2, Buffer.from("\uFFFD"))),
      "c.csv",
      "certifications",
      program,
    );
    expect(result.ok).toBe(true);
  });

  it("refuses a workbook part that is not UTF-8", async () => {
    const parts = handWorkbookParts({
      sheets: [
        {
          name: "Certifications",
          sheetData:
            '<row r="1"><c r="A1" t="inlineStr"><is><t>PersonId</t></is></c><c r="B1" t="inlineStr"><is><t>Certification</t></is></c></row>' +
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Jos@@</t></is></c><c r="B2" t="inlineStr"><is><t>DP-100</t></is></c></row>',
        },
      ],
    });
    const sheet = Buffer.from(parts["xl/worksheets/sheet1.xml"] as string, "utf8");
    const at = sheet.indexOf("@@");
    sheet[at] = 0xe9;
    sheet[at + 1] = 0x20;
    const problem = only(
      await problemsOf("certifications.xlsx", buildZip({ ...parts, "xl/worksheets/sheet1.xml": sheet })),
    );
    expect(problem).toMatchObject({ code: "file.encoding" });
    expect(problem.message).toMatch(/xl\/worksheets\/sheet1\.xml.*not UTF-8/);
  });

  it("names a file without a header row", async () => {
    for (const content of ["", "\r\n\r\n", "\uFEFF", ",,\n , \n"]) {
      const problem = only(await problemsOf("certifications.csv", content));
      expect(problem).toMatchObject({ file: "certifications.csv", code: "file.format" });
      expect(problem.message).toMatch(/no header row/);
    }
  });
});
