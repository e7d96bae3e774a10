/*
 * A worker thread that reads one byte range of a large usage CSV into a usage summary. Started by
 * `readUsageCsvParallel`; answers with one message: the summary, or the reason it could not.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Program } from "@specready/core";
import { readCsvRange } from "../csv/read-csv-table.js";
import { TableFormatError } from "../table/cell.js";
import type { ColumnMapping } from "./columns.js";
import { UsageReader } from "./input-kinds.js";
import { ProblemList } from "./input-problem.js";
import type { ReadLimits } from "./read-limits.js";

export interface UsageWorkerInput {
  readonly path: string;
  readonly file: string;
  readonly program: Program;
  readonly start: number;
  readonly end: number;
  readonly header: readonly string[];
  readonly mapping?: ColumnMapping | undefined;
  readonly limits: ReadLimits;
}

export type UsageWorkerMessage =
  | { readonly type: "progress"; readonly done: number }
  | {
      readonly type: "done";
      readonly summary: ReturnType<UsageReader["summary"]>;
      readonly rows: number;
      readonly lines: number;
      readonly problems: ProblemList["items"];
      readonly totalProblems: number;
    }
  | { readonly type: "unsplittable"; readonly reason: string };

const input = workerData as UsageWorkerInput;
const port = parentPort;
if (port === null) throw new Error("usage-worker runs as a worker thread only");

const problems = new ProblemList(1000);
const reader = new UsageReader(input.file, input.program, problems, { mapping: input.mapping });
try {
  const { lines } = await readCsvRange(
    input.path,
    input.file,
    reader,
    input,
    (done) => port.postMessage({ type: "progress", done }),
    input.limits,
  );
  port.postMessage({
    type: "done",
    summary: reader.summary(),
    rows: reader.rows,
    lines,
    problems: problems.items,
    totalProblems: problems.total,
  } satisfies UsageWorkerMessage);
} catch (error) {
  // A range cut inside a quoted field (or a broken quote, bytes that are not text, a limit): the caller
  // reads the file whole instead, which reports any real problem with its exact line.
  if (!(error instanceof TableFormatError)) throw error;
  port.postMessage({ type: "unsplittable", reason: error.message } satisfies UsageWorkerMessage);
}
