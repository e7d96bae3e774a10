#!/usr/bin/env node
// Benchmark: is the server still answering while a large usage export is uploaded and imported, and how
// long does the web import take beside `specready check` on the same file (the anchor)?
//
//   npm run bench:responsive [-- options]      (= node bench/health-during-import.mjs [options])
//
//   --rows N     rows of the usage export (default 1,000,000; generated once into bench/data/)
//   --runs N     imports, each after a `specready check` of the same file, alternating (default 3)
//   --json       print the figures as one JSON object
//   --timeline   also print, per import, where its time went: the job's progress when the upload ended
//                (`readAtFirstPoll`: the read's and the count of repeated rows', averaged, as the job
//                reports it), when the job started saving, and the CPU seconds of this client, the server and the
//                server's reading processes (from /proc, Linux only), and curl's (`uploader`)
//   --client curl|node   what sends the upload (default: curl where it is installed, else node)
//
// The server runs as `node bin/specready serve` on the embedded PGlite in a fresh data directory (no
// demo). Each run: `specready check` on the file (spawn to exit), then the web import as the browser
// does it (POST …/uploads with the file as the body, POST …/uploads/{id}/import, poll the job with
// `?wait=` until done), while a second connection asks GET /api/health every 20 ms (a new request 20 ms after the
// previous answer); the same during the first-run setup before the runs (POST /api/setup, its password's
// strength estimated), shown. Targets: health p95 <= 100 ms and max <= 1 s over every run's import; web import
// (upload included) <= 1.5 x the check's wall time (medians).
// Exit: 0 targets met, 1 a target missed, 2 failure.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const AS_OF = "2025-09-10";
const MiB = 1024 * 1024;

