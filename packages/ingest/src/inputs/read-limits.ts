import {
  DEFAULT_TABLE_LIMITS,
  formatLimitCount,
  type TableLimits,
  TABLE_LIMIT_VARIABLES as V,
} from "../table/table-limits.js";
import type { ImportKind } from "./input-columns.js";

/**
 * Every limit on reading an input file: the table's (`TableLimits`) and the data rows a file of each kind
 * may have. Kinds whose real files are small have a row limit; the usage report, legitimately millions of
 * rows and summarized as it streams, has none.
 */
export interface ReadLimits extends TableLimits {
  readonly rows: Readonly<Record<ImportKind, number | undefined>>;
}

/** One environment variable setting a limit. */
export interface ReadLimitSetting {
  readonly name: string;
  /** The default, in the variable's unit. */
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
  /** What it limits, for `--help` and the README. */
  readonly description: string;
  /** Sets the limit from a value in the variable's unit. */
  apply(limits: MutableLimits, value: number): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableLimits = Mutable<TableLimits> & { rows: Mutable<ReadLimits["rows"]> };

const KB = 1024;
const MB = 1024 * 1024;

/** The variable that sets the row limit of a kind: `SPECREADY_MAX_ROWS_AUDIT_EVIDENCE`. */
export function rowLimitVariable(kind: ImportKind): string {
  return `SPECREADY_MAX_ROWS_${kind.toUpperCase().replaceAll("-", "_")}`;
}

const rowLimit = (kind: ImportKind, defaultValue: number, what: string): ReadLimitSetting => ({
  name: rowLimitVariable(kind),
  defaultValue,
  min: 1,
  max: 100_000_000,
  description: `rows of ${kind} (${what})`,
  apply: (limits, value) => {
    limits.rows[kind] = value;
  },
});

/** The setting of a table limit, in its variable's unit (`unit` bytes or characters per step). */
const tableLimit = (
  key: keyof TableLimits,
  unit: number,
  max: number,
  description: string,
  min = 1,
): ReadLimitSetting => ({
  name: V[key],
  defaultValue: DEFAULT_TABLE_LIMITS[key] / unit,
  min,
  max,
  description,
  apply: (limits, value) => {
    limits[key] = value * unit;
  },
});

/**
 * The settings, in the order `--help` and the README list them. Defaults are far above real files:
 * Partner Center's usage export has 43 columns and lines under 2 KB; Excel holds at most 32,767
 * characters in a cell; a capability score has a few dozen rows.
 */
export const readLimitSettings: readonly ReadLimitSetting[] = [
  tableLimit("maxLineBytes", KB, 1024 * 1024, "KB of a CSV line, or of a run of XML text in a workbook"),
  tableLimit("maxColumns", 1, 16_384, "columns of a row"),
  tableLimit("maxCellChars", 1, 100_000_000, "characters of one cell"),
  tableLimit("xlsxMaxPartBytes", MB, 1024 * 1024, "MB of a workbook part once unpacked"),
  tableLimit("xlsxMaxRatio", 1, 100_000, "times a workbook part may unpack to its packed size", 2),
  tableLimit("xlsxMaxSharedStrings", 1, 100_000_000, "strings of a workbook's shared-strings table"),
  tableLimit("xlsxMaxSharedStringChars", MB, 64 * 1024, "MB of all shared strings' text (in characters)"),
  rowLimit("certifications", 100_000, "one per person and certification"),
  rowLimit("capability-score", 10_000, "Partner Center has a few dozen"),
  rowLimit("audit-evidence", 100_000, "one per control and customer"),
  rowLimit("audit-history", 10_000, "one per audit"),
  rowLimit("customer-projects", 100_000, "one per project"),
];

function defaults(): MutableLimits {
  const limits: MutableLimits = {
    ...DEFAULT_TABLE_LIMITS,
    rows: {
      "azure-usage": undefined,
      certifications: undefined,
      "capability-score": undefined,
      "audit-evidence": undefined,
      "audit-history": undefined,
      "customer-projects": undefined,
    },
  };
  for (const setting of readLimitSettings) setting.apply(limits, setting.defaultValue);
  return limits;
}

/** The limits with every setting at its default. */
export const DEFAULT_READ_LIMITS: ReadLimits = defaults();

/** A variable whose value is not a limit, and why. */
export interface ReadLimitProblem {
  readonly name: string;
  readonly value: string;
  readonly message: string;
}

/**
 * The limits from the environment (unset or empty variables keep their default), or every variable that
 * is not a whole number in its range. Parsed once at start by the CLI and the server.
 */
export function parseReadLimits(
  env: Readonly<Record<string, string | undefined>>,
):
  | { readonly ok: true; readonly limits: ReadLimits }
  | { readonly ok: false; readonly problems: ReadLimitProblem[] } {
  const limits = defaults();
  const problems: ReadLimitProblem[] = [];
  for (const setting of readLimitSettings) {
    const text = env[setting.name];
    if (text === undefined || text === "") continue;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < setting.min || value > setting.max) {
      problems.push({
        name: setting.name,
        value: text,
        message: `is not a whole number from ${formatLimitCount(setting.min)} to ${formatLimitCount(setting.max)}`,
      });
      continue;
    }
    setting.apply(limits, value);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, limits };
}

/**
 * The settings as lines of `--help` (`  SPECREADY_MAX_COLUMNS=1000   columns of a row`), the row limits
 * of the given kinds only.
 */
export function readLimitsHelp(kinds: readonly ImportKind[], indent = "  "): string {
  const shown = readLimitSettings.filter(
    (s) => !s.name.startsWith("SPECREADY_MAX_ROWS_") || kinds.some((k) => rowLimitVariable(k) === s.name),
  );
  const width = Math.max(...shown.map((s) => `${s.name}=${s.defaultValue}`.length)) + 2;
  return shown
    .map((s) => `${indent}${`${s.name}=${s.defaultValue}`.padEnd(width)}${s.description}`)
    .join("\n");
}
