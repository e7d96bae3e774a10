import {
  type CalendarDate,
  isDecimalText,
  parseCalendarDate,
  parseYearMonth,
  type YearMonth,
} from "@specready/core";
import { cellText, type RowCells } from "../table/cell.js";
import { echo, echoList } from "./echo.js";
import type { InputProblem, InputProblemCode, ProblemList } from "./input-problem.js";

const NO_CELLS: RowCells = { size: 0, get: () => "", isBlank: () => true };

/** A column an input reads: its canonical name, other accepted names, and whether it is required. */
export interface ColumnSpec {
  readonly name: string;
  readonly required: boolean;
  /** One short sentence for the person who matches their file's headers to the columns. */
  readonly description: string;
  readonly aliases?: readonly string[];
  /**
   * Another column of the same kind that stands in for this one when the file does not have it (a usage
   * export may carry its attribution as AssociationType): this column is then not missing.
   */
  readonly satisfiedBy?: string;
}

/**
 * Which header holds which column, as the user chose it: canonical column name -> the header text as
 * the file writes it. For files whose headers the readers do not know by name.
 */
export type ColumnMapping = Readonly<Record<string, string>>;

/**
 * Header matching per the contract: case-insensitive, ignoring spaces, underscores and hyphens
 * (`ACR_USD` = `ACR USD` = `acrusd`).
 */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
}

/** How a column was found in a header: through the user's mapping, by its name or an alias, or not. */
export type ColumnMatch = "mapping" | "name" | null;

/** Where each wanted column is in the file, and how the file spells it. */
export interface BoundColumns {
  /** File column index per spec (-1 when absent), in spec order. */
  readonly indexes: readonly number[];
  /** The header text as the file writes it, per spec (the canonical name when absent). */
  readonly names: readonly string[];
  /** How each spec found its column, in spec order. */
  readonly matchedBy: readonly ColumnMatch[];
  /** Spec columns the header holds more than once (the first is read). */
  readonly repeated: readonly string[];
  /** Required columns the header does not have (nor the column that stands in for one). */
  readonly missing: readonly string[];
}

/**
 * Finds the spec columns in a header. A column the mapping names is read from the header it gives;
 * the others are matched by name and aliases among the headers no mapping took. Unknown and blank
 * headers are ignored; when two headers match the same spec the first wins. A blank header text in the
 * mapping means "no mapping" for that column.
 *
 * Reported to `problems` at the header's line: missing required columns (named with the file), mapping
 * entries that name no column of the specs or a header the file does not have (`column.mapping`; that
 * column is then matched by name, so its missing is not reported twice).
 */
export function bindColumns(
  file: string,
  header: readonly string[],
  specs: readonly ColumnSpec[],
  line: number,
  problems: ProblemList,
  mapping: ColumnMapping = {},
): BoundColumns {
  const positions = new Map<string, number>();
  const counts = new Map<string, number>();
  header.forEach((h, i) => {
    const key = normalizeHeader(h.trim());
    if (key === "") return;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!positions.has(key)) positions.set(key, i);
  });
  const headerList = () => echoList(header.filter((h) => h.trim() !== "").map((h) => h.trim())) || "no names";

  const mapped = new Map<number, number>(); // spec -> header index
  const mappingFailed = new Set<number>();
  for (const [column, headerText] of Object.entries(mapping)) {
    const k = specs.findIndex((spec) => normalizeHeader(spec.name) === normalizeHeader(column));
    if (k < 0) {
      problems.add({
        file,
        line,
        column,
        code: "column.mapping",
        message: `the mapping names the column "${echo(column)}", which this file does not have (its columns are ${specs.map((s) => s.name).join(", ")})`,
      });
      continue;
    }
    const wanted = normalizeHeader(headerText.trim());
    if (wanted === "") continue;
    const at = positions.get(wanted);
    const name = (specs[k] as ColumnSpec).name;
    if (at === undefined) {
      mappingFailed.add(k);
      problems.add({
        file,
        line,
        column: name,
        code: "column.mapping",
        message: `the mapping reads ${name} from the header "${echo(headerText.trim())}", which the file does not have (the header has: ${headerList()})`,
      });
      continue;
    }
    mapped.set(k, at);
  }
  const taken = new Set(mapped.values());

  const indexes: number[] = [];
  const names: string[] = [];
  const matchedBy: ColumnMatch[] = [];
  const repeated: string[] = [];
  specs.forEach((spec, k) => {
    let index = mapped.get(k) ?? -1;
    let match: ColumnMatch = index >= 0 ? "mapping" : null;
    if (index < 0) {
      for (const n of [spec.name, ...(spec.aliases ?? [])]) {
        const at = positions.get(normalizeHeader(n));
        if (at !== undefined && !taken.has(at)) {
          index = at;
          match = "name";
          break;
        }
      }
    }
    indexes.push(index);
    matchedBy.push(match);
    const written = index >= 0 ? (header[index] ?? spec.name).trim() : spec.name;
    names.push(written);
    if (index >= 0 && (counts.get(normalizeHeader(written)) ?? 0) > 1) repeated.push(written);
  });

  const missing: string[] = [];
  specs.forEach((spec, k) => {
    if (!spec.required || indexes[k] !== -1) return;
    const standIn = spec.satisfiedBy === undefined ? -1 : specs.findIndex((s) => s.name === spec.satisfiedBy);
    if (standIn >= 0 && indexes[standIn] !== -1) return;
    missing.push(spec.name);
    if (mappingFailed.has(k)) return;
    problems.add({
      file,
      line,
      column: spec.name,
      code: "column.missing",
      message: `the required column ${spec.name}${standIn >= 0 ? ` (or ${spec.satisfiedBy})` : ""} is missing (the header has: ${headerList()})`,
    });
  });
  return { indexes, names, matchedBy, repeated, missing };
}

