/*
 * Names inside the binder come from people: evidence titles, uploaded file names, customer names. The
 * auditor unzips the binder on Windows, macOS or Linux, so every path segment must be a name all three
 * accept and that cannot climb out of the folder it is extracted to.
 */

/** The longest segment, in UTF-16 code units: keeps whole paths well under Windows' 260 characters. */
export const MAX_SEGMENT_LENGTH = 100;
/** Linux and macOS file systems allow 255 bytes per name; 100 CJK characters would be 300 in UTF-8. */
export const MAX_SEGMENT_BYTES = 255;

export interface SafeEntryNameOptions {
  /**
   * Keep a short extension (`.pdf`, `.docx`) when the name must be shortened or suffixed, so the file
   * still opens with the right program. True by default; folders pass false.
   */
  readonly keepExtension?: boolean;
  /**
   * Text that must survive shortening, put before the extension: ` (2)` for a duplicate, or
   * ` (tenant id)` after a customer's name. Sanitized like the name.
   */
  readonly suffix?: string;
}

// Lone surrogates cannot be encoded in UTF-8 (they would become U+FFFD in some tools, fail in others).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Bidirectional controls let "evil\u202Efdp.exe" display as "evilexe.pdf": removed, not replaced.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LINE_SPACE = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Separators, characters Windows forbids, and the remaining control characters.
const FORBIDDEN = /[/\\<>:"|?*\p{Cc}]/gu;
const RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;
const EXTENSION = /\.[\p{L}\p{N}_-]{1,16}$/u;
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

function clean(text: string): string {
  return text
    .replace(LONE_SURROGATE, "_")
    .normalize("NFC")
    .replace(BIDI_CONTROLS, "")
    .replace(LINE_SPACE, " ")
    .replace(FORBIDDEN, "_")
    .replace(/ {2,}/g, " ");
}

/** Windows drops trailing dots and spaces (two names would collide); leading ones hide or confuse. */
function trimName(text: string): string {
  return text.replace(/^[\s.]+/u, "").replace(/[\s.]+$/u, "");
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The longest start of `text` within the limits, cut between graphemes (inside one only when the first is too long). */
function truncate(text: string, maxLength: number, maxBytes: number): string {
  if (text.length <= maxLength && bytes(text) <= maxBytes) return text;
  let out = "";
  let outBytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const b = bytes(segment);
    if (out.length + segment.length <= maxLength && outBytes + b <= maxBytes) {
      out += segment;
      outBytes += b;
      continue;
    }
    if (out !== "") break;
    // A single grapheme longer than a whole name (a letter under hundreds of marks): cut inside it.
    for (const codePoint of segment) {
      const cb = bytes(codePoint);
      if (out.length + codePoint.length > maxLength || outBytes + cb > maxBytes) break;
      out += codePoint;
      outBytes += cb;
    }
    break;
  }
  return out;
}

function compose(stem: string, suffix: string, extension: string): string {
  const maxLength = MAX_SEGMENT_LENGTH - suffix.length - extension.length;
  const maxBytes = MAX_SEGMENT_BYTES - bytes(suffix) - bytes(extension);
  const name =
    maxLength < 2 || maxBytes < 4
      ? // A suffix or extension too long to keep: shorten the whole name instead.
        truncate(`${stem}${suffix}${extension}`, MAX_SEGMENT_LENGTH, MAX_SEGMENT_BYTES)
      : `${truncate(stem, maxLength, maxBytes) || "_"}${suffix}${extension}`;
  return trimName(name.replace(/ {2,}/g, " "));
}

function isReserved(name: string): boolean {
  // Windows reserves a device name with any extension too ("CON.txt", "nul .pdf").
  const base = name.split(".")[0] ?? "";
  return RESERVED.test(base.trimEnd());
}

/**
 * One path segment of a ZIP entry, safe on Windows, macOS and Linux: no separators or `..`, no control
 * or bidirectional characters, none of `<>:"|?*`, no leading or trailing dots and spaces, no reserved
 * device name (CON, NUL, COM1…, prefixed with `_`), NFC-normalized, at most 100 characters and 255
 * UTF-8 bytes keeping the extension and the suffix, never empty. Idempotent.
 */
export function safeEntryName(segment: string, options: SafeEntryNameOptions = {}): string {
  const keepExtension = options.keepExtension ?? true;
  const suffix = options.suffix === undefined ? "" : clean(options.suffix).replace(/[\s.]+$/u, "");
  const name = trimName(clean(segment));
  const match = keepExtension ? EXTENSION.exec(name) : null;
  const hasExtension = match !== null && match.index > 0;
  const stem = hasExtension ? name.slice(0, match.index) : name;
  const extension = hasExtension ? match[0] : "";
  let result = compose(stem === "" ? "_" : stem, suffix, extension);
  if (result === "") result = "_";
  if (isReserved(result)) result = compose(`_${stem}`, suffix, extension);
  return result;
}
