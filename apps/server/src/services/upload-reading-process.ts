/*
 * A reading process: reads uploads one at a time (a preview, or a whole file for an import) and sends
 * each outcome to the server that started it. Started by `UploadReaders` with a memory limit of its
 * own, so a file that needs more memory than that ends this process, not the server.
 */
import { type ReadTask, readForImport, readPreview } from "./upload-reading.js";

/** What a reading process sends: progress now and then, then one outcome per task. */
export type ReaderMessage =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "result"; readonly result: unknown }
  | { readonly type: "crash"; readonly message: string; readonly stack: string | undefined };

if (process.send === undefined)
  throw new Error("upload-reading-process runs as a child process of the server only");
const send = (message: ReaderMessage) => process.send?.(message);

async function run(task: ReadTask): Promise<unknown> {
  if (task.type === "preview") return readPreview(task);
  let last = 0;
  return readForImport(task, (done, total) => {
    // At most about ten messages a second: the job is polled, not streamed.
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    send({ type: "progress", done, total });
  });
}

process.on("message", (task: ReadTask) => {
  run(task).then(
    (result) => send({ type: "result", result }),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      send({ type: "crash", message: e.message, stack: e.stack });
    },
  );
});
// The server going away (its IPC channel closing) ends this process too.
process.on("disconnect", () => process.exit(0));
