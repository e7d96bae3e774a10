/*
 * How much of a file's own text specready echoes back, in previews, problems and warnings: enough to
 * recognise a value, never a whole hostile cell (a cell may hold 32,767 characters, a header row 1,000
 * of them).
 */

/** The most characters of one value (a header, a cell) that a preview or a message shows. */
export const ECHO_CHARS = 200;

/** The most values a message lists (headers of a file, names in a warning). */
export const ECHO_LIST = 50;

/** `text` cut to `ECHO_CHARS` characters, the last of them an ellipsis, when it is longer. */
export function echo(text: string): string {
  if (text.length <= ECHO_CHARS) return text;
  let cut = ECHO_CHARS - 1;
  // Never split a surrogate pair.
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/** "a, b, c", each value cut by `echo`, the first `ECHO_LIST` of them and "and 12 more". */
export function echoList(values: readonly string[]): string {
  const shown = values.slice(0, ECHO_LIST).map(echo).join(", ");
  return values.length > ECHO_LIST ? `${shown} and ${values.length - ECHO_LIST} more` : shown;
}
