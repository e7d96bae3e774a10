/*
 * A reading thread: reads uploads one at a time (a preview, or a whole file for an import) and posts
 * each outcome. Started by `UploadReaders` with a heap limit of its own, so a file that needs more
 * memory than that ends this thread, not the server.
 */
import { parentPort } from "node:worker_threads";
import { type ReadTask, readForImport, readPreview } from "./upload-reading.js";

/** What a reading thread posts: progress now and then, then one outcome per task. */
export type ReaderMessage =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "result"; readonly result: unknown }
  | { readonly type: "crash"; readonly message: string; readonly stack: string | undefined };

const port = parentPort;
if (port === null) throw new Error("upload-reading-worker runs as a worker thread only");

async function run(task: ReadTask): Promise<unknown> {
  if (task.type === "preview") return readPreview(task);
  let last = 0;
  return readForImport(task, (done, total) => {
    // At most about ten messages a second: the job is polled, not streamed.
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    port?.postMessage({ type: "progress", done, total } satisfies ReaderMessage);
  });
}

port.on("message", (task: ReadTask) => {
  run(task).then(
    (result) => port.postMessage({ type: "result", result } satisfies ReaderMessage),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: "crash", message: e.message, stack: e.stack } satisfies ReaderMessage);
    },
  );
});
