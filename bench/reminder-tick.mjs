#!/usr/bin/env node
// Benchmark of the reminder scheduler's tick (issue 13 follow-up): what one pass of `scheduleReminders`
// costs the server's main thread for an organization, when its inputs changed since the last pass (its
// reminders are computed: evaluation from the cache, audit readiness on the planned date, the audit plan,
// the evidence register, findings) and when they did not (skipped after four small reads).
//
//   npm run bench:reminders [-- options]      (= node bench/reminder-tick.mjs; run `npm run build` first)
//
//   --runs N     measured passes of each kind (default 20), after 2 warm-up passes
//   --json       print the figures as one JSON object
//
// Method: the demo organization is seeded on an embedded PGlite in a temporary folder, in this process
// (the server's own modules from apps/server/dist), with a Teams webhook set so that reminders are
// queued (nothing is sent). "changed": a member's reminder preferences are written before the pass (as
// switching a kind off does), so the pass computes the organization again — what every pass cost before
// unchanged organizations were skipped; the evaluation stays in the server's cache, as it does between
// ticks. "unchanged": the pass right after, nothing written. Wall time per pass (performance.now) and the
// process's CPU time (process.cpuUsage), median and p95.
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const { repositories } = await import("../packages/db/dist/index.js");
const { parseServerConfig } = await import("../apps/server/dist/config/server-config.js");
const { openWorkspaceDatabase, loadWorkspacePrograms } = await import("../apps/server/dist/server.js");
const { createAppContext } = await import("../apps/server/dist/services/app-context.js");
const { seedDemo } = await import("../apps/server/dist/services/demo-service.js");
const { scheduleReminders } = await import("../apps/server/dist/services/reminders/reminder-scheduler.js");

const dataDir = await mkdtemp(join(tmpdir(), "specready-bench-reminders-"));
try {
  const parsed = parseServerConfig({
    SPECREADY_DATA_DIR: dataDir,
    SPECREADY_REMINDERS_INTERVAL_SECONDS: "0",
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const config = parsed.config;
  const db = await openWorkspaceDatabase(config);
  const loaded = await loadWorkspacePrograms(undefined);
  const ctx = createAppContext({ db, config, ...loaded });
  try {
    await seedDemo(ctx);
    const r = repositories(db);
    const [orgId] = await r.reminders.organizationIds();
    const settings = await r.reminders.settings(orgId);
    await r.reminders.setSettings(orgId, {
      ...settings,
      teamsWebhookUrl: "https://contoso.webhook.office.com/webhookb2/bench",
    });
    const [member] = await r.users.members(orgId);
    let flip = false;
    const change = () => {
      flip = !flip;
      return r.reminders.setPreferences(orgId, member.userId, {
        disabledKinds: flip ? ["open_finding"] : [],
        digest: true,
      });
    };
    const pass = async () => {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const outcome = await scheduleReminders(ctx);
      const wall = performance.now() - t0;
      const used = process.cpuUsage(cpu);
      return { wall, cpu: (used.user + used.system) / 1000, outcome };
    };
    for (let i = 0; i < 2; i++) {
      await change();
      await pass();
      await pass();
    }
    const changed = [];
    const unchanged = [];
    for (let i = 0; i < runs; i++) {
      await change();
      const a = await pass();
      if (a.outcome.computed !== 1) throw new Error(`a changed pass computed ${a.outcome.computed}`);
      changed.push(a);
      const b = await pass();
      if (b.outcome.unchanged !== 1) throw new Error(`an unchanged pass skipped ${b.outcome.unchanged}`);
      unchanged.push(b);
    }
    const stat = (xs, key) => {
      const s = xs.map((x) => x[key]).sort((p, q) => p - q);
      return {
        median: s[Math.floor(s.length / 2)],
        p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)],
      };
    };
    const result = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: loadavg() },
      runs,
      changed: { wallMs: stat(changed, "wall"), cpuMs: stat(changed, "cpu") },
      unchanged: { wallMs: stat(unchanged, "wall"), cpuMs: stat(unchanged, "cpu") },
    };
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else {
      const f = (x) => x.toFixed(1);
      console.log(
        `reminder tick, demo organization, ${runs} passes each (load ${loadavg()
          .map((x) => x.toFixed(2))
          .join(" ")})`,
      );
      for (const kind of ["changed", "unchanged"])
        console.log(
          `  ${kind.padEnd(10)} wall median ${f(result[kind].wallMs.median)} ms (p95 ${f(result[kind].wallMs.p95)}), CPU median ${f(result[kind].cpuMs.median)} ms (p95 ${f(result[kind].cpuMs.p95)})`,
        );
      const per = result.changed.wallMs.median;
      console.log(
        `  every 5 minutes, 200 organizations: ${f((per * 200) / 1000)} s of passes when each is computed, ${f((result.unchanged.wallMs.median * 200) / 1000)} s when none changed`,
      );
    }
  } finally {
    await db.close();
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
