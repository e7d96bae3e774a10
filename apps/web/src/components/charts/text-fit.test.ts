import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateTextWidth, fitText, placeLabel, spanMinus, type TextMeasure, wrapText } from "./text-fit";

/** One pixel per character: widths that are easy to reason about. */
const mono: TextMeasure = (text) => text.length;

describe("fitText", () => {
  it("keeps text that fits, and shortens the rest with an ellipsis", () => {
    expect(fitText("DP-100", 6, mono, 11)).toBe("DP-100");
    expect(fitText("Microsoft Certified", 10, mono, 11)).toBe("Microsoft…");
    expect(fitText("abc", 1, mono, 11)).toBe("");
  });
});

describe("spanMinus", () => {
  it("cuts the gaps out of a span", () => {
    expect(spanMinus({ start: 0, end: 100 }, [{ start: 40, end: 50 }])).toEqual([
      { start: 0, end: 40 },
      { start: 50, end: 100 },
    ]);
    expect(spanMinus({ start: 0, end: 100 }, [{ start: -5, end: 200 }])).toEqual([]);
    expect(spanMinus({ start: 10, end: 5 }, [])).toEqual([]);
  });
});

describe("placeLabel", () => {
  it("takes the first span where the whole label fits, aligned to its end when asked", () => {
    const spans = [
      { start: 0, end: 4, place: "a" as const },
      { start: 10, end: 30, place: "b" as const, alignEnd: true },
      { start: 40, end: 90, place: "c" as const },
    ];
    expect(placeLabel("DP-100", spans, mono, 11)).toEqual({ text: "DP-100", x: 24, width: 6, place: "b" });
  });
  it("shortens the label in the widest span when it fits whole nowhere, or drops it", () => {
    const spans = [
      { start: 0, end: 8, place: "a" as const },
      { start: 20, end: 32, place: "b" as const },
    ];
    expect(placeLabel("Azure AI Engineer Associate", spans, mono, 11)).toEqual({
      text: "Azure AI En…",
      x: 20,
      width: 12,
      place: "b",
    });
    expect(placeLabel("Azure AI Engineer", [{ start: 0, end: 3, place: "a" as const }], mono, 11)).toBeNull();
  });
});

describe("wrapText", () => {
  it("breaks at spaces into lines that fit, at most the lines asked, the last shortened", () => {
    expect(wrapText("Audit held (4 hours for Module B, 8 hours for A+B)", 20, mono, 12)).toEqual([
      "Audit held (4 hours",
      "for Module B, 8",
      "hours for A+B)",
    ]);
    expect(
      wrapText("Audit held (4 hours for Module B, 8 hours for A+B)", 20, mono, 12, undefined, 2),
    ).toEqual(["Audit held (4 hours", "for Module B, 8 hou…"]);
    expect(wrapText("Final Report", 40, mono, 12)).toEqual(["Final Report"]);
    expect(wrapText("Supercalifragilistic word", 10, mono, 12)).toEqual(["Supercali…", "word"]);
  });

  it("property: every line fits; the words come out in order; nothing is cut when the lines suffice", () => {
    const word = fc.stringMatching(/^[a-zA-Z()+&,-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 14, max: 60 }),
        (words, width) => {
          const text = words.join(" ");
          const lines = wrapText(text, width, estimateTextWidth, 12, 400, 3);
          expect(lines.length).toBeLessThanOrEqual(3);
          for (const l of lines) expect(estimateTextWidth(l, 12, 400)).toBeLessThanOrEqual(width);
          if (!lines.some((l) => l.includes("…"))) expect(lines.join(" ")).toBe(text);
        },
      ),
    );
  });
});
