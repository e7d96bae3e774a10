import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvLine, csvText, formulaSafe, fromFormulaSafe } from "./csv-text.js";

/** RFC 4180 fields of one record, as a spreadsheet reads them (enough for one line of csvLine). */
function fieldsOf(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const text = line.endsWith("\r\n") ? line.slice(0, -2) : line;
  for (;;) {
    let value = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
    } else {
      const comma = text.indexOf(",", i);
      value = text.slice(i, comma === -1 ? text.length : comma);
      i = comma === -1 ? text.length : comma;
    }
    fields.push(value);
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

describe("formulaSafe", () => {
  it("puts an apostrophe before text a spreadsheet would run as a formula", () => {
    expect(formulaSafe('=HYPERLINK("http://evil.example","Open")')).toBe(
      '\'=HYPERLINK("http://evil.example","Open")',
    );
    expect(formulaSafe("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(formulaSafe("-2+3")).toBe("'-2+3");
    expect(formulaSafe("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(formulaSafe("\t=1")).toBe("'\t=1");
    expect(formulaSafe("\r=1")).toBe("'\r=1");
  });

  it("leaves plain numbers, ordinary text, ids and dates alone", () => {
    for (const text of [
      "-12.50",
      "+3",
      "-1,234.56",
      "1234",
      "Litware Health",
      "a=b",
      "5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d",
      "2026-03-01",
      "A+B",
      "No Pass",
      "'s-Hertogenbosch Advies",
      "",
    ])
      expect(formulaSafe(text)).toBe(text);
  });

  it("adds one more apostrophe to text that already starts with apostrophes before a formula", () => {
    expect(formulaSafe("'=x")).toBe("''=x");
    expect(formulaSafe("''-x")).toBe("'''-x");
  });

  it("is undone by fromFormulaSafe, so distinct values stay distinct", () => {
    const texts = fc.oneof(
      fc.string({ unit: "binary", maxLength: 20 }),
      fc
        .tuple(fc.stringMatching(/^'{0,3}[=+\-@\t\r]?$/), fc.string({ maxLength: 10 }))
        .map(([lead, rest]) => lead + rest),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(fromFormulaSafe(formulaSafe(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(texts, texts, (a, b) => {
        if (a !== b) expect(formulaSafe(a)).not.toBe(formulaSafe(b));
      }),
      { numRuns: 2000 },
    );
  });

  it("never leaves a formula start that is not a plain number", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 20 }), (text) => {
        const safe = formulaSafe(text);
        if (/^[=+\-@\t\r]/.test(safe)) expect(safe).toMatch(/^[+-]?[\d,]+(\.\d+)?$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("csvCell and csvLine", () => {
  it("writes empty cells for null and undefined, numbers and booleans as they are", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(true)).toBe("true");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("Litware, Inc.")).toBe('"Litware, Inc."');
    expect(csvCell('The "AI" plan')).toBe('"The ""AI"" plan"');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvCell("\rcmd")).toBe('"\'\rcmd"');
  });

  it("gives a spreadsheet back every cell, formula-like text with its apostrophe", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 30 }), { minLength: 1, maxLength: 6 }),
        (cells) => {
          expect(fieldsOf(csvLine(cells))).toEqual(cells.map(formulaSafe));
          expect(fieldsOf(csvLine(cells)).map(fromFormulaSafe)).toEqual(cells);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("ends every record with CRLF; a file starts with the byte-order mark unless asked not to", () => {
    expect(csvLine(["a", 1, null, "=1"])).toBe("a,1,,'=1\r\n");
    expect(
      csvText([
        ["h1", "h2"],
        ["=a", "b"],
      ]),
    ).toBe(`${CSV_BOM}h1,h2\r\n'=a,b\r\n`);
    expect(csvText([["h"]], { bom: false })).toBe("h\r\n");
  });
});
