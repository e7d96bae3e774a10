/*
 * A worker thread that reads byte ranges of a large usage CSV into usage summaries. Started by
 * `readUsageCsvParallel` with the file in `workerData`; it is then sent ranges one message at a time
 * and answers each with its summary (or the reason it could not), until it is terminated.
 */
import { parentPort, workerData } from "node:worker_threads";
import { registerGrowingFile } from "../table/growing-file.js";
import {
  readUsageRange,
  type UsageRange,
  type UsageRangeFile,
  type UsageRangeProgress,
} from "./usage-range.js";

const input = workerData as UsageRangeFile;
const port = parentPort;
if (port === null) throw new Error("usage-worker runs as a worker thread only");
// A file still being received is read through the descriptor the parent thread opened.
if (input.growing !== undefined) registerGrowingFile(input.path, input.growing);

// Ranges are read one after the other, in the order they come.
let queue: Promise<void> = Promise.resolve();
port.on("message", (range: UsageRange) => {
  queue = queue.then(async () => {
    const result = await readUsageRange(input, range, (done) =>
      port.postMessage({ type: "progress", index: range.index, done } satisfies UsageRangeProgress),
    );
    port.postMessage(result);
  });
});
