/**
 * The little geometry the hand-written SVG charts need: linear and band scales, "nice" axis ticks,
 * calendar dates as day numbers and month ticks. Pure, so it is tested without a browser.
 */

export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  invert(position: number): number;
}

/** Maps `domain` linearly onto `range` (a zero-width domain maps everything to the range start). */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) =>
    span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0)) as LinearScale;
  Object.assign(scale, {
    domain,
    range,
    invert: (position: number) => (r1 === r0 ? d0 : d0 + ((position - r0) / (r1 - r0)) * span),
  });
  return scale;
}

/** A step of 1, 2, 2.5 or 5 times a power of ten, so that about `count` steps cover `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Ticks from 0 to at least `max` in nice steps (about `count` of them); the last tick is the axis top.
 * `max` ≤ 0 gives the ticks [0, 1].
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const step = niceStep(max, count);
  const ticks: number[] = [];
  const n = Math.ceil(max / step - 1e-9);
  for (let i = 0; i <= n; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

export interface BandScale {
  /** The start of band `index`. */
  (index: number): number;
  readonly bandwidth: number;
  readonly step: number;
}

/** `count` equal bands over `range`, with `padding` (0–1) of each step left empty between bands. */
export function bandScale(count: number, range: readonly [number, number], padding = 0.2): BandScale {
  const [r0, r1] = range;
  const step = count > 0 ? (r1 - r0) / count : 0;
  const bandwidth = step * (1 - padding);
  const offset = (step - bandwidth) / 2;
  const scale = ((index: number) => r0 + index * step + offset) as BandScale;
  Object.assign(scale, { bandwidth, step });
  return scale;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (null when it is not one): calendar days, no time zone. */
export function dayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (m === null) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Ticks on the first days of months between two day numbers, every 1, 2, 3, 6, 12 or 24 months, so that
 * at most `maxTicks` fit. Returned as `YYYY-MM-DD` dates with their day numbers.
 */
export function monthTicks(startDay: number, endDay: number, maxTicks = 8): { date: string; day: number }[] {
  if (!(endDay > startDay)) return [];
  const start = new Date(startDay * DAY_MS);
  const months = ((endDay - startDay) / 365.25) * 12;
  const every = [1, 2, 3, 6, 12, 24, 60].find((n) => months / n <= maxTicks) ?? 120;
  // The first tick: the first month start on or after the start whose month index is a multiple of `every`.
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  if (start.getUTCDate() !== 1) m++;
  let index = y * 12 + m;
  index = Math.ceil(index / every) * every;
  const ticks: { date: string; day: number }[] = [];
  for (; ; index += every) {
    y = Math.floor(index / 12);
    m = index % 12;
    const day = Date.UTC(y, m, 1) / DAY_MS;
    if (day > endDay) break;
    ticks.push({ date: dateOfDayNumber(day), day });
  }
  return ticks;
}

/** Parses decimal text for chart geometry (floats are fine for pixels); 0 when it is not a number. */
export function toNumber(text: string | null | undefined): number {
  if (text === null || text === undefined) return 0;
  const n = Number(text.replace(/,/g, ""));
  return Number.isFinite(n) ? n : 0;
}

/** Clamps a number into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
