import type { ResourceLimits } from "node:worker_threads";
import {
  type InputWarning,
  JsonStrings,
  type Program,
  type RepeatedRows,
  usageSummaryToJsonText,
  type YearMonth,
} from "@specready/core";
import {
  type ColumnMapping,
  countRepeatedRows,
  countRepeatedRowsBeside,
  csvLayout,
  detectTableFormat,
  fileProblem,
  type ImportKind,
  type InputProblem,
  type PreviewResult,
  previewTable,
  type ReadLimits,
  readImportFile,
  registerGrowingFile,
  releaseCountingThreads,
  unregisterGrowingFile,
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
  /** The threads to read a large usage file on (the server's choice, within the process's memory). */
  readonly threads?: number | undefined;
}

/**
 * Read an upload while it arrives, for the import that usually follows at once: its preview as soon as
 * its first rows are there, then its whole read with `mapping`, the bytes read as they land (see
 * `GrowingFile`; the server tells the process how far it has written). The outcome is the server's to
 * use or drop: an import with another mapping, or of another program, reads the file again.
 */
export interface ReceiveTask extends Omit<ImportReadTask, "type"> {
  readonly type: "receive";
  /** The file being written (its partial name: it is renamed once complete). */
  readonly path: string;
  /** Its name once complete (where a process that starts late finds it). */
  readonly completePath: string;
  /** Its declared length: the read takes the file as complete at that size. */
  readonly size: number;
  /** The mapping of the preview (the one remembered for the kind, if any). */
  readonly previewMapping: ColumnMapping | undefined;
}

/** What the reading process tells about an upload being received. */
export type ReceiveNotice =
  | { readonly type: "grown"; readonly path: string; readonly bytes: number }
  | { readonly type: "ended"; readonly path: string; readonly complete: boolean };

export type ReadTask = PreviewTask | ImportReadTask | ReceiveTask;

/** The outcome of a `ReceiveTask`: the import's read, and the header that `mapping` was bound to. */
export type ReceivedRead =
  | { readonly ok: true; readonly read: ImportRead; readonly header: readonly string[] | undefined }
  /** Not read while received (a workbook): read once complete, as any upload. */
  | { readonly ok: false };

/**
 * A usage file's summaries by month, each as the JSON text stored (`usageSummaryToJsonText`). Text, not
 * objects: the process posts a few strings instead of an object graph of megabytes, and the server
 * stores the text as it came.
 */
export type UsageMonthsJson = readonly (readonly [YearMonth, string])[];

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
 * bytes, on a thread of its own where the machine has two cores or more) and after it for a workbook (a
 * second read, which a file with problems does not need). Progress is the mean of both passes.
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
      parallel: { resourceLimits: task.resourceLimits, threads: task.threads },
      onProgress: (done, total) => {
        readDone = done;
        size = total;
        report();
      },
    });
  const onCountProgress = (done: number, total: number) => {
    countDone = done;
    size = total;
    report();
  };
  const count = () =>
    countRepeatedRows(task.path, task.fileName, format, { limits: task.limits, onProgress: onCountProgress });
  let result: Awaited<ReturnType<typeof read>>;
  let repeats: RepeatedRows | undefined;
  if (format === "csv") {
    // A file the readers refuse may make no sense to the byte pass either: its count is not used.
    const beside = countRepeatedRowsBeside(task.path, task.fileName, format, {
      limits: task.limits,
      onProgress: onCountProgress,
      resourceLimits: task.resourceLimits,
    });
    [result, repeats] = await Promise.all([read(), beside.catch(() => undefined)]);
  } else {
    // A workbook is read whole in memory: a counting thread waiting from an earlier import gives its
    // memory back first.
    releaseCountingThreads();
    result = await read();
    if (result.ok) repeats = await count();
  }
  if (!result.ok) return { ok: false, problems: result.problems, total: result.total };
  const counted = repeats ?? { rows: result.rows, repeated: 0, complete: false };
  const programs: (readonly [string, UsageMonthsJson])[] = [];
  // The months name the same customers again and again: each string is escaped once.
  const strings = new JsonStrings();
  if (result.data.kind === "azure-usage") {
    // The same rows, each program's filters: a file the AI Platform reads is valid for them too (the
    // service columns they read are optional; a missing one is a warning of that program's own).
    // Each is a read of the whole file again: the counting thread gives its memory back first.
    if ((task.alsoFor ?? []).length > 0) releaseCountingThreads();
    for (const other of task.alsoFor ?? []) {
      const more = await readImportFile(task.path, task.fileName, "azure-usage", other, {
        mapping: task.mapping,
        limits: task.limits,
        parallel: { resourceLimits: task.resourceLimits, threads: task.threads },
      });
      if (more.ok)
        programs.push([
          other.id,
          [...more.data.months].map(
            ([month, summary]) => [month, usageSummaryToJsonText(summary, strings)] as const,
          ),
        ]);
    }
  }
  const data: ReadData =
    result.data.kind === "azure-usage"
      ? {
          kind: "azure-usage",
          months: [...result.data.months].map(([month, summary]) => [
            month,
            usageSummaryToJsonText(summary, strings),
          ]),
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

/**
 * Reads an upload as it arrives (`ReceiveTask`): registers the growing file for the readers of this
 * process and its threads, sends the preview through `onPreview` once the first rows are there, then
 * reads the whole file as `readForImport` does. A workbook is not read this way (its zip directory is
 * at its end): the outcome says so at once.
 */
export async function readWhileReceiving(
  task: ReceiveTask,
  growing: { readonly fd: number; readonly shared: SharedArrayBuffer },
  onPreview: (preview: PreviewResult) => void,
  onProgress: (done: number, total: number) => void,
): Promise<ReceivedRead> {
  registerGrowingFile(task.path, { fd: growing.fd, size: task.size, shared: growing.shared });
  try {
    let format: Awaited<ReturnType<typeof detectTableFormat>>;
    try {
      format = await detectTableFormat(task.path, task.fileName);
    } catch {
      // Not a table: the preview of the complete file says so, as for any upload.
      return { ok: false };
    }
    if (format !== "csv") return { ok: false };
    onPreview(
      await readPreview({
        type: "preview",
        path: task.path,
        fileName: task.fileName,
        kind: task.kind,
        mapping: task.previewMapping,
        limits: task.limits,
      }),
    );
    const read = await readForImport({ ...task, type: "import" }, onProgress);
    const layout = await csvLayout(task.path, task.fileName, task.limits).catch(() => undefined);
    return { ok: true, read, header: layout?.header };
  } finally {
    unregisterGrowingFile(task.path);
  }
}
