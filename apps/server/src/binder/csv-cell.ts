/*
 * CSV the way Excel opens it without a wizard, RFC 4180: fields quoted when they hold a comma, quote or
 * line break; CRLF line ends; a UTF-8 byte-order mark so accents survive.
 *
 * A cell that starts with = + - @ (or a tab or carriage return) is prefixed with an apostrophe: Excel
 * would otherwise run it as a formula (CSV injection), and the binder's cells carry text partners and
 * customers typed. An auditor opening manifest.csv must not run `=HYPERLINK(...)` from a title.
 */

/** The byte-order mark that makes Excel read a CSV file as UTF-8. */
export const CSV_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

export interface CsvCellOptions {
  /**
   * Prefix formula-like text with `'` (default true). Off for cells a program reads back as values
   * (ids and dates of `check-data/`), where the prefix would change the value.
   */
  readonly formulaSafe?: boolean;
}

/** One cell: empty for null or undefined, neutralized and quoted as needed. */
export function csvCell(value: CsvValue, options: CsvCellOptions = {}): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if ((options.formulaSafe ?? true) && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF included; every cell formula-safe. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map((v) => csvCell(v)).join(",")}\r\n`;
}
