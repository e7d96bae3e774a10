import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonOutput } from "./json-output.js";

/** What `--format json` printed before: the reference the faster output must equal, byte for byte. */
const reference = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, "utf8");

describe("jsonOutput", () => {
  it("prints JSON.stringify(value, null, 2) and a line end, for hand-picked shapes", () => {
    const cases: unknown[] = [
      {},
      [],
      { a: {}, b: [], c: [{}], d: [[]], e: [{ f: [] }] },
      [1, "two", null, true, false, -0, 1e21, 1.5e-7],
      "a string",
      42,
      null,
      { "key: with, {brackets} and [more]": 'value "quoted" \\ back\\slash \\"', "": "" },
      { nested: { deeper: { deepest: [1, [2, [3, [4, {}]]]] } } },
      { unicode: "café — naïve 日本語 😀", lone: "\ud800 and \udfff", control: "\u0000\u001f\n\t" },
      { skipped: undefined, fn: () => 1, kept: 1, list: [undefined, () => 1] },
      { date: new Date(Date.UTC(2025, 8, 10)), map: new Map([["a", 1]]) },
      { toJSON: () => ({ replaced: [1, { by: "toJSON" }] }) },
    ];
    for (const value of cases) expect(jsonOutput(value).equals(reference(value))).toBe(true);
  });

  it("prints the same bytes as JSON.stringify(value, null, 2) for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(jsonOutput(value).toString("utf8")).toBe(reference(value).toString("utf8"));
      }),
      { numRuns: 400 },
    );
  });

  it("prints the same bytes for strings of any characters, lone surrogates included, in keys and values", () => {
    const text = fc.string({ unit: "binary", maxLength: 30 });
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 4 }))), (value) => {
        expect(jsonOutput(value).equals(reference(value))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("grows its buffer for deep nesting, where the indentation outweighs the text", () => {
    let value: unknown = [];
    for (let k = 0; k < 300; k++) value = [value, 1];
    expect(jsonOutput(value).equals(reference(value))).toBe(true);
  });

  it("refuses a value that has no JSON text, as JSON.stringify answers undefined for it", () => {
    expect(() => jsonOutput(undefined)).toThrow(TypeError);
  });
});
