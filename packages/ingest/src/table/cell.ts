import type { BulkFolding, FoldedCounts } from "@specready/core";
import type { TableLimits } from "./table-limits.js";

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
 * The cells of one row that the sink asked for, by their position in its request. Valid only during the
 * `row` call: readers decode cells only when they are read.
 */
export interface RowCells {
  /** How many cells were requested. */
  readonly size: number;
  /** The k-th requested cell (`""` when the file has no such cell). */
  get(k: number): Cell;
  /** Whether the k-th requested cell is empty or only spaces, without decoding it. */
  isBlank(k: number): boolean;
}

/** Cells already in memory (XLSX rows, tests). */
/**
 * Row cells that can also be looked at as bytes, without decoding them (the CSV reader's): for checks of
 * many rows whose text is never used.
 */
export interface ByteCells extends RowCells {
  readonly byteCells: true;
  /** The current record's bytes; `span` gives where a cell is in them. */
  readonly bytes: Uint8Array;
  /** Set by `span`: the cell's bytes are `bytes[spanStart, spanEnd)`. */
  readonly spanStart: number;
  readonly spanEnd: number;
  /**
   * Finds the k-th requested cell's bytes, unquoted and trimmed of ASCII white space (empty when the
   * file has no such cell). False when the bytes would not be the cell's trimmed text as `get` gives it
   * (a quoted field with `""` escapes or text after its closing quote, or a non-ASCII byte at either end,
   * which could be Unicode white space): decode the cell instead.
   */
  span(k: number): boolean;
}

export function isByteCells(cells: RowCells): cells is ByteCells {
  return (cells as Partial<ByteCells>).byteCells === true;
}

export class ArrayCells implements RowCells {
  constructor(private readonly cells: readonly Cell[]) {}

  get size(): number {
    return this.cells.length;
  }

  get(k: number): Cell {
    return this.cells[k] ?? "";
  }

  isBlank(k: number): boolean {
    return cellText(this.cells[k]).trim() === "";
  }
}

/**
 * Receives a table row by row. `header` is called once with the first row and returns the indexes of
 * the columns the consumer wants; `row` then gets, for every following non-empty row, the cells of those
 * columns (in the same order) and the row's 1-based line number in the file (CSV: the physical line the
 * record starts on; XLSX: the row number). Rows whose cells are all empty are skipped by the reader.
 */
export interface TableSink {
  header(cells: readonly string[], line: number): readonly number[];
  row(cells: RowCells, line: number): void;
  /**
   * Asked once the header is read: rows the CSV reader may count for the sink from their bytes,
   * without handing them over (see `ByteRowRule`); undefined when every row is to be handed over.
   */
  byteRows?(): ByteRowRule | undefined;
}

/**
 * The rows of a usage export that are only counted in their month: valid, and of a service group that
 * is not one of the program's. The CSV reader counts such rows itself, in WebAssembly, exactly as
 * `UsagePrefilter.check` accepts them (record-split.ts); any other row it hands over as usual.
 */
