/** Type OIDs whose default JavaScript conversion would lose something. */
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const NUMERIC = 1700;
const INT8 = 20;

/**
 * Both drivers would turn a `date` into a JavaScript Date at local midnight, which drifts across time
 * zones; a calendar date stays the text PostgreSQL sends. Timestamps become ISO 8601 UTC text, numerics
 * stay exact text, and bigint counts become numbers (row counts and sequence values fit easily).
 */
function parseTimestamp(text: string): string {
  // Sessions run in UTC, so PostgreSQL sends "2026-11-24 05:32:16.123456+00": kept to the microsecond
  // (a backup restores exactly what it saved), with a "T" and a "Z" as ISO 8601 writes it.
  // PostgreSQL drops trailing zeros of the fraction ("…16.12"): padded to milliseconds as JavaScript
  // writes them, or to microseconds when there are more digits, so one instant has one spelling.
  const utc = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?\+00(?::00)?$/.exec(text);
  if (utc !== null) {
    const fraction = utc[3] ?? "";
    return `${utc[1]}T${utc[2]}.${fraction.padEnd(fraction.length > 3 ? 6 : 3, "0")}Z`;
  }
  return new Date(text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString();
}
export const parsers: Record<number, (text: string) => unknown> = {
  [DATE]: (text) => text,
  [TIMESTAMPTZ]: parseTimestamp,
  [TIMESTAMP]: (text) => parseTimestamp(`${text}+00`),
  [NUMERIC]: (text) => text,
  [INT8]: (text) => Number(text),
};
