/**
 * The lines of a wrapped SVG label (`wrapText`), one `<tspan>` each, starting at `x` and `lineHeight`
 * apart; the enclosing `<text>` sets the first line's position and the font.
 */
export function TextLines({
  lines,
  x,
  lineHeight,
}: {
  readonly lines: readonly string[];
  readonly x: number;
  readonly lineHeight: number;
}) {
  return lines.map((line, k) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one label never reorder
    <tspan key={k} x={x} dy={k === 0 ? 0 : lineHeight}>
      {line}
    </tspan>
  ));
}
