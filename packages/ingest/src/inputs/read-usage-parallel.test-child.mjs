// The child process of read-usage-parallel.test.ts. The compiled reader's worker threads run in plain
// Node, which cannot load the TypeScript sources a test runner resolves: this process uses the compiled
// package (`npm test` builds first) and prints what it found as JSON.
//
//   node read-usage-parallel.test-child.mjs <complete csv> <growing csv> <held bytes> <until bytes> <end|abandon>
//
// It reads the complete file on two threads, then writes a copy of it to the growing path in 1 MB
// pieces: the first `held` bytes, then, once the read has read `until` bytes, the rest (or it gives
// the upload up).
import { appendFileSync, closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";

const ingest = await import(new URL("../../dist/index.js", import.meta.url).href);
const [complete, growing, heldText, untilText, ending] = process.argv.slice(2);
const held = Number(heldText);
const until = Number(untilText);
const loaded = await ingest.loadInstalledPrograms();
const program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24");

async function read(path, onProgress) {
  const problems = new ingest.ProblemList(1000);
  const result = await ingest.readUsageCsvParallel(path, "azure-usage.csv", program, problems, {
    parts: 2,
    limits: ingest.DEFAULT_READ_LIMITS,
    onProgress,
  });
  return { result, problems: problems.items };
}

const whole = await read(complete);
const bytes = readFileSync(complete);
writeFileSync(growing, "");
const shared = ingest.growingState();
const fd = openSync(growing, "r");
ingest.registerGrowingFile(growing, { fd, size: bytes.length, shared });
let readSoFar = 0;
const reading = read(growing, (done) => {
  readSoFar = Math.max(readSoFar, done);
});
reading.catch(() => {});
// A piece at a time, letting the read run between pieces, as it does while an upload arrives.
const write = async (from, to) => {
  for (let at = from; at < to; at += 1024 * 1024) {
    const end = Math.min(at + 1024 * 1024, to);
    appendFileSync(growing, bytes.subarray(at, end));
    ingest.markWritten(shared, end);
    await new Promise((r) => setImmediate(r));
  }
};
await write(0, held);
let stalled = false;
for (const deadline = Date.now() + 15_000; readSoFar < until; ) {
  if (Date.now() > deadline) {
    stalled = true;
    break;
  }
  await new Promise((r) => setTimeout(r, 20));
}
const readBeforeTheRest = readSoFar;
if (ending === "abandon") ingest.markEnded(shared, false);
else {
  await write(held, bytes.length);
  ingest.markEnded(shared, true);
}
let early;
let error;
try {
  early = await reading;
} catch (e) {
  error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
ingest.unregisterGrowingFile(growing);
closeSync(fd);
process.stdout.write(
  JSON.stringify({
    wholeThreads: whole.result?.threads,
    wholeProblems: whole.problems.length,
    stalled,
    readBeforeTheRest,
    earlyThreads: early?.result?.threads,
    earlyRows: early?.result?.rows,
    earlyProblems: early?.problems.length,
    same: early !== undefined && isDeepStrictEqual(early.result, whole.result),
    error,
  }),
);
