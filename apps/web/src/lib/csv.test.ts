import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("csvCell", () => {
  it("keeps plain text and numbers", () => {
    expect(csvCell("Adatum")).toBe("Adatum");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(false)).toBe("false");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
  });

  it("neutralizes cells Excel would run as formulas", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(-5)).toBe("'-5");
  });
});

describe("toCsv", () => {
  it("writes a BOM and CRLF lines", () => {
    expect(
      toCsv([
        ["When", "What"],
        ["2025-09-10", "=cmd"],
      ]),
    ).toBe("\uFEFFWhen,What\r\n2025-09-10,'=cmd\r\n");
  });
});
