/*
 * Hostile and malformed uploads (issues 10 and 17) through the import routes: the upload is refused with
 * 422 naming the file, the line and the problem (its preview reads the file as the import would), or,
 * when the problem is past the rows a preview reads, the import fails naming it; in every case the data
 * in effect is what it was, and no response echoes more than a bounded part of the file.
 */

import { testBackends } from "@specready/db/test-support";
import { DEFAULT_READ_LIMITS, parseReadLimits } from "@specready/ingest";
import {
  certificationsUtf16,
  certificationsWithBytes,
  oneLineCsv,
  truncatedUtf16Certifications,
  xlsxCellBeyondXfd,
  xlsxSharedStringsBomb,
  xlsxSheetBomb,
} from "@specready/ingest/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServerConfig } from "../../config/server-config.js";
import {
  certificationsCsv,
  createOrg,
  expectJson,
  importFile,
  orgState,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
  type UploadBody,
  upload,
  waitForJob,
} from "../../test-support/test-server.js";

const MB = 1024 * 1024;

interface Refusal {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly problems: { file: string; line?: number; column?: string; code: string; message: string }[];
  };
}

/** The organization's data in effect: its imports and their records, not pending uploads. */
async function dataInEffect(server: TestServer, org: TestOrg) {
  const { uploads: _pending, activity: _log, ...state } = await orgState(server.db, org.id);
  const evaluation = await expectJson(
    await org.members.viewer.client.get(org.path("/evaluation?asOf=2025-09-10")),
    200,
  );
  return { state, evaluation };
}

