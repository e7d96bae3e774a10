/*
 * A stand-in for password-strength-worker.ts in the estimator's own tests (its queue, its timeout, a
 * thread that dies): it answers at once, score 4 for any password but these:
 *   "hang…"  never answers (the thread blocks for good, as a stuck estimate would);
 *   "crash…" ends the thread (as running out of its memory would);
 *   "weak…"  score 1.
 */
import { parentPort } from "node:worker_threads";

if (parentPort === null) throw new Error("a worker thread only");
const port = parentPort;
port.on("message", (request: { id: number; password: string }) => {
  if (request.password.startsWith("hang")) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (request.password.startsWith("crash")) process.exit(3);
  const weak = request.password.startsWith("weak");
  port.postMessage({
    id: request.id,
    ok: true,
    score: weak ? 1 : 4,
    warning: weak ? "stand-in warning" : null,
    suggestions: [],
  });
});
