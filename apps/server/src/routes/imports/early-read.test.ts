import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type UsageSummaryJson, usageSummaryFromJson } from "@specready/core";
import { repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EARLY_READ_BOUNDS,
  EARLY_READ_MIN_BYTES,
  earlyReadsAtOnce,
  startEarlyRead,
} from "../../services/early-reads.js";
import { loadReadinessInputs } from "../../services/evaluation-service.js";
import { storeUpload } from "../../services/import-service.js";
import {
  certificationsCsv,
  createOrg,
  errorCode,
  expectJson,
  type JobBody,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
  type UploadBody,
  upload,
  waitForJob,
} from "../../test-support/test-server.js";

/*
 * A usage file of a declared length is read while it arrives (services/early-reads.ts). What the
 * import then brings must be what reading it afterwards brings; an upload that fails or is refused
 * leaves nothing behind.
 */

const examples = fileURLToPath(new URL("../../../../../examples/contract-examples/", import.meta.url));

/** The ready example's usage rows, many times over (each copy its own subscriptions), two rows repeated. */
async function largeUsage(): Promise<string> {
  const [header, ...rows] = (await readFile(join(examples, "ready", "data", "azure-usage.csv"), "utf8"))
    .split("\n")
    .filter((l) => l !== "");
  const out = [header as string];
  for (let copy = 0; out.join("\n").length < EARLY_READ_MIN_BYTES * 1.5; copy++)
    for (const row of rows) out.push(row.replace(/,sub-([^,]*),/, `,sub-$1-${copy},`));
  out.push(out[1] as string, out[2] as string);
  return `${out.join("\n")}\n`;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(testBackends)("usage read while it is uploaded, on %s", (backend) => {
  let server: TestServer;
  let csv: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    csv = await largeUsage();
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  const uploadsDir = () => join(server.dataDir, "uploads");
  const storedFiles = async () => (existsSync(uploadsDir()) ? (await readdir(uploadsDir())).sort() : []);

  /** Reads of whole files the import asked the reading processes for (an early read is none). */
  function countReads(): { readonly count: number; restore(): void } {
    const readers = server.ctx.readers;
    const original = readers.read;
    const counter = { count: 0, restore: () => Object.assign(readers, { read: original }) };
    readers.read = (...args: Parameters<typeof original>) => {
      counter.count++;
      return original.apply(readers, args);
    };
    return counter;
  }

  async function importUsage(
    org: TestOrg,
    options: { declared: boolean; mapping?: Record<string, string> },
  ): Promise<{ uploaded: UploadBody; job: JobBody }> {
    const headers: Record<string, string> = options.declared
      ? { "content-length": String(Buffer.byteLength(csv)) }
      : {};
    const res = await upload(org.admin.client, org.id, "azure-usage", "azure-usage.csv", csv, { headers });
    const uploaded = await expectJson<UploadBody>(res, 201);
    const started = await org.admin.client.post(org.path(`/uploads/${uploaded.id}/import`), {
      mapping: options.mapping ?? {},
      confirmRepeats: true,
      confirmReplace: true,
    });
    const { jobId } = await expectJson<{ jobId: string }>(started, 202);
    return { uploaded, job: await waitForJob(org.admin.client, org.id, jobId) };
  }

  /** The outcome of an import without what differs between two organizations. */
  function outcome(job: JobBody) {
    const { id: _id, uploadId: _upload, import: row, ...rest } = job as JobBody & { uploadId?: string };
    const {
      id: _i,
      createdAt: _c,
      createdBy: _b,
      uploadId: _u,
      ...imported
    } = (row ?? {}) as Record<string, unknown>;
    return { ...rest, import: imported };
  }

  const evaluation = async (org: TestOrg) =>
    expectJson(await org.members.viewer.client.get(org.path("/evaluation?asOf=2025-09-10")), 200);

  it("imports what reading the complete file imports, without reading it again", async () => {
    const early = await createOrg(server, "Early Reader");
    const late = await createOrg(server, "Late Reader");
    const reads = countReads();
    try {
      const a = await importUsage(early, { declared: true });
      expect(reads.count).toBe(0);
      // No declared length: read once complete, as before.
      const b = await importUsage(late, { declared: false });
      expect(reads.count).toBe(1);
      expect(a.job.state).toBe("done");
      expect(a.job.repeats?.repeated).toBe(2);
      expect(outcome(a.job)).toEqual(outcome(b.job));
      expect(a.uploaded.preview).toEqual(b.uploaded.preview);
      expect(await evaluation(early)).toEqual(await evaluation(late));
    } finally {
      reads.restore();
    }
  });

  it("uses the early read for the mapping the preview proposes, and reads again for another", async () => {
    const org = await createOrg(server, "Mapped Early");
    const reads = countReads();
    try {
      // What the browser sends without a change: every matched column with the header it matched.
      const uploadedFirst = await expectJson<UploadBody>(
        await upload(org.admin.client, org.id, "azure-usage", "azure-usage.csv", csv, {
          headers: { "content-length": String(Buffer.byteLength(csv)) },
        }),
        201,
      );
      const proposed = Object.fromEntries(
        (uploadedFirst.preview?.columns ?? []).flatMap((c) =>
          c.header === null ? [] : [[c.name, c.header]],
        ),
      );
      expect(Object.keys(proposed).length).toBeGreaterThan(5);
      const started = await org.admin.client.post(org.path(`/uploads/${uploadedFirst.id}/import`), {
        mapping: proposed,
        confirmRepeats: true,
        confirmReplace: true,
      });
      const { jobId } = await expectJson<{ jobId: string }>(started, 202);
      expect((await waitForJob(org.admin.client, org.id, jobId)).state).toBe("done");
      expect(reads.count).toBe(0);

      // ACR_USD read from another column: not what was read early, so read again (and refused).
      const other = await importUsage(org, { declared: true, mapping: { ACR_USD: "OfferType" } });
      expect(reads.count).toBe(1);
      expect(other.job.state).toBe("failed");
      expect(other.job.problems?.[0]).toMatchObject({ column: "OfferType", line: 2 });
    } finally {
      reads.restore();
    }
  });

  it("leaves nothing behind when the upload fails half way, and reads the next one", async () => {
    const org = await createOrg(server, "Broken Uploads");
    const before = await storedFiles();
    const half = Buffer.from(csv.slice(0, Math.floor(csv.length / 2)));
    const body = new Readable({
      read() {
        this.push(half);
        this.destroy(new Error("the connection was lost"));
      },
    });
    await expect(
      storeUpload(server.ctx, org.id, "azure-usage", "azure-usage.csv", body, null, Buffer.byteLength(csv)),
    ).rejects.toThrow("the connection was lost");
    expect(await storedFiles()).toEqual(before);
    expect(await server.db.query("select id from uploads where org_id = $1", [org.id])).toEqual([]);

    // The reading process that read the broken upload reads the next one as it arrives.
    const reads = countReads();
    try {
      const next = await importUsage(org, { declared: true });
      expect(next.job.state).toBe("done");
      expect(reads.count).toBe(0);
    } finally {
      reads.restore();
    }
  });

  it("evaluates after an import with its summaries held as with them read back", async () => {
    const org = await createOrg(server, "After Import");
    expect((await importUsage(org, { declared: true })).job.state).toBe("done");
    // A second file with the rows of one month only, its amounts doubled: that month is replaced, the
    // others stay the first import's. The commit evaluates "after" with its summaries held in memory.
    const [header, ...rows] = csv.trimEnd().split("\n");
    const second = [
      header,
      ...rows
        .filter((row) => row.split(",")[2] === "2025-07")
        .map((row) => row.replace(/,([0-9.]+)$/, (_, acr: string) => `,${(Number(acr) * 2).toFixed(2)}`)),
    ].join("\n");
    const res = await upload(org.admin.client, org.id, "azure-usage", "azure-usage.csv", `${second}\n`);
    const uploaded = await expectJson<UploadBody>(res, 201);
    const started = await org.admin.client.post(org.path(`/uploads/${uploaded.id}/import`), {
      mapping: {},
      confirmRepeats: true,
      confirmReplace: true,
    });
    const { jobId } = await expectJson<{ jobId: string }>(started, 202);
    const job = await waitForJob(org.admin.client, org.id, jobId);
    expect(job.state).toBe("done");
    const importId = (job.import as { id: string }).id;
    const months = (await repositories(server.db).imports.effectiveUsageMonths(org.id)).filter(
      (m) => m.importId === importId,
    );
    expect(months.map((m) => m.month)).toEqual(["2025-07"]);
    const held = {
      importId,
      months: new Map(months.map((m) => [m.month, usageSummaryFromJson(m.summary as UsageSummaryJson)])),
    };
    const program = server.ctx.program;
    const readBack = await loadReadinessInputs(server.db, program, org.id);
    const withHeld = await loadReadinessInputs(server.db, program, org.id, held);
    expect(withHeld).toEqual(readBack);
    // The held month is the second import's, not the first's: its amounts doubled.
    const july = (inputs: typeof readBack) =>
      [...(inputs.usage?.customers.values() ?? [])].map((c) => c.eligible.get("2025-07"));
    expect(july(withHeld)).toEqual(july(readBack));
    expect(july(withHeld).some((amount) => amount !== undefined)).toBe(true);
    // Without the held summaries the month is missing, and so are its rows.
    const without = await loadReadinessInputs(server.db, program, org.id, { importId, months: new Map() });
    expect(without.usage?.rowCount).toBeLessThan(readBack.usage?.rowCount as number);
  });

  it("keeps at most three complete reads an organization has not imported: the oldest is read again", async () => {
    const org = await createOrg(server, "Many Uploads");
    const declared = { headers: { "content-length": String(Buffer.byteLength(csv)) } };
    const uploads: UploadBody[] = [];
    for (let k = 0; k <= EARLY_READ_BOUNDS.keptPerOrg; k++) {
      uploads.push(
        await expectJson<UploadBody>(
          await upload(org.admin.client, org.id, "azure-usage", "azure-usage.csv", csv, declared),
          201,
        ),
      );
      // Each read done before the next upload: one arriving while every reading process is busy is
      // not read early (it would be too late to help), which is not what this test is about.
      await expect.poll(() => server.ctx.readers.busy, { timeout: 20_000 }).toBe(0);
    }
    const importUpload = async (uploaded: UploadBody) => {
      const started = await org.admin.client.post(org.path(`/uploads/${uploaded.id}/import`), {
        mapping: {},
        confirmRepeats: true,
        confirmReplace: true,
      });
      const { jobId } = await expectJson<{ jobId: string }>(started, 202);
      return waitForJob(org.admin.client, org.id, jobId);
    };
    const reads = countReads();
    try {
      // The newest three were kept; the first was dropped when the fourth arrived.
      const newest = await importUpload(uploads[EARLY_READ_BOUNDS.keptPerOrg] as UploadBody);
      expect(reads.count).toBe(0);
      expect(newest.state).toBe("done");
      const afterNewest = await evaluation(org);
      // The same file again, read from disk this time: the same figures.
      const oldest = await importUpload(uploads[0] as UploadBody);
      expect(reads.count).toBe(1);
      expect(oldest.state).toBe("done");
      expect(await evaluation(org)).toEqual(afterNewest);
    } finally {
      reads.restore();
    }
  });

  it("reads uploads as they arrive on every reading process but one, two of an organization at most", async () => {
    expect([1, 2, 3, 4, 16].map(earlyReadsAtOnce)).toEqual([0, 1, 2, 3, EARLY_READ_BOUNDS.reading]);
    // Four processes: three reads as files arrive, two of them of one organization.
    const wide = server.withConfig({ readerThreads: 4 });
    const [org, other, third] = [
      await createOrg(server, "Parallel Uploads"),
      await createOrg(server, "Other Uploads"),
      await createOrg(server, "Third Uploads"),
    ];
    const feeds: NonNullable<ReturnType<typeof startEarlyRead>>[] = [];
    /** Starts the read of an upload arriving (an empty file for now: its read waits for bytes). */
    const start = async (on: TestServer, orgId: string, k: number) => {
      const partial = join(server.dataDir, `bounds-${k}.partial`);
      await writeFile(partial, "");
      const feed = startEarlyRead(
        on.ctx,
        orgId,
        { id: `bounds-${orgId}-${k}`, kind: "azure-usage", fileName: `usage-${k}.csv` },
        { partial, complete: join(server.dataDir, `bounds-${k}`) },
        EARLY_READ_MIN_BYTES,
      );
      if (feed !== undefined) feeds.push(feed);
      return feed !== undefined;
    };
    /** Once a read abandoned has stopped (its process answers), another may start. */
    const startOnceFree = async (on: TestServer, orgId: string, k: number) => {
      for (let waited = 0; waited < 10_000; waited += 20) {
        if (await start(on, orgId, k)) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    };
    try {
      expect(await start(wide, org.id, 1)).toBe(true);
      expect(await start(wide, org.id, 2)).toBe(true);
      // A third upload of the same organization is stored without an early read; another's is read...
      expect(await start(wide, org.id, 3)).toBe(false);
      expect(await start(wide, other.id, 4)).toBe(true);
      // ...but not a fourth at once: the last process is left for previews and imports.
      expect(await start(wide, third.id, 5)).toBe(false);
      // Once one of them has stopped, the organization's next upload is read again.
      feeds[0]?.ended(false);
      expect(await startOnceFree(wide, org.id, 6)).toBe(true);
      for (const feed of feeds.splice(0)) feed.ended(false);
      // Two processes (the test server's, as by default): one read at a time, whoever uploads.
      expect(await start(server, org.id, 7)).toBe(true);
      expect(await start(server, other.id, 8)).toBe(false);
      feeds[0]?.ended(false);
      expect(await startOnceFree(server, other.id, 9)).toBe(true);
    } finally {
      // Abandoned, they hold no place for the tests after this one (ending one twice is harmless).
      for (const feed of feeds) feed.ended(false);
      await wide.ctx.readers.close();
    }
  });

  it("leaves another organization a reading process while uploads stall as they arrive", async () => {
    const org = await createOrg(server, "Stalled Uploads");
    const other = await createOrg(server, "Waiting Partner");
    const stalls: ReadableStreamDefaultController<Uint8Array>[] = [];
    const stalled = (k: number) =>
      org.admin.client.request(
        org.path(`/uploads?${new URLSearchParams({ kind: "azure-usage", fileName: `stalled-${k}.csv` })}`),
        {
          method: "POST",
          // The first 200 KB of a file that declares more, and then nothing (a slow line, or a client
          // that stalls): its read holds a reading process while it waits for the rest.
          body: new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(Buffer.from(csv.slice(0, 200_000)));
              stalls.push(controller);
            },
          }),
          headers: {
            "content-type": "application/octet-stream",
            "content-length": String(Buffer.byteLength(csv)),
          },
        },
      );
    const held = [stalled(1), stalled(2)];
    try {
      await until(() => server.ctx.readers.busy >= 1, "a stalled upload's read holds a process");
      // The other organization's upload and its preview are read on the process left.
      const uploadAndPreview = async () => {
        const small = await expectJson<UploadBody>(
          await upload(
            other.admin.client,
            other.id,
            "certifications",
            "certifications.csv",
            certificationsCsv(),
          ),
          201,
        );
        return (await other.admin.client.get(other.path(`/uploads/${small.id}`))).status;
      };
      const outcome = await Promise.race([
        uploadAndPreview(),
        new Promise<string>((resolve) => setTimeout(() => resolve("still waiting after 15 s"), 15_000)),
      ]);
      expect(outcome).toBe(200);
      expect(server.ctx.readers.busy).toBe(1);
    } finally {
      for (const controller of stalls) controller.error(new Error("the test is over"));
      await Promise.allSettled(held);
    }
  });

  it("refuses a body over the limit that declared less, leaving no file and no import", async () => {
    const org = await createOrg(server, "Liars Inc");
    const limit = EARLY_READ_MIN_BYTES + 1024;
    const small = server.withConfig({ uploadLimitBytes: limit });
    const admin = small.as(org.admin.client.credentials);
    const before = await storedFiles();
    const res = await upload(admin, org.id, "azure-usage", "azure-usage.csv", csv, {
      headers: { "content-length": String(limit) },
    });
    expect(`${res.status} ${await errorCode(res)}`).toBe("413 upload.too_large");
    expect(await storedFiles()).toEqual(before);
    expect(await server.db.query("select id from uploads where org_id = $1", [org.id])).toEqual([]);
    expect(await server.db.query("select id from imports where org_id = $1", [org.id])).toEqual([]);
  });
});
