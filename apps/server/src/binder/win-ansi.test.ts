import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toWinAnsi } from "./win-ansi.js";

const WIN_ANSI = /^[\x20-\x7E\xA0-\xFF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/;

describe("toWinAnsi", () => {
  it("keeps ASCII, Latin-1 and the Windows-1252 punctuation", () => {
    expect(toWinAnsi("Société Générale — “AI” plan… 50 €")).toBe("Société Générale — “AI” plan… 50 €");
  });

  it("keeps letters without their accent when only the accented one is missing", () => {
    expect(toWinAnsi("Łódź Őrség Dvořák")).toBe("?ódz Orség Dvorák");
    expect(toWinAnsi("ﬁnance")).toBe("finance");
  });

  it("writes ? for scripts and symbols Helvetica cannot show", () => {
    expect(toWinAnsi("東京 Ltd")).toBe("?? Ltd");
    expect(toWinAnsi("Рога и копыта")).toBe("???? ? ??????");
    expect(toWinAnsi("AI 😀")).toBe("AI ?");
  });

  it("turns line breaks into spaces and drops invisible characters", () => {
    expect(toWinAnsi("a\nb\tc")).toBe("a b c");
    expect(toWinAnsi("a\u200Bb\u202Ec\u0000")).toBe("abc");
  });

  it("gives WinAnsi text for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (text) => {
        expect(toWinAnsi(text)).toMatch(WIN_ANSI);
      }),
      { numRuns: 1000 },
    );
  });
});
