import {
  type AuditEvidenceRecord,
  type AuditHistoryRecord,
  type CapabilityScoreRecord,
  type CertificationRecord,
  type CustomerProjectRecord,
  type DesignationRecord,
  type InputWarning,
  type Program,
  splitUsageSummaryByMonth,
  type UsageSummary,
  type YearMonth,
} from "@specready/core";
import { detectTableFormat } from "../table/detect-table-format.js";
import { tableFileSize } from "../table/growing-file.js";
import type { ColumnMapping } from "./columns.js";
import type { ImportKind } from "./input-columns.js";
import { type InputProblem, ProblemList } from "./input-problem.js";
import {
  fileProblem,
  type KindResults,
  type ParallelOptions,
  parallelSettings,
  readInputFile,
} from "./read-input-file.js";
import type { ReadLimits } from "./read-limits.js";

/** What an imported file holds, by kind. Usage comes per month, as it is stored and replaced. */
export type ImportData =
  | { readonly kind: "azure-usage"; readonly months: Map<YearMonth, UsageSummary> }
  | { readonly kind: "certifications"; readonly records: CertificationRecord[] }
  | { readonly kind: "capability-score"; readonly records: CapabilityScoreRecord[] }
  | { readonly kind: "audit-evidence"; readonly records: AuditEvidenceRecord[] }
  | { readonly kind: "audit-history"; readonly records: AuditHistoryRecord[] }
  | { readonly kind: "designation"; readonly records: DesignationRecord[] }
  | { readonly kind: "customer-projects"; readonly records: CustomerProjectRecord[] };

/** The data of one kind. */
export type ImportDataOf<K extends ImportKind> = Extract<ImportData, { readonly kind: K }>;

/** The data of a file without problems, or its problems and no data. */
export type ImportFileResult<K extends ImportKind = ImportKind> =
  | {
      readonly ok: true;
      readonly data: ImportDataOf<K>;
      /** Data rows read. */
      readonly rows: number;
      readonly warnings: InputWarning[];
    }
  | {
      readonly ok: false;
      /** The first problems (at most 1,000); `total` counts them all. */
      readonly problems: readonly InputProblem[];
      readonly total: number;
    };

/** How to read an uploaded file. */
export interface ImportFileOptions {
  /** The user's choice of header per column (canonical name -> header as the file writes it). */
  readonly mapping?: ColumnMapping | undefined;
  readonly onProgress?: ((bytesDone: number, bytesTotal: number) => void) | undefined;
  /** Usage CSV files of at least `minBytes` are read on `threads` threads (as `loadDataDir` does). */
  readonly parallel?: ParallelOptions | undefined;
  /** What the file may hold at most (default `DEFAULT_READ_LIMITS`). */
  readonly limits?: ReadLimits | undefined;
}

const TO_DATA: { [K in ImportKind]: (value: KindResults[K]) => ImportDataOf<K> } = {
  "azure-usage": (summary) => ({ kind: "azure-usage", months: splitUsageSummaryByMonth(summary) }),
  certifications: (records) => ({ kind: "certifications", records }),
  "capability-score": (records) => ({ kind: "capability-score", records }),
  "audit-evidence": (records) => ({ kind: "audit-evidence", records }),
  "audit-history": (records) => ({ kind: "audit-history", records }),
  designation: (records) => ({ kind: "designation", records }),
  "customer-projects": (records) => ({ kind: "customer-projects", records }),
};

/**
 * Reads one uploaded file for import, all or nothing: every row valid, or no data and every problem
 * found (the file is read to its end so that the user fixes it in one pass). The format is told by the
 * file's content (an XLSX workbook starts as a zip archive), not by its name; a file that is neither
 * CSV nor XLSX, such as a PDF or an Excel 97–2003 workbook, is a problem. Warnings are what the CLI
 * reports for the same file.
 *
 * @param path where the upload is stored.
 * @param fileName the name the user uploaded, which every problem and record source names.
 */
export async function readImportFile<K extends ImportKind>(
  path: string,
  fileName: string,
  kind: K,
  program: Program,
  options: ImportFileOptions = {},
): Promise<ImportFileResult<K>> {
  const problems = new ProblemList(1000);
  let size: number;
  let format: Awaited<ReturnType<typeof detectTableFormat>>;
  try {
    size = await tableFileSize(path);
    format = await detectTableFormat(path, fileName);
  } catch (error) {
    const problem = fileProblem(error, fileName);
    if (problem === undefined) throw error;
    return { ok: false, problems: [problem], total: 1 };
  }
  const read = await readInputFile({ kind, path, file: fileName, size, format }, program, problems, {
    mapping: options.mapping,
    onProgress: options.onProgress,
    parallel: parallelSettings(options.parallel),
    limits: options.limits,
  });
  if (read === undefined || problems.total > 0) {
    return { ok: false, problems: problems.items, total: problems.total };
  }
  const toData = TO_DATA[kind];
  return { ok: true, data: toData(read.value), rows: read.rows, warnings: read.warnings };
}
