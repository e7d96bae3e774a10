/*
 * pdfkit's standard fonts (Helvetica, no font file to ship) encode text as WinAnsi (Windows-1252): a
 * character outside it is written as a broken glyph code. Customer names and titles can be in any
 * script, so the PDF gets the nearest WinAnsi text; index.html keeps every name exactly.
 */

// The characters Windows-1252 puts at 0x80-0x9F; 0xA0-0xFF are Latin-1 itself.
const CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_HIGH.includes(char);
}

/**
 * `text` with every character pdfkit's standard fonts cannot show replaced: by its letter without
 * accents when that is WinAnsi ("ő" becomes "o", "ﬁ" becomes "fi"), else by `?`. Line breaks and tabs
 * become spaces; marks, zero-width and control characters are dropped.
 */
export function toWinAnsi(text: string): string {
  let out = "";
  for (const char of text.normalize("NFC")) {
    if (isWinAnsi(char)) {
      out += char;
      continue;
    }
    if (/\s/u.test(char)) {
      out += " ";
      continue;
    }
    // Marks left uncomposed, zero-width and control characters show nothing anyway.
    if (/[\p{M}\p{Cf}\p{Cc}]/u.test(char)) continue;
    const plain = char.normalize("NFKD").replace(/\p{M}/gu, "");
    out += plain !== "" && [...plain].every(isWinAnsi) ? plain : "?";
  }
  return out;
}
