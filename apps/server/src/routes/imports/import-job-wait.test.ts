import { randomUUID } from "node:crypto";
import { repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ImportJob } from "../../services/import-jobs.js";
import {
  createOrg,
  expectJson,
  type JobBody,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";

/**
 * `GET …/import-jobs/{id}?wait=`: a poll that waits on the server for the job's next change. The polls
 * here wait up to 10 s, and must answer within 4 s of the change (`byChange`): answered by the change,
 * not by the wait running out.
 */
describe.each(testBackends)("polling an import job with wait, on %s", (backend) => {
  let server: TestServer;
  let org: TestOrg;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    org = await createOrg(server, "Waiting Partner");
  }, STARTUP_TIMEOUT);
  // A server stops once its running jobs end: the ones a test left reading end here.
  const started: ImportJob[] = [];
  afterEach(() => {
    for (const job of started.splice(0))
      if (job.state === "reading" || job.state === "saving")
        server.ctx.jobs.finish(job, { state: "cancelled", message: "the test ended" });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A job this server reads, as an import starts it (no file behind it: the test moves it on). */
  function startJob(): ImportJob {
    const job = server.ctx.jobs.start(
      randomUUID(),
      org.id,
      { id: randomUUID(), kind: "azure-usage", fileName: "usage.csv", size: 1000 },
      {},
    );
    started.push(job);
    return job;
  }
  const poll = (job: ImportJob, wait: number | string) =>
    org.admin.client.get(org.path(`/import-jobs/${job.id}?wait=${wait}`));

  it("answers when the job ends, with its outcome", async () => {
    const job = startJob();
    const answer = poll(job, 10_000);
    // The poll is waiting: it has not answered while the job reads.
    const early = await Promise.race([answer.then(() => "answered"), sleep(300).then(() => "waiting")]);
    expect(early).toBe("waiting");
    server.ctx.jobs.finish(job, { state: "failed", code: "import.problems", message: "2 problems" });
    const body = await expectJson<JobBody>(await byChange(answer), 200);
    expect(body.state).toBe("failed");
    expect(body.message).toBe("2 problems");
  });

  it("answers when the job starts saving, and when it waits for a confirmation (as stored for every server)", async () => {
    const job = startJob();
    const saving = poll(job, 10_000);
    await sleep(50);
    job.state = "saving";
    server.ctx.jobs.update(job);
    expect((await expectJson<JobBody>(await byChange(saving), 200)).state).toBe("saving");
    const confirming = poll(job, 10_000);
    await sleep(50);
    server.ctx.jobs.finish(job, {
      state: "needs_confirmation",
      code: "import.confirm_repeats",
      confirmations: ["repeats"],
      message: "3 rows repeat",
    });
    const body = await expectJson<JobBody>(await byChange(confirming), 200);
    expect(body.state).toBe("needs_confirmation");
    expect(body.code).toBe("import.confirm_repeats");
  });

  it("answers with the progress as it is written, about twice a second", async () => {
    const job = startJob();
    await sleep(600);
    const answer = poll(job, 10_000);
    await sleep(50);
    job.bytesDone = 400;
    server.ctx.jobs.progress(job);
    const body = await expectJson<JobBody>(await byChange(answer), 200);
    expect(body.state).toBe("reading");
    expect(body.bytesDone).toBe(400);
  });

  it("answers at once for a job that no longer runs, and without wait", async () => {
    const job = startJob();
    server.ctx.jobs.finish(job, { state: "cancelled", message: "cancelled" });
    expect((await expectJson<JobBody>(await byChange(poll(job, 10_000)), 200)).state).toBe("cancelled");
    const running = startJob();
    const body = await expectJson<JobBody>(
      await byChange(org.admin.client.get(org.path(`/import-jobs/${running.id}`))),
      200,
    );
    expect(body.state).toBe("reading");
  });

  it("answers when the wait has passed, with the job as it is", async () => {
    const job = startJob();
    expect((await expectJson<JobBody>(await poll(job, 200), 200)).state).toBe("reading");
  });

  it("refuses a wait that is not a number of milliseconds up to 10 s, naming the field", async () => {
    const job = startJob();
    for (const wait of ["-1", "10001", "soon", "1.5"]) {
      const res = await poll(job, wait);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("wait");
    }
  });

  it("answers at once when the job changed since the version the client saw, else waits for the next change", async () => {
    const job = startJob();
    const seen = await expectJson<JobBody>(await poll(job, 0), 200);
    expect(seen.version).toBeGreaterThan(0);
    // A change between two polls (the state moved on while the client was between requests).
    job.state = "saving";
    server.ctx.jobs.update(job);
    const missed = await expectJson<JobBody>(
      await byChange(
        org.admin.client.get(org.path(`/import-jobs/${job.id}?wait=10000&after=${seen.version}`)),
      ),
      200,
    );
    expect(missed.state).toBe("saving");
    expect(missed.version).toBeGreaterThan(seen.version as number);
    // Up to date: the poll waits for the next change.
    const next = org.admin.client.get(org.path(`/import-jobs/${job.id}?wait=10000&after=${missed.version}`));
    expect(await Promise.race([next.then(() => "answered"), sleep(300).then(() => "waiting")])).toBe(
      "waiting",
    );
    server.ctx.jobs.finish(job, { state: "done" });
    expect((await expectJson<JobBody>(await byChange(next), 200)).state).toBe("done");
  });

  it("counts taking a waiting job over as a change: a poll given the version before is answered at once", async () => {
    const job = startJob();
    server.ctx.jobs.finish(job, { state: "needs_confirmation", confirmations: ["repeats"] });
    await server.ctx.jobs.saved(job.id);
    const waiting = await expectJson<JobBody>(await poll(job, 0), 200);
    const stored = await server.ctx.jobs.stored(org.id, job.id);
    const taken = await server.ctx.jobs.claimWaiting(stored?.job as ImportJob, { state: "saving" });
    expect(taken?.version).toBeGreaterThan(waiting.version as number);
    const body = await expectJson<JobBody>(
      await byChange(
        org.admin.client.get(org.path(`/import-jobs/${job.id}?wait=10000&after=${waiting.version}`)),
      ),
      200,
    );
    expect(body.state).toBe("saving");
    expect(body.version).toBe(taken?.version);
  });

  it("lets a waiting poll go when its client goes away", async () => {
    const job = startJob();
    const gone = new AbortController();
    const answer = org.admin.client.get(org.path(`/import-jobs/${job.id}?wait=10000`), {
      signal: gone.signal,
    });
    for (let i = 0; i < 100 && server.ctx.jobs.waiting(job.id) === 0; i++) await sleep(10);
    expect(server.ctx.jobs.waiting(job.id)).toBe(1);
    gone.abort();
    await byChange(answer.catch(() => undefined));
    // Nothing holds on to it: the job's next change wakes only those still waiting.
    expect(server.ctx.jobs.waiting(job.id)).toBe(0);
    const next = server.ctx.jobs.nextChange(job.id, 60_000);
    expect(server.ctx.jobs.waiting(job.id)).toBe(1);
    server.ctx.jobs.finish(job, { state: "done" });
    await byChange(next);
    expect(server.ctx.jobs.waiting()).toBe(0);
  });

  it("waits half a second, not for a change it cannot see, for a job another server runs", async () => {
    // This server parked the job for its confirmation; another one took it over and saves it (its row
    // says so). Nothing here will change: the poll is answered after the half second in which the
    // other server writes its progress, and reads the row again.
    const job = startJob();
    server.ctx.jobs.finish(job, { state: "needs_confirmation", confirmations: ["repeats"] });
    await server.ctx.jobs.saved(job.id);
    // Claimed as another server confirming it does.
    const claimed = await repositories(server.db).importJobs.claimWaiting(org.id, job.id, "another-server", {
      ...job,
      state: "saving",
      version: (job.version ?? 0) + 1,
    });
    expect(claimed).toBe(true);
    const answer = poll(job, 10_000);
    expect(await Promise.race([answer.then(() => "answered"), sleep(250).then(() => "waiting")])).toBe(
      "waiting",
    );
    expect((await expectJson<JobBody>(await byChange(answer), 200)).state).toBe("saving");
  });

  it("does not show another organization's job, waiting or not", async () => {
    const other = await createOrg(server, "Other Partner");
    const job = startJob();
    const res = await other.admin.client.get(other.path(`/import-jobs/${job.id}?wait=10000`));
    expect(res.status).toBe(404);
  });
});

/** `answer`, which must come before a 10 s wait could have passed. */
async function byChange<T>(answer: Promise<T>): Promise<T> {
  const late = Symbol("late");
  const first = await Promise.race([answer, sleep(4000).then(() => late)]);
  if (first === late) throw new Error("the poll was not answered at the change");
  return first as T;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