describe.each(testBackends)("hostile and malformed uploads on %s", (backend) => {
  let server: TestServer;
  let org: TestOrg;
  let before: Awaited<ReturnType<typeof dataInEffect>>;

  beforeAll(async () => {
    // Uploads up to 64 MB, so that the 50 MB files reach the reader (the default limit is 512 MB).
    server = await TestServer.start(backend, { config: { uploadLimitBytes: 64 * MB } });
    org = await createOrg(server, "Hostile Files Ltd");
    const { job } = await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "certifications.csv",
      certificationsCsv("DP-100", "AI-102", "AI-102"),
    );
    expect(job.state).toBe("done");
    before = await dataInEffect(server, org);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    [
      "a 50 MB line of a,a,a,…",
      "certifications.csv",
      () => oneLineCsv(50 * MB),
      1,
      /more than 1,000 columns/,
    ],
    ["a 5 MB line of a,a,a,…", "certifications.csv", () => oneLineCsv(5 * MB), 1, /more than 1,000 columns/],
    [
      "a 50 MB line without commas",
      "certifications.csv",
      () => oneLineCsv(50 * MB, false),
      1,
      /longer than 1 MB/,
    ],
    [
      "a header cell r=ZZZZZZ1",
      "certs.xlsx",
      () => xlsxCellBeyondXfd(),
      1,
      /ZZZZZZ1, beyond Excel's last cell XFD1048576/,
    ],
    [
      "shared strings unpacking to 1.26 GB",
      "certs.xlsx",
      () => xlsxSharedStringsBomb(),
      undefined,
      /xl\/sharedStrings\.xml .* 100 times/,
    ],
    [
      "a sheet unpacking to 1.26 GB",
      "certs.xlsx",
      () => xlsxSheetBomb(),
      undefined,
      /xl\/worksheets\/sheet1\.xml .* 100 times/,
    ],
    ["a UTF-16 file cut off mid-character", "certifications.csv", truncatedUtf16Certifications, 1, /cut off/],
    [
      "a Windows-1252 é",
      "certifications.csv",
      () => certificationsWithBytes(3, Buffer.from([0xe9])),
      3,
      /not UTF-8/,
    ],
    ["a NUL byte", "certifications.csv", () => certificationsWithBytes(2, Buffer.from([0])), 2, /NUL byte/],
  ])(
    "refuses %s with 422 naming the file and the problem",
    async (_name, fileName, content, line, problem) => {
      const bytes = content();
      const res = await upload(org.members.contributor.client, org.id, "certifications", fileName, bytes);
      const text = await res.text();
      expect(res.status).toBe(422);
      // A short answer whatever the file: never the file echoed back.
      expect(text.length).toBeLessThan(2_000);
      const body = JSON.parse(text) as Refusal;
      expect(body.error.code).toBe("import.invalid");
      expect(body.error.message).toBe(`${fileName} cannot be read.`);
      expect(body.error.problems).toHaveLength(1);
      const [p] = body.error.problems;
      expect(p?.file).toBe(fileName);
      expect(p?.line).toBe(line);
      expect(["file.limit", "file.encoding", "file.format"]).toContain(p?.code);
      expect(p?.message).toMatch(problem);
      expect(await dataInEffect(server, org)).toEqual(before);
    },
  );

  it("shows a long cell cut to 200 characters and says so", async () => {
    const csv = `${certificationsCsv("DP-100").trim()}\nlong@contoso.example,${"N".repeat(30_000)},AI-102,2025-03-03,,\n`;
    const uploaded = await expectJson<UploadBody & { preview: { truncated: boolean } }>(
      await upload(org.members.contributor.client, org.id, "certifications", "long.csv", csv),
      201,
    );
    expect(uploaded.preview.truncated).toBe(true);
    expect(uploaded.preview.rows[1]?.[1]).toBe(`${"N".repeat(199)}…`);
    expect(JSON.stringify(uploaded).length).toBeLessThan(5_000);
  });

  it("fails the import of a file whose problem is past the preview's rows, and changes nothing", async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `p${i}@contoso.example,Person ${i},DP-100,2025-03-03,,`,
    );
    const good = Buffer.from(
      `PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated\n${rows.join("\n")}\n`,
    );
    const at = good.indexOf("Person 30");
    const bad = Buffer.from(good);
    bad[at + 1] = 0xe9;
    const uploaded = await expectJson<UploadBody>(
      await upload(org.members.contributor.client, org.id, "certifications", "late.csv", bad),
      201,
    );
    const started = await expectJson<{ jobId: string }>(
      await org.members.contributor.client.post(org.path(`/uploads/${uploaded.id}/import`), {}),
      202,
    );
    const job = await waitForJob(org.members.contributor.client, org.id, started.jobId);
    expect(job).toMatchObject({ state: "failed", problemTotal: 1 });
    expect(job.problems).toEqual([
      expect.objectContaining({ file: "late.csv", line: 32, column: "PersonName", code: "file.encoding" }),
    ]);
    expect(await dataInEffect(server, org)).toEqual(before);
  });

  it("applies the row limits set for the server, and reads a whole UTF-16 file", async () => {
    const limited = server.withConfig({
      readLimits: { ...DEFAULT_READ_LIMITS, rows: { ...DEFAULT_READ_LIMITS.rows, certifications: 2 } },
    });
    const client = limited.as(org.members.contributor.client.credentials);
    const uploaded = await expectJson<UploadBody>(
      await upload(client, org.id, "certifications", "utf16.csv", certificationsUtf16()),
      201,
    );
    expect(uploaded.preview.rows.map((r) => r[1])).toEqual(["Zoë Müller", "Ana Souza", "Li Wei"]);
    const started = await expectJson<{ jobId: string }>(
      await client.post(org.path(`/uploads/${uploaded.id}/import`), {}),
      202,
    );
    const job = await waitForJob(client, org.id, started.jobId);
    expect(job.state).toBe("failed");
    expect(job.problems?.[0]).toMatchObject({ file: "utf16.csv", line: 4, code: "file.limit" });
    expect(job.problems?.[0]?.message).toMatch(/more than 2 data rows.*SPECREADY_MAX_ROWS_CERTIFICATIONS/);
    expect(await dataInEffect(server, org)).toEqual(before);
  });
});

describe("the server's read limits", () => {
  it("come from the environment as the CLI's do, and a wrong one stops the start", () => {
    const parsed = parseServerConfig({ SPECREADY_MAX_COLUMNS: "60", SPECREADY_XLSX_MAX_PART_MB: "100" });
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(parsed.config.readLimits).toEqual(
      (
        parseReadLimits({ SPECREADY_MAX_COLUMNS: "60", SPECREADY_XLSX_MAX_PART_MB: "100" }) as {
          limits: unknown;
        }
      ).limits,
    );
    expect(parsed.config.readLimits).toMatchObject({ maxColumns: 60, xlsxMaxPartBytes: 100 * MB });
    const defaults = parseServerConfig({});
    expect(defaults.ok && defaults.config.readLimits).toEqual(DEFAULT_READ_LIMITS);
    expect(parseServerConfig({ SPECREADY_MAX_ROWS_AUDIT_HISTORY: "lots", PORT: "x" })).toEqual({
      ok: false,
      problems: [
        'PORT="x": must be a whole number',
        'SPECREADY_MAX_ROWS_AUDIT_HISTORY="lots": is not a whole number from 1 to 100,000,000',
      ],
    });
  });
});
