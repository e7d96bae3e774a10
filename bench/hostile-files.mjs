#!/usr/bin/env node
// What a hostile or malformed file costs `specready check` (issues 10 and 17): for each file of
// packages/ingest/src/inputs/test-support/hostile-files.ts, the wall time and peak memory of
// `bin/specready check` on a folder holding only it, and the problem it names.
//
//   npm run bench:hostile            # = node bench/hostile-files.mjs
//   npm run bench:hostile -- --json
//
// Targets: each file is refused (exit 2, nothing on stdout, one problem naming the file) in at most
// 10 s with a peak resident memory of at most 300 MB (MiB). Exit status: 0 targets met, 1 one missed,
// 2 a file not refused as expected.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });

// The builders are TypeScript test support: Node strips their types; their `./x.js` imports name `.ts`
// sources, which this hook finds.
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (specifier.startsWith(".") && specifier.endsWith(".js")) {
        return next(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
});
const hostile = await import(
  pathToFileURL(path.join(ROOT, "packages/ingest/src/inputs/test-support/hostile-files.ts")).href
);

const MB = 1024 * 1024;
const CASES = [
  ["50 MB line of a,a,a,… (no line end)", "certifications.csv", () => hostile.oneLineCsv(50 * MB)],
  ["50 MB line without commas", "certifications.csv", () => hostile.oneLineCsv(50 * MB, false)],
  ["header cell r=ZZZZZZ1 (2 KB workbook)", "certifications.xlsx", () => hostile.xlsxCellBeyondXfd()],
  ["shared strings unpacking to 1.26 GB", "certifications.xlsx", () => hostile.xlsxSharedStringsBomb()],
  [
    "the same, zip directory saying 100 MB",
    "certifications.xlsx",
    () => hostile.xlsxSharedStringsBomb(1260, 100),
  ],
  ["sheet of rows unpacking to 1.26 GB", "certifications.xlsx", () => hostile.xlsxSheetBomb()],
  [
    "the same, zip directory saying 400 MB",
    "certifications.xlsx",
    () => hostile.xlsxSheetBomb(1260, { declaredMb: 400 }),
  ],
  [
    "one cell of 1.26 GB, directory saying 100 MB",
    "certifications.xlsx",
    () => hostile.xlsxSheetBomb(1260, { shape: "text", declaredMb: 100 }),
  ],
  [
    "UTF-16 cut off mid-character (143 bytes)",
    "certifications.csv",
    () => hostile.truncatedUtf16Certifications(),
  ],
  [
    "Windows-1252 é in a UTF-8 file",
    "certifications.csv",
    () => hostile.certificationsWithBytes(3, Buffer.from([0xe9])),
  ],
];

const TIME_TARGET_S = 10;
const MEMORY_TARGET_MB = 300;

function run(dir, rssDir) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const probe = `--import=${pathToFileURL(path.join(ROOT, "bench/rss-probe.mjs")).href}`;
    const child = spawn(process.execPath, [path.join(ROOT, "bin/specready"), "check", dir], {
      env: { ...process.env, NODE_OPTIONS: probe, BENCH_RSS_DIR: rssDir, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let peakMb = Number.NaN;
      try {
        peakMb = Number(readFileSync(path.join(rssDir, String(child.pid)), "utf8").split(" ")[0]) / 1024;
      } catch {
        // no probe output: the process died before exit handlers ran
      }
      resolve({ code, stdout, stderr, seconds, peakMb });
    });
  });
}

const work = mkdtempSync(path.join(tmpdir(), "specready-hostile-bench-"));
const results = [];
let failed = false;
let missed = false;
try {
  for (const [name, fileName, build] of CASES) {
    const dir = path.join(work, `case-${results.length}`);
    const rssDir = path.join(work, `rss-${results.length}`);
    mkdirSync(dir);
    mkdirSync(rssDir);
    const bytes = build();
    writeFileSync(path.join(dir, fileName), bytes);
    const r = await run(dir, rssDir);
    rmSync(dir, { recursive: true, force: true });
    const problems = r.stderr.split("\n").filter((l) => l.startsWith("  "));
    const refused =
      r.code === 2 && r.stdout === "" && problems.length === 1 && problems[0].startsWith(`  ${fileName}`);
    const within = r.seconds <= TIME_TARGET_S && r.peakMb <= MEMORY_TARGET_MB;
    failed ||= !refused;
    missed ||= !within;
    results.push({
      file: name,
      bytes: bytes.length,
      exit: r.code,
      seconds: Number(r.seconds.toFixed(2)),
      peakMb: Math.round(r.peakMb),
      problem: problems[0]?.trim() ?? r.stderr.trim(),
    });
    if (!values.json) {
      process.stderr.write(
        `${name}: exit ${r.code}, ${r.seconds.toFixed(2)} s, peak ${Math.round(r.peakMb)} MB${refused ? "" : "  NOT REFUSED AS EXPECTED"}\n    ${problems[0]?.trim() ?? r.stderr}\n`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (values.json) {
  process.stdout.write(
    `${JSON.stringify({ targets: { seconds: TIME_TARGET_S, peakMb: MEMORY_TARGET_MB }, results }, null, 2)}\n`,
  );
} else {
  process.stdout.write("\n| file | size | exit | time | peak RSS |\n| --- | ---: | ---: | ---: | ---: |\n");
  for (const r of results) {
    const size = r.bytes >= MB ? `${(r.bytes / MB).toFixed(1)} MB` : `${r.bytes} bytes`;
    process.stdout.write(`| ${r.file} | ${size} | ${r.exit} | ${r.seconds} s | ${r.peakMb} MB |\n`);
  }
}
process.exitCode = failed ? 2 : missed ? 1 : 0;
