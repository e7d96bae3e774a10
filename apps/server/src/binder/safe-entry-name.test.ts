import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_SEGMENT_BYTES, MAX_SEGMENT_LENGTH, safeEntryName } from "./safe-entry-name.js";
import { UniqueEntryNames } from "./unique-entry-names.js";

const RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;

/** What every segment must be, whatever it was made from. */
function expectSafe(name: string): void {
  expect(name).not.toBe("");
  expect(name).not.toBe(".");
  expect(name).not.toBe("..");
  expect(name).not.toMatch(/[/\\<>:"|?*\p{Cc}]/u);
  expect(name).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  expect(name).not.toMatch(/[\s.]$/u);
  expect(name).not.toMatch(/^[\s.]/u);
  expect(name.length).toBeLessThanOrEqual(MAX_SEGMENT_LENGTH);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
  expect(RESERVED.test((name.split(".")[0] ?? "").trimEnd())).toBe(false);
  // Encodes to UTF-8 and back unchanged: no lone surrogate.
  expect(Buffer.from(name, "utf8").toString("utf8")).toBe(name);
}

// Strings built from the pieces that break file names, mixed with ordinary text.
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "..",
        ".",
        "/",
        "\\",
        " ",
        "CON",
        "nul",
        "COM1",
        "LPT¹",
        ":",
        "*",
        "?",
        '"',
        "<",
        ">",
        "|",
        "\u0000",
        "\n",
        "\u007F",
        "\u202E",
        "\uD800",
        "\uDC00",
        "😀",
        "👩‍👩‍👧",
        "é",
        "e\u0301",
        "漢",
        ".pdf",
        ".docx",
        "a",
      ),
      fc.string({ unit: "binary", maxLength: 20 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

describe("safeEntryName", () => {
  it("keeps an ordinary name as it is", () => {
    expect(safeEntryName("01 FinOps review - Contoso FinOps.pdf")).toBe(
      "01 FinOps review - Contoso FinOps.pdf",
    );
    expect(safeEntryName("A1.1 Cloud & AI Adoption Business Strategy", { keepExtension: false })).toBe(
      "A1.1 Cloud & AI Adoption Business Strategy",
    );
  });

  it("cannot climb out of its folder", () => {
    expect(safeEntryName("../../etc/passwd")).toBe("_.._etc_passwd");
    expect(safeEntryName("..")).toBe("_");
    expect(safeEntryName(".")).toBe("_");
    expect(safeEntryName("..\\..\\Windows\\win.ini")).toBe("_.._Windows_win.ini");
    expect(safeEntryName("/etc/passwd")).toBe("_etc_passwd");
    expect(safeEntryName("C:\\boot.ini")).toBe("C__boot.ini");
  });

  it("replaces what Windows forbids and control characters", () => {
    expect(safeEntryName("a:b*c?")).toBe("a_b_c_");
    expect(safeEntryName('<script>"x"|y')).toBe("_script__x__y");
    expect(safeEntryName("tab\there\nnew\u0000line")).toBe("tab here new_line");
    expect(safeEntryName("bell\u0007")).toBe("bell_");
  });

  it("removes bidirectional overrides that disguise an extension", () => {
    expect(safeEntryName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
  });

  it("drops trailing dots and spaces, and leading ones", () => {
    expect(safeEntryName("report. . ")).toBe("report");
    expect(safeEntryName("  .hidden")).toBe("hidden");
    expect(safeEntryName("...")).toBe("_");
    expect(safeEntryName("   ")).toBe("_");
    expect(safeEntryName("")).toBe("_");
  });

  it("prefixes reserved Windows device names, with or without an extension", () => {
    expect(safeEntryName("CON")).toBe("_CON");
    expect(safeEntryName("con.txt")).toBe("_con.txt");
    expect(safeEntryName("NUL .pdf")).toBe("_NUL .pdf");
    expect(safeEntryName("COM1")).toBe("_COM1");
    expect(safeEntryName("lpt9.log")).toBe("_lpt9.log");
    expect(safeEntryName("CONOUT$")).toBe("_CONOUT$");
    expect(safeEntryName("CONTOSO")).toBe("CONTOSO");
    expect(safeEntryName("COM10")).toBe("COM10");
  });

  it("shortens to 100 characters keeping the extension", () => {
    const name = safeEntryName(`${"x".repeat(300)}.docx`);
    expect(name).toHaveLength(100);
    expect(name.endsWith(".docx")).toBe(true);
    const noExtension = safeEntryName("y".repeat(300), { keepExtension: false });
    expect(noExtension).toBe("y".repeat(100));
  });

  it("never cuts an emoji or a letter with its accent in two", () => {
    const emoji = safeEntryName(`${"😀".repeat(80)}.pdf`);
    expect(emoji).toBe(`${"😀".repeat(48)}.pdf`);
    const family = safeEntryName("👩‍👩‍👧".repeat(30));
    expect(family.length).toBeLessThanOrEqual(100);
    expect(family.length % "👩‍👩‍👧".length).toBe(0);
  });

  it("keeps names within 255 UTF-8 bytes for Linux and macOS", () => {
    const name = safeEntryName(`${"漢".repeat(150)}.pdf`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("normalizes to NFC so one name is one name", () => {
    expect(safeEntryName("Cafe\u0301")).toBe("Café");
  });

  it("keeps a suffix and the extension when shortening", () => {
    expect(safeEntryName("Report.pdf", { suffix: " (2)" })).toBe("Report (2).pdf");
    const long = safeEntryName(`${"z".repeat(200)}.pdf`, { suffix: " (12)" });
    expect(long).toHaveLength(100);
    expect(long.endsWith("z (12).pdf")).toBe(true);
    expect(
      safeEntryName("Contoso".repeat(30), {
        keepExtension: false,
        suffix: " (0b6f2d9e-1a2b-4c3d-8e9f-101112131415)",
      }),
    ).toMatch(/^Contoso.* \(0b6f2d9e-1a2b-4c3d-8e9f-101112131415\)$/);
  });

  it("does not take a dot inside a name for an extension when the name is for a folder", () => {
    expect(safeEntryName("Contoso Ltd. Holdings", { keepExtension: false, suffix: " (t)" })).toBe(
      "Contoso Ltd. Holdings (t)",
    );
  });

  it("gives a safe segment for any string, and is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: "binary", maxLength: 400 })), (input) => {
        const name = safeEntryName(input);
        expectSafe(name);
        expect(safeEntryName(name)).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives a safe segment for any string and suffix, keeping the suffix", () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 2, max: 100_000 }), fc.boolean(), (input, n, keepExtension) => {
        const name = safeEntryName(input, { suffix: ` (${n})`, keepExtension });
        expectSafe(name);
        expect(name).toContain(` (${n})`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("UniqueEntryNames", () => {
  it("numbers duplicates in one folder, ignoring case, and not across folders", () => {
    const names = new UniqueEntryNames();
    expect(names.claim("Module A", "Report.pdf")).toBe("Report.pdf");
    expect(names.claim("Module A", "report.PDF")).toBe("report (2).PDF");
    expect(names.claim("Module A", "REPORT.pdf")).toBe("REPORT (3).pdf");
    expect(names.claim("Module B", "Report.pdf")).toBe("Report.pdf");
  });

  it("numbers names that only collide once sanitized", () => {
    const names = new UniqueEntryNames();
    expect(names.claim("", "a:b")).toBe("a_b");
    expect(names.claim("", "a*b")).toBe("a_b (2)");
    expect(names.claim("", "a?b.")).toBe("a_b (3)");
  });

  it("keeps a numbered name within 100 characters", () => {
    const names = new UniqueEntryNames();
    const long = `${"n".repeat(300)}.xlsx`;
    const first = names.claim("f", long);
    const second = names.claim("f", long);
    expect(first).not.toBe(second);
    expect(second.length).toBeLessThanOrEqual(100);
    expect(second.endsWith(" (2).xlsx")).toBe(true);
  });
});
