import { type CsvValue, csvText } from "@specready/core/csv";

/*
 * The web app's CSV exports (activity, evidence, customer projects), written by the product's one CSV
 * writer (`csvText` of @specready/core/csv, as the binder's manifest and check-data are): UTF-8 with a
 * byte-order mark so Excel keeps accents, CRLF line ends, RFC 4180 quoting, and text that would start a
 * spreadsheet formula (= + - @ tab CR) prefixed with an apostrophe — summaries and titles carry text
 * people typed.
 */

export type { CsvValue };

/** The whole file's text, BOM included. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return csvText(rows);
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
