/*
 * The one way specready writes CSV, wherever it does (the binder's manifest.csv and check-data/, the
 * demo partner's files, the web app's exports): RFC 4180 (fields quoted when they hold a comma, quote or
 * line break), CRLF line ends, and a UTF-8 byte-order mark where Excel is the reader, so accents survive.
 *
 * Every text cell is formula-safe. Excel, LibreOffice and Google Sheets run a cell that starts with
 * = + - @ (or a tab or carriage return, which they skip first) as a formula: a title such as
 * `=HYPERLINK("http://evil.example","Open")` typed by anyone would run on the auditor's machine (CSV
 * injection). Such a cell gets an apostrophe in front, which spreadsheets read as "this is text".
 *
 * The same files are read back by `specready check` (check-data/, the demo), so the rule is made to
 * keep what a program reads:
 * - a plain number (`-12.50`, `+3`, `1,234.56`) is a value, never a formula, and is left alone: money
 *   columns stay numbers;
 * - ids, dates, module and result names never start with those characters (a tenant id is a GUID), so
 *   they are never changed;
 * - the prefix is reversible and keeps distinct values distinct: a cell that already starts with
 *   apostrophes before a formula character gets one more (`'=x` becomes `''=x`), so dropping one leading
 *   apostrophe from a cell that starts with apostrophes followed by = + - @ tab or CR gives the value
 *   back, and two customers never become one. Names that merely start with an apostrophe
 *   (`'s-Hertogenbosch`) are left alone.
 */

/** The byte-order mark that makes Excel read a CSV file as UTF-8. */
export const CSV_BOM = "\uFEFF";

/** What a cell may hold: text, a number, a boolean, or nothing (an empty cell). */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_LEAD = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Text as a spreadsheet may open it without running it: an apostrophe in front of text that would
 * start a formula (see the file's comment), anything else unchanged.
 */
export function formulaSafe(text: string): string {
  return FORMULA_LEAD.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Undoes `formulaSafe`: what a program reading a cell back should do to get the value written. */
export function fromFormulaSafe(text: string): string {
  return FORMULA_LEAD.test(text) && text.startsWith("'") ? text.slice(1) : text;
}

/** One cell: empty for null or undefined, text made formula-safe, quoted when needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? formulaSafe(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A whole file: the records (header first), each ending in CRLF, with the byte-order mark unless asked not to. */
export function csvText(rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  return `${options.bom === false ? "" : CSV_BOM}${rows.map(csvLine).join("")}`;
}
