import { extname } from "node:path";
import { nonTextKind } from "../csv/csv-text.js";
import { TableFormatError } from "./cell.js";
import { openTableFile } from "./growing-file.js";

/** The two formats a table file can have. */
export type TableFormat = "csv" | "xlsx";

/** The format by the file name's extension (`.xlsx`, else CSV): how `specready check` names its inputs. */
export function tableFormatOfName(name: string): TableFormat {
  return extname(name).toLowerCase() === ".xlsx" ? "xlsx" : "csv";
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04": an XLSX workbook is a zip archive
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

function startsWith(bytes: Buffer, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/**
 * The format of a table file by its first bytes, whatever its name says: an uploaded file's name is
 * only what the user's computer called it (a workbook saved as "report.csv" is still a workbook).
 * Text, UTF-16 text included, is CSV; a zip archive is XLSX (the XLSX reader says so when it is some
 * other zip).
 *
 * @throws TableFormatError naming `displayName` for a file that is neither: a PDF, an Excel 97–2003
 *   workbook, any other binary file.
 */
export async function detectTableFormat(path: string, displayName: string): Promise<TableFormat> {
  const handle = await openTableFile(path);
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (startsWith(head, ZIP)) return "xlsx";
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return "csv"; // UTF-16 text
  let what: string | undefined;
  if (startsWith(head, OLE)) {
    what =
      "it is an Excel 97–2003 workbook (.xls) or a password-protected workbook; open it in Excel and " +
      "save it as an Excel Workbook (.xlsx) without a password, or as CSV UTF-8";
  } else if (startsWith(head, PDF)) {
    what = "it is a PDF document; download the data from Partner Center as CSV or Excel instead";
  } else {
    const kind = nonTextKind(head);
    if (kind === "binary") {
      what = "it holds binary data; save the table as CSV UTF-8 or as an Excel Workbook (.xlsx)";
    } else if (kind === "utf16-without-bom") {
      // readCsvTable says so.
      return "csv";
    }
  }
  if (what !== undefined) throw new TableFormatError(displayName, `is not a CSV or XLSX file: ${what}`);
  return "csv";
}
