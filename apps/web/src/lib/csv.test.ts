import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a BOM and CRLF lines, quoting as RFC 4180 asks", () => {
    expect(
      toCsv([
        ["When", "What", "Count"],
        ["2025-09-10", "a,b", 42],
      ]),
    ).toBe('\uFEFFWhen,What,Count\r\n2025-09-10,"a,b",42\r\n');
  });

  it("neutralizes text Excel would run as a formula, but not numbers", () => {
    expect(toCsv([['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "\tx", "a=b", -5, null, false]])).toBe(
      '\uFEFF"\'=HYPERLINK(""http://x"")",\'+1+1,\'@SUM(A1),\'\tx,a=b,-5,,false\r\n',
    );
  });
});
