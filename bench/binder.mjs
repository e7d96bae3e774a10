#!/usr/bin/env node
// Benchmark of the evidence binder: writeBinder over 2,000 files totalling about 2 GB, beside
// `zip -0 -r` of the same files.
//
//   npm run bench:binder [-- options]     (= node bench/binder.mjs [options])
//
//   --mb N        total size of the evidence files in MiB (default 2048; e.g. --mb 200 for a quick run)
//   --files N     number of evidence files (default 2000)
//   --runs N      measured runs of each side (default 3), after one warm-up run of each
//   --seed S      seed of the file sizes (default 20251015)
//   --keep        keep the temporary folder (files, model, last binder) and print where it is
//   --json        print the figures as one JSON object (progress goes to stderr)
//
// The files are generated in a fresh temporary folder (sizes log-normal, from about a kilobyte to tens
// of megabytes, scaled to the total; content random bytes, so nothing compresses), with their SHA-256,
// and a BinderModel is built over them (20 controls of Module A and B, 4 customers each). Both sides
// run as whole child processes, alternating, after a warm-up run of each that also brings the files
// into the page cache; `sync` runs between runs so one side's dirty pages do not slow the other.
//   binder: node bench/binder-run.mjs — writeBinder from apps/server/dist (run `npm run build` first)
//           streamed to a file, the evidence files opened as the filesystem store opens them.
//   zip:    zip -0 -r -q (Info-ZIP, stored, no compression) of the same folder.
// Wall time: spawn to exit. Peak memory: the largest VmHWM (/proc/<pid>/status, polled every 10 ms)
// and the ru_maxrss the binder process reports at exit. MB = MiB.
// The last binder is checked: `unzip -tq` (every entry's CRC-32), and with yauzl every entry's name,
// method (stored) and size against manifest.csv, manifest.csv's SHA-256 against the generated files,
// and the bytes of a sample of 25 entries against their SHA-256.
// Targets: binder median wall time <= 2x zip's, binder peak RSS < 200 MB.
// Exit: 0 targets met, 1 a target missed, 2 failure (or zip missing: nothing to compare with).
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import yauzl from "yauzl";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const MiB = 1024 * 1024;
const TARGET_RATIO = 2;
const TARGET_MB = 200;
const DOCUMENTS = [
  "index.html",
  "index.pdf",
  "manifest.csv",
  "check-data/audit-evidence.csv",
  "check-data/audit-history.csv",
];

// ---------------------------------------------------------------- arguments
const o = { mb: 2048, files: 2000, runs: 3, seed: 20251015, keep: false, json: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const num = () => {
    const v = Number(String(process.argv[++i]).replaceAll("_", ""));
    if (!Number.isFinite(v) || v <= 0) fail(`${a} needs a positive number`);
    return v;
  };
  if (a === "--mb") o.mb = num();
  else if (a === "--files") o.files = Math.round(num());
  else if (a === "--runs") o.runs = Math.round(num());
  else if (a === "--seed") o.seed = Math.round(num());
  else if (a === "--keep") o.keep = true;
  else if (a === "--json") o.json = true;
  else fail(`unknown option ${a}`);
}

function fail(message) {
  console.error(`bench:binder: ${message}`);
  process.exit(2);
}

const log = (text) => process.stderr.write(`${text}\n`);
const mb = (bytes) => (bytes / MiB).toFixed(1);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const built = path.join(ROOT, "apps/server/dist/binder/write-binder.js");
if (!fs.existsSync(built)) fail(`${path.relative(ROOT, built)} is missing: run npm run build first`);

function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}
const zipPresent = hasCommand("zip");
const unzipPresent = hasCommand("unzip");
if (!zipPresent)
  log("zip is not installed (Debian: apt-get install zip): the binder is measured without comparison");

// ---------------------------------------------------------------- the evidence files
// sfc32, seeded: the same sizes on every run.
function random(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  return next;
}

