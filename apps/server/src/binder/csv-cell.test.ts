import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv-cell.js";
import { parseCsv } from "./test-support/binder-fixtures.js";

describe("csvCell", () => {
  it("leaves plain text, numbers and empty values as they are", () => {
    expect(csvCell("Litware Health")).toBe("Litware Health");
    expect(csvCell(1234)).toBe("1234");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("Litware, Inc.")).toBe('"Litware, Inc."');
    expect(csvCell('The "AI" plan')).toBe('"The ""AI"" plan"');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvCell("line 1\r\nline 2")).toBe('"line 1\r\nline 2"');
  });

  it("neutralizes text Excel would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","Open")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""Open"")"',
    );
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\rcmd")).toBe('"\'\rcmd"');
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("leaves formula-like values alone when asked (ids a program reads back)", () => {
    expect(csvCell("-2", { formulaSafe: false })).toBe("-2");
    expect(csvCell("=x,y", { formulaSafe: false })).toBe('"=x,y"');
  });

  it("round-trips any text through a CSV reader, formula-like text with its apostrophe", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 30 }), { minLength: 1, maxLength: 6 }),
        (cells) => {
          const [parsed] = parseCsv(csvLine(cells));
          expect(parsed).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("csvLine", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvLine(["a", 1, null, "=1"])).toBe("a,1,,'=1\r\n");
  });
});
