#!/usr/bin/env node
import { cpus, loadavg } from "node:os";
// Benchmark of the planner's core (issue 14): the reference allocation on 200 customers x 14 controls
// and the ACR forecast over 2,500 customers x 36 months. Target: each answers in under 200 ms.
//
//   npm run bench:planner [-- options]      (= node bench/planner.mjs [options]; run `npm run build` first)
//
//   --runs N     measured runs per case (default 20), after 3 warm-up runs
//   --seed S     seed of the generated registers and usage (default 14)
//   --json       print the figures as one JSON object
//
// Cases (all generated, seeded; the core from packages/core/dist, in this process):
//   allocation/register   allocateReferences on a register of 200 customers, 1-3 projects each, completed
//                         within 18 months of the audit (so some age out), 85% with AI services, evidence
//                         for random controls (approved, pending, sent back) - the program's 14 controls.
//   allocation/sparse     solveCover on 200 candidates x 14 targets where each covers a random 15-35% of
//                         the targets (requirements 1-4): the search the register case rarely needs.
//   allocation/uniform    allocateReferences where all 200 customers can serve every control with the
//                         same evidence (the worst case for ties; dominance keeps it small).
//   forecast/base         forecastAcr over 2,500 customers x 36 months of eligible AI ACR, 13 months ahead.
//   forecast/what-ifs     the same with 30 what-ifs (add, PAL, stop) mixed.
// Each case reports median, p95 and max wall time (performance.now), the median CPU time of the process
// (process.cpuUsage: less sensitive to other work on a shared machine, though not immune), whether the allocation was proven
// exact, and the search nodes. Exit: 0 every case's p95 under the target, 1 a case missed it.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    seed: { type: "string", default: "14" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const core = await import("../packages/core/dist/index.js");
const { loadInstalledPrograms } = await import("../packages/ingest/dist/index.js");
const loaded = await loadInstalledPrograms(undefined);
if (!loaded.ok) throw new Error("program data does not load");
const program = core.programOnDate(
  loaded.programs.find((p) => p.id === "ai-platform-azure-2025-01"),
  "2027-01-31",
).program;
const controls = core.programControls(program);

let state = Number(values.seed) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1));

const AUDIT = "2027-01-31";
const AS_OF = "2026-12-06";

function register(uniform) {
  const projects = [];
  const evidence = [];
  for (let c = 0; c < 200; c++) {
    const n = uniform ? 1 : int(1, 3);
    for (let p = 0; p < n; p++) {
      const id = `p${c}-${p}`;
      projects.push({
        id,
        customerTenantId: `t-${c}`,
        customerName: `Customer ${String(c).padStart(3, "0")}`,
        project: `Project ${p}`,
        completionDate: uniform ? "2026-10-01" : core.addDays(AUDIT, -int(0, 540)),
        aiServices: uniform || random() < 0.85 ? ["Azure OpenAI"] : [],
      });
      for (const control of controls) {
        if (!uniform && random() > 0.3) continue;
        const items = control.minimumArtifactsPerCustomer ?? 1;
        for (let i = 0; i < items; i++) {
          const r = uniform ? 0 : random();
          evidence.push({
            projectId: id,
            control: control.id,
            title: `${control.id} item ${i}`,
            artifactType: control.acceptedDocumentation[i % control.acceptedDocumentation.length],
            counts: r < 0.7,
            status: r < 0.7 ? "approved" : r < 0.9 ? "ready" : "changes_requested",
          });
        }
      }
    }
  }
  return { projects, evidence };
}

function sparse() {
  return {
    targets: 14,
    required: Array.from({ length: 14 }, () => int(1, 4)),
    candidates: Array.from({ length: 200 }, () => {
      const share = 0.15 + random() * 0.2;
      return {
        covers: Array.from({ length: 14 }, (_, t) => t).filter(() => random() < share),
        weight: int(0, 14) * 200_000_000 + int(0, 365) * 2 + int(0, 1),
      };
    }),
  };
}