const o = { rows: 1_000_000, runs: 3, json: false, timeline: false, client: undefined };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--rows") o.rows = Number(String(process.argv[++i]).replaceAll("_", ""));
  else if (a === "--runs") o.runs = Number(process.argv[++i]);
  else if (a === "--json") o.json = true;
  else if (a === "--timeline") o.timeline = true;
  else if (a === "--client") o.client = String(process.argv[++i]);
  else {
    console.error(`unknown option ${a}`);
    process.exit(2);
  }
}
if (o.client !== undefined && o.client !== "curl" && o.client !== "node") {
  console.error(`--client: curl or node, not ${o.client}`);
  process.exit(2);
}
// The upload's sender. A browser sends a File from native code, in a process of its own: curl does the
// same here (0.16-0.3 s of CPU for 395 MB). node:http piping the file from a read stream cost this
// client 1.5-2.1 s of CPU an upload (each 64 KB buffer a JavaScript object, collected by V8), taken
// from the two cores the server and its reading process share (bench/README.md, 2026-12-07 13:00).
const installed = (command) => spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
o.client ??= installed("curl") && installed("bash") ? "curl" : "node";
const log = (text) => o.json || process.stderr.write(`${text}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const dataDir = path.join(BENCH, "data", o.rows === 1_000_000 ? "usage-1m" : `usage-${o.rows}`);
const usageFile = path.join(dataDir, "azure-usage.csv");
if (!fs.existsSync(usageFile)) {
  log(`generating ${o.rows} rows into ${usageFile} …`);
  const g = spawn(
    process.execPath,
    [path.join(BENCH, "generate-usage.mjs"), "--rows", String(o.rows), "--out", usageFile, "--quiet"],
    {
      stdio: "inherit",
    },
  );
  if ((await new Promise((r) => g.on("close", r))) !== 0) process.exit(2);
}
const size = fs.statSync(usageFile).size;

async function check() {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "bin", "specready"), "check", dataDir, "--as-of", AS_OF, "--format", "json"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const code = await new Promise((r) => child.on("close", r));
  if (code !== 0 && code !== 1) throw new Error(`specready check exited ${code}`);
  return (performance.now() - t0) / 1000;
}

const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "specready-responsive-"));
/** This client's own files (curl's headers), apart from the server's data directory. */
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "specready-responsive-client-"));
// BENCH_SERVER_NODE_ARGS: Node.js options for the server only (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
const server = spawn(process.execPath, [...serverNodeArgs, path.join(ROOT, "bin", "specready"), "serve"], {
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    ...process.env,
    NODE_OPTIONS: "",
    PORT: String(port),
    HOST: "127.0.0.1",
    SPECREADY_DATA_DIR: workDir,
    SPECREADY_DEMO: "0",
    SPECREADY_UPLOAD_LIMIT_MB: String(Math.ceil((size * 2) / MiB)),
  },
});
// BENCH_SERVER_LOG: a file to write the server's output to (else it is shown only if it fails to start).
let serverLog = "";
const serverLogFile = process.env.BENCH_SERVER_LOG
  ? fs.createWriteStream(process.env.BENCH_SERVER_LOG)
  : undefined;
server.stdout.on("data", (d) => {
  if (serverLogFile) serverLogFile.write(d);
  else serverLog += d;
});
server.stderr.on("data", (d) => {
  if (serverLogFile) serverLogFile.write(d);
  else serverLog += d;
});
const base = `http://127.0.0.1:${port}`;

/** GET /api/health on a connection of its own (not the import's), timed from send to last byte. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function health() {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get(`${base}/api/health`, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ ms: performance.now() - t0, status: res.statusCode }));
    });
    req.on("error", () => resolve({ ms: performance.now() - t0, status: 0 }));
  });
}

/**
 * Runs `work` while a second connection asks GET /api/health every 20 ms (a new request 20 ms after the
 * previous answer); resolves to what `work` resolved to and the health checks' times and failures.
 */
async function whileProbing(work) {
  let working = true;
  const ms = [];
  let failed = 0;
  const poller = (async () => {
    while (working) {
      const r = await health();
      ms.push(r.ms);
      if (r.status !== 200) failed++;
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  try {
    return { result: await work(), ms, failed };
  } finally {
    working = false;
    await poller;
  }
}

/**
 * POST the file as the body with curl: native code reading the file and writing the socket, as a
 * browser's network process sends a File. Resolves to the answer and curl's CPU seconds (from the shell's
 * `times`).
 */
function uploadWithCurl(url, headers) {
  return new Promise((resolve, reject) => {
    const args = [
      "-sS",
      "-X",
      "POST",
      "-T",
      usageFile,
      "-H",
      "Expect:",
      "-H",
      "content-type: application/octet-stream",
    ];
    // The session's cookie and CSRF token from a file of this run's (mode 0600), not the command line.
    const headerFile = path.join(clientDir, "upload-headers");
    fs.writeFileSync(
      headerFile,
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\n`)
        .join(""),
      {
        mode: 0o600,
      },
    );
    args.push("-H", `@${headerFile}`, "-w", "\\n%{http_code}", url);
    const child = spawn("bash", ["-c", 'curl "$@"; rc=$?; times >&2; exit $rc', "curl", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      // `times` writes seconds with the locale's decimal point: the C locale's is ".".
      env: { ...process.env, LC_ALL: "C" },
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      out += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      // `times`: the shell's user and system time, then its children's (curl's) on the last line.
      const children = err.trim().split("\n").at(-1) ?? "";
      const times = [...children.matchAll(/(\d+)m([\d.]+)s/g)];
      // Unknown (not 0) when `times` said something else.
      const seconds =
        times.length === 2 ? times.reduce((t, m) => t + Number(m[1]) * 60 + Number(m[2]), 0) : undefined;
      if (code !== 0) {
        reject(new Error(`curl exited ${code}: ${err}`));
        return;
      }
      const at = out.lastIndexOf("\n");
      resolve({
        status: Number(out.slice(at + 1)),
        text: out.slice(0, at),
        cpuSeconds: seconds === undefined ? undefined : +seconds.toFixed(2),
      });
    });
  });
}

/**
 * POST the file as the body with node:http, the file piped into the request (fetch with a stream body
 * passes every 64 KB chunk through web streams in JavaScript, which cost this client 1.2-1.5 s of the
 * first upload). This client's CPU is counted in the timeline's `client`.
 */
function uploadWithNode(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/octet-stream", "content-length": String(size) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode, text, cpuSeconds: undefined }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    fs.createReadStream(usageFile).on("error", reject).pipe(req);
  });
}

/** CPU seconds (user + system) of a process and of its live descendants, from /proc. */
function procCpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (100 a second)
  } catch {
    return 0;
  }
}
function childPids(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
/** The CPU seconds of each thread of a process, by thread id, with the thread's name. */
function threadCpu(pid) {
  const threads = new Map();
  let ids = [];
  try {
    ids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {}
  for (const tid of ids) {
    let name = "?";
    try {
      name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
    } catch {}
    threads.set(tid, { name, seconds: procCpu(`${pid}/task/${tid}`) });
  }
  return threads;
}
/** This client's, the server's (by thread) and each of the server's child processes' CPU seconds so far. */
function cpuSeconds() {
  const u = process.cpuUsage();
  return {
    client: (u.user + u.system) / 1e6,
    server: procCpu(server.pid),
    serverThreads: threadCpu(server.pid),
    readers: new Map(childPids(server.pid).map((pid) => [pid, procCpu(pid)])),
  };
}
function cpuSince(before) {
  const now = cpuSeconds();
  let readers = 0;
  for (const [pid, s] of now.readers) readers += s - (before.readers.get(pid) ?? 0);
  // The server's threads by name (its main thread is "node" and the first thread; V8's helpers, libuv's
  // pool and its worker threads have names of their own), threads that ended meanwhile left out.
  const byName = {};
  for (const [tid, t] of now.serverThreads) {
    const name = tid === String(server.pid) ? "main" : t.name;
    const spent = t.seconds - (before.serverThreads.get(tid)?.seconds ?? 0);
    byName[name] = +((byName[name] ?? 0) + spent).toFixed(2);
  }
  for (const name of Object.keys(byName)) if (byName[name] === 0) delete byName[name];
  return {
    client: +(now.client - before.client).toFixed(2),
    server: +(now.server - before.server).toFixed(2),
    serverThreads: byName,
    readers: +readers.toFixed(2),
  };
}

let exitCode = 2;
try {
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => undefined))?.ok) break;
    if (i > 3000) throw new Error(`the server did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The first-run setup, its new password checked for how guessable it is: the server answers meanwhile.
  const setupStarted = performance.now();
  const {
    result: setup,
    ms: setupHealth,
    failed: setupFailures,
  } = await whileProbing(() =>
    fetch(`${base}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        organizationName: "Bench Partner",
        name: "Bench Admin",
        email: "bench@example.com",
        password: "quokka-Lantern-7319-river",
      }),
    }),
  );
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  const cookie = setup.headers.get("set-cookie").split(";")[0];
  const session = await setup.json();
  const orgId = session.organizations[0].id;
  const h = { cookie, "x-csrf-token": session.csrfToken };

  async function webImport() {
    const cpu0 = o.timeline ? cpuSeconds() : undefined;
    const t0 = performance.now();
    const upload = await (o.client === "curl" ? uploadWithCurl : uploadWithNode)(
      `${base}/api/orgs/${orgId}/uploads?kind=azure-usage&fileName=azure-usage.csv`,
      h,
    );
    if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${upload.text}`);
    const uploaded = JSON.parse(upload.text);
    const t1 = performance.now();
    const started = await fetch(`${base}/api/orgs/${orgId}/uploads/${uploaded.id}/import`, {
      method: "POST",
      headers: { ...h, "content-type": "application/json" },
      body: JSON.stringify({ mapping: {}, confirmRepeats: true, confirmReplace: true }),
    });
    if (started.status !== 202) throw new Error(`import: ${started.status} ${await started.text()}`);
    const { jobId } = await started.json();
    let job;
    let readAtUpload;
    let savingAt;
    for (;;) {
      // As the web app polls: each poll waits on the server for the job's next change.
      job = await (
        await fetch(
          `${base}/api/orgs/${orgId}/import-jobs/${jobId}?wait=8000${job?.version === undefined ? "" : `&after=${job.version}`}`,
          {
            headers: h,
          },
        )
      ).json();
      readAtUpload ??= job.bytesTotal > 0 ? job.bytesDone / job.bytesTotal : undefined;
      if (job.state === "saving") savingAt ??= performance.now();
      if (job.state !== "reading" && job.state !== "saving") break;
    }
    const t2 = performance.now();
    if (job.state !== "done") throw new Error(`import failed: ${JSON.stringify(job).slice(0, 2000)}`);
    const timeline =
      cpu0 === undefined
        ? undefined
        : {
            readAtFirstPoll: readAtUpload === undefined ? undefined : +readAtUpload.toFixed(2),
            savingFromSeconds: savingAt === undefined ? undefined : +((savingAt - t0) / 1000).toFixed(2),
            cpuSeconds: { ...cpuSince(cpu0), uploader: upload.cpuSeconds },
          };
    return { uploadSeconds: (t1 - t0) / 1000, totalSeconds: (t2 - t0) / 1000, timeline };
  }

  const runs = [];
  const latencies = [];
  let failures = 0;
  for (let run = 0; run < o.runs; run++) {
    log(`run ${run + 1}/${o.runs}: specready check …`);
    const checkSeconds = await check();
    log(`run ${run + 1}/${o.runs}: web import, /api/health every 20 ms …`);
    const { result: imported, ms: mine, failed } = await whileProbing(webImport);
    failures += failed;
    latencies.push(...mine);
    runs.push({
      checkSeconds: +checkSeconds.toFixed(2),
      webImportSeconds: +imported.totalSeconds.toFixed(2),
      uploadSeconds: +imported.uploadSeconds.toFixed(2),
      healthRequests: mine.length,
      healthP95Ms: +pct(mine, 95).toFixed(1),
      healthMaxMs: +Math.max(...mine).toFixed(1),
      ...(imported.timeline === undefined ? {} : { timeline: imported.timeline }),
    });
    log(`  ${JSON.stringify(runs.at(-1))}`);
  }
  const checkMedian = median(runs.map((r) => r.checkSeconds));
  const importMedian = median(runs.map((r) => r.webImportSeconds));
  const figures = {
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}`,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    rows: o.rows,
    fileMB: +(size / MiB).toFixed(1),
    runs,
    health: {
      requests: latencies.length,
      failures,
      p50Ms: +pct(latencies, 50).toFixed(1),
      p95Ms: +pct(latencies, 95).toFixed(1),
      maxMs: +Math.max(...latencies).toFixed(1),
    },
    setup: {
      seconds: +setupSeconds.toFixed(2),
      healthRequests: setupHealth.length,
      healthFailures: setupFailures,
      healthMaxMs: +Math.max(0, ...setupHealth).toFixed(1),
    },
    checkMedianSeconds: checkMedian,
    webImportMedianSeconds: importMedian,
    ratio: +(importMedian / checkMedian).toFixed(2),
  };
  const met = {
    healthP95: figures.health.p95Ms <= 100,
    healthMax: figures.health.maxMs <= 1000 && failures === 0,
    ratio: figures.ratio <= 1.5,
  };
  figures.targets = met;
  if (o.json) console.log(JSON.stringify(figures));
  else {
    console.log(`${figures.machine}; load average ${figures.loadAverage.join(", ")}`);
    console.log(`${o.rows} rows, ${figures.fileMB} MB; ${o.runs} runs, alternating`);
    console.log(
      `/api/health during the imports: ${latencies.length} requests, ${failures} failed, p50 ${figures.health.p50Ms} ms, p95 ${figures.health.p95Ms} ms (target <= 100 ${met.healthP95 ? "met" : "MISSED"}), max ${figures.health.maxMs} ms (target <= 1000 ${met.healthMax ? "met" : "MISSED"})`,
    );
    console.log(
      `/api/health during the first-run setup (${figures.setup.seconds} s): ${setupHealth.length} requests, ${setupFailures} failed, max ${figures.setup.healthMaxMs} ms (shown, not a target)`,
    );
    console.log(
      `web import ${importMedian} s (median, upload included) / specready check ${checkMedian} s = ${figures.ratio}x (target <= 1.5 ${met.ratio ? "met" : "MISSED"})`,
    );
  }
  exitCode = met.healthP95 && met.healthMax && met.ratio ? 0 : 1;
} catch (error) {
  console.error(error);
  exitCode = 2;
} finally {
  agent.destroy();
  server.kill("SIGTERM");
  await new Promise((resolve) => server.on("close", resolve));
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.rmSync(clientDir, { recursive: true, force: true });
}
process.exit(exitCode);
