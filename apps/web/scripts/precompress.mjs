#!/usr/bin/env node
// After `vite build`: a brotli (.br) and a gzip (.gz) copy beside every text file of dist/ of at least
// 1 KiB (source maps aside), so the server sends them as they are instead of compressing each answer
// (apps/server/src/http/web-app.ts picks one by Accept-Encoding). A copy that is not smaller is not kept.
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const dir = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? join(import.meta.dirname, "..", "dist");
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt)$/;

async function files(folder) {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(folder, e.name)) : [join(folder, e.name)])),
  );
  return nested.flat();
}

let count = 0;
let before = 0;
let after = 0;
for (const path of await files(dir)) {
  if (!TEXT.test(path)) continue;
  const body = await readFile(path);
  for (const suffix of [".br", ".gz"]) await rm(path + suffix, { force: true });
  if (body.length < 1024) continue;
  const [br, gzipped] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gz(body, { level: 9 }),
  ]);
  if (br.length < body.length) await writeFile(`${path}.br`, br);
  if (gzipped.length < body.length) await writeFile(`${path}.gz`, gzipped);
  count++;
  before += body.length;
  after += Math.min(br.length, body.length);
}
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
if (!process.argv.includes("--quiet"))
  console.log(`precompressed ${count} files in ${dir}: ${kb(before)} → ${kb(after)} with brotli`);