function usage() {
  const months = Array.from({ length: 36 }, (_, i) => core.addMonthsToMonth("2023-12", i));
  const customers = new Map();
  for (let c = 0; c < 2500; c++) {
    const eligible = new Map();
    const ineligible = new Map();
    const base = int(0, 3000);
    const growth = (random() - 0.4) * 0.05;
    for (let i = 0; i < months.length; i++) {
      const v = Math.max(0, Math.round(base * (1 + growth) ** i * (0.8 + random() * 0.4) * 100));
      eligible.set(months[i], { units: BigInt(v), scale: 2 });
      if (c % 10 === 0)
        ineligible.set(
          months[i],
          new Map([["attribution Transacting partner of record", { units: BigInt(v), scale: 2 }]]),
        );
    }
    customers.set(`t-${c}`, { tenantId: `t-${c}`, name: `Customer ${c}`, eligible, ineligible });
  }
  return { customers };
}

function whatIfs() {
  return Array.from({ length: 30 }, (_, i) => {
    const from = core.addMonthsToMonth("2026-12", int(0, 12));
    const customer = `t-${int(0, 2499)}`;
    if (i % 3 === 0) return { type: "add", customer, usdPerMonth: String(int(-500, 5000)), from };
    if (i % 3 === 1) return { type: "pal", customer, from };
    return { type: "stop", customer, from };
  });
}

function measure(name, run) {
  for (let i = 0; i < 3; i++) run();
  const times = [];
  const cpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = run();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (xs, q) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];
  return {
    name,
    medianMs: at(times, 0.5),
    p95Ms: at(times, 0.95),
    maxMs: times[times.length - 1],
    cpuMedianMs: at(cpu, 0.5),
    ...last,
  };
}

const reg = register(false);
const uni = register(true);
const sp = sparse();
const summary = usage();
const wi = whatIfs();
const options = { auditDate: AUDIT, moduleAWaived: false, acrCustomers: new Set(["t-1", "t-2", "t-3"]) };
const results = [
  measure("allocation/register (200 customers x 14 controls)", () => {
    const a = core.allocateReferences(program, reg, options);
    return {
      exact: a.exact,
      nodes: a.searchNodes,
      customers: a.customers.length,
      candidates: a.candidateCount,
    };
  }),
  measure("allocation/sparse (solver, 200 x 14, 15-35% coverage)", () => {
    const s = core.solveCover(sp);
    return {
      exact: s.exact,
      nodes: s.nodes,
      customers: s.chosen.length,
      greedy: core.greedyCover(sp).length,
    };
  }),
  measure("allocation/uniform (200 customers, identical)", () => {
    const a = core.allocateReferences(program, uni, options);
    return {
      exact: a.exact,
      nodes: a.searchNodes,
      customers: a.customers.length,
      candidates: a.candidateCount,
    };
  }),
  measure("forecast/base (2,500 customers x 36 months)", () => {
    const f = core.forecastAcr(program, summary, AS_OF, "2027-12");
    return { firstMet: f.firstMetMonth, lapse: f.lapseMonth };
  }),
  measure("forecast/what-ifs (same, 30 what-ifs)", () => {
    const f = core.forecastAcr(program, summary, AS_OF, "2027-12", wi);
    return { firstMet: f.firstMetMonth, lapse: f.lapseMonth };
  }),
];
const machine = {
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? "?"}`,
  node: process.version,
  loadAverage1m: Number(loadavg()[0].toFixed(2)),
};
const target = 200;
const ok = results.every((r) => r.p95Ms < target);
if (values.json) console.log(JSON.stringify({ machine, targetMs: target, runs, results, ok }, null, 2));
else {
  console.log(
    `machine: ${machine.cpus}, Node ${machine.node}, load average ${machine.loadAverage1m}; ${runs} runs each`,
  );
  for (const r of results) {
    const { name, medianMs, p95Ms, maxMs, cpuMedianMs, ...rest } = r;
    console.log(
      `${name.padEnd(56)} median ${medianMs.toFixed(1).padStart(7)} ms  p95 ${p95Ms.toFixed(1).padStart(7)} ms  max ${maxMs.toFixed(1).padStart(7)} ms  cpu median ${cpuMedianMs.toFixed(1).padStart(7)} ms  ${JSON.stringify(rest)}`,
    );
  }
  console.log(ok ? `every case under ${target} ms (p95)` : `a case missed ${target} ms (p95)`);
}
process.exit(ok ? 0 : 1);
