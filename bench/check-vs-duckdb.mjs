#!/usr/bin/env node
// Benchmark: `specready check` vs DuckDB on the performance window of a large Azure usage export.
//
//   npm run bench [-- options]          (= node bench/check-vs-duckdb.mjs [options])
//
//   --rows N         rows of the generated export (default 1,000,000); generated once if missing,
//                    into bench/data/usage-1m/ (usage-<N>/ for other sizes)
//   --seed S         generator seed (default 20250910)
//   --runs N         measured runs of each side (default 5), after one warm-up run of each
//   --timeout SEC    limit for each run (default 600); a run over it is killed and the bench fails
//   --analyst        also measure the issue's plain analyst query (bench/duckdb-analyst.mjs) as a third side,
//                    on a file whose months are all YYYY-MM or YYYY-MM-DD (generated with --iso-months into
//                    bench/data/usage-1m-iso/): the query takes a month as its first seven characters
//   --validate       let the DuckDB side also validate every row (bench/duckdb-window.mjs --validate)
//   --reference      also compute the figures once with the plain-JS reference (bench/reference-window.mjs)
//   --duckdb-only    measure DuckDB only (when bin/specready does not run yet)
//   --specready P    the specready executable to measure (default bin/specready)
//   --baseline P     also measure another specready executable (a build of an earlier commit) as a side
//                    of its own, alternating with the others, and print specready / baseline
//   --json           print the figures as one JSON object instead of the table
//
// Both sides run as whole child processes, alternating. Wall time: spawn to exit. Peak memory: the
// resident-set high-water mark (VmHWM in /proc/<pid>/status) polled every 10 ms over the spawned
// process and its descendants (and the largest sum of their VmRSS at one poll), and the ru_maxrss each
// Node process reports at exit (bench/rss-probe.mjs); the largest is taken. CPU time (user + system, all threads) as each Node process reports it at exit is
// shown too: steadier than wall time when other work shares the machine. Their results (window,
// monthlyAverageUsd, customerCount) must agree, or it fails.
// Targets: specready median wall time <= 2x DuckDB's (and, with --analyst, <= 1x the analyst query's),
// specready peak RSS <= 300 MB (MiB).
// Exit: 0 agree and targets hold, 1 agree but a target is missed, 2 disagreement or failure.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const AS_OF = "2025-09-10";
const DEFAULT_ROWS = 1_000_000;
const DEFAULT_SEED = 20250910;
const TARGET_RATIO = 2;
const TARGET_ANALYST_RATIO = 1;
const TARGET_MB = 300;
const MiB = 1024 * 1024;

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const o = {
    specready: path.join(ROOT, "bin", "specready"),
    rows: DEFAULT_ROWS,
    seed: DEFAULT_SEED,
    runs: 5,
    timeout: 600,
    validate: false,
    reference: false,
    duckdbOnly: false,
    analyst: false,
    json: false,
    baseline: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(String(argv[++i]).replaceAll("_", ""));
      if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${a} needs a whole number`);
      return v;
    };
    if (a === "--rows") o.rows = num();
    else if (a === "--seed") o.seed = num();
    else if (a === "--runs") o.runs = Math.max(1, num());
    else if (a === "--timeout") o.timeout = Math.max(1, num());
    else if (a === "--validate") o.validate = true;
    else if (a === "--reference") o.reference = true;
    else if (a === "--duckdb-only") o.duckdbOnly = true;
    else if (a === "--analyst") o.analyst = true;
    else if (a === "--json") o.json = true;
    else if (a === "--specready") o.specready = path.resolve(String(argv[++i]));
    else if (a === "--baseline") o.baseline = path.resolve(String(argv[++i]));
    else if (a === "-h" || a === "--help") {
      const lines = fs
        .readFileSync(fileURLToPath(import.meta.url), "utf8")
        .split("\n")
        .slice(1);
      const head = lines.slice(
        0,
        lines.findIndex((l) => !l.startsWith("//")),
      );
      console.log(head.map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  return o;
}

const sizeLabel = (n) => (n % 1e6 === 0 ? `${n / 1e6}m` : n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

// ---------------------------------------------------------------- child processes
const active = new Set(); // process-group ids of running children

function killGroup(pid) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    for (const pid of active) killGroup(pid);
    process.stderr.write(`\nbench: ${sig}, children stopped\n`);
    process.exit(130);
  });
}
process.on("exit", () => {
  for (const pid of active) killGroup(pid);
});

/** { hwm, rss } in KiB from /proc/<pid>/status (zeros once the process is gone). */
function readMemKiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+)\s*kB/.exec(status);
    const rss = /VmRSS:\s+(\d+)\s*kB/.exec(status);
    return { hwm: hwm ? Number(hwm[1]) : 0, rss: rss ? Number(rss[1]) : 0 };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}
function descendants(pid, out = []) {
  let tasks;
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    let kids = "";
    try {
      kids = fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8");
    } catch {
      continue;
    }
    for (const k of kids.split(/\s+/)) {
      if (k && !out.includes(Number(k))) {
        out.push(Number(k));
        descendants(Number(k), out);
      }
    }
  }
  return out;
}

// CPU busy time of the whole machine (ms), from /proc/stat: minus the measured process's own CPU time
// it tells how much else ran during a run (other people's builds skew wall times, DuckDB's most:
// it uses every core, specready one).
function machineBusyMs() {
  try {
    const f = fs
      .readFileSync("/proc/stat", "utf8")
      .split("\n", 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return ((user + nice + system + irq + softirq + (steal || 0)) * 1000) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}
const CLK_TCK = 100; // USER_HZ on Linux

const LIMIT = 256 * MiB; // captured output per stream (specready's JSON is ~7 MB on 1M rows)

/**
 * Runs cmd as its own process group; resolves { code, signal, wallMs, peakKiB, stdout, stderr }.
 * Rejects on timeout (after killing the group).
 */
function measure(cmd, args, { timeoutSec, env }) {
  return new Promise((resolve, reject) => {
    const rssDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-rss-"));
    const probe = `--import=${pathToFileURL(path.join(BENCH, "rss-probe.mjs")).href}`;
    const childEnv = {
      ...process.env,
      ...env,
      BENCH_RSS_DIR: rssDir,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, probe].filter(Boolean).join(" "),
    };
    const busy0 = machineBusyMs();
    const self0 = process.cpuUsage(); // the bench's own polling is not "other" work
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: childEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pid = child.pid;
    if (pid === undefined) {
      child.once("error", (e) => reject(new Error(`cannot start ${cmd}: ${e.message}`)));
      return;
    }
    active.add(pid);
    // Peak of the tree: each process's own high-water mark, and the sum of the resident sets of the
    // processes alive at one poll (for a program made of several processes at once).
    const hwm = new Map();
    let treeKiB = 0;
    const poll = () => {
      let sum = 0;
      for (const p of [pid, ...descendants(pid)]) {
        const v = readMemKiB(p);
        sum += v.rss;
        if (v.hwm > (hwm.get(p) ?? 0)) hwm.set(p, v.hwm);
      }
      treeKiB = Math.max(treeKiB, sum);
    };
    poll();
    const timer = setInterval(poll, 10);
    const out = [],
      err = [];
    let outLen = 0,
      errLen = 0;
    child.stdout.on("data", (b) => {
      if (outLen < LIMIT) out.push(b);
      outLen += b.length;
    });
    child.stderr.on("data", (b) => {
      if (errLen < LIMIT) {
        err.push(b);
        errLen += b.length;
      }
    });
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
    }, timeoutSec * 1000);
    let wallMs = 0,
      busyMs = 0,
      exit = null;
    child.once("exit", (code, signal) => {
      wallMs = performance.now() - t0;
      const self = process.cpuUsage(self0);
      busyMs = machineBusyMs() - busy0 - (self.user + self.system) / 1000;
      clearInterval(timer);
      exit = { code, signal };
    });
    child.once("close", () => {
      clearTimeout(deadline);
      if (exit === null) exit = { code: child.exitCode, signal: child.signalCode };
      killGroup(pid); // nothing it started may outlive it
      active.delete(pid);
      let probeKiB = 0,
        cpuUs = 0;
      for (const f of fs.readdirSync(rssDir)) {
        const [rss, user, sys] = fs
          .readFileSync(path.join(rssDir, f), "utf8")
          .split(" ")
          .map((x) => Number(x) || 0);
        probeKiB = Math.max(probeKiB, rss);
        cpuUs += user + sys;
      }
      fs.rmSync(rssDir, { recursive: true, force: true });
      const polledKiB = Math.max(treeKiB, ...hwm.values());
      const res = {
        ...exit,
        wallMs,
        cpuMs: cpuUs / 1000,
        otherCpuMs: Math.max(0, busyMs - cpuUs / 1000),
        peakKiB: Math.max(polledKiB, probeKiB),
        polledKiB,
        probeKiB,
        stdout: Buffer.concat(out).toString("utf8"),
        stdoutBytes: outLen,
        stderr: Buffer.concat(err).toString("utf8"),
      };
      if (timedOut) reject(Object.assign(new Error(`timed out after ${timeoutSec} s, killed`), { res }));
      else resolve(res);
    });
  });
}

// bin/specready: spawn node directly when it is a Node script, so the measured pid is the program.
function specreadyCommand(bin) {
  if (!fs.existsSync(bin))
    throw new Error(
      `${path.relative(ROOT, bin)} does not exist (the CLI is not there yet? try --duckdb-only)`,
    );
  const first = fs.readFileSync(bin, "utf8").split("\n", 1)[0];
  if (first.startsWith("#!")) {
    let tokens = first.slice(2).trim().split(/\s+/);
    if (path.basename(tokens[0]) === "env") tokens = tokens.slice(1).filter((t) => t !== "-S");
    if (tokens.length && path.basename(tokens[0]) === "node")
      return { cmd: process.execPath, pre: [...tokens.slice(1), bin], how: "node (shebang)" };
  } else if (/\.(c|m)?js$/.test(bin)) {
    return { cmd: process.execPath, pre: [bin], how: "node" };
  }
  return { cmd: bin, pre: [], how: "executable (process tree measured)" };
}

// ---------------------------------------------------------------- statistics
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const summary = (runs) => ({
  wallMs: runs.map((r) => Math.round(r.wallMs)),
  medianMs: Math.round(median(runs.map((r) => r.wallMs))),
  medianCpuMs: Math.round(median(runs.map((r) => r.cpuMs))),
  otherCpuMs: runs.map((r) => Math.round(r.otherCpuMs)),
  minMs: Math.round(Math.min(...runs.map((r) => r.wallMs))),
  maxMs: Math.round(Math.max(...runs.map((r) => r.wallMs))),
  peakRssMB: runs.map((r) => Math.round(r.peakKiB / 1024)),
  medianPeakRssMB: Math.round(median(runs.map((r) => r.peakKiB)) / 1024),
  maxPeakRssMB: Math.round(Math.max(...runs.map((r) => r.peakKiB)) / 1024),
});

// ---------------------------------------------------------------- main
function tail(s, n = 2000) {
  return s.length > n ? `...${s.slice(-n)}` : s;
}
function fail(msg) {
  process.stderr.write(`bench: FAIL: ${msg}\n`);
  process.exit(2);
}

function performanceOf(side, res) {
  if (res.stdoutBytes > LIMIT)
    fail(
      `${side} printed ${res.stdoutBytes} bytes on stdout, more than the ${LIMIT / MiB} MiB the bench keeps`,
    );
  if (side === "specready" || side === "baseline") {
    if (res.code !== 0 && res.code !== 1)
      fail(`specready check exited ${res.code ?? res.signal} (expected 0 or 1)\n${tail(res.stderr)}`);
    let obj;
    try {
      obj = JSON.parse(res.stdout);
    } catch {
      fail(`specready check did not print one JSON object:\n${tail(res.stdout)}\n${tail(res.stderr)}`);
    }
    const perf = obj?.requirements?.find?.((r) => r.id === "performance");
    if (!perf?.details) fail(`specready output has no performance details: ${JSON.stringify(perf)}`);
    const { window, monthlyAverageUsd, customerCount } = perf.details;
    return { window, monthlyAverageUsd, customerCount, status: perf.status };
  }
  if (res.code !== 0) fail(`${side} exited ${res.code ?? res.signal}\n${tail(res.stderr)}`);
  let r;
  try {
    r = JSON.parse(res.stdout.trim());
  } catch {
    return fail(`${side} did not print one JSON line:\n${tail(res.stdout)}`);
  }
  // The analyst query's own figure is sum / 3 as a double: it must round to the same cents.
  if (side === "analyst" && !(Math.abs(r.avg - r.monthlyAverageUsd) <= 0.005))
    fail(`analyst query: avg ${r.avg} does not round to ${r.monthlyAverageUsd}`);
  return r;
}
const same = (a, b) =>
  JSON.stringify(a.window) === JSON.stringify(b.window) &&
  a.monthlyAverageUsd === b.monthlyAverageUsd &&
  a.customerCount === b.customerCount;
const show = (r) =>
  `window ${JSON.stringify(r.window)}, monthlyAverageUsd ${r.monthlyAverageUsd}, customerCount ${r.customerCount}`;

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    fail(e.message);
  }
  const log = (s) => process.stderr.write(`${s}\n`);
  const dirName = `usage-${sizeLabel(o.rows)}${o.seed === DEFAULT_SEED ? "" : `-s${o.seed}`}${o.analyst ? "-iso" : ""}`;
  const dataDir = path.join("bench", "data", dirName);
  const csv = path.join(dataDir, "azure-usage.csv");
  const opts = { timeoutSec: o.timeout, env: {} };

  const commandOf = (executable) => {
    try {
      return specreadyCommand(executable);
    } catch (e) {
      return fail(e.message);
    }
  };
  const spec = o.duckdbOnly ? null : commandOf(o.specready);
  const base = o.baseline === null ? null : commandOf(o.baseline);

  if (!fs.existsSync(path.join(ROOT, csv))) {
    log(`generating ${csv} (${o.rows.toLocaleString("en-US")} rows, seed ${o.seed}) ...`);
    const g = await measure(
      process.execPath,
      [
        path.join(BENCH, "generate-usage.mjs"),
        "--rows",
        String(o.rows),
        "--seed",
        String(o.seed),
        "--out",
        csv,
        ...(o.analyst ? ["--iso-months"] : []),
      ],
      opts,
    ).catch((e) => fail(e.message));
    if (g.code !== 0) fail(`generator exited ${g.code ?? g.signal}\n${tail(g.stderr)}`);
    log(g.stdout.trim());
  }
  const fileBytes = fs.statSync(path.join(ROOT, csv)).size;

  const sides = [];
  const checkSide = (name, command) => ({
    name,
    cmd: command.cmd,
    args: [...command.pre, "check", dataDir, "--as-of", AS_OF, "--format", "json"],
    runs: [],
  });
  if (spec) sides.push(checkSide("specready", spec));
  if (base) sides.push(checkSide("baseline", base));
  sides.push({
    name: "duckdb",
    cmd: process.execPath,
    args: [path.join(BENCH, "duckdb-window.mjs"), csv, AS_OF, ...(o.validate ? ["--validate"] : [])],
    runs: [],
  });
  if (o.analyst)
    sides.push({
      name: "analyst",
      cmd: process.execPath,
      args: [path.join(BENCH, "duckdb-analyst.mjs"), csv, AS_OF],
      runs: [],
    });

  let expected = null;
  const check = (side, res, label) => {
    const r = performanceOf(side.name, res);
    if (expected === null) expected = { ...r, from: side.name };
    else if (!same(r, expected)) {
      fail(`results differ (${label}):\n  ${expected.from}: ${show(expected)}\n  ${side.name}: ${show(r)}`);
    }
    return r;
  };
  let specStatus = null;
  for (let i = 0; i <= o.runs; i++) {
    const label = i === 0 ? "warm-up" : `run ${i}/${o.runs}`;
    for (const side of sides) {
      const res = await measure(side.cmd, side.args, opts).catch((e) =>
        fail(`${side.name} ${label}: ${e.message}\n${tail(e.res?.stderr ?? "")}`),
      );
      const r = check(side, res, `${side.name} ${label}`);
      if (side.name === "specready") specStatus = r.status;
      if (i > 0) side.runs.push(res);
      log(
        `${label.padEnd(9)} ${side.name.padEnd(9)} ${(res.wallMs / 1000).toFixed(2).padStart(7)} s wall ${(res.cpuMs / 1000).toFixed(2).padStart(6)} s CPU ${String(Math.round(res.peakKiB / 1024)).padStart(5)} MB peak RSS` +
          (res.probeKiB > res.polledKiB + 1024 ? ` (polled ${Math.round(res.polledKiB / 1024)} MB)` : "") +
          (res.otherCpuMs > 0.1 * res.wallMs
            ? `  [other processes: ${(res.otherCpuMs / 1000).toFixed(2)} s CPU]`
            : ""),
      );
    }
  }
  let reference = null;
  if (o.reference) {
    const res = await measure(
      process.execPath,
      [path.join(BENCH, "reference-window.mjs"), csv, AS_OF],
      opts,
    ).catch((e) => fail(`reference: ${e.message}`));
    reference = {
      ...performanceOf("reference", res),
      wallMs: Math.round(res.wallMs),
      peakRssMB: Math.round(res.peakKiB / 1024),
    };
    if (!same(reference, expected))
      fail(`results differ:\n  ${expected.from}: ${show(expected)}\n  reference: ${show(reference)}`);
    log(
      `reference (plain JS) agrees: ${(res.wallMs / 1000).toFixed(2)} s, ${reference.peakRssMB} MB peak RSS`,
    );
  }

  const get = (n) => sides.find((s) => s.name === n);
  const duck = summary(get("duckdb").runs);
  const sr = spec ? summary(get("specready").runs) : null;
  const ratio = sr ? Math.round((sr.medianMs / duck.medianMs) * 100) / 100 : null;
  const ratioOfMinimums = sr ? Math.round((sr.minMs / duck.minMs) * 100) / 100 : null;
  const analyst = o.analyst ? summary(get("analyst").runs) : null;
  const baseline = base ? summary(get("baseline").runs) : null;
  const baselineRatio = sr && baseline ? Math.round((sr.medianMs / baseline.medianMs) * 100) / 100 : null;
  const analystRatio = sr && analyst ? Math.round((sr.medianMs / analyst.medianMs) * 100) / 100 : null;
  const analystRatioOfMinimums = sr && analyst ? Math.round((sr.minMs / analyst.minMs) * 100) / 100 : null;
  const measured = sides.flatMap((x) => x.runs);
  const otherShare =
    measured.reduce((a, r) => a + r.otherCpuMs, 0) / measured.reduce((a, r) => a + r.wallMs, 0); // cores busy elsewhere
  const targets = sr
    ? {
        wall: { limitRatio: TARGET_RATIO, ratio, ok: sr.medianMs <= TARGET_RATIO * duck.medianMs },
        memory: { limitMB: TARGET_MB, maxPeakRssMB: sr.maxPeakRssMB, ok: sr.maxPeakRssMB <= TARGET_MB },
        ...(analyst
          ? {
              analyst: {
                limitRatio: TARGET_ANALYST_RATIO,
                ratio: analystRatio,
                ok: sr.medianMs <= TARGET_ANALYST_RATIO * analyst.medianMs,
              },
            }
          : {}),
      }
    : null;
  const result = {
    window: expected.window,
    monthlyAverageUsd: expected.monthlyAverageUsd,
    customerCount: expected.customerCount,
  };
  const report = {
    file: csv,
    rows: o.rows,
    seed: o.seed,
    fileBytes,
    asOf: AS_OF,
    runs: o.runs,
    warmUpRuns: 1,
    machine: {
      cpus: os.availableParallelism(),
      memTotalMB: Math.round(os.totalmem() / MiB),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    result,
    specreadyStatus: specStatus,
    duckdbValidates: o.validate,
    specready: sr
      ? {
          command: `${path.relative(ROOT, o.specready)} check ${dataDir} --as-of ${AS_OF} --format json`,
          spawned: spec.how,
          ...sr,
        }
      : null,
    duckdb: {
      command: `node bench/duckdb-window.mjs ${csv} ${AS_OF}${o.validate ? " --validate" : ""}`,
      ...duck,
    },
    ratio,
    ratioOfMinimums,
    analyst: analyst ? { command: `node bench/duckdb-analyst.mjs ${csv} ${AS_OF}`, ...analyst } : null,
    analystRatio,
    analystRatioOfMinimums,
    baseline: baseline ? { executable: o.baseline, ...baseline } : null,
    baselineRatio,
    otherCoresBusy: Math.round(otherShare * 100) / 100,
    targets,
    reference,
  };

  if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const row = (name, x) =>
      x
        ? `${name.padEnd(11)}${s(x.medianMs).padStart(9)}${s(x.minMs).padStart(9)}${s(x.maxMs).padStart(9)}${s(x.medianCpuMs).padStart(12)}${`${x.medianPeakRssMB} MB`.padStart(12)}${`${x.maxPeakRssMB} MB`.padStart(10)}`
        : `${name.padEnd(11)}  (not measured)`;
    const lines = [
      `specready check vs DuckDB — performance window, as-of ${AS_OF}`,
      `file       ${csv}: ${o.rows.toLocaleString("en-US")} rows, ${(fileBytes / 1e6).toFixed(1)} MB`,
      `machine    ${report.machine.cpus} CPUs, ${report.machine.memTotalMB} MB RAM, Node ${process.version}`,
      `runs       ${o.runs} of each, alternating, after 1 warm-up of each`,
      `result     ${show(result)} (agree${reference ? ", and with the plain-JS reference" : ""})`,
      "",
      `${"".padEnd(11)}${"median".padStart(9)}${"min".padStart(9)}${"max".padStart(9)}${"median CPU".padStart(12)}${"median RSS".padStart(12)}${"max RSS".padStart(10)}`,
      row("specready", sr),
      row(`DuckDB${o.validate ? "*" : ""}`, duck),
      ...(analyst ? [row("analyst", analyst)] : []),
      ...(baseline ? [row("baseline", baseline)] : []),
      ...(o.validate ? ["(* DuckDB also validating every row)"] : []),
      "",
    ];
    if (sr) {
      lines.push(
        `ratio      specready / DuckDB median wall time: ${ratio}x (of the minimums: ${ratioOfMinimums}x)`,
      );
      lines.push(
        `target     wall time <= ${TARGET_RATIO}x DuckDB: ${targets.wall.ok ? "yes" : "NO"} (${ratio}x)`,
      );
      lines.push(
        `target     peak RSS <= ${TARGET_MB} MB: ${targets.memory.ok ? "yes" : "NO"} (max ${sr.maxPeakRssMB} MB)`,
      );
      if (analyst) {
        lines.push(
          `ratio      specready / analyst query median wall time: ${analystRatio}x (of the minimums: ${analystRatioOfMinimums}x)`,
          `target     wall time <= ${TARGET_ANALYST_RATIO}x the analyst query: ${targets.analyst.ok ? "yes" : "NO"} (${analystRatio}x)`,
        );
      }
      if (baseline)
        lines.push(
          `ratio      specready / baseline (${path.relative(ROOT, o.baseline) || o.baseline}) median wall time: ${baselineRatio}x, median CPU: ${Math.round((sr.medianCpuMs / baseline.medianCpuMs) * 100) / 100}x`,
        );
    } else lines.push("specready not measured (--duckdb-only): no targets evaluated");
    if (otherShare > 0.1) {
      lines.push(
        `NOTE       other processes kept ${otherShare.toFixed(2)} of the ${os.availableParallelism()} cores busy during the runs on average:`,
        "           wall times are skewed (DuckDB's most, as it uses every core); rerun on a quiet machine.",
      );
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  process.exitCode =
    targets && !(targets.wall.ok && targets.memory.ok && (targets.analyst?.ok ?? true)) ? 1 : 0;
}

await main();
