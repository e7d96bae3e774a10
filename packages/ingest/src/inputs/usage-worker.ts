/*
 * A worker thread that reads byte ranges of a large usage CSV into usage summaries. Its first message
 * names the file (`UsageWorkerFile`); it is then sent ranges one message at a time and answers each
 * with its summary (or the reason it could not), until it is terminated. The file comes as a message,
 * not as `workerData`, so that a thread can be started before the file is known (bin/specready starts
 * one while the command loads, see `takeUsageWorker`).
 */
import { parentPort } from "node:worker_threads";
import { registerGrowingFile } from "../table/growing-file.js";
import {
  readUsageRange,
  type UsageRange,
  type UsageRangeFile,
  type UsageRangeProgress,
  type UsageWorkerFile,
} from "./usage-range.js";

const port = parentPort;
if (port === null) throw new Error("usage-worker runs as a worker thread only");

let input: UsageRangeFile | undefined;
// Ranges are read one after the other, in the order they come.
let queue: Promise<void> = Promise.resolve();
port.on("message", (message: UsageWorkerFile | UsageRange) => {
  if ("type" in message) {
    input = message.input;
    // A file still being received is read through the descriptor the parent thread opened.
    if (input.growing !== undefined) registerGrowingFile(input.path, input.growing);
    return;
  }
  const file = input;
  if (file === undefined) throw new Error("usage-worker: a range came before its file");
  queue = queue.then(async () => {
    const result = await readUsageRange(file, message, (done) =>
      port.postMessage({ type: "progress", index: message.index, done } satisfies UsageRangeProgress),
    );
    port.postMessage(result);
  });
});
