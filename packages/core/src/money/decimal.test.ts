import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDecimals,
  compareDecimals,
  type Decimal,
  decimalFromInteger,
  divideRounded,
  formatDecimal,
  formatUsd,
  isDecimalText,
  isPositive,
  maxDecimal,
  negateDecimal,
  parseDecimal,
  parseValidDecimal,
  parseValidDecimalBytes,
  roundDecimal,
  subtractDecimals,
  sumDecimals,
  sumDecimalTexts,
  toJsonNumber,
  ZERO,
} from "./decimal.js";

function d(text: string): Decimal {
  const value = parseDecimal(text);
  if (value === undefined) throw new Error(`not a decimal: ${text}`);
  return value;
}

/** Integer cents as decimal text with two places ("-1234" -> "-12.34"), computed without the code under test. */
function centsText(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

describe("parseDecimal", () => {
  it.each([
    ["-12.5", -125n, 1],
    ["1234.56", 123456n, 2],
    ["1,234.56", 123456n, 2],
    ["1,234,567", 1234567n, 0],
    ["123,456.7", 1234567n, 1],
    ["0", 0n, 0],
    ["+5", 5n, 0],
    ["-0.015", -15n, 3],
    [".5", 5n, 1],
    ["2000", 2000n, 0],
    ["0.0000001", 1n, 7],
    ["-0", 0n, 0],
    ["-.5", -5n, 1],
    // Around the 15 digits a double holds exactly (the short path) and past them.
    ["999999999999999", 999999999999999n, 0],
    ["-9999999999999.99", -999999999999999n, 2],
    ["9999999999999999", 9999999999999999n, 0],
    ["99999999999999.99", 9999999999999999n, 2],
    ["9,007,199,254,740,993", 9007199254740993n, 0],
  ])("accepts %s", (text, units, scale) => {
    expect(isDecimalText(text)).toBe(true);
    expect(parseDecimal(text)).toEqual({ units, scale });
    expect(parseValidDecimal(text)).toEqual({ units, scale });
  });

  it.each([
    "1,2",
    "1e3",
    "12O",
    "1,23,456",
    "",
    "1,2345",
    ",123",
    "1234,567",
    "12,34.5",
    "1.",
    "1.2.3",
    "--1",
    "+-1",
    " 1",
    "1 234",
    "NaN",
    "Infinity",
    "0x10",
    "USD 12",
    "$12",
    "12%",
    "1,234.",
    "1.234,56",
    "-",
    ".",
  ])("refuses %j", (text) => {
    expect(isDecimalText(text)).toBe(false);
    expect(parseDecimal(text)).toBeUndefined();
  });

  it("gives the same units as the digits read as a bigint, whatever their number", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 8 }),
        (units, scale) => {
          const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, "0");
          const text = `${units < 0n ? "-" : ""}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
          expect(parseValidDecimal(text)).toEqual({ units, scale });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads a decimal from its bytes as from its text", () => {
    // Valid decimal texts of every shape the format allows: sign, groups, fraction, long or short.
    const decimalText = fc
      .tuple(
        fc.constantFrom("", "-", "+"),
        fc.oneof(
          fc.bigInt({ min: 0n, max: 10n ** 22n }).map(String),
          fc
            .integer({ min: 1, max: 999 })
            .chain((head) =>
              fc
                .array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 5 })
                .map((groups) => [head, ...groups.map((g) => String(g).padStart(3, "0"))].join(",")),
            ),
        ),
        fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
      )
      .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? "" : `.${fraction}`}`)
      .filter(isDecimalText);
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 5 }), (text, at) => {
        const bytes = Buffer.from(`${"x".repeat(at)}${text}yz`, "latin1");
        expect(parseValidDecimalBytes(bytes, at, at + text.length)).toEqual(parseValidDecimal(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("reads thousands separators as nothing but grouping", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (cents) => {
        const plain = centsText(cents);
        const [whole, fraction] = plain.replace("-", "").split(".") as [string, string];
        const grouped = `${cents < 0n ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
        expect(compareDecimals(d(grouped), d(plain))).toBe(0);
        expect(d(plain)).toEqual({ units: cents, scale: 2 });
      }),
      { numRuns: 200 },
    );
  });
});

describe("exact arithmetic", () => {
  it("adds without binary floating-point drift: 0.1 + 0.2 = 0.3", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(compareDecimals(addDecimals(d("0.1"), d("0.2")), d("0.3"))).toBe(0);
    expect(formatDecimal(addDecimals(d("0.1"), d("0.2")))).toBe("0.30");
  });

  it("sums a hundred cents to exactly one dollar, and thirds of a window to the window", () => {
    expect(compareDecimals(sumDecimals(Array.from({ length: 100 }, () => d("0.01"))), d("1"))).toBe(0);
    expect(compareDecimals(sumDecimals([d("1999.99"), d("2000.005"), d("2000.005")]), d("6000.00"))).toBe(0);
    expect(sumDecimals([])).toEqual(ZERO);
  });

  it("keeps the larger scale when one side is zero: a sum begun at zero, at any scale", () => {
    const decimal = fc.record({
      units: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
      scale: fc.nat(6),
    });
    fc.assert(
      fc.property(fc.nat(6), decimal, (zeroScale, b) => {
        const zero = { units: 0n, scale: zeroScale };
        const scale = Math.max(zeroScale, b.scale);
        const expected = { units: b.units * 10n ** BigInt(scale - b.scale), scale };
        expect(addDecimals(zero, b)).toEqual(expected);
        expect(addDecimals(b, zero)).toEqual(expected);
      }),
    );
  });

  it("subtracts and negates exactly, whatever the scales", () => {
    expect(formatDecimal(subtractDecimals(d("6000"), d("5999.99")))).toBe("0.01");
    expect(formatDecimal(negateDecimal(d("12.5")))).toBe("-12.50");
    expect(formatDecimal(addDecimals(d("1,000"), d("-1000.000")))).toBe("0.00");
  });

  it("compares across scales", () => {
    expect(compareDecimals(d("6000"), d("6000.000"))).toBe(0);
    expect(compareDecimals(d("5999.999"), d("6000"))).toBe(-1);
    expect(compareDecimals(d("6000.001"), d("6000"))).toBe(1);
    expect(compareDecimals(d("-0.01"), ZERO)).toBe(-1);
    expect(maxDecimal(d("1.5"), d("1.49"))).toEqual(d("1.5"));
    expect(isPositive(d("0.001"))).toBe(true);
    expect(isPositive(d("0.000"))).toBe(false);
    expect(isPositive(d("-5"))).toBe(false);
    expect(decimalFromInteger(6000)).toEqual({ units: 6000n, scale: 0 });
  });

  it("adds like integer cents", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { maxLength: 30 }),
        (cents) => {
          const total = cents.reduce((a, b) => a + b, 0n);
          const sum = sumDecimals(cents.map((c) => d(centsText(c))));
          expect(compareDecimals(sum, d(centsText(total)))).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("divideRounded", () => {
  it.each([
    ["5701.50", 3, "1900.50"],
    ["6000.01", 3, "2000.00"],
    ["6000.02", 3, "2000.01"],
    ["5999.99", 3, "2000.00"],
    ["6000", 3, "2000.00"],
    ["6451", 3, "2150.33"],
    ["6001.515", 3, "2000.51"],
    ["5701.515", 3, "1900.51"],
    ["0", 3, "0.00"],
    ["0.01", 3, "0.00"],
    ["0.02", 3, "0.01"],
  ])("%s / %i is %s (half-up to cents)", (value, divisor, expected) => {
    expect(formatDecimal(divideRounded(d(value), divisor, 2))).toBe(expected);
  });

  it("rounds half-up: 0.015 -> 0.02, 0.014999 -> 0.01, 2.675 -> 2.68 (where binary floats give 2.67)", () => {
    expect(formatDecimal(roundDecimal(d("0.015"), 2))).toBe("0.02");
    expect(formatDecimal(roundDecimal(d("0.014999"), 2))).toBe("0.01");
    expect(formatDecimal(roundDecimal(d("2.675"), 2))).toBe("2.68");
    expect(formatDecimal(roundDecimal(d("1900.505"), 2))).toBe("1900.51");
  });

  it("rounds negative halves away from zero (symmetrically)", () => {
    expect(formatDecimal(roundDecimal(d("-0.015"), 2))).toBe("-0.02");
    expect(formatDecimal(divideRounded(d("-0.03"), 2, 2))).toBe("-0.02");
  });

  it("equals the integer computation of round-half-up(cents / n)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 1, max: 12 }), (cents, n) => {
        const divisor = BigInt(n);
        const expected = (cents * 2n + divisor) / (2n * divisor);
        expect(divideRounded(d(centsText(cents)), n, 2)).toEqual({ units: expected, scale: 2 });
      }),
      { numRuns: 200 },
    );
  });
});

describe("formatting", () => {
  it.each([
    ["1234.5", "USD 1,234.50"],
    ["0", "USD 0.00"],
    ["6000", "USD 6,000.00"],
    ["0.005", "USD 0.01"],
    ["0.004", "USD 0.00"],
    ["999.995", "USD 1,000.00"],
    ["1234567.891", "USD 1,234,567.89"],
    ["-1234.5", "-USD 1,234.50"],
    ["100", "USD 100.00"],
  ])("formatUsd(%s) is %s", (value, expected) => {
    expect(formatUsd(d(value))).toBe(expected);
  });

  it("writes exact decimal text with at least the minimum places, trimming only the extra zeros", () => {
    expect(formatDecimal(d("12.3400"))).toBe("12.34");
    expect(formatDecimal(d("12.3456"))).toBe("12.3456");
    expect(formatDecimal(d("12"))).toBe("12.00");
    expect(formatDecimal(d("12"), 0)).toBe("12");
    expect(formatDecimal(d("12.50"), 0)).toBe("12.5");
    expect(formatDecimal(d("-0.5"))).toBe("-0.50");
    expect(formatDecimal(d("0.05"), 0)).toBe("0.05");
  });

  it("gives JSON numbers for amounts rounded to cents", () => {
    expect(toJsonNumber(d("2150.33"))).toBe(2150.33);
    expect(toJsonNumber(d("2000.00"))).toBe(2000);
    expect(toJsonNumber(divideRounded(d("5701.50"), 3, 2))).toBe(1900.5);
  });

  it("round-trips through formatDecimal and parseDecimal", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 6 }),
        (units, scale) => {
          const value: Decimal = { units, scale };
          expect(compareDecimals(d(formatDecimal(value)), value)).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("sumDecimalTexts", () => {
  it("sums decimal texts exactly, in the form the core writes amounts", () => {
    expect(sumDecimalTexts(Array(10).fill("0.1"))).toBe("1");
    expect(sumDecimalTexts(["1,234.5", "-50", "0.005"])).toBe("1184.505");
    expect(sumDecimalTexts([])).toBe("0");
  });

  it("agrees with sumDecimals on any amounts", () => {
    const amount = fc
      .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }))
      .map(([units, scale]) => formatDecimal({ units, scale }, 0));
    fc.assert(
      fc.property(fc.array(amount), (texts) => {
        expect(sumDecimalTexts(texts)).toBe(formatDecimal(sumDecimals(texts.map(parseValidDecimal)), 0));
      }),
    );
  });

  it("refuses text that is not an amount, naming it", () => {
    expect(() => sumDecimalTexts(["12", "1e3"])).toThrow('"1e3" is not a decimal amount');
  });
});
