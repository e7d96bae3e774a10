/** Cuts a chart label to `max` characters with an ellipsis (SVG text does not wrap or clip itself). */
export function truncate(text: string, max: number): string {
  if (max < 1) return "";
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
