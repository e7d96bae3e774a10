import { readCsvTable } from "../csv/read-csv-table.js";
import { readXlsxTable } from "../xlsx/read-xlsx-table.js";
import type { ReadOptions, TableSink } from "./cell.js";
import { type TableFormat, tableFormatOfName } from "./detect-table-format.js";

/** Reads a `.csv` or `.xlsx` file (by extension, case-insensitively) into a sink. */
export function readTable(
  path: string,
  displayName: string,
  sink: TableSink,
  options: ReadOptions = {},
): Promise<void> {
  return readTableAs(tableFormatOfName(path), path, displayName, sink, options);
}

/** Reads a table file of a known format (see `detectTableFormat`) into a sink. */
export function readTableAs(
  format: TableFormat,
  path: string,
  displayName: string,
  sink: TableSink,
  options: ReadOptions = {},
): Promise<void> {
  return format === "xlsx"
    ? readXlsxTable(path, displayName, sink, options)
    : readCsvTable(path, displayName, sink, options);
}
