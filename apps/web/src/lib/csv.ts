/**
 * CSV the way Excel opens it without a wizard: UTF-8 with a byte-order mark (so accents survive),
 * CRLF line ends, fields quoted when they hold a comma, quote or line break.
 *
 * A cell that starts with = + - @ (or a tab or carriage return) is prefixed with an apostrophe: Excel
 * would otherwise run it as a formula (CSV injection), and activity summaries carry text people typed.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

/** One cell, neutralized and quoted as needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file's text, BOM included. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** Offers the CSV as a download (browser only). */
export function downloadCsv(fileName: string, rows: readonly (readonly CsvValue[])[]): void {
  const blob = new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers start the download after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "specready-<what>-<organization slug>-<date>.csv": a download's name, safe on every file system. */
export function csvFileName(what: string, orgName: string, today: string): string {
  const slug = orgName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `specready-${what}-${slug === "" ? "organization" : slug}-${today}.csv`;
}
