import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { ResourceLimits } from "node:worker_threads";
import type { RepeatedRows } from "@specready/core";
import type { TableFormat } from "../table/detect-table-format.js";
import { type GrowingFile, growingFileAt } from "../table/growing-file.js";
import type { TableLimits } from "../table/table-limits.js";
import { WORKER_YOUNG_GENERATION_MB } from "./read-usage-parallel.js";
import { countRepeatedRows, type RepeatedRowsOptions } from "./repeated-rows.js";

/** The message that starts a repeats worker (repeats-worker.ts). */
export interface RepeatsWorkerMessage {
  readonly path: string;
  readonly fileName: string;
  readonly format: TableFormat;
  readonly limits: TableLimits | undefined;
  readonly wasm: boolean | undefined;
  readonly mostSlots: number | undefined;
  readonly growing: GrowingFile | undefined;
}

export type RepeatsWorkerReply =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "done"; readonly result: RepeatedRows }
  | { readonly type: "failed"; readonly message: string };

/**
 * `countRepeatedRows` on a thread of its own, beside the read of the same file on this one: an import
 * reads the file and counts its repeated rows, two passes over the same bytes, and a machine of two
 * cores or more does both at once (bench/README.md). On one core, or where the compiled worker is not
 * there (the TypeScript sources under test), the count runs on this thread. A file still being received
 * is counted as it arrives, through the descriptor this thread has.
 */
export async function countRepeatedRowsBeside(
  path: string,
  fileName: string,
  format: TableFormat,
  options: RepeatedRowsOptions & {
    /** The heap limits of the thread (a thread does not inherit its parent's). */
    readonly resourceLimits?: ResourceLimits | undefined;
    /** The cores to count on (the machine's by default). */
    readonly cores?: number | undefined;
  } = {},
): Promise<RepeatedRows> {
  const url = new URL("./repeats-worker.js", import.meta.url);
  if ((options.cores ?? availableParallelism()) < 2 || !existsSync(fileURLToPath(url)))
    return countRepeatedRows(path, fileName, format, options);
  const { Worker } = await import("node:worker_threads");
  const worker = new Worker(url, {
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, ...options.resourceLimits },
  });
  try {
    return await new Promise<RepeatedRows>((resolve, reject) => {
      worker.on("message", (reply: RepeatsWorkerReply) => {
        if (reply.type === "progress") options.onProgress?.(reply.done, reply.total);
        else if (reply.type === "done") resolve(reply.result);
        else reject(new Error(reply.message));
      });
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`the thread counting repeated rows stopped (${code})`)));
      worker.postMessage({
        path,
        fileName,
        format,
        limits: options.limits,
        wasm: options.wasm,
        mostSlots: options.mostSlots,
        growing: growingFileAt(path),
      } satisfies RepeatsWorkerMessage);
    });
  } finally {
    await worker.terminate();
  }
}
