/**
 * Exact decimal amounts for money.
 *
 * Partner Center reports ACR with up to several decimals, and the rule compares a three-month sum with
 * USD 6,000.00 exactly: one cent short is not met. Binary floating point cannot promise that
 * (0.1 + 0.2 !== 0.3), so amounts are integers of 10^-scale units held in a bigint. Values never
 * leave the core as bigints: explanations carry decimal strings, JSON-safe and exact.
 */
export interface Decimal {
  /** The amount in units of 10^-scale. */
  readonly units: bigint;
  /** The number of decimal places the units stand for. */
  readonly scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** Decimal text as the contract accepts it: optional sign, digits with optional `,` thousands groups, optional fraction. */
// With thousands separators the first group has no leading zero: "0,123" is more likely a European
// decimal comma than one hundred twenty-three.
const DECIMAL_TEXT = /^[+-]?(?:\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?$|^[+-]?\.\d+$/;

/** True when `text` is a number the contract accepts (`-12.5`, `1234.56`, `1,234.56`; not `1,2`, `1e3`). */
export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text);
}

/** Parses decimal text (see `isDecimalText`); `undefined` when it is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  if (!DECIMAL_TEXT.test(text)) return undefined;
  return parseValidDecimal(text);
}

/** Parses text already known to match the decimal format; used on hot paths after validation. */
export function parseValidDecimal(text: string): Decimal {
  // Amounts of up to 15 digits (all of a usage export's) are exact in a double: their units are summed
  // from the characters, without the slicing and the string-to-bigint parse below.
  if (text.length <= 16) {
    let units = 0;
    let digits = 0;
    let scale = -1;
    let negative = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) {
        units = units * 10 + (c - 0x30);
        digits++;
        if (scale >= 0) scale++;
      } else if (c === 0x2e) scale = 0;
      else if (c === 0x2d) negative = true;
    }
    if (digits <= 15) return { units: BigInt(negative ? -units : units), scale: Math.max(scale, 0) };
  }
  return parseLongDecimal(text);
}

/**
 * `parseValidDecimal` of ASCII bytes (`bytes[start, end)`, known to match the decimal format): a usage
 * reader folds amounts straight from the file's bytes, without decoding the cell.
 */
export function parseValidDecimalBytes(bytes: Uint8Array, start: number, end: number): Decimal {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  return parseValidDecimal(text);
}

/** Any valid decimal text, through a bigint. */
function parseLongDecimal(text: string): Decimal {
  let s = text.includes(",") ? text.replaceAll(",", "") : text;
  let negative = false;
  if (s[0] === "-" || s[0] === "+") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  const dot = s.indexOf(".");
  const scale = dot < 0 ? 0 : s.length - dot - 1;
  const digits = dot < 0 ? s : s.slice(0, dot) + s.slice(dot + 1);
  const units = BigInt(digits === "" ? "0" : digits);
  return { units: negative ? -units : units, scale };
}

/** 10^0 to 10^38 (an amount's scale rarely passes a few places): made once, not per addition. */
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 39 }, (_, n) => 10n ** BigInt(n));

function powerOfTen(n: number): bigint {
  return POWERS_OF_TEN[n] ?? 10n ** BigInt(n);
}

function rescale(d: Decimal, scale: number): bigint {
  return d.scale === scale ? d.units : d.units * powerOfTen(scale - d.scale);
}

/** a + b, exactly. */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  // A sum begun at ZERO (most sums): b as it is, the same units and scale as below.
  if (a.units === 0n && a.scale <= b.scale) return b;
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** a - b, exactly. */
export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
  return addDecimals(a, negateDecimal(b));
}

/** -a. */
export function negateDecimal(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

/** The sum of many amounts, exactly. */
export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = addDecimals(total, v);
  return total;
}

/** Negative, zero or positive as a < b, a = b, a > b. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The larger of two amounts. */
export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return compareDecimals(a, b) >= 0 ? a : b;
}

/** a > 0. */
export function isPositive(a: Decimal): boolean {
  return a.units > 0n;
}

/** An integer amount, such as a threshold. */
export function decimalFromInteger(n: number): Decimal {
  return { units: BigInt(n), scale: 0 };
}

/**
 * `value / divisor` rounded half away from zero to `places` decimals (half-up for the positive amounts
 * of this domain: 1900.505 -> 1900.51).
 */
export function divideRounded(value: Decimal, divisor: number, places: number): Decimal {
  const target = powerOfTen(places);
  // value.units / 10^scale / divisor * 10^places, rounded: numerator / denominator.
  const numerator = value.units * target;
  const denominator = powerOfTen(value.scale) * BigInt(divisor);
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return { units: negative ? -q : q, scale: places };
}

/** Rounds half away from zero to `places` decimals. */
export function roundDecimal(value: Decimal, places: number): Decimal {
  return divideRounded(value, 1, places);
}

/** Exact decimal text with at least `minPlaces` decimals: "1234.50". */
export function formatDecimal(value: Decimal, minPlaces = 2): string {
  const scale = Math.max(value.scale, minPlaces);
  const units = rescale(value, scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  // Drop trailing zeros beyond the minimum: 12.3400 -> 12.34, exactness is kept.
  while (fraction.length > minPlaces && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/**
 * "1,234.50": an amount with thousands separators, rounded half-up to cents; with `exact`, every
 * decimal is kept ("5,999.995"), for figures compared exactly with a threshold.
 */
export function formatAmount(value: Decimal, options: { readonly exact?: boolean } = {}): string {
  const text = formatDecimal(options.exact ? value : roundDecimal(value, 2), 2);
  const negative = text.startsWith("-");
  const [whole, fraction] = (negative ? text.slice(1) : text).split(".") as [string, string];
  return `${negative ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
}

/** "USD 1,234.50" (see `formatAmount`). */
export function formatUsd(value: Decimal, options: { readonly exact?: boolean } = {}): string {
  const amount = formatAmount(value, options);
  return amount.startsWith("-") ? `-USD ${amount.slice(1)}` : `USD ${amount}`;
}

/** A JSON number for an amount already rounded to cents (exact for such values). */
export function toJsonNumber(value: Decimal): number {
  return Number(formatDecimal(value, 0));
}

/**
 * The exact sum of amounts written as decimal text ("1234.5", "-50", "0"), as decimal text in the form
 * the core writes amounts (`formatDecimal` with no forced places): what a chart shows for several
 * customers together, with no float rounding on the way. A text that is not a decimal is a bug of
 * whoever produced it, so it throws, naming the text.
 */
export function sumDecimalTexts(texts: Iterable<string>): string {
  let total = ZERO;
  for (const text of texts) {
    const value = parseDecimal(text);
    if (value === undefined) throw new RangeError(`"${text}" is not a decimal amount`);
    total = addDecimals(total, value);
  }
  return formatDecimal(total, 0);
}
