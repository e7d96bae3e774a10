/**
 * A cell as a reader hands it over. CSV gives text only; XLSX also gives typed cells, because a
 * spreadsheet stores dates and numbers as such and the contract reads them "as a spreadsheet saves them".
 */
export type Cell = string | NumberCell | DateCell | BooleanCell;

/** A numeric cell. `text` is its value as exact decimal text without exponent ("1234.56", "-0.5"). */
export interface NumberCell {
  readonly kind: "number";
  readonly text: string;
}

/** A date cell (a number formatted as a date, or an ISO date cell), as a calendar date `YYYY-MM-DD`. */
export interface DateCell {
  readonly kind: "date";
  readonly date: string;
}

/** A boolean cell (`t="b"`). */
export interface BooleanCell {
  readonly kind: "boolean";
  readonly value: boolean;
}

/** The text a person sees for a cell, used in messages and for text columns. */
export function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return "";
  if (typeof cell === "string") return cell;
  switch (cell.kind) {
    case "number":
      return cell.text;
    case "date":
      return cell.date;
    case "boolean":
      return cell.value ? "TRUE" : "FALSE";
  }
}

/**
 * Receives a table row by row. `header` is called once with the first row and returns the indexes of
 * the columns the consumer wants; `row` then gets, for every following non-empty row, the cells of those
 * columns only (in the same order, `""` for a missing cell) and the row's 1-based line number in the
 * file (CSV: the physical line the record starts on; XLSX: the row number). Rows whose cells are all
 * empty are skipped by the reader.
 */
export interface TableSink {
  header(cells: readonly string[], line: number): readonly number[];
  row(cells: readonly Cell[], line: number): void;
}

/** A problem with the file as a whole (not a table, unreadable, wrong encoding). */
export class TableFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "TableFormatError";
  }
}

/** Options every reader takes. */
export interface ReadOptions {
  /** Called now and then with bytes read so far and the total, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}
