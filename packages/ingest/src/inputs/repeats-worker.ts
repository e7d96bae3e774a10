/*
 * A worker thread that counts the repeated rows of one file (`countRepeatedRows`): its one message
 * names the file (and the growing file it is, while it is being received); it answers with progress
 * and then the count, or the error's message.
 */
import { parentPort } from "node:worker_threads";
import { registerGrowingFile } from "../table/growing-file.js";
import { countRepeatedRows } from "./repeated-rows.js";
import type { RepeatsWorkerMessage, RepeatsWorkerReply } from "./repeated-rows-thread.js";

const port = parentPort;
if (port === null) throw new Error("repeats-worker runs as a worker thread only");

port.once("message", (message: RepeatsWorkerMessage) => {
  // A file still being received is read through the descriptor the parent thread opened.
  if (message.growing !== undefined) registerGrowingFile(message.path, message.growing);
  countRepeatedRows(message.path, message.fileName, message.format, {
    limits: message.limits,
    wasm: message.wasm,
    mostSlots: message.mostSlots,
    onProgress: (done, total) =>
      port.postMessage({ type: "progress", done, total } satisfies RepeatsWorkerReply),
  }).then(
    (result) => port.postMessage({ type: "done", result } satisfies RepeatsWorkerReply),
    (error: unknown) =>
      port.postMessage({
        type: "failed",
        message: error instanceof Error ? error.message : String(error),
      } satisfies RepeatsWorkerReply),
  );
});
