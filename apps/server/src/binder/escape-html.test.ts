import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape-html.js";

describe("escapeHtml", () => {
  it("escapes the characters that make markup or end an attribute", () => {
    expect(escapeHtml("<script>alert(1)</script>")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(escapeHtml(`" onmouseover='x'`)).toBe("&quot; onmouseover=&#39;x&#39;");
    expect(escapeHtml("R&D")).toBe("R&amp;D");
    expect(escapeHtml("&lt;")).toBe("&amp;lt;");
  });

  it("leaves other text, accents and emoji included, unchanged", () => {
    expect(escapeHtml("Café 😀 漢字")).toBe("Café 😀 漢字");
  });

  it("never lets a tag, an attribute quote or an unescaped ampersand through", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const out = escapeHtml(text);
        expect(out).not.toMatch(/[<>"']/);
        expect(out).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        const back = out
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, "&");
        expect(back).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
