/**
 * The most a table file may hold in each dimension that costs memory or time, so that a hostile or
 * broken file costs seconds and tens of megabytes and ends in a problem naming the file, instead of
 * exhausting the heap. Real Partner Center exports and partner spreadsheets stay far below every one.
 */
export interface TableLimits {
  /** Bytes of one CSV record (a line, or the lines of a record with quoted line breaks). */
  readonly maxLineBytes: number;
  /** Columns of a row (CSV fields, or the header cells of a worksheet up to its last non-blank one). */
  readonly maxColumns: number;
  /** Characters of one cell (Excel's own limit is 32,767). */
  readonly maxCellChars: number;
  /** Unpacked bytes of one part of an XLSX workbook (the worksheet is streamed, the others held). */
  readonly xlsxMaxPartBytes: number;
  /** Unpacked bytes of a part per compressed byte (a zip bomb unpacks hundreds of times its size). */
  readonly xlsxMaxRatio: number;
  /** Strings of the shared-strings table, which is held in memory. */
  readonly xlsxMaxSharedStrings: number;
  /** Characters of all shared strings together. */
  readonly xlsxMaxSharedStringChars: number;
}

/** The defaults: what `SPECREADY_MAX_*` and `SPECREADY_XLSX_*` give when unset (see `readLimitSettings`). */
export const DEFAULT_TABLE_LIMITS: TableLimits = {
  maxLineBytes: 1024 * 1024,
  maxColumns: 1000,
  maxCellChars: 32_767,
  xlsxMaxPartBytes: 2048 * 1024 * 1024,
  xlsxMaxRatio: 100,
  xlsxMaxSharedStrings: 1_000_000,
  xlsxMaxSharedStringChars: 32 * 1024 * 1024,
};

/** The environment variable that sets each limit, named in the problem a file over it gets. */
export const TABLE_LIMIT_VARIABLES: Readonly<Record<keyof TableLimits, string>> = {
  maxLineBytes: "SPECREADY_MAX_LINE_KB",
  maxColumns: "SPECREADY_MAX_COLUMNS",
  maxCellChars: "SPECREADY_MAX_CELL_CHARS",
  xlsxMaxPartBytes: "SPECREADY_XLSX_MAX_PART_MB",
  xlsxMaxRatio: "SPECREADY_XLSX_MAX_RATIO",
  xlsxMaxSharedStrings: "SPECREADY_XLSX_MAX_SHARED_STRINGS",
  xlsxMaxSharedStringChars: "SPECREADY_XLSX_MAX_SHARED_STRINGS_MB",
};

/** Limits of an XLSX workbook that are Excel's own, not settings: no workbook Excel saves passes them. */
export const XLSX_FIXED_LIMITS = {
  /** Excel's last column is XFD (16,384 columns), its last row 1,048,576. */
  columns: 16_384,
  rows: 1_048_576,
  /** Excel allows 64,000 cell formats; 65,536 leaves room for other writers. */
  cellStyles: 65_536,
  /** Parts (zip entries) of one workbook: real workbooks have a few dozen. */
  parts: 10_000,
  /** Sheets listed in the workbook, and relationships of one part. */
  sheets: 10_000,
  relationships: 100_000,
} as const;

/** "1,048,576". */
export function formatLimitCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 MB", "512 KB", "2,048 MB": a byte limit as a person reads it. */
export function formatLimitBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0)
    return `${formatLimitCount(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${formatLimitCount(bytes / 1024)} KB`;
  return `${formatLimitCount(bytes)} bytes`;
}

/** "1.2 GB", "4.4 MB", "812 KB": a measured size, rounded, as a person reads it. */
export function formatSize(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, "")} ${units[unit]}`;
}
