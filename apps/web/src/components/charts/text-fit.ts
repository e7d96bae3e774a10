/**
 * Fitting chart labels: SVG text neither wraps nor clips, so a chart decides where a label goes and how
 * much of it shows from the width the text takes. Widths come from a `TextMeasure`: the browser's
 * (`canvasTextMeasure`) in the app, an estimate in tests and before fonts are known.
 */

/** The width in pixels `text` takes in a font of `size` px and `weight`. */
export type TextMeasure = (text: string, size: number, weight?: number) => number;

/**
 * A rough width: about 0.6 em a character at normal weight, 0.64 em semibold. Wide enough for the
 * fonts the app falls back to, so an estimate rarely promises room a label does not get.
 */
export const estimateTextWidth: TextMeasure = (text, size, weight = 400) =>
  text.length * size * (weight >= 600 ? 0.64 : 0.6);

let canvas: CanvasRenderingContext2D | null | undefined;

/**
 * Measures text as the browser draws it, in `fontFamily` (the app's font, read from the page). Falls
 * back to `estimateTextWidth` where there is no canvas.
 */
export function canvasTextMeasure(fontFamily: string): TextMeasure {
  if (canvas === undefined) {
    canvas = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  }
  const context = canvas;
  if (context === null) return estimateTextWidth;
  const cache = new Map<string, number>();
  return (text, size, weight = 400) => {
    const key = `${weight}|${size}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      context.font = `${weight} ${size}px ${fontFamily}`;
      width = context.measureText(text).width;
      cache.set(key, width);
    }
    return width;
  };
}

let pageMeasure: TextMeasure | undefined;

/**
 * The measure of the app's own font: the family Fluent sets on its provider, which the charts' SVG text
 * inherits.
 */
export function pageTextMeasure(): TextMeasure {
  if (pageMeasure === undefined) {
    if (typeof document === "undefined") return estimateTextWidth;
    const root = document.querySelector(".fui-FluentProvider") ?? document.body;
    pageMeasure = canvasTextMeasure(getComputedStyle(root).fontFamily);
  }
  return pageMeasure;
}

/** `text` cut with an ellipsis to the longest start that fits `width`; "" when not even "x…" fits. */
export function fitText(
  text: string,
  width: number,
  measure: TextMeasure,
  size: number,
  weight?: number,
): string {
  if (measure(text, size, weight) <= width) return text;
  let lo = 0;
  let hi = text.length - 1;
  // The longest prefix p with measure(p + "…") <= width.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid).trimEnd()}…`, size, weight) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? "" : `${text.slice(0, lo).trimEnd()}…`;
}

/** A span of x positions, from `start` to `end`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** `span` without the parts `gaps` cover, left to right; pieces narrower than 1px are dropped. */
export function spanMinus(span: Span, gaps: readonly Span[]): Span[] {
  let pieces: Span[] = span.end > span.start ? [span] : [];
  for (const g of gaps) {
    pieces = pieces.flatMap((p) => {
      if (g.end <= p.start || g.start >= p.end) return [p];
      return [
        ...(g.start > p.start ? [{ start: p.start, end: g.start }] : []),
        ...(g.end < p.end ? [{ start: g.end, end: p.end }] : []),
      ];
    });
  }
  return pieces.filter((p) => p.end - p.start >= 1);
}

/** A label placed in a span: its text (maybe shortened), where it starts and ends. */
export interface PlacedLabel<K extends string> {
  readonly text: string;
  readonly x: number;
  readonly width: number;
  readonly place: K;
}

/**
 * Places a label in the first span, in the order given, where all of it fits (at the span's start, or
 * its end for spans marked `alignEnd`); when it fits whole nowhere, shortened in the widest span; null
 * when not even a few characters fit anywhere.
 */
export function placeLabel<K extends string>(
  text: string,
  spans: readonly (Span & { readonly place: K; readonly alignEnd?: boolean })[],
  measure: TextMeasure,
  size: number,
  weight?: number,
): PlacedLabel<K> | null {
  const full = measure(text, size, weight);
  for (const s of spans) {
    if (s.end - s.start >= full) {
      return { text, x: s.alignEnd ? s.end - full : s.start, width: full, place: s.place };
    }
  }
  const widest = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  if (widest === undefined) return null;
  const short = fitText(text, widest.end - widest.start, measure, size, weight);
  // A label of one or two letters and an ellipsis says nothing: the tooltip and the table have it.
  if (short.length < Math.min(text.length, 4)) return null;
  const width = measure(short, size, weight);
  return { text: short, x: widest.alignEnd ? widest.end - width : widest.start, width, place: widest.place };
}

/**
 * `text` broken at spaces into lines no wider than `width`, at most `maxLines`; a word longer than a
 * line, or what is left after the last line, is shortened with an ellipsis (never for text that fits).
 */
export function wrapText(
  text: string,
  width: number,
  measure: TextMeasure,
  size: number,
  weight?: number,
  maxLines = 3,
): string[] {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const lines: string[] = [];
  let line = "";
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const candidate = line === "" ? word : `${line} ${word}`;
    if (measure(candidate, size, weight) <= width) {
      line = candidate;
      continue;
    }
    if (line !== "") lines.push(fitText(line, width, measure, size, weight) || "…");
    line = word;
    if (lines.length === maxLines - 1) {
      // The last line takes the rest, shortened when it does not fit.
      const rest = words.slice(i).join(" ");
      return [...lines, fitText(rest, width, measure, size, weight) || "…"];
    }
  }
  if (line !== "") lines.push(fitText(line, width, measure, size, weight) || "…");
  return lines;
}
