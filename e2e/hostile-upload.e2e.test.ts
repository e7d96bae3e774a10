import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  childrenOf,
  residentMb,
  type ServerProcess,
  send,
  startServerProcess,
} from "./support/server-process.js";

/*
 * Reading off the request path, measured on the real server process: while hostile uploads are read,
 * the health endpoint keeps answering within a second, and the server's memory, with its reading
 * processes, stays under 1.5 GB. The health check is polled from a thread of its own, so that sending
 * the 50 MB files from this test does not delay the polls it measures.
 */

const TIMEOUT = 600_000;
const MiB = 1024 * 1024;

// A thread that polls GET /api/health every 100 ms until told to stop, then reports every latency.
const POLLER = `
const { parentPort, workerData } = require("node:worker_threads");
let stop = false;
const polls = [];
parentPort.on("message", () => { stop = true; });
(async () => {
  while (!stop) {
    const started = performance.now();
    let status = 0;
    try {
      const res = await fetch(workerData + "/api/health", { signal: AbortSignal.timeout(30000) });
      await res.text();
      status = res.status;
    } catch {}
    polls.push({ ms: performance.now() - started, status });
    await new Promise((r) => setTimeout(r, 100));
  }
  parentPort.postMessage(polls);
})();
`;

interface Poll {
  readonly ms: number;
  readonly status: number;
}

describe.skipIf(process.platform !== "linux")("hostile uploads, read off the request path", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      // A small budget per file, so that the hostile files end their reading processes in seconds.
      SPECREADY_READER_MEMORY_MB: "160",
      SPECREADY_UPLOAD_LIMIT_MB: "128",
    });
  }, TIMEOUT);
  afterAll(async () => {
    await server?.stop();
  }, TIMEOUT);

  it(
    "keeps answering /api/health within a second, under 1.5 GB, and fails only the hostile imports",
    async () => {
      const setup = await send(`${server.base}/api/setup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          organizationName: "Hostile Files Ltd",
          name: "Ada Admin",
          email: "ada@example.com",
          password: "a long and unusual passphrase",
        }),
      });
      expect(setup.status).toBe(201);
      const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0] as string;
      const session = (await setup.json()) as { csrfToken: string; organizations: { id: string }[] };
      const org = `${server.base}/api/orgs/${session.organizations[0]?.id}`;
      const headers = { cookie, "x-csrf-token": session.csrfToken };
      const uploadFile = (kind: string, fileName: string, body: Buffer) =>
        send(`${org}/uploads?${new URLSearchParams({ kind, fileName })}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/octet-stream" },
          body,
        });
      const importJob = async (uploadId: string) => {
        const started = await send(`${org}/uploads/${uploadId}/import`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: "{}",
        });
        expect(started.status).toBe(202);
        const { jobId } = (await started.json()) as { jobId: string };
        for (;;) {
          const job = (await (await send(`${org}/import-jobs/${jobId}`, { headers })).json()) as {
            state: string;
            code?: string;
            message?: string;
          };
          if (job.state !== "reading" && job.state !== "saving") return job;
          await new Promise((r) => setTimeout(r, 250));
        }
      };

      // Memory of the server and of its reading processes, every 50 ms.
      let serverPeak = 0;
      let totalPeak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const own = await residentMb(server.pid);
          let total = own;
          for (const pid of await childrenOf(server.pid)) total += await residentMb(pid);
          serverPeak = Math.max(serverPeak, own);
          totalPeak = Math.max(totalPeak, total);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const poller = new Worker(POLLER, { eval: true, workerData: server.base });
      const polled = new Promise<Poll[]>((resolve) => poller.once("message", resolve));

      // 1. The file: 50 MB of "a,a,a,…" on one line, as a certifications file.
      const oneLine = await uploadFile("certifications", "one-line.csv", Buffer.alloc(50 * MiB, "a,"));
      expect(oneLine.status).toBe(422);
      const refused = (await oneLine.json()) as { error: { code: string; message: string } };
      expect(["import.out_of_memory", "import.invalid"]).toContain(refused.error.code);
      expect(refused.error.message).toContain("one-line.csv");

      // 2. A file whose first rows preview well, with a 40 MB line further on: its import fails.
      const rows = Array.from(
        { length: 12 },
        (_, i) => `p${i}@contoso.example,Person ${i},DP-100,2026-01-05,,`,
      );
      const lateLine = Buffer.concat([
        Buffer.from(
          `PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated\n${rows.join("\n")}\n`,
        ),
        Buffer.alloc(40 * MiB, "a,"),
        Buffer.from("\n"),
      ]);
      const uploaded = await uploadFile("certifications", "late-line.csv", lateLine);
      expect(uploaded.status).toBe(201);
      const failed = await importJob(((await uploaded.json()) as { id: string }).id);
      expect(failed.state).toBe("failed");
      expect(["import.out_of_memory", "import.problems"]).toContain(failed.code);
      expect(failed.message).toContain("late-line.csv");

      // 3. The next file imports as usual.
      const good = await uploadFile(
        "certifications",
        "certifications.csv",
        Buffer.from(`PersonId,Certification\n${rows.length}@contoso.example,AI-102\n`),
      );
      expect(good.status).toBe(201);
      expect((await importJob(((await good.json()) as { id: string }).id)).state).toBe("done");

      poller.postMessage("stop");
      const polls = await polled;
      await poller.terminate();
      sampling = false;
      await sampler;

      // Every health check answered, each within a second; polls ran all along (about ten a second,
      // for as long as the files take: seconds once the readers' limits refuse them early).
      expect(polls.length).toBeGreaterThanOrEqual(5);
      expect(polls.filter((p) => p.status !== 200)).toEqual([]);
      const slowest = Math.max(...polls.map((p) => p.ms));
      expect(slowest, `slowest of ${polls.length} health checks`).toBeLessThan(1000);
      // The server (PGlite included) and its reading processes stayed under 1.5 GB.
      expect(serverPeak).toBeGreaterThan(0);
      expect(serverPeak).toBeLessThan(1536);
      expect(totalPeak).toBeLessThan(1536);

      // Both are in the activity log, with the reason.
      const activity = (await (await send(`${org}/activity`, { headers })).json()) as {
        entries: { action: string; summary: string }[];
      };
      const actions = activity.entries.map((e) => `${e.action}: ${e.summary.split(":")[0]}`);
      expect(actions).toContain("import.refused: Refused the upload of one-line.csv (certifications)");
      expect(actions).toContain("import.failed: Could not import late-line.csv (certifications)");
      console.info(
        `hostile uploads: ${polls.length} health checks, slowest ${slowest.toFixed(0)} ms; peak memory: server ${serverPeak.toFixed(0)} MB, with its reading processes ${totalPeak.toFixed(0)} MB`,
      );
    },
    TIMEOUT,
  );
});
