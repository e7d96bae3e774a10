/*
 * Hostile and malformed input files, as found when specready was attacked (issues 10 and 17): built in
 * memory in a second at most, shared by the readers', the CLI's and the server's tests.
 */
import { buildZip, deflateRepeated, handWorkbookParts } from "../../xlsx/test-support/build-xlsx.js";

const MB = 1024 * 1024;

/** One line of `a,a,a,…` (or `aaaa…` without commas) of `bytes` bytes and no line end. */
export function oneLineCsv(bytes: number, commas = true): Buffer {
  return Buffer.alloc(bytes, commas ? "a," : "a");
}

/** A certifications file saved as UTF-16 (with its byte-order mark), as Excel's "Unicode text" does. */
export function certificationsUtf16(): Buffer {
  const text =
    "PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated\r\n" +
    "p1@contoso.example,Zoë Müller,DP-100,2024-01-10,,yes\r\n" +
    "p2@contoso.example,Ana Souza,AI-102,2024-02-11,,yes\r\n" +
    "p3@contoso.example,Li Wei,AI-102,2024-03-12,,yes\r\n";
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

/** The same file cut off mid-character: 143 bytes, as a failed download leaves it (issue 17). */
export function truncatedUtf16Certifications(): Buffer {
  return certificationsUtf16().subarray(0, 143);
}

/** A valid UTF-8 certifications file whose `line` (2 or more) has `bytes` in its PersonName cell. */
export function certificationsWithBytes(line: number, bytes: Buffer): Buffer {
  const lines = [
    "PersonId,PersonName,Certification,EarnedDate",
    "p1@contoso.example,Ana,DP-100,2024-01-10",
    "p2@contoso.example,Bo,AI-102,2024-02-11",
    "p3@contoso.example,Cy,AI-102,2024-03-12",
  ];
  const parts: Buffer[] = [];
  lines.forEach((text, i) => {
    if (i + 1 === line) {
      const [id, , ...rest] = text.split(",");
      parts.push(Buffer.from(`${id},Jos`), bytes, Buffer.from(`é,${rest.join(",")}\n`));
    } else {
      parts.push(Buffer.from(`${text}\n`));
    }
  });
  return Buffer.concat(parts);
}

const CERT_HEADER_INLINE =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>PersonId</t></is></c>' +
  '<c r="B1" t="inlineStr"><is><t>Certification</t></is></c></row>';

/** A 2 KB workbook whose header cell is `r="ZZZZZZ1"`, far beyond Excel's last column XFD. */
export function xlsxCellBeyondXfd(ref = "ZZZZZZ1"): Buffer {
  return buildZip(
    handWorkbookParts({
      sheets: [
        {
          name: "Certifications",
          sheetData:
            `<row r="1"><c r="A1" t="inlineStr"><is><t>PersonId</t></is></c>` +
            `<c r="${ref}" t="inlineStr"><is><t>Certification</t></is></c></row>` +
            `<row r="2"><c r="A2" t="inlineStr"><is><t>p1</t></is></c></row>`,
        },
      ],
    }),
  );
}

/**
 * A workbook of about 2 MB whose shared-strings part unpacks to `unpackedMb` MB (1.26 GB by default):
 * millions of 90-character strings. `declaredMb` makes the zip directory understate the unpacked size.
 */
export function xlsxSharedStringsBomb(unpackedMb = 1260, declaredMb?: number): Buffer {
  const parts: Record<string, Parameters<typeof buildZip>[0][string]> = handWorkbookParts({
    sheets: [
      {
        name: "Certifications",
        sheetData:
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
          '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>',
      },
    ],
    sharedStrings: [],
  });
  const item = `<si><t>${"x".repeat(90)}</t></si>`;
  const body = item.repeat(Math.floor(MB / item.length));
  const part = deflateRepeated(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      "<si><t>PersonId</t></si><si><t>Certification</t></si><si><t>p1</t></si><si><t>DP-100</t></si>",
    body,
    Math.ceil((unpackedMb * MB) / body.length),
    "</sst>",
  );
  parts["xl/sharedStrings.xml"] =
    declaredMb === undefined ? part : { ...part, declaredSize: Math.round(declaredMb * MB) };
  return buildZip(parts);
}

/**
 * A workbook whose worksheet unpacks to `unpackedMb` MB (1.26 GB by default) of rows, or of one cell's
 * text when `shape` is "text". `declaredMb` makes the zip directory understate the unpacked size.
 */
export function xlsxSheetBomb(
  unpackedMb = 1260,
  options: { readonly shape?: "rows" | "text"; readonly declaredMb?: number } = {},
): Buffer {
  const parts: Record<string, Parameters<typeof buildZip>[0][string]> = handWorkbookParts({
    sheets: [{ name: "Certifications", sheetData: "" }],
  });
  const row =
    '<row><c t="inlineStr"><is><t>p1@contoso.example</t></is></c>' +
    '<c t="inlineStr"><is><t>DP-100</t></is></c></row>';
  const body = options.shape === "text" ? "x".repeat(MB) : row.repeat(Math.floor(MB / row.length));
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    CERT_HEADER_INLINE +
    (options.shape === "text" ? '<row r="2"><c r="A2" t="inlineStr"><is><t>' : "");
  const tail = `${options.shape === "text" ? "</t></is></c></row>" : ""}</sheetData></worksheet>`;
  const part = deflateRepeated(head, body, Math.ceil((unpackedMb * MB) / body.length), tail);
  parts["xl/worksheets/sheet1.xml"] =
    options.declaredMb === undefined ? part : { ...part, declaredSize: Math.round(options.declaredMb * MB) };
  return buildZip(parts);
}

/** A certifications workbook (inline strings) of a header and `rows` data rows. */
export function xlsxCertifications(rows: number, cell: (row: number) => string = (r) => `p${r}`): Buffer {
  let data = CERT_HEADER_INLINE;
  for (let r = 2; r <= rows + 1; r++) {
    data +=
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${cell(r)}</t></is></c>` +
      `<c r="B${r}" t="inlineStr"><is><t>DP-100</t></is></c></row>`;
  }
  return buildZip(handWorkbookParts({ sheets: [{ name: "Certifications", sheetData: data }] }));
}