function fileSizes(count, total, rand) {
  // Log-normal weights (sigma 1.5): most files a few hundred KB, a few tens of MB.
  const weights = Array.from({ length: count }, () => {
    const u = 1 - rand();
    const v = rand();
    return Math.exp(1.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  // The rounding remainder goes to the first file, so the total is exact.
  sizes[0] += total - sizes.reduce((s, n) => s + n, 0);
  return sizes;
}

const EXTENSIONS = [".pdf", ".docx", ".xlsx", ".pptx", ".png", ".zip", ".vsdx", ".mp4"];
const CONTROLS = [
  ...["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4"].map((n) => ({ module: "A", id: `A${n}` })),
  ...["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"].map((n) => ({
    module: "B",
    id: `B${n}`,
  })),
];
const CUSTOMERS = [
  { tenantId: "0b6f2d9e-1a2b-4c3d-8e9f-101112131415", name: "Litware Health" },
  { tenantId: "7c1e4a52-9f0b-4d8e-a6b3-2c5d7e8f9a01", name: "Contoso Pharmaceuticals" },
  { tenantId: "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70", name: "Adatum Corporation" },
  { tenantId: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", name: null },
];

function generate(dir) {
  const rand = random(o.seed);
  const total = Math.round(o.mb * MiB);
  const sizes = fileSizes(o.files, total, rand);
  // Random bytes, reused from a pool at a random offset per file (with the file's number in front so
  // no two files are equal): as incompressible as real PDFs and images, and quick to write.
  const pool = randomBytes(32 * MiB);
  const files = [];
  const started = Date.now();
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i];
    const control = CONTROLS[i % CONTROLS.length];
    const nnnn = String(i + 1).padStart(4, "0");
    const name = `evidence-${nnnn}${EXTENSIONS[i % EXTENSIONS.length]}`;
    const key = `${control.id}/${name}`;
    fs.mkdirSync(path.join(dir, control.id), { recursive: true });
    const fd = fs.openSync(path.join(dir, key), "w");
    const hash = createHash("sha256");
    const put = (bytes) => {
      fs.writeSync(fd, bytes);
      hash.update(bytes);
    };
    const head = Buffer.from(`evidence ${nnnn}\n`).subarray(0, size);
    put(head);
    let left = size - head.length;
    let at = Math.floor(rand() * pool.length);
    while (left > 0) {
      const n = Math.min(left, pool.length - at, 4 * MiB);
      put(pool.subarray(at, at + n));
      left -= n;
      at = (at + n) % pool.length;
    }
    fs.closeSync(fd);
    files.push({ key, name, size, sha256: hash.digest("hex") });
    if ((i + 1) % 250 === 0) log(`  ${i + 1} / ${sizes.length} files`);
  }
  log(`  generated ${files.length} files, ${mb(total)} MB, in ${seconds(Date.now() - started)}`);
  return files;
}

function buildModel(files) {
  const items = new Map();
  for (const [i, f] of files.entries()) {
    const control = i % CONTROLS.length;
    const customer = Math.floor(i / CONTROLS.length) % CUSTOMERS.length;
    const k = `${control}/${customer}`;
    const list = items.get(k) ?? [];
    list.push({
      evidenceId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
      title: `Evidence ${i + 1}`,
      artifactType: "assessment",
      status: "approved",
      approval: { by: "Bea Reviewer", at: "2025-03-21T10:00:00.000Z", selfApproved: false },
      project: "Landing zone",
      completionDate: "2025-03-14",
      kind: "file",
      file: {
        storageKey: f.key,
        fileName: f.name,
        size: f.size,
        sha256: f.sha256,
        mediaType: "application/octet-stream",
        revision: 1,
        uploadedAt: "2025-03-20T09:15:00.000Z",
        uploadedBy: "Ana Ruiz",
      },
    });
    items.set(k, list);
  }
  const controls = CONTROLS.map((c, ci) => ({
    id: c.id,
    module: c.module,
    title: `Control ${c.id} of the checklist`,
    status: "met",
    customerCount: CUSTOMERS.length,
    pending: { items: 0, customers: 0 },
    required: 3,
    minimumArtifactsPerCustomer: null,
    specialty: null,
    missing: null,
    customers: CUSTOMERS.map((cu, ki) => ({
      tenantId: cu.tenantId,
      name: cu.name,
      projects: [{ name: "Landing zone", completionDate: "2025-03-14" }],
      counts: true,
      items: items.get(`${ci}/${ki}`) ?? [],
    })).filter((cu) => cu.items.length > 0),
  }));
  return {
    organization: "Fabrikam Consulting",
    generatedAt: "2025-09-10T14:03:27.000Z",
    generatedBy: "Ana Ruiz",
    program: { id: "ai-ml-azure-fy24", name: "AI Platform on Microsoft Azure" },
    plan: {
      applicationDate: "2025-09-01",
      auditDate: "2025-10-15",
      modules: "A+B",
      checklists: { A: "Module A 2024-08", B: "Module B V1.7" },
    },
    moduleAWaived: false,
    contents: "approved",
    waiverText: null,
    summary: { controlsMet: controls.length, controlsTotal: controls.length, ready: true },
    controls,
    checkData: {
      auditEvidence: controls.flatMap((c) =>
        c.customers.map((cu) => ({
          module: c.module,
          control: c.id,
          customerTenantId: cu.tenantId,
          customerName: cu.name,
          deploymentDate: "2025-03-14",
          evidence: `${cu.items.length} files`,
        })),
      ),
      auditHistory: [],
    },
  };
}

// ---------------------------------------------------------------- measuring
function vmHwm(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

// CPU time in clock ticks (USER_HZ, 100 a second on Linux).
const TICK_MS = 10;

/** Busy time of the whole machine, in ticks (idle and I/O wait left out). */
function machineBusy() {
  const [, user, nice, system, , , irq, softirq, steal] = fs
    .readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** user + system ticks of a process, 0 once it is gone. */
function processTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Runs a command; wall time, peak memory, its CPU time (polled; the binder reports its own exactly)
 * and the CPU that other processes used meanwhile, in cores (machine busy time less the command and
 * this bench): other work on a shared machine skews wall times.
 */
function measure(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const busyBefore = machineBusy();
    const ownBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    let ticks = 0;
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const poll = setInterval(() => {
      peak = Math.max(peak, vmHwm(child.pid));
      ticks = Math.max(ticks, processTicks(child.pid));
    }, 10);
    child.on("error", (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(poll);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const own = process.cpuUsage(ownBefore);
      const busyMs = (machineBusy() - busyBefore) * TICK_MS;
      if (code !== 0) {
        reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}:\n${stderr}`));
        return;
      }
      const cpuMs = ticks * TICK_MS;
      const ownMs = (own.user + own.system) / 1000;
      resolve({ ms, peak, stdout, cpuMs, busyMs, ownMs });
    });
  });
}

/** Cores kept busy by other processes during a run. */
function otherCores(run, cpuMs) {
  return Math.max(0, run.busyMs - cpuMs - run.ownMs) / run.ms;
}

async function runBinder(work, out) {
  const r = await measure(process.execPath, [
    path.join(BENCH, "binder-run.mjs"),
    path.join(work, "model.json"),
    out,
    path.join(work, "files"),
  ]);
  const report = JSON.parse(r.stdout.trim().split("\n").at(-1));
  return {
    ms: r.ms,
    streamMs: report.ms,
    cpuMs: report.cpuMs,
    otherCores: otherCores(r, report.cpuMs),
    peak: Math.max(r.peak, report.maxRssKiB * 1024),
    bytes: fs.statSync(out).size,
  };
}

async function runZip(work, out) {
  const r = await measure("zip", ["-0", "-r", "-q", out, "files"], work);
  return {
    ms: r.ms,
    cpuMs: r.cpuMs,
    otherCores: otherCores(r, r.cpuMs),
    peak: r.peak,
    bytes: fs.statSync(out).size,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- checking the binder
function openZip(file) {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  );
}

async function zipEntries(file) {
  const zip = await openZip(file);
  const entries = [];
  await new Promise((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", resolve);
    zip.on("entry", (e) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.readEntry();
  });
  return { zip: await openZip(file), entries };
}

function entryStream(zip, entry) {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && s[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function verify(file, files) {
  const problems = [];
  const checks = [];
  if (unzipPresent) {
    const t = spawnSync("unzip", ["-tq", file], { encoding: "utf8", maxBuffer: 64 * MiB });
    if (t.status === 0) checks.push(`unzip -tq: ${t.stdout.trim()}`);
    else problems.push(`unzip -tq failed (${t.status}): ${t.stdout.slice(0, 2000)}${t.stderr}`);
  } else {
    checks.push("unzip is not installed: CRC-32 check skipped");
  }
  const { zip, entries } = await zipEntries(file);
  const names = entries.map((e) => e.fileName);
  if (entries.length !== files.length + DOCUMENTS.length)
    problems.push(`${entries.length} entries, expected ${files.length + DOCUMENTS.length}`);
  if (names.slice(0, DOCUMENTS.length).join("|") !== DOCUMENTS.join("|"))
    problems.push(`the documents are not first: ${names.slice(0, DOCUMENTS.length).join(", ")}`);
  const manifestEntry = entries.find((e) => e.fileName === "manifest.csv");
  const chunks = [];
  for await (const c of await entryStream(zip, manifestEntry)) chunks.push(c);
  const [header, ...rows] = parseCsv(Buffer.concat(chunks).toString("utf8"));
  const col = (n) => header.indexOf(n);
  const byName = new Map(files.map((f) => [f.name, f]));
  const byPath = new Map(entries.map((e) => [e.fileName, e]));
  for (const r of rows) {
    const f = byName.get(r[col("file_name")]);
    const e = byPath.get(r[col("path")]);
    if (f === undefined || e === undefined) {
      problems.push(`manifest row ${r[col("path")]} has no file or no entry`);
      continue;
    }
    if (r[col("sha256")] !== f.sha256 || Number(r[col("size")]) !== f.size)
      problems.push(`manifest row ${r[col("path")]} does not match the generated file`);
    if (e.compressionMethod !== 0 || e.uncompressedSize !== f.size || e.compressedSize !== f.size)
      problems.push(`${e.fileName} is not stored with ${f.size} bytes`);
  }
  if (rows.length !== files.length) problems.push(`manifest.csv has ${rows.length} rows`);
  checks.push(`manifest.csv: ${rows.length} rows, SHA-256 and size of every file as generated`);
  const sample = rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / 25)) === 0).slice(0, 25);
  for (const r of sample) {
    const hash = createHash("sha256");
    await pipeline(await entryStream(zip, byPath.get(r[col("path")])), hash);
    if (hash.digest("hex") !== r[col("sha256")]) problems.push(`${r[col("path")]}: bytes differ`);
  }
  checks.push(`yauzl: ${entries.length} entries, evidence stored; ${sample.length} sampled files re-hashed`);
  zip.close();
  return { problems, checks };
}

// ---------------------------------------------------------------- main
const work = fs.mkdtempSync(path.join(os.tmpdir(), "specready-bench-binder-"));
let exitCode = 2;
try {
  log(`bench:binder: ${o.files} files, ${o.mb} MB in ${work}`);
  const files = generate(path.join(work, "files"));
  fs.writeFileSync(path.join(work, "model.json"), JSON.stringify(buildModel(files)));
  const total = files.reduce((s, f) => s + f.size, 0);
  const out = path.join(work, "out");
  fs.mkdirSync(out);
  const sync = () => spawnSync("sync");

  const binder = [];
  const zip = [];
  for (let run = 0; run <= o.runs; run++) {
    const label = run === 0 ? "warm-up" : `run ${run}/${o.runs}`;
    sync();
    const b = await runBinder(work, path.join(out, "binder.zip"));
    log(
      `  ${label} binder ${seconds(b.ms)} (stream ${seconds(b.streamMs)}, CPU ${seconds(b.cpuMs)}), peak ${mb(b.peak)} MB, other load ${b.otherCores.toFixed(2)} cores`,
    );
    if (run > 0) binder.push(b);
    if (run < o.runs) fs.rmSync(path.join(out, "binder.zip"));
    if (zipPresent) {
      sync();
      const z = await runZip(work, path.join(out, "zip.zip"));
      log(
        `  ${label} zip    ${seconds(z.ms)} (CPU ${seconds(z.cpuMs)}), peak ${mb(z.peak)} MB, other load ${z.otherCores.toFixed(2)} cores`,
      );
      if (run > 0) zip.push(z);
      fs.rmSync(path.join(out, "zip.zip"));
    }
  }

  log("  checking the last binder ...");
  const checked = await verify(path.join(out, "binder.zip"), files);

  const result = {
    files: files.length,
    totalBytes: total,
    runs: o.runs,
    cores: os.cpus().length,
    node: process.version,
    binder: {
      medianMs: median(binder.map((r) => r.ms)),
      minMs: Math.min(...binder.map((r) => r.ms)),
      medianStreamMs: median(binder.map((r) => r.streamMs)),
      medianCpuMs: median(binder.map((r) => r.cpuMs)),
      medianOtherCores: median(binder.map((r) => r.otherCores)),
      peakRssMB: Math.max(...binder.map((r) => r.peak)) / MiB,
      bytes: binder.at(-1).bytes,
    },
    zip: zipPresent
      ? {
          medianMs: median(zip.map((r) => r.ms)),
          minMs: Math.min(...zip.map((r) => r.ms)),
          medianCpuMs: median(zip.map((r) => r.cpuMs)),
          medianOtherCores: median(zip.map((r) => r.otherCores)),
          peakRssMB: Math.max(...zip.map((r) => r.peak)) / MiB,
          bytes: zip.at(-1).bytes,
        }
      : null,
    verified: checked.problems.length === 0,
    checks: checked.checks,
    problems: checked.problems,
  };
  result.ratio = result.zip === null ? null : result.binder.medianMs / result.zip.medianMs;
  result.targets = {
    ratio: result.ratio === null ? null : result.ratio <= TARGET_RATIO,
    memory: result.binder.peakRssMB < TARGET_MB,
  };

  if (o.json) console.log(JSON.stringify(result, null, 2));
  else {
    const b = result.binder;
    const z = result.zip;
    console.log(
      `\n${files.length} files, ${mb(total)} MB; ${o.runs} runs each; ${os.cpus().length} cores, Node ${process.version}`,
    );
    console.log(
      `binder  median ${seconds(b.medianMs)}  min ${seconds(b.minMs)}  (${(total / MiB / (b.medianMs / 1000)).toFixed(0)} MB/s; CPU ${seconds(b.medianCpuMs)})  peak RSS ${b.peakRssMB.toFixed(1)} MB  ${mb(b.bytes)} MB written`,
    );
    if (z !== null)
      console.log(
        `zip -0  median ${seconds(z.medianMs)}  min ${seconds(z.minMs)}  (${(total / MiB / (z.medianMs / 1000)).toFixed(0)} MB/s; CPU ${seconds(z.medianCpuMs)})  peak RSS ${z.peakRssMB.toFixed(1)} MB  ${mb(z.bytes)} MB written`,
      );
    else console.log("zip -0  not measured: zip is not installed (apt-get install zip)");
    console.log(
      `ratio   ${result.ratio === null ? "n/a" : `${result.ratio.toFixed(2)}x`} (target <= ${TARGET_RATIO}x${result.ratio === null ? "" : result.targets.ratio ? ": met" : ": MISSED"}); peak RSS target < ${TARGET_MB} MB: ${result.targets.memory ? "met" : "MISSED"}`,
    );
    const other = Math.max(b.medianOtherCores, z?.medianOtherCores ?? 0);
    if (other > 0.1)
      console.log(
        `note    other processes kept ${other.toFixed(2)} cores busy during the runs (median): wall times are skewed`,
      );
    for (const c of checked.checks) console.log(`check   ${c}`);
    for (const p of checked.problems) console.log(`PROBLEM ${p}`);
  }
  if (!result.verified || result.zip === null) exitCode = 2;
  else exitCode = result.targets.ratio && result.targets.memory ? 0 : 1;
} finally {
  if (o.keep) log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
