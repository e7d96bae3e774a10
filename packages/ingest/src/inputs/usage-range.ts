import type { Program, UsageSummary } from "@specready/core";
import { type LaterEnd, readCsvRange } from "../csv/read-csv-table.js";
import { TableFormatError } from "../table/cell.js";
import type { GrowingFile } from "../table/growing-file.js";
import type { ColumnMapping } from "./columns.js";
import { UsageReader } from "./input-kinds.js";
import { ProblemList } from "./input-problem.js";
import type { ReadLimits } from "./read-limits.js";

/** What every thread reading ranges of one usage CSV is given once. */
export interface UsageRangeFile {
  readonly path: string;
  readonly file: string;
  readonly program: Program;
  readonly header: readonly string[];
  readonly mapping?: ColumnMapping | undefined;
  readonly limits: ReadLimits;
  /** The file as it is being received, when it is (see `GrowingFile`). */
  readonly growing?: GrowingFile | undefined;
}

/** The first message to a usage worker thread: the file its ranges are of. */
export interface UsageWorkerFile {
  readonly type: "file";
  readonly input: UsageRangeFile;
}

/** One byte range of the file's data, by its place among the ranges. */
export interface UsageRange {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** How far a worker thread has read into a range, in bytes. */
export interface UsageRangeProgress {
  readonly type: "progress";
  readonly index: number;
  readonly done: number;
}

export type UsageRangeResult =
  | {
      readonly type: "done";
      readonly index: number;
      readonly summary: UsageSummary;
      readonly rows: number;
      readonly lines: number;
      readonly problems: ProblemList["items"];
      readonly totalProblems: number;
    }
  | { readonly type: "unsplittable"; readonly index: number; readonly reason: string };

/**
 * Reads one byte range of a large usage CSV into a usage summary, on whichever thread calls it (the
 * main thread reads ranges too, beside the worker threads).
 */
export async function readUsageRange(
  input: UsageRangeFile,
  /** Its end may come later on the thread that reads the first range of a file still arriving. */
  range: Omit<UsageRange, "end"> & { readonly end: number | LaterEnd },
  onProgress?: (done: number) => void,
): Promise<UsageRangeResult> {
  const problems = new ProblemList(1000);
  const reader = new UsageReader(input.file, input.program, problems, { mapping: input.mapping });
  try {
    const { lines } = await readCsvRange(
      input.path,
      input.file,
      reader,
      { start: range.start, end: range.end, header: input.header },
      onProgress,
      input.limits,
    );
    return {
      type: "done",
      index: range.index,
      summary: reader.summary(),
      rows: reader.rows,
      lines,
      problems: problems.items,
      totalProblems: problems.total,
    };
  } catch (error) {
    // A range cut inside a quoted field (or a broken quote, bytes that are not text, a limit): the caller
    // reads the file whole instead, which reports any real problem with its exact line.
    if (!(error instanceof TableFormatError)) throw error;
    return { type: "unsplittable", index: range.index, reason: error.message };
  }
}
