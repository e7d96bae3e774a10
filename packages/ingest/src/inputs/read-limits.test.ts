import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_TABLE_LIMITS, TABLE_LIMIT_VARIABLES } from "../table/table-limits.js";
import { importKinds } from "./input-columns.js";
import {
  DEFAULT_READ_LIMITS,
  parseReadLimits,
  readLimitSettings,
  readLimitsHelp,
  rowLimitVariable,
} from "./read-limits.js";

describe("read limits from the environment", () => {
  it("are the defaults when unset or empty", () => {
    expect(parseReadLimits({})).toEqual({ ok: true, limits: DEFAULT_READ_LIMITS });
    expect(parseReadLimits({ SPECREADY_MAX_COLUMNS: "" })).toEqual({ ok: true, limits: DEFAULT_READ_LIMITS });
    expect(DEFAULT_READ_LIMITS).toMatchObject(DEFAULT_TABLE_LIMITS);
  });

  it("set each limit in its variable's unit", () => {
    const parsed = parseReadLimits({
      SPECREADY_MAX_LINE_KB: "64",
      SPECREADY_MAX_COLUMNS: "50",
      SPECREADY_MAX_CELL_CHARS: "1000",
      SPECREADY_XLSX_MAX_PART_MB: "10",
      SPECREADY_XLSX_MAX_RATIO: "20",
      SPECREADY_XLSX_MAX_SHARED_STRINGS: "500",
      SPECREADY_XLSX_MAX_SHARED_STRINGS_MB: "2",
      SPECREADY_MAX_ROWS_AUDIT_EVIDENCE: "7",
    });
    expect(parsed).toEqual({
      ok: true,
      limits: {
        maxLineBytes: 64 * 1024,
        maxColumns: 50,
        maxCellChars: 1000,
        xlsxMaxPartBytes: 10 * 1024 * 1024,
        xlsxMaxRatio: 20,
        xlsxMaxSharedStrings: 500,
        xlsxMaxSharedStringChars: 2 * 1024 * 1024,
        rows: { ...DEFAULT_READ_LIMITS.rows, "audit-evidence": 7 },
      },
    });
  });

  it("name every variable that is not a whole number in its range", () => {
    expect(
      parseReadLimits({
        SPECREADY_MAX_COLUMNS: "20000",
        SPECREADY_MAX_LINE_KB: "1.5",
        SPECREADY_XLSX_MAX_RATIO: "-3",
      }),
    ).toEqual({
      ok: false,
      problems: [
        { name: "SPECREADY_MAX_LINE_KB", value: "1.5", message: "is not a whole number from 1 to 1,048,576" },
        { name: "SPECREADY_MAX_COLUMNS", value: "20000", message: "is not a whole number from 1 to 16,384" },
        { name: "SPECREADY_XLSX_MAX_RATIO", value: "-3", message: "is not a whole number from 2 to 100,000" },
      ],
    });
  });

  it("has one variable per table limit and per kind but the usage report", () => {
    const names = readLimitSettings.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of Object.values(TABLE_LIMIT_VARIABLES)) expect(names).toContain(name);
    for (const kind of importKinds) {
      expect(names.includes(rowLimitVariable(kind))).toBe(kind !== "azure-usage");
      expect(DEFAULT_READ_LIMITS.rows[kind] === undefined).toBe(kind === "azure-usage");
    }
  });

  it("are all in --help and in the README with their defaults", async () => {
    const help = readLimitsHelp(importKinds);
    const readme = await readFile(new URL("../../../../README.md", import.meta.url), "utf8");
    for (const s of readLimitSettings) {
      expect(help).toContain(`${s.name}=${s.defaultValue}`);
      expect(readme).toMatch(new RegExp(`\\| \`${s.name}\` +\\| \`${s.defaultValue}\` +\\|`));
    }
  });
});
