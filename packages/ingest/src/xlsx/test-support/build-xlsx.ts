import { constants, crc32, deflateRawSync } from "node:zlib";

/**
 * A part already compressed with deflate (method 8), for workbooks too large to build in memory
 * unpacked: `size` is what it unpacks to; `declaredSize` (default `size`) is what the zip directory says,
 * which a hostile file may understate.
 */
export interface DeflatedPart {
  readonly deflated: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly declaredSize?: number;
}

function isDeflated(content: unknown): content is DeflatedPart {
  return typeof content === "object" && content !== null && "deflated" in content;
}

/**
 * A minimal zip writer (stored entries, or parts deflated beforehand) for hand-made test workbooks:
 * exceljs cannot write inline strings, ISO date cells, rows without `r` or phonetic runs, and its own zip
 * dependency is not ours to import.
 */
export function buildZip(files: Readonly<Record<string, string | Uint8Array | DeflatedPart>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, "utf8");
    let data: Buffer;
    let crc: number;
    let size: number;
    let method = 0;
    if (isDeflated(content)) {
      data = content.deflated;
      crc = content.crc;
      size = content.declaredSize ?? content.size;
      method = 8;
    } else {
      data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
      crc = crc32(data);
      size = data.length;
    }

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const entryCount = Object.keys(files).length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entryCount, 8);
  end.writeUInt16LE(entryCount, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * `head`, then `body` repeated `times`, then `tail`, deflated without ever holding the whole text: each
 * piece is compressed on its own and ended with a sync flush (byte-aligned, not final), so the pieces
 * concatenate into one valid deflate stream, the way a zip bomb is made. A megabyte of repeated text
 * compresses to about a kilobyte.
 */
export function deflateRepeated(head: string, body: string, times: number, tail: string): DeflatedPart {
  const headBytes = Buffer.from(head, "utf8");
  const bodyBytes = Buffer.from(body, "utf8");
  const tailBytes = Buffer.from(tail, "utf8");
  const flush = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const bodyDeflated = deflateRawSync(bodyBytes, flush);
  const pieces = [deflateRawSync(headBytes, flush)];
  let crc = crc32(headBytes);
  for (let k = 0; k < times; k++) {
    pieces.push(bodyDeflated);
    crc = crc32(bodyBytes, crc);
  }
  pieces.push(deflateRawSync(tailBytes, { level: 9 }));
  crc = crc32(tailBytes, crc);
  return {
    deflated: Buffer.concat(pieces),
    crc,
    size: headBytes.length + times * bodyBytes.length + tailBytes.length,
  };
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

/** A sheet of a hand-made workbook. */
export interface HandSheet {
  name: string;
  /** The content of `<sheetData>`, e.g. `<row r="1"><c r="A1" t="inlineStr"><is><t>Id</t></is></c></row>`. */
  sheetData: string;
  /** Part file name under `xl/worksheets/` (default `sheet<n>.xml`, n in workbook order). */
  fileName?: string;
  /** `chartsheet` to test that such sheets are skipped (default `worksheet`). */
  kind?: "worksheet" | "chartsheet";
}

/** Options of `handWorkbookParts`. */
export interface HandWorkbook {
  sheets: HandSheet[];
  /** Raw `<si>` elements of `xl/sharedStrings.xml`; no part when omitted. */
  sharedStrings?: string[];
  /** Custom formats (id → code) and the `numFmtId` of each cell style; no styles part when omitted. */
  styles?: { numFmts?: Record<number, string>; cellXfs: number[] };
  date1904?: boolean;
  /** Write relationship targets as absolute part names (`/xl/worksheets/sheet1.xml`). */
  absoluteTargets?: boolean;
}

/** The parts of a minimal valid workbook, as a map a test can alter before `buildZip`. */
export function handWorkbookParts(book: HandWorkbook): Record<string, string> {
  const parts: Record<string, string> = {};
  const rels: string[] = [];
  const sheetElements: string[] = [];
  const overrides: string[] = [];
  const target = (relative: string): string => (book.absoluteTargets ? `/xl/${relative}` : relative);
  book.sheets.forEach((sheet, index) => {
    const kind = sheet.kind ?? "worksheet";
    const folder = kind === "worksheet" ? "worksheets" : "chartsheets";
    const fileName = sheet.fileName ?? `sheet${index + 1}.xml`;
    const id = `rId${index + 1}`;
    rels.push(
      `<Relationship Id="${id}" Type="${REL_NS}/${kind}" Target="${target(`${folder}/${fileName}`)}"/>`,
    );
    sheetElements.push(`<sheet name="${sheet.name}" sheetId="${index + 1}" r:id="${id}"/>`);
    overrides.push(`<Override PartName="/xl/${folder}/${fileName}" ContentType="application/xml"/>`);
    parts[`xl/${folder}/${fileName}`] =
      kind === "worksheet"
        ? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${sheet.sheetData}</sheetData></worksheet>`
        : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<chartsheet xmlns="${MAIN_NS}"/>`;
  });
  if (book.sharedStrings !== undefined) {
    const count = book.sharedStrings.length;
    parts["xl/sharedStrings.xml"] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN_NS}" count="${count}" uniqueCount="${count}">${book.sharedStrings.join("")}</sst>`;
    rels.push(
      `<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="${target("sharedStrings.xml")}"/>`,
    );
  }
  if (book.styles !== undefined) {
    const formats = Object.entries(book.styles.numFmts ?? {}).map(
      ([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeAttribute(code)}"/>`,
    );
    const xfs = book.styles.cellXfs.map(
      (id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`,
    );
    parts["xl/styles.xml"] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
      (formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join("")}</numFmts>` : "") +
      `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
      `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>` +
      `<dxfs count="1"><dxf><numFmt numFmtId="14" formatCode="yyyy"/></dxf></dxfs>` +
      `</styleSheet>`;
    rels.push(`<Relationship Id="rIdT" Type="${REL_NS}/styles" Target="${target("styles.xml")}"/>`);
  }
  parts["[Content_Types].xml"] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="xml" ContentType="application/xml"/>${overrides.join("")}</Types>`;
  parts["_rels/.rels"] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  parts["xl/workbook.xml"] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    (book.date1904 ? `<workbookPr date1904="1"/>` : "<workbookPr/>") +
    `<sheets>${sheetElements.join("")}</sheets></workbook>`;
  parts["xl/_rels/workbook.xml.rels"] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">${rels.join("")}</Relationships>`;
  return parts;
}

/** A hand-made workbook as zip bytes. */
export function buildHandXlsx(book: HandWorkbook): Buffer {
  return buildZip(handWorkbookParts(book));
}

function escapeAttribute(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
}
