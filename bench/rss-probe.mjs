// Preloaded by bench/check-vs-duckdb.mjs into every measured Node process (NODE_OPTIONS=--import=...).
// At exit it writes "<maxRSS KiB> <user CPU µs> <system CPU µs>" (getrusage of the whole process) to
// $BENCH_RSS_DIR/<pid>, so a peak reached after the last /proc poll is not missed, and the CPU time
// is known. Does nothing else.
import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const dir = process.env.BENCH_RSS_DIR;
// Worker threads load it too: only the main thread writes (getrusage covers every thread of the process).
if (dir && isMainThread) {
  process.on("exit", () => {
    try {
      const r = process.resourceUsage();
      writeFileSync(`${dir}/${process.pid}`, `${r.maxRSS} ${r.userCPUTime} ${r.systemCPUTime}`);
    } catch {
      // measuring must never change the measured program's outcome
    }
  });
}
