/** Distinct values a warning names one by one; the rest are counted together in one more warning. */
export const LISTED_VALUES = 20;

/**
 * Calls `one` for each of the first `LISTED_VALUES` values (with their row counts), then `rest` once
 * with how many other values there are and their rows: a file of a million distinct values gives 21
 * warnings, not a million.
 */
export function eachListed(
  counts: readonly (readonly [string, number])[],
  one: (value: string, rows: number) => void,
  rest: (values: number, rows: number) => void,
): void {
  for (const [value, n] of counts.slice(0, LISTED_VALUES)) one(value, n);
  const others = counts.slice(LISTED_VALUES);
  if (others.length > 0)
    rest(
      others.length,
      others.reduce((sum, [, n]) => sum + n, 0),
    );
}

/**
 * Counts by value, one entry per value whatever its case (the first spelling kept), most rows first
 * and ties by name: the same warnings in the same order whether a file is read whole (the CLI) or
 * merged from per-month summaries (the workspace).
 */
export function byCount(counts: ReadonlyMap<string, number>): [string, number][] {
  const merged = new Map<string, [string, number]>();
  for (const [value, n] of counts) {
    const key = value.toLowerCase();
    const before = merged.get(key);
    merged.set(key, before === undefined ? [value, n] : [before[0], before[1] + n]);
  }
  return [...merged.values()].sort(
    (a, b) => b[1] - a[1] || a[0].toLowerCase().localeCompare(b[0].toLowerCase()),
  );
}
