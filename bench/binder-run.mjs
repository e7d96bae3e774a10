#!/usr/bin/env node
// The measured side of bench/binder.mjs: one process that writes one evidence binder and exits.
//
//   node bench/binder-run.mjs <model.json> <out.zip> <files-dir>
//
// The model's storage keys are paths under <files-dir>, opened the way the filesystem evidence store
// opens them (a file handle, then its default read stream). Uses the built server code
// (apps/server/dist), as `bin/specready serve` does. Prints one JSON line on stdout: the time from the
// first byte asked to the output file closed, the bytes written, and this process's peak memory.
import { createWriteStream } from "node:fs";
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [modelPath, outPath, filesDir] = process.argv.slice(2);
if (modelPath === undefined || outPath === undefined || filesDir === undefined) {
  console.error("usage: node bench/binder-run.mjs <model.json> <out.zip> <files-dir>");
  process.exit(2);
}

const { writeBinder } = await import(path.join(ROOT, "apps/server/dist/binder/write-binder.js"));
const model = JSON.parse(await readFile(modelPath, "utf8"));

const openFile = async (key) => (await open(path.join(filesDir, key), "r")).createReadStream();

const started = process.hrtime.bigint();
const out = createWriteStream(outPath);
await pipeline(writeBinder(model, openFile), out);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    ms,
    bytes: out.bytesWritten,
    maxRssKiB: usage.maxRSS,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  })}\n`,
);
