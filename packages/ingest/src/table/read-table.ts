import { extname } from "node:path";
import { readCsvTable } from "../csv/read-csv-table.js";
import { readXlsxTable } from "../xlsx/read-xlsx-table.js";
import type { ReadOptions, TableSink } from "./cell.js";

/** Reads a `.csv` or `.xlsx` file (by extension, case-insensitively) into a sink. */
export function readTable(
  path: string,
  displayName: string,
  sink: TableSink,
  options: ReadOptions = {},
): Promise<void> {
  return extname(path).toLowerCase() === ".xlsx"
    ? readXlsxTable(path, displayName, sink, options)
    : readCsvTable(path, displayName, sink, options);
}
