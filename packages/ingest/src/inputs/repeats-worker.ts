/*
 * A worker thread that counts the repeated rows of files (`countRepeatedRows`), one after another: each
 * message names a file (and the growing file it is, while it is being received); it answers with
 * progress and then the count, or the error's message, and waits for the next file. Kept between files
 * by `countRepeatedRowsBeside`, so that a reading process does not start a thread (and load its
 * modules again) for every import.
 */
import { parentPort } from "node:worker_threads";
import { registerGrowingFile, unregisterGrowingFile } from "../table/growing-file.js";
import { countRepeatedRows } from "./repeated-rows.js";
import type { RepeatsWorkerMessage, RepeatsWorkerReply } from "./repeated-rows-thread.js";

const port = parentPort;
if (port === null) throw new Error("repeats-worker runs as a worker thread only");

port.on("message", (message: RepeatsWorkerMessage) => {
  // A file still being received is read through the descriptor the parent thread opened, until its
  // count ends (the parent closes it after).
  if (message.growing !== undefined) registerGrowingFile(message.path, message.growing);
  countRepeatedRows(message.path, message.fileName, message.format, {
    limits: message.limits,
    wasm: message.wasm,
    mostSlots: message.mostSlots,
    onProgress: (done, total) =>
      port.postMessage({ type: "progress", done, total } satisfies RepeatsWorkerReply),
  })
    .then(
      (result) => port.postMessage({ type: "done", result } satisfies RepeatsWorkerReply),
      (error: unknown) =>
        port.postMessage({
          type: "failed",
          message: error instanceof Error ? error.message : String(error),
        } satisfies RepeatsWorkerReply),
    )
    .finally(() => {
      if (message.growing !== undefined) unregisterGrowingFile(message.path);
    });
});
