import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { addDays, type Evaluation, readinessChange, todayFrom } from "@specready/core";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkJson as checkCli, dataFolder } from "../../test-support/check-json.js";
import {
  type ApiClient,
  createOrg,
  errorCode,
  expectJson,
  type ImportBody,
  importFile,
  type JobBody,
  orgState,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
  upload,
  waitForJob,
} from "../../test-support/test-server.js";

const readyDir = fileURLToPath(
  new URL("../../../../../examples/contract-examples/ready/data/", import.meta.url),
);

interface ActivityEntry {
  readonly action: string;
  readonly summary: string;
  readonly details: Record<string, unknown>;
}

describe.each(testBackends)("imports that ask first, on %s", (backend) => {
  let server: TestServer;
  let work: string;
  let today: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    work = await mkdtemp(join(tmpdir(), "specready-confirm-test-"));
    today = todayFrom(server.ctx.now());
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  /** A certifications file of people holding the certifications given, earned a month ago. */
  function certifications(...held: string[]): string {
    const earned = addDays(today, -30);
    const rows = held.map((c, i) => `person${i}@contoso.example,Person ${i},${c},${earned},,`);
    return ["PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated", ...rows, ""].join("\n");
  }

  const evaluationToday = async (org: TestOrg) =>
    expectJson<Evaluation>(await org.members.viewer.client.get(org.path(`/evaluation?asOf=${today}`)), 200);
  const activity = async (org: TestOrg, action: string) =>
    (
      await expectJson<{ entries: ActivityEntry[] }>(
        await org.admin.client.get(org.path(`/activity?action=${action}`)),
        200,
      )
    ).entries;
  const confirm = (client: ApiClient, org: TestOrg, job: JobBody, body: object) =>
    client.post(org.path(`/import-jobs/${job.id}/confirm`), body);

  /** What `specready check` evaluates for a folder holding these files. */
  const checkJson = async (name: string, files: Record<string, string>, asOf: string) =>
    checkCli(server.ctx.programs, await dataFolder(work, name, files), asOf);

  it("asks before an import takes away more than half of the people, and changes nothing until confirmed", async () => {
    const org = await createOrg(server, "Shrinking Partners");
    const contributor = org.members.contributor.client;
    const four = await importFile(
      contributor,
      org.id,
      "certifications",
      "certifications.csv",
      certifications("DP-100", "AI-102", "DP-100", "AI-102"),
    );
    expect(four.job.state).toBe("done");
    const met = await evaluationToday(org);
    expect(met.requirements.find((r) => r.id === "knowledge")?.status).toBe("met");
    await server.idle();
    const stateBefore = await orgState(server.db, org.id);

    const { job } = await importFile(
      contributor,
      org.id,
      "certifications",
      "certifications.csv",
      certifications("DP-100"),
    );
    expect(job).toMatchObject({
      state: "needs_confirmation",
      code: "import.confirm_replace",
      confirmations: ["replace"],
      rows: 1,
      repeats: { rows: 1, repeated: 0, complete: true, message: null },
      impact: {
        kind: "certifications",
        replaces: "kind",
        emptiesKind: false,
        halved: ["rows", "people"],
        needsConfirmation: true,
        measures: [
          { name: "rows", before: 4, after: 1 },
          { name: "people", before: 4, after: 1 },
        ],
      },
    });
    expect(job.message).toBe(
      "This import would remove more than half of the certifications in effect: 3 rows of 4, 3 people of 4. Nothing was imported: confirm the import to go ahead (confirmReplace).",
    );
    // What it would do to readiness today, as the core evaluates it.
    const knowledge = job.readiness?.requirements.find((r) => r.id === "knowledge");
    expect(knowledge).toMatchObject({
      before: { status: "met" },
      after: { status: "not_met" },
      changed: true,
    });
    expect(job.readiness?.asOf).toBe(today);
    // Nothing changed but the upload waiting, and nothing does while it waits or is asked without the flag.
    const unchanged = async () => {
      const { uploads, ...state } = await orgState(server.db, org.id);
      expect(uploads).toHaveLength(1);
      expect({ ...state, uploads: [] }).toEqual(stateBefore);
    };
    await unchanged();
    for (const body of [{}, { confirmRepeats: true }, { confirmReplace: false }]) {
      const refused = await confirm(contributor, org, job, body);
      expect(`${refused.status} ${await errorCode(refused)}`).toBe("409 import.confirm_replace");
    }
    await unchanged();
    expect(await evaluationToday(org)).toEqual(met);

    // Confirmed: imported, and the result says what changed in readiness, computed as the dashboard does.
    const confirmed = await expectJson<JobBody>(
      await confirm(org.admin.client, org, job, { confirmReplace: true }),
      202,
    );
    expect(confirmed.id).toBe(job.id);
    const done = await waitForJob(contributor, org.id, job.id);
    expect(done.state).toBe("done");
    const after = await evaluationToday(org);
    expect(after.requirements.find((r) => r.id === "knowledge")?.status).toBe("not_met");
    expect(done.readiness).toEqual(JSON.parse(JSON.stringify(readinessChange(met, after))));
    // The import is the confirming person's, and the log says it was confirmed.
    expect(done.import?.createdBy.name).toBe(org.admin.name);
    const created = await activity(org, "import.created");
    expect(created[0]?.summary).toContain("replacement confirmed");
    expect(created[0]?.details).toMatchObject({
      confirmed: { replace: true, repeats: false },
      replaced: [
        { name: "rows", before: 4, after: 1 },
        { name: "people", before: 4, after: 1 },
      ],
      readiness: { asOf: today, requirements: [{ id: "knowledge", before: "met", after: "not_met" }] },
    });
    const again = await confirm(contributor, org, job, { confirmReplace: true });
    expect(`${again.status} ${await errorCode(again)}`).toBe("409 import.not_waiting");

    // Undo still restores what was in effect.
    await expectJson(await contributor.post(org.path(`/imports/${done.import?.id}/revert`)), 200);
    expect(await evaluationToday(org)).toEqual(met);
  });

  it("asks before leaving a kind with no records; with confirmReplace in the request it imports at once", async () => {
    const org = await createOrg(server, "Emptied Partners");
    const admin = org.admin.client;
    await importFile(
      admin,
      org.id,
      "certifications",
      "certifications.csv",
      certifications("DP-100", "AI-102"),
    );
    const headerOnly = certifications();
    const { job } = await importFile(admin, org.id, "certifications", "certifications.csv", headerOnly);
    expect(job).toMatchObject({
      state: "needs_confirmation",
      code: "import.confirm_replace",
      impact: { emptiesKind: true, measures: [{ name: "rows", before: 2, after: 0 }, { name: "people" }] },
      message:
        "This import would leave the certifications with no records: the 2 rows in effect would be replaced by none. Nothing was imported: confirm the import to go ahead (confirmReplace).",
    });
    // Cancelled at its confirmation: refused, in the activity log; the upload stays, to import again.
    const cancelled = await expectJson<JobBody>(
      await admin.post(org.path(`/import-jobs/${job.id}/cancel`)),
      200,
    );
    expect(cancelled.state).toBe("cancelled");
    const refused = await activity(org, "import.refused");
    expect(refused.map((e) => e.summary)).toEqual([
      "Did not import certifications.csv (certifications): cancelled at its confirmation (import.confirm_replace); nothing was imported",
    ]);
    expect(refused[0]?.details).toMatchObject({ reason: "import.confirm_replace", how: "declined", rows: 0 });
    const late = await confirm(admin, org, job, { confirmReplace: true });
    expect(`${late.status} ${await errorCode(late)}`).toBe("409 import.not_waiting");

    const uploadId = (job as JobBody & { uploadId: string }).uploadId;
    const started = await expectJson<{ jobId: string }>(
      await admin.post(org.path(`/uploads/${uploadId}/import`), { confirmReplace: true }),
      202,
    );
    const done = await waitForJob(admin, org.id, started.jobId);
    expect(done).toMatchObject({ state: "done", rows: 0, impact: { emptiesKind: true } });
    const list = await expectJson<ImportBody[]>(await admin.get(org.path("/imports")), 200);
    expect(list.map((i) => i.rows)).toEqual([0, 2]);
  });

  it("says which months a usage import replaces and how much eligible AI ACR each gains or loses", async () => {
    const org = await createOrg(server, "Monthly ACR Partners");
    const contributor = org.members.contributor.client;
    const original = await readFile(join(readyDir, "azure-usage.csv"), "utf8");
    const [header, ...rows] = original.trim().split("\n") as [string, ...string[]];
    const first = await importFile(contributor, org.id, "azure-usage", "azure-usage.csv", original);
    expect(first.job.impact?.months?.every((m) => !m.replaces && m.eligibleAcrBefore === "0.00")).toBe(true);
    const asOf = "2025-09-10";
    const totalsOn = async () => {
      const e = await expectJson<{ requirements: { id: string; details: Record<string, unknown> }[] }>(
        await contributor.get(org.path(`/evaluation?asOf=${asOf}`)),
        200,
      );
      const details = e.requirements.find((r) => r.id === "performance")?.details as {
        monthTotals: { month: string; amountUsd: string }[];
      };
      return Object.fromEntries(details.monthTotals.map((m) => [m.month, m.amountUsd]));
    };
    const before = await totalsOn();

    // August again with every amount halved: the same rows and customers, less ACR.
    const august = rows
      .filter((r) => r.split(",")[2] === "2025-08")
      .map((r) => {
        const cells = r.split(",");
        cells[15] = (Number(cells[15]) / 2).toFixed(2);
        return cells.join(",");
      });
    const { job } = await importFile(
      contributor,
      org.id,
      "azure-usage",
      "august.csv",
      [header, ...august, ""].join("\n"),
    );
    expect(job.state).toBe("done");
    const afterTotals = await totalsOn();
    expect(job.impact?.months).toEqual([
      {
        month: "2025-08",
        replaces: true,
        rowsBefore: 8,
        rowsAfter: 8,
        customersBefore: expect.any(Number),
        customersAfter: expect.any(Number),
        eligibleAcrBefore: before["2025-08"],
        eligibleAcrAfter: afterTotals["2025-08"],
        eligibleAcrChange: expect.stringMatching(/^-\d+\.\d\d$/),
      },
    ]);
    const change = job.impact?.months?.[0];
    expect(Number(change?.eligibleAcrAfter) - Number(change?.eligibleAcrBefore)).toBeCloseTo(
      Number(change?.eligibleAcrChange),
      2,
    );
    expect(job.impact?.needsConfirmation).toBe(false);
    const created = await activity(org, "import.created");
    expect(created[0]?.summary).toContain(`2025-08 (replaced, eligible AI ACR -USD `);

    // A file of August holding one customer only takes away most of August: it asks first.
    const oneCustomer = august.filter((r) => r.split(",")[3] === august[0]?.split(",")[3]);
    const shrunk = await importFile(
      contributor,
      org.id,
      "azure-usage",
      "one.csv",
      [header, ...oneCustomer].join("\n"),
    );
    expect(shrunk.job).toMatchObject({
      state: "needs_confirmation",
      code: "import.confirm_replace",
      impact: { replaces: "months", halved: expect.arrayContaining(["customers"]) },
    });
    expect(shrunk.job.message).toMatch(
      /^This import would remove more than half of the usage of 2025-08 in effect: /,
    );
    expect(await totalsOn()).toEqual(afterTotals);

    // The same file again changes nothing, and says so.
    const same = await importFile(
      contributor,
      org.id,
      "azure-usage",
      "august.csv",
      [header, ...august].join("\n"),
    );
    expect(same.job.state).toBe("done");
    expect(same.job.readiness?.changed).toBe(false);
    expect(same.job.impact?.months?.[0]?.eligibleAcrChange).toBe("0.00");
  });

  it("warns of rows that repeat an earlier row, waits for confirmRepeats, then counts them as specready check does", async () => {
    const org = await createOrg(server, "Doubled Partners");
    const contributor = org.members.contributor.client;
    const original = await readFile(join(readyDir, "azure-usage.csv"), "utf8");
    const [header, ...rows] = original.trim().split("\n") as [string, ...string[]];
    const tripled = [header, ...rows, ...rows, ...rows, ""].join("\n");
    const { job } = await importFile(contributor, org.id, "azure-usage", "azure-usage.csv", tripled);
    expect(job).toMatchObject({
      state: "needs_confirmation",
      code: "import.confirm_repeats",
      confirmations: ["repeats"],
      rows: 120,
      repeats: {
        rows: 120,
        repeated: 80,
        complete: true,
        message: "80 of 120 rows repeat an earlier row: was the file joined with itself?",
      },
    });
    expect(await expectJson(await contributor.get(org.path("/imports")), 200)).toEqual([]);
    const refused = await confirm(contributor, org, job, { confirmReplace: true });
    expect(`${refused.status} ${await errorCode(refused)}`).toBe("409 import.confirm_repeats");

    await expectJson(await confirm(contributor, org, job, { confirmRepeats: true }), 202);
    const done = await waitForJob(contributor, org.id, job.id);
    expect(done.state).toBe("done");
    expect((done.import as ImportBody & { warnings: unknown[] }).warnings).toContainEqual({
      code: "rows.repeated",
      file: "azure-usage.csv",
      message: "80 of 120 rows repeat an earlier row exactly; they are counted.",
      count: 80,
    });
    // Kept and counted: the workspace evaluates what specready check evaluates for the same file.
    const served = await expectJson(await contributor.get(org.path("/evaluation?asOf=2025-09-10")), 200);
    expect(served).toEqual(await checkJson("tripled", { "azure-usage.csv": tripled }, "2025-09-10"));
    expect((await activity(org, "import.created"))[0]?.summary).toContain("80 repeated rows, confirmed");
  });

  it("logs refused uploads with the reason and without the file's contents, and keeps none of them", async () => {
    const org = await createOrg(server, "Refused Uploads Ltd");
    const uploads = join(server.dataDir, "uploads");
    const stored = async () => (existsSync(uploads) ? (await readdir(uploads)).sort() : []);
    const filesBefore = await stored();
    const binary = await upload(
      org.admin.client,
      org.id,
      "certifications",
      "photo.csv",
      new Uint8Array([0, 159, 146, 150, 0, 1]),
    );
    expect(`${binary.status} ${await errorCode(binary)}`).toBe("422 import.invalid");
    const empty = await upload(org.admin.client, org.id, "certifications", "empty.csv", "");
    expect(`${empty.status} ${await errorCode(empty)}`).toBe("422 upload.empty");
    const small = server.withConfig({ uploadLimitBytes: 64 });
    const big = await upload(
      small.as(org.admin.client.credentials),
      org.id,
      "certifications",
      "big.csv",
      "secret,".repeat(20),
    );
    expect(`${big.status} ${await errorCode(big)}`).toBe("413 upload.too_large");
    const refused = await activity(org, "import.refused");
    expect(refused.map((e) => e.summary)).toEqual([
      "Refused the upload of big.csv (certifications): larger than the upload limit of 0 MB",
      "Refused the upload of empty.csv (certifications): the file is empty",
      "Refused the upload of photo.csv (certifications): it cannot be read: 1 problem (file.format)",
    ]);
    expect(refused.map((e) => e.details.reason)).toEqual([
      "upload.too_large",
      "upload.empty",
      "import.invalid",
    ]);
    expect(JSON.stringify(refused)).not.toContain("secret");
    expect(await stored()).toEqual(filesBefore);
    const rows = await server.db.query("select id from uploads where org_id = $1", [org.id]);
    expect(rows).toEqual([]);
  });

  it("answers 404 for another organization's job and 409 for a job past confirming or cancelling", async () => {
    const org = await createOrg(server, "Finished Jobs Ltd");
    const other = await createOrg(server, "Other Jobs Ltd");
    const { job } = await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "certifications.csv",
      certifications("DP-100"),
    );
    expect(job.state).toBe("done");
    const cancel = await org.admin.client.post(org.path(`/import-jobs/${job.id}/cancel`));
    expect(`${cancel.status} ${await errorCode(cancel)}`).toBe("409 import.finished");
    const confirmDone = await confirm(org.admin.client, org, job, { confirmReplace: true });
    expect(`${confirmDone.status} ${await errorCode(confirmDone)}`).toBe("409 import.not_waiting");
    const elsewhere = await other.admin.client.post(other.path(`/import-jobs/${job.id}/cancel`));
    expect(elsewhere.status).toBe(404);
    expect((await other.admin.client.get(other.path(`/import-jobs/${job.id}`))).status).toBe(404);
  });
});
