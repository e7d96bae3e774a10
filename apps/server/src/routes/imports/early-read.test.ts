import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { type UsageSummaryJson, usageSummaryFromJson } from "@specready/core";
import { repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EARLY_READ_BOUNDS, EARLY_READ_MIN_BYTES, startEarlyRead } from "../../services/early-reads.js";
import { loadReadinessInputs } from "../../services/evaluation-service.js";
import { storeUpload } from "../../services/import-service.js";
import {
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

  it("reads no more than two uploads of an organization at once as they arrive", async () => {
    const org = await createOrg(server, "Parallel Uploads");
    const other = await createOrg(server, "Other Uploads");
    const start = (orgId: string, k: number) =>
      startEarlyRead(
        server.ctx,
        orgId,
        { id: `bounds-${orgId}-${k}`, kind: "azure-usage", fileName: `usage-${k}.csv` },
        {
          partial: join(server.dataDir, `bounds-${k}.partial`),
          complete: join(server.dataDir, `bounds-${k}`),
        },
        EARLY_READ_MIN_BYTES,
      );
    const feeds: (ReturnType<typeof start> | undefined)[] = [];
    try {
      const first = start(org.id, 1);
      const second = start(org.id, 2);
      feeds.push(first, second);
      expect(first).toBeDefined();
      expect(second).toBeDefined();
      // A third upload of the same organization is stored without an early read; another's is read.
      const third = start(org.id, 3);
      feeds.push(third);
      expect(third).toBeUndefined();
      const others = start(other.id, 4);
      feeds.push(others);
      expect(others).toBeDefined();
      // Once one of them ends, the organization's next upload is read again.
      first?.ended(false);
      const fourth = start(org.id, 5);
      feeds.push(fourth);
      expect(fourth).toBeDefined();
    } finally {
      // Abandoned, they hold no place for the tests after this one (ending one twice is harmless).
      for (const feed of feeds) feed?.ended(false);
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
