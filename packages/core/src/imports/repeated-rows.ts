/**
 * Rows of a file that repeat an earlier row of the same file exactly. They are kept, as `specready
 * check` keeps them: an export trimmed to fewer columns than its grain (a usage report without its
 * subscription or service-level columns) has identical rows that are each real usage. But a file joined
 * with itself has them too, and multiplies every figure, so an import with repeats asks first.
 */
export interface RepeatedRows {
  /** Data rows of the file. */
  readonly rows: number;
  /** Rows that repeat an earlier row exactly. */
  readonly repeated: number;
  /**
   * False when the file had more distinct rows than the count keeps track of: `repeated` is then a
   * lower bound.
   */
  readonly complete: boolean;
}

/**
 * The warning for repeated rows, or null when there are none: "119,700 of 120,000 rows repeat an
 * earlier row: was the file joined with itself?" when at least half of the rows repeat.
 */
export function repeatedRowsMessage(r: RepeatedRows): string | null {
  if (r.repeated === 0) return null;
  const count = `${r.complete ? "" : "at least "}${r.repeated.toLocaleString("en-US")} of ${r.rows.toLocaleString("en-US")} rows`;
  const verb = r.repeated === 1 && r.complete ? "repeats" : "repeat";
  if (r.repeated * 2 >= r.rows) return `${count} ${verb} an earlier row: was the file joined with itself?`;
  return `${count} ${verb} an earlier row exactly. Such rows are kept and counted, as specready check counts them: check that the file was exported once.`;
}