/**
 * Reads typed values out of one row's cells, reporting each bad cell with file, line and column and
 * returning `undefined` for it. A row converter checks `ok` at the end and drops a row with problems.
 */
export class RowReader {
  cells: RowCells = NO_CELLS;
  line = 0;
  ok = true;
  /** Months by their text: a usage export repeats a dozen month values over millions of rows. */
  private readonly months = new Map<string, YearMonth | undefined>();

  constructor(
    private readonly file: string,
    private readonly names: readonly string[],
    private readonly problems: ProblemList,
    /** Per spec, whether the file has the column; an absent required column is reported once, not per row. */
    private readonly present: readonly boolean[],
  ) {}

  start(cells: RowCells, line: number): void {
    this.cells = cells;
    this.line = line;
    this.ok = true;
  }

  fail(k: number, code: InputProblemCode, message: string): undefined {
    this.ok = false;
    const problem: InputProblem = { file: this.file, line: this.line, column: this.names[k], code, message };
    this.problems.add(problem);
    return undefined;
  }

  /** Trimmed text; `undefined` when empty (an empty cell means the value is absent). */
  text(k: number): string | undefined {
    const cell = this.cells.get(k);
    const t = (typeof cell === "string" ? cell : cellText(cell)).trim();
    // Bytes that are not text never get here: the readers refuse the file at the first one.
    return t === "" ? undefined : t;
  }

  /**
   * Checks that a required cell has a value: one with a character that trimming keeps (the contract
   * trims text). A cell of spaces and tabs is known empty without decoding it; one of other white
   * space (a vertical tab, a no-break space) is decoded to tell.
   */
  requirePresent(k: number): void {
    if (this.present[k] !== true) return;
    if (this.cells.isBlank(k) || this.text(k) === undefined)
      this.fail(k, "cell.required", "is empty; a value is required");
  }

  requiredText(k: number): string | undefined {
    const t = this.text(k);
    // Empty once trimmed, in a column the file has (a column it lacks was reported once, at its header).
    if (t === undefined && this.present[k] === true)
      return this.fail(k, "cell.required", "is empty; a value is required");
    return t;
  }

  date(k: number, required: boolean): CalendarDate | undefined {
    const cell = this.cells.get(k);
    if (cell !== undefined && typeof cell !== "string") {
      if (cell.kind === "date") return cell.date;
      return this.fail(
        k,
        "cell.date",
        `${echo(cellText(cell))} is not a date (expected a date cell, YYYY-MM-DD or M/D/YYYY)`,
      );
    }
    const t = required ? this.requiredText(k) : this.text(k);
    if (t === undefined) return undefined;
    return (
      parseCalendarDate(t) ??
      this.fail(k, "cell.date", `"${echo(t)}" is not a valid date (expected YYYY-MM-DD or M/D/YYYY)`)
    );
  }

  month(k: number): YearMonth | undefined {
    const cell = this.cells.get(k);
    if (cell !== undefined && typeof cell !== "string") {
      if (cell.kind === "date") return cell.date.slice(0, 7);
      return this.fail(
        k,
        "cell.month",
        `${echo(cellText(cell))} is not a month (expected YYYY-MM or a date)`,
      );
    }
    const t = this.requiredText(k);
    if (t === undefined) return undefined;
    let month = this.months.get(t);
    if (month === undefined && !this.months.has(t)) {
      month = parseYearMonth(t);
      if (this.months.size < 10_000) this.months.set(t, month);
    }
    return (
      month ??
      this.fail(
        k,
        "cell.month",
        `"${echo(t)}" is not a valid month (expected YYYY-MM, YYYY-MM-DD or M/D/YYYY)`,
      )
    );
  }

  /** Decimal text as written (validated), for exact sums later. */
  decimal(k: number): string | undefined {
    const cell = this.cells.get(k);
    if (cell !== undefined && typeof cell !== "string") {
      if (cell.kind === "number") return cell.text;
      return this.fail(k, "cell.number", `${echo(cellText(cell))} is not a number`);
    }
    const t = this.requiredText(k);
    if (t === undefined) return undefined;
    if (!isDecimalText(t)) {
      return this.fail(
        k,
        "cell.number",
        `"${echo(t)}" is not a number (expected digits with an optional sign and decimal point, and optional "," thousands separators in groups of three, e.g. -12.5 or 1,234.56)`,
      );
    }
    return t;
  }

  boolean(k: number): boolean | undefined {
    const cell = this.cells.get(k);
    if (cell !== undefined && typeof cell !== "string" && cell.kind === "boolean") return cell.value;
    const t = this.text(k);
    if (t === undefined) return undefined;
    switch (t.toLowerCase()) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        return this.fail(
          k,
          "cell.boolean",
          `"${echo(t)}" is not a yes/no value (expected true, false, yes, no, 1 or 0)`,
        );
    }
  }
}
