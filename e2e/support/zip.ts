import { parseCsv } from "../../apps/server/src/binder/test-support/binder-fixtures.js";

// One ZIP and CSV reader for every test: the binder's own test support (yauzl, checking each entry's
// size and CRC; RFC 4180 records).
export {
  parseCsv,
  readZip,
  type ZipEntry,
} from "../../apps/server/src/binder/test-support/binder-fixtures.js";

/** The rows of a CSV with a header line, as objects keyed by the header's names. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ""])));
}
