/*
 * A worker thread that counts the repeated rows of files (`countRepeatedRows`), one after another: each
 * message names a file (and the growing file it is, while it is being received); it answers with
 * progress and then the count, or the error's message, and waits for the next file. Kept between files
 * by `countRepeatedRowsBeside`, so that a reading process does not start a thread (and load its
 * modules again) for every import.
 */
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { registerGrowingFile, unregisterGrowingFile } from "../table/growing-file.js";
import { countRepeatedRows } from "./repeated-rows.js";
import type { RepeatsWorkerData, RepeatsWorkerMessage, RepeatsWorkerReply } from "./repeated-rows-thread.js";

const port = parentPort;
if (port === null) throw new Error("repeats-worker runs as a worker thread only");

/**
 * The lowest scheduling priority for this thread, which counts files as they arrive (Linux, where a
 * thread has a priority of its own, and `setpriority` of 0 is the calling thread's): the count keeps up
 * with an upload easily (it takes a fifth of the read's time), and while the upload and the server's
 * answers take both cores it only held the read back, whose end the import waits for. At this priority
 * it counts on what the others leave, and catches up on the core the read leaves idle once the upload
 * is over (bench/README.md). Elsewhere, or where it is not allowed, it counts as before.
 */
function yieldToTheRead(): void {
  if (process.platform !== "linux") return; // elsewhere the priority is the whole process's
  try {
    setPriority(0, 19);
  } catch {
    // Not allowed: the thread keeps its process's priority.
  }
}
if ((workerData as RepeatsWorkerData | undefined)?.lowest === true) yieldToTheRead();

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
