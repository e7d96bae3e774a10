/*
 * A reading process: reads uploads one at a time (a preview, or a whole file for an import, or one
 * being received) and sends each outcome to the server that started it. Started by `UploadReaders`
 * with a memory limit of its own, so a file that needs more memory than that ends this process, not
 * the server.
 */
import { closeSync, openSync } from "node:fs";
import type { PreviewResult } from "@specready/ingest";
import { growingState, markEnded, markWritten } from "@specready/ingest";
import {
  type ReadTask,
  type ReceiveNotice,
  readForImport,
  readPreview,
  readWhileReceiving,
} from "./upload-reading.js";

/** What a reading process sends: progress now and then, a received file's preview, then one outcome per task. */
export type ReaderMessage =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "preview"; readonly preview: PreviewResult }
  | { readonly type: "result"; readonly result: unknown }
  | { readonly type: "crash"; readonly message: string; readonly stack: string | undefined };

if (process.send === undefined)
  throw new Error("upload-reading-process runs as a child process of the server only");
const send = (message: ReaderMessage) => process.send?.(message);

/** How far the upload being received is written (the current task's, when it is a `receive`). */
let receiving: { readonly path: string; readonly shared: SharedArrayBuffer } | undefined;

function progress(): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    // At most about ten messages a second: the job is polled, not streamed.
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    send({ type: "progress", done, total });
  };
}

/** The file being received, or complete already (renamed) when this process started late. */
function openReceived(path: string, completePath: string): number {
  try {
    return openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return openSync(completePath, "r");
  }
}

async function run(task: ReadTask): Promise<unknown> {
  if (task.type === "preview") return readPreview(task);
  if (task.type === "import") return readForImport(task, progress());
  // Opened at once (before the server's next notice is handled): the file is renamed once complete.
  const shared = growingState();
  const fd = openReceived(task.path, task.completePath);
  receiving = { path: task.path, shared };
  try {
    return await readWhileReceiving(
      task,
      { fd, shared },
      (preview) => send({ type: "preview", preview }),
      progress(),
    );
  } finally {
    // The server's notices about this upload are dropped from now on: anything still waiting for its
    // bytes (the count's thread, when the read failed first) is told the file will not grow, and stops.
    markEnded(shared, false);
    receiving = undefined;
    closeSync(fd);
  }
}

process.on("message", (message: ReadTask | ReceiveNotice) => {
  if (message.type === "grown" || message.type === "ended") {
    // A notice about an upload this process no longer reads (its read failed early) is dropped.
    if (receiving?.path !== message.path) return;
    if (message.type === "grown") markWritten(receiving.shared, message.bytes);
    else markEnded(receiving.shared, message.complete);
    return;
  }
  run(message).then(
    (result) => send({ type: "result", result }),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      send({ type: "crash", message: e.message, stack: e.stack });
    },
  );
});
// The server going away (its IPC channel closing) ends this process too.
process.on("disconnect", () => process.exit(0));
