import type { ResourceLimits } from "node:worker_threads";
import {
  type InputWarning,
  type Program,
  type RepeatedRows,
  type UsageSummaryJson,
  usageSummaryToJson,
  type YearMonth,
} from "@specready/core";
import {
  type ColumnMapping,
  countRepeatedRows,
  detectTableFormat,
  fileProblem,
  type ImportKind,
  type InputProblem,
  type PreviewResult,
  previewTable,
  type ReadLimits,
  readImportFile,
} from "@specready/ingest";

/*
 * What a reading thread does with an upload: its preview, or its whole read for an import. Everything
 * here runs off the request path (see `UploadReaders`); what it answers is plain data a thread can
 * post to another.
 */

/** Read the first rows of an upload, with a mapping to try. */
export interface PreviewTask {
  readonly type: "preview";
  readonly path: string;
  readonly fileName: string;
  readonly kind: ImportKind;
  readonly mapping: ColumnMapping | undefined;
  /** What a file may hold at most (the server's settings). */
  readonly limits: ReadLimits | undefined;
}

/** Read a whole upload for its import: its data, or every problem, and the rows that repeat. */
export interface ImportReadTask {
  readonly type: "import";
  readonly path: string;
  readonly fileName: string;
  readonly kind: ImportKind;
  readonly program: Program;
  /**
   * For a usage file: the programs with performance sub-rules of the other specializations the
   * organization pursues, whose per-month sums are kept beside the AI Platform's (the file is read once
   * more per program, with that program's filters).
   */
  readonly alsoFor?: readonly Program[] | undefined;
  readonly mapping: ColumnMapping;
  /** What a file may hold at most (the server's settings). */
  readonly limits: ReadLimits | undefined;
  /** The limits of the reading thread, for the threads it starts to read a large usage file. */
  readonly resourceLimits?: ResourceLimits | undefined;
}

export type ReadTask = PreviewTask | ImportReadTask;

/** The data of an upload as a thread posts it: usage as the per-month summaries stored, else records. */
export type UsageMonthsJson = readonly (readonly [YearMonth, UsageSummaryJson])[];

export type ReadData =
  | {
      readonly kind: "azure-usage";
      readonly months: UsageMonthsJson;
      /** The months again as each program of `alsoFor` sums them, by program id. */
      readonly programs?: readonly (readonly [string, UsageMonthsJson])[] | undefined;
    }
  | { readonly kind: Exclude<ImportKind, "azure-usage">; readonly records: readonly object[] };

export type ImportRead =
  | {
      readonly ok: true;
      readonly data: ReadData;
      readonly rows: number;
      readonly warnings: readonly InputWarning[];
      readonly repeats: RepeatedRows;
    }
  | { readonly ok: false; readonly problems: readonly InputProblem[]; readonly total: number };

/** The preview of an upload (its headers and cells cut to a bounded length by `previewTable`). */
export function readPreview(task: PreviewTask): Promise<PreviewResult> {
  return previewTable(task.path, task.fileName, task.kind, {
    rows: 10,
    mapping: task.mapping,
    limits: task.limits,
  });
}

/**
 * Reads an upload whole, as `readImportFile` does for `specready check`'s rules, and counts the rows
 * that repeat an earlier row. The count runs beside the read for a CSV file (a quick pass over its
 * bytes) and after it for a workbook (a second read, which a file with problems does not need).
 * Progress is the mean of both passes.
 */
export async function readForImport(
  task: ImportReadTask,
  onProgress: (done: number, total: number) => void,
): Promise<ImportRead> {
  let format: Awaited<ReturnType<typeof detectTableFormat>>;
  try {
    format = await detectTableFormat(task.path, task.fileName);
  } catch (error) {
    const problem = fileProblem(error, task.fileName);
    if (problem === undefined) throw error;
    return { ok: false, problems: [problem], total: 1 };
  }
  let readDone = 0;
  let countDone = 0;
  let size = 0;
  const report = () => onProgress(Math.floor((readDone + countDone) / 2), size);
  const read = () =>
    readImportFile(task.path, task.fileName, task.kind, task.program, {
      mapping: task.mapping,
      limits: task.limits,
      parallel: { resourceLimits: task.resourceLimits },
      onProgress: (done, total) => {
        readDone = done;
        size = total;
        report();
      },
    });
  const count = () =>
    countRepeatedRows(task.path, task.fileName, format, {
      limits: task.limits,
      onProgress: (done, total) => {
        countDone = done;
        size = total;
        report();
      },
    });
  let result: Awaited<ReturnType<typeof read>>;
  let repeats: RepeatedRows | undefined;
  if (format === "csv") {
    // A file the readers refuse may make no sense to the byte pass either: its count is not used.
    [result, repeats] = await Promise.all([read(), count().catch(() => undefined)]);
  } else {
    result = await read();
    if (result.ok) repeats = await count();
  }
  if (!result.ok) return { ok: false, problems: result.problems, total: result.total };
  const counted = repeats ?? { rows: result.rows, repeated: 0, complete: false };
  const programs: (readonly [string, UsageMonthsJson])[] = [];
  if (result.data.kind === "azure-usage") {
    // The same rows, each program's filters: a file the AI Platform reads is valid for them too (the
    // service columns they read are optional; a missing one is a warning of that program's own).
    for (const other of task.alsoFor ?? []) {
      const more = await readImportFile(task.path, task.fileName, "azure-usage", other, {
        mapping: task.mapping,
        limits: task.limits,
        parallel: { resourceLimits: task.resourceLimits },
      });
      if (more.ok)
        programs.push([
          other.id,
          [...more.data.months].map(([month, summary]) => [month, usageSummaryToJson(summary)] as const),
        ]);
    }
  }
  const data: ReadData =
    result.data.kind === "azure-usage"
      ? {
          kind: "azure-usage",
          months: [...result.data.months].map(([month, summary]) => [month, usageSummaryToJson(summary)]),
          ...(programs.length > 0 ? { programs } : {}),
        }
      : { kind: result.data.kind, records: result.data.records };
  return {
    ok: true,
    data,
    rows: result.rows,
    warnings: result.warnings,
    // The rows are the import's; a repeat is a row, so there are never more repeats than rows.
    repeats: { ...counted, rows: result.rows, repeated: Math.min(counted.repeated, result.rows) },
  };
}