export interface ByteRowRule {
  /** The file's columns (0-based; -1 when the file has none) of the service group, amount and month. */
  readonly serviceGroup: number;
  readonly amount: number;
  readonly month: number;
  /** Columns that must not be empty (at most four), and yes/no columns (at most four). */
  readonly required: readonly number[];
  readonly flags: readonly number[];
  /** The program's service groups, lower-case ASCII (at most eight, of at most 32 bytes each). */
  readonly groups: readonly string[];
  /**
   * The columns whose cells make an AI row's template (at most twelve; see `RowTemplates`): AI rows
   * whose template the sink made before are summed by template and month. None: AI rows are handed over.
   */
  readonly templateCells: readonly number[];
  /**
   * Which of `templateCells` (their positions there) are a customer's: with `combine`, a row of a new
   * template whose customer cells and other cells were each seen before is not handed over, but made
   * of the templates that brought them.
   */
  readonly customerCells?: readonly number[];
  /**
   * What the sink makes of a row with the other cells of `classTemplate`'s and the customer cells of
   * `customerTemplate`'s (templates `takeTemplate` gave), as it would of the first such row; undefined
   * when it would rather read the row (it has a problem by now).
   */
  combine?(classTemplate: unknown, customerTemplate: unknown): unknown;
  /** Whether the sink has no problem yet: what is counted after its first one is not told to it. */
  clean(): boolean;
  /**
   * Said before the reader hands over a valid AI row of a template it does not have: the sink reads it
   * the usual way, and `takeTemplate` then gives what it made.
   */
  newTemplate(): void;
  /** What the sink made of the template of the AI row just handed over (undefined: nothing). */
  takeTemplate(): unknown;
  /**
   * `rows` AI rows of a template (as `takeTemplate` gave it) and a month, their amounts summed: handed
   * over before the sink's next row until a sum of the template and month was, then in any order.
   */
  summed(template: unknown, month: string, units: bigint, scale: number, rows: number): void;
  /**
   * How the rows of a template may be folded without the sink seeing each: summed by template and
   * month and handed over before the sink's next row (`summed`; once one such sum of a month was, the
   * rest of that month's in any order, later), or, where the order they come in changes nothing,
   * summed by customer and month (eligible rows) or only counted (duplicates, rows not AI), and handed
   * over later (`eligibleSum`, `monthCounts`).
   */
  foldingOf(template: unknown): BulkFolding;
  /** The eligible rows of a customer (`BulkFolding.customer`) and a month: their amounts summed. */
  eligibleSum(customer: number, month: string, units: bigint, scale: number): void;
  /** Counts of AI rows of a month folded without the sink (`BulkFolding` kinds 1 to 3). */
  monthCounts(month: string, counts: FoldedCounts): void;
  /** How many more rows may be counted before the sink must see one (its row limit). */
  allowance(): number;
  /** `rows` more rows were counted; `countedIn` says in which months, later. */
  counted(rows: number): void;
  countedIn(month: string, rows: number): void;
  /** The month a cell's text is, or undefined when it is not one. */
  parseMonth(text: string): string | undefined;
}

/** What kind of file-level problem a `TableFormatError` is (the stable code its problem gets). */
export type TableProblemCode =
  /** Not a table: unreadable, not CSV or XLSX, damaged, no header row. */
  | "file.format"
  /** Over one of the reading limits (`TableLimits`, rows per kind). */
  | "file.limit"
  /** Not valid text in its encoding: invalid UTF-8, a NUL byte, broken UTF-16. */
  | "file.encoding";

/**
 * A problem with the file as a whole (not a table, unreadable, wrong encoding, over a limit). `detail`
 * says what is wrong without naming the file, the line or the column, which are fields; `message` is the
 * full sentence.
 */
export class TableFormatError extends Error {
  readonly code: TableProblemCode;
  /** The column (as the header names it) where the problem is, when it is in one. */
  readonly column: string | undefined;

  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    options: { readonly code?: TableProblemCode; readonly column?: string | undefined } = {},
  ) {
    const where = [
      file,
      line === undefined ? undefined : `line ${line}`,
      options.column === undefined ? undefined : `column ${options.column}`,
    ]
      .filter((x) => x !== undefined)
      .join(", ");
    super(`${where}: ${detail}`);
    this.name = "TableFormatError";
    this.code = options.code ?? "file.format";
    this.column = options.column;
  }
}

/** Options every reader takes. */
export interface ReadOptions {
  /** Called now and then with bytes read so far and the total, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stop after handing this many data rows to the sink: a preview of a file shows its first rows
   * without reading hundreds of megabytes.
   */
  maxRows?: number | undefined;
  /** What a file may hold at most (default `DEFAULT_TABLE_LIMITS`). */
  limits?: TableLimits | undefined;
}

/** The requested cells of a row as an array (for tests and small inputs). */
export function cellsToArray(cells: RowCells): Cell[] {
  return Array.from({ length: cells.size }, (_, k) => cells.get(k));
}
