import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ImportKindName, importKinds } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { loadDataDir } from "@specready/ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkJson as checkCli, dataFolder } from "../../test-support/check-json.js";
import {
  certificationsCsv,
  createOrg,
  createToken,
  errorCode,
  expectJson,
  type ImportBody,
  importFile,
  type JobBody,
  orgState,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
  type UploadBody,
  upload,
  waitForJob,
} from "../../test-support/test-server.js";

const examples = fileURLToPath(new URL("../../../../../examples/contract-examples/", import.meta.url));

interface ContractCase {
  readonly name: string;
  readonly dir: string;
  readonly asOf: string;
  readonly exit: number;
  readonly expected: Record<string, unknown> | null;
  readonly mention: string[];
  /** The data files with the kind their name gives, in the order `specready check` reads them. */
  readonly files: { kind: ImportKindName; fileName: string; path: string }[];
}

async function contractCases(): Promise<ContractCase[]> {
  const cases: ContractCase[] = [];
  for (const name of (await readdir(examples)).sort()) {
    const dir = join(examples, name, "data");
    const spec = JSON.parse(await readFile(join(examples, name, "case.json"), "utf8"));
    const files = (await readdir(dir)).sort().map((fileName) => {
      const kind = basename(fileName, extname(fileName)).toLowerCase() as ImportKindName;
      if (!importKinds.includes(kind)) throw new Error(`${name}/data/${fileName}: not named after a kind`);
      return { kind, fileName, path: join(dir, fileName) };
    });
    files.sort((x, y) => importKinds.indexOf(x.kind) - importKinds.indexOf(y.kind));
    cases.push({ name, dir, ...spec, files });
  }
  return cases;
}

const readyDir = join(examples, "ready", "data");
const readyUsage = () => readFile(join(readyDir, "azure-usage.csv"), "utf8");

/** Lines of a CSV text, changed by `edit` (line numbers as editors count them: the header is line 1). */
function editLines(csv: string, edit: (line: string, lineNumber: number) => string | undefined): string {
  return csv
    .split("\n")
    .flatMap((line, i) => {
      if (line === "") return [line];
      const changed = edit(line, i + 1);
      return changed === undefined ? [] : [changed];
    })
    .join("\n");
}

describe.each(testBackends)("imports on %s", (backend) => {
  let server: TestServer;
  let work: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    work = await mkdtemp(join(tmpdir(), "specready-import-test-"));
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const checkJson = (dir: string, asOf: string) => checkCli(server.ctx.programs, dir, asOf);
  /** A data folder holding these files, for the CLI's side. */
  const folder = (name: string, files: Record<string, string>) => dataFolder(work, name, files);

  const evaluation = async (org: TestOrg, asOf = "2025-09-10") =>
    expectJson(await org.members.viewer.client.get(org.path(`/evaluation?asOf=${asOf}`)), 200);
  const imports = async (org: TestOrg) =>
    expectJson<ImportBody[]>(await org.members.viewer.client.get(org.path("/imports")), 200);
  const uploadsDir = () => join(server.dataDir, "uploads");
  const storedFiles = async () => (existsSync(uploadsDir()) ? (await readdir(uploadsDir())).sort() : []);

  describe("the contract examples", async () => {
    const cases = await contractCases();
    it("are all here", () => {
      expect(cases.map((c) => c.name)).toEqual(["bad-input", "gaps", "ready"]);
    });

    for (const c of cases.filter((x) => x.expected !== null)) {
      it(`${c.name}: after importing its files the evaluation is the JSON of specready check --as-of ${c.asOf}`, async () => {
        const org = await createOrg(server, `Contract ${c.name}`);
        for (const f of c.files) {
          const { job } = await importFile(
            org.members.contributor.client,
            org.id,
            f.kind,
            f.fileName,
            await readFile(f.path),
          );
          expect(`${f.fileName}: ${job.state}`).toBe(`${f.fileName}: done`);
        }
        const served = await evaluation(org, c.asOf);
        expect(served).toEqual(await checkJson(c.dir, c.asOf));
        // And the figures the contract example states.
        expect(served).toMatchObject(c.expected as object);
        const dashboard = await expectJson<{ evaluation: unknown; charts: unknown }>(
          await org.members.auditor.client.get(org.path(`/dashboard?asOf=${c.asOf}`)),
          200,
        );
        expect(dashboard.evaluation).toEqual(served);
      });
    }

    for (const c of cases.filter((x) => x.expected === null)) {
      it(`${c.name}: the import fails with the problems specready check reports, and imports nothing`, async () => {
        const org = await createOrg(server, `Contract ${c.name}`);
        const before = await evaluation(org, c.asOf);
        const loaded = await loadDataDir(c.dir, server.ctx.program);
        expect(loaded.ok).toBe(false);
        const problems = [];
        for (const f of c.files) {
          const { job } = await importFile(
            org.admin.client,
            org.id,
            f.kind,
            f.fileName,
            await readFile(f.path),
          );
          expect(job.state).toBe("failed");
          problems.push(...(job.problems ?? []));
        }
        expect(problems).toEqual(loaded.ok ? [] : loaded.problems);
        const text = JSON.stringify(problems);
        for (const word of c.mention) expect(text).toContain(word);
        expect(await imports(org)).toEqual([]);
        expect(await evaluation(org, c.asOf)).toEqual(before);
      });
    }
  });

  it("stores an upload before answering, with its preview, and imports nothing yet", async () => {
    const org = await createOrg(server, "Preview Partners");
    const content = await readFile(join(readyDir, "certifications.csv"));
    const res = await upload(
      org.members.contributor.client,
      org.id,
      "certifications",
      "certifications.csv",
      content,
    );
    const body = await expectJson<UploadBody>(res, 201);
    expect(body).toMatchObject({
      kind: "certifications",
      fileName: "certifications.csv",
      size: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
    });
    expect(await readFile(join(uploadsDir(), body.id))).toEqual(content);

    const lines = content.toString("utf8").trim().split("\n");
    expect(body.preview.header).toEqual(lines[0]?.split(","));
    expect(body.preview.rows).toEqual(lines.slice(1).map((l) => l.split(",")));
    expect(body.preview.missingRequired).toEqual([]);
    expect(body.preview.savedMapping).toBe(false);
    const byName = Object.fromEntries(body.preview.columns.map((col) => [col.name, col]));
    expect(byName.PersonId).toMatchObject({ required: true, header: "PersonId", matchedBy: "name" });
    expect(byName.Certification).toMatchObject({
      required: true,
      header: "Certification",
      matchedBy: "name",
    });

    expect(await imports(org)).toEqual([]);
    const { createdAt, ...again } = await expectJson<UploadBody & { createdAt: string }>(
      await org.members.contributor.client.get(org.path(`/uploads/${body.id}`)),
      200,
    );
    expect(again).toEqual(body);
    expect(Date.parse(createdAt)).not.toBeNaN();

    // A file that is not a table is refused with its problem.
    const notATable = await upload(
      org.admin.client,
      org.id,
      "certifications",
      "photo.csv",
      new Uint8Array([0, 159, 146, 150, 0, 1]),
    );
    const refused = await expectJson<{ error: { code: string; problems: { file: string }[] } }>(
      notATable,
      422,
    );
    expect(refused.error.code).toBe("import.invalid");
    expect(refused.error.problems[0]?.file).toBe("photo.csv");
    const empty = await upload(org.admin.client, org.id, "certifications", "empty.csv", "");
    expect(`${empty.status} ${await errorCode(empty)}`).toBe("422 upload.empty");
  });

  it("maps a renamed column, remembers the mapping and pre-maps the next file with that header", async () => {
    const org = await createOrg(server, "Mapping Partners");
    const original = await readyUsage();
    const renamed = editLines(original, (line, n) =>
      n === 1 ? line.replace(/ACR_USD$/, "Revenue (USD)") : line,
    );
    expect(renamed).not.toBe(original);
    const contributor = org.members.contributor.client;

    const first = await expectJson<UploadBody>(
      await upload(contributor, org.id, "azure-usage", "azure-usage.csv", renamed),
      201,
    );
    expect(first.preview.missingRequired).toContain("ACR_USD");
    expect(first.preview.columns.find((col) => col.name === "ACR_USD")).toMatchObject({
      header: null,
      matchedBy: null,
    });
    expect(first.preview.savedMapping).toBe(false);

    const mapping = { ACR_USD: "Revenue (USD)" };
    const tried = await expectJson<UploadBody>(
      await contributor.get(
        org.path(`/uploads/${first.id}?mapping=${encodeURIComponent(JSON.stringify(mapping))}`),
      ),
      200,
    );
    expect(tried.preview.missingRequired).toEqual([]);
    expect(tried.preview.columns.find((col) => col.name === "ACR_USD")).toMatchObject({
      header: "Revenue (USD)",
      matchedBy: "mapping",
    });
    // Mappings that cannot be right are refused, naming what is wrong.
    const unknown = await contributor.get(
      org.path(`/uploads/${first.id}?mapping=${encodeURIComponent('{"ACR":"x"}')}`),
    );
    const issues = (await expectJson<{ error: { issues: { path: string }[] } }>(unknown, 400)).error.issues;
    expect(issues.map((i) => i.path)).toEqual(["mapping.ACR"]);
    expect((await contributor.get(org.path(`/uploads/${first.id}?mapping=not-json`))).status).toBe(400);

    // Without the mapping the import fails on the missing column, and the upload stays for a retry.
    const unmapped = await expectJson<{ jobId: string }>(
      await contributor.post(org.path(`/uploads/${first.id}/import`), {}),
      202,
    );
    const failed = await waitForJob(contributor, org.id, unmapped.jobId);
    expect(failed.state).toBe("failed");
    expect(JSON.stringify(failed.problems)).toContain("ACR_USD");
    expect(await imports(org)).toEqual([]);

    const started = await expectJson<{ jobId: string }>(
      await contributor.post(org.path(`/uploads/${first.id}/import`), { mapping }),
      202,
    );
    const job = await waitForJob(contributor, org.id, started.jobId);
    expect(job).toMatchObject({ state: "done", bytesDone: first.size, bytesTotal: first.size, rows: 40 });
    expect(job.import).toMatchObject({ kind: "azure-usage", mapping, status: "active", rows: 40 });
    expect(job.import?.months).toEqual(["2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]);
    // The upload is used up.
    expect((await contributor.get(org.path(`/uploads/${first.id}`))).status).toBe(404);
    expect(await storedFiles()).not.toContain(first.id);

    expect(await expectJson(await contributor.get(org.path("/column-mappings")), 200)).toEqual({
      "azure-usage": mapping,
    });
    const second = await expectJson<UploadBody>(
      await upload(org.admin.client, org.id, "azure-usage", "azure-usage.csv", renamed),
      201,
    );
    expect(second.preview.savedMapping).toBe(true);
    expect(second.preview.missingRequired).toEqual([]);
    expect(second.preview.columns.find((col) => col.name === "ACR_USD")).toMatchObject({
      header: "Revenue (USD)",
      matchedBy: "mapping",
    });

    // The data is the same as the file with the usual header.
    expect(await evaluation(org)).toEqual(
      await checkJson(await folder("mapping-original", { "azure-usage.csv": original }), "2025-09-10"),
    );
    const created = (
      await expectJson<{ entries: { action: string; details: Record<string, unknown> }[] }>(
        await org.admin.client.get(org.path("/activity?action=import.created")),
        200,
      )
    ).entries;
    expect(created).toHaveLength(1);
    expect(created[0]?.details).toMatchObject({ kind: "azure-usage", mapping, rows: 40 });
  });

  it("fails a file with bad rows listing every problem (file, line, column) and imports nothing", async () => {
    const org = await createOrg(server, "Broken Rows Ltd");
    const { job: ok } = await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "certifications.csv",
      certificationsCsv("DP-100"),
    );
    expect(ok.state).toBe("done");
    const listBefore = await imports(org);
    const evaluationBefore = await evaluation(org);

    const bad = editLines(await readyUsage(), (line, n) => {
      const cells = line.split(",");
      if (n === 5) cells[15] = '"12,34"';
      if (n === 9) cells[2] = "2025-13";
      if (n === 14) cells[15] = "lots";
      return cells.join(",");
    });
    const uploaded = await expectJson<UploadBody>(
      await upload(org.admin.client, org.id, "azure-usage", "azure-usage.csv", bad),
      201,
    );
    await server.idle();
    const stateBefore = await orgState(server.db, org.id);
    const started = await expectJson<{ jobId: string }>(
      await org.admin.client.post(org.path(`/uploads/${uploaded.id}/import`), {}),
      202,
    );
    const job: JobBody = await waitForJob(org.admin.client, org.id, started.jobId);
    expect(job.state).toBe("failed");
    expect(job.import).toBeUndefined();
    const problems = job.problems ?? [];
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual([
      "azure-usage.csv:5:ACR_USD",
      "azure-usage.csv:9:Month",
      "azure-usage.csv:14:ACR_USD",
    ]);
    expect(job.problemTotal).toBe(3);
    expect(job.message).toBe("azure-usage.csv has 3 problems; nothing was imported.");
    // The same problems as specready check on the same file.
    const cli = await loadDataDir(await folder("bad-rows", { "azure-usage.csv": bad }), server.ctx.program);
    expect(cli.ok ? [] : cli.problems).toEqual(problems);

    expect(await imports(org)).toEqual(listBefore);
    expect(await evaluation(org)).toEqual(evaluationBefore);
    // Nothing changed but the activity log, which says why the import failed, without the file's text.
    const { activity: logBefore, ...restBefore } = stateBefore;
    const { activity: logAfter, ...restAfter } = await orgState(server.db, org.id);
    expect(restAfter).toEqual(restBefore);
    expect(logAfter).toHaveLength((logBefore ?? []).length + 1);
    const failed = await expectJson<{ entries: { summary: string; details: Record<string, unknown> }[] }>(
      await org.admin.client.get(org.path("/activity?action=import.failed")),
      200,
    );
    expect(failed.entries.map((e) => e.summary)).toEqual([
      "Could not import azure-usage.csv (azure-usage): 3 problems (cell.number ×2, cell.month); nothing was imported",
    ]);
    expect(failed.entries[0]?.details).toMatchObject({
      reason: "import.problems",
      problemTotal: 3,
      problemCodes: { "cell.number": 2, "cell.month": 1 },
      firstProblems: [
        { code: "cell.number", line: 5 },
        { code: "cell.month", line: 9 },
        { code: "cell.number", line: 14 },
      ],
    });
    const logged = JSON.stringify(failed.entries);
    for (const content of ["12,34", "2025-13", "lots"]) expect(logged).not.toContain(content);
  });

  it("imports an upload once, however often the import is asked for (a double click)", async () => {
    const org = await createOrg(server, "Double Click Ltd");
    const admin = org.admin.client;
    const uploaded = await expectJson<UploadBody>(
      await upload(admin, org.id, "certifications", "certifications.csv", certificationsCsv("DP-100")),
      201,
    );
    const asked = await Promise.all(
      [1, 2].map(() => admin.post(org.path(`/uploads/${uploaded.id}/import`), {})),
    );
    const jobs: JobBody[] = [];
    for (const res of asked) {
      if (res.status === 404) continue;
      jobs.push(await waitForJob(admin, org.id, (await expectJson<{ jobId: string }>(res, 202)).jobId));
    }
    expect(jobs.filter((j) => j.state === "done")).toHaveLength(1);
    for (const j of jobs.filter((x) => x.state !== "done")) {
      expect(j).toMatchObject({ state: "failed", message: "certifications.csv was imported already." });
    }
    expect(await imports(org)).toHaveLength(1);
    const log = await expectJson<{ entries: unknown[] }>(
      await admin.get(org.path("/activity?action=import.created")),
      200,
    );
    expect(log.entries).toHaveLength(1);
  });

  it("imports with a contributor's API token, naming the token as who imported", async () => {
    const org = await createOrg(server, "Scripted Imports");
    const token = await createToken(org, "contributor", "nightly export");
    const { job } = await importFile(
      token.client,
      org.id,
      "certifications",
      "certifications.csv",
      certificationsCsv(),
    );
    expect(job.state).toBe("done");
    expect(job.import?.createdBy).toEqual({ id: token.id, name: 'API token "nightly export"' });
    const log = await expectJson<{ entries: { actor: unknown }[] }>(
      await org.admin.client.get(org.path("/activity?action=import.created")),
      200,
    );
    expect(log.entries.map((e) => e.actor)).toEqual([
      { kind: "token", id: token.id, name: 'API token "nightly export"' },
    ]);
    // Revoking the token keeps the record of what it imported.
    await expectJson(await org.admin.client.delete(org.path(`/tokens/${token.id}`)), 200);
    expect((await imports(org)).map((i) => i.createdBy)).toEqual([
      { id: token.id, name: 'API token "nightly export"' },
    ]);
  });

  it("refuses an upload over the limit with 413 and leaves no file behind", async () => {
    const org = await createOrg(server, "Big Files Inc");
    const small = server.withConfig({ uploadLimitBytes: 1024 });
    const admin = small.as(org.admin.client.credentials);
    const before = await storedFiles();
    const big = "x".repeat(1025);
    // Told by Content-Length, or found while streaming a body that does not say its length.
    for (const headers of [{ "content-length": String(big.length) }, {}] as Record<string, string>[]) {
      const res = await upload(admin, org.id, "certifications", "big.csv", big, { headers });
      expect(`${res.status} ${await errorCode(res)}`).toBe("413 upload.too_large");
    }
    expect(await storedFiles()).toEqual(before);
    const rows = await server.db.query("select id from uploads where org_id = $1", [org.id]);
    expect(rows).toEqual([]);

    // At the limit is fine.
    const atLimit = certificationsCsv("DP-100").padEnd(1024, " ");
    expect((await upload(admin, org.id, "certifications", "fits.csv", atLimit)).status).toBe(201);
  });

  it("keeps only the base name of a path-like file name", async () => {
    const org = await createOrg(server, "Path Names");
    const cases: [string, string][] = [
      ["../../etc/passwd", "passwd"],
      ["C:\\Users\\ada\\Downloads\\certifications.csv", "certifications.csv"],
      ["..", "upload"],
    ];
    for (const [given, kept] of cases) {
      const res = await upload(org.admin.client, org.id, "certifications", given, certificationsCsv());
      const body = await expectJson<UploadBody>(res, 201);
      expect(body.fileName).toBe(kept);
      expect(existsSync(join(uploadsDir(), body.id))).toBe(true);
    }
    expect(existsSync(join(server.dataDir, "..", "etc", "passwd"))).toBe(false);
    for (const name of await storedFiles()) expect(name).toMatch(/^[0-9a-f-]{36}$/);

    const { job } = await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "../../etc/passwd",
      certificationsCsv(),
    );
    expect(job.import?.fileName).toBe("passwd");
  });

  it("replaces only the months a new usage file covers, and an undo puts the previous data back", async () => {
    const org = await createOrg(server, "Monthly Partners");
    const contributor = org.members.contributor.client;
    const empty = await evaluation(org);
    const original = await readyUsage();
    const first = await importFile(contributor, org.id, "azure-usage", "azure-usage.csv", original);
    expect(first.job.import?.months).toEqual(["2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]);
    const afterFirst = await evaluation(org);

    // August again, with every amount halved.
    const august = editLines(original, (line, n) => {
      if (n === 1) return line;
      const cells = line.split(",");
      if (cells[2] !== "2025-08") return undefined;
      cells[15] = (Number(cells[15]) / 2).toFixed(2);
      return cells.join(",");
    });
    const second = await importFile(contributor, org.id, "azure-usage", "azure-usage.csv", august);
    expect(second.job.import?.months).toEqual(["2025-08"]);
    expect(second.job.import?.rows).toBe(8);

    // As if the one file held the other months and the new August.
    const combined =
      editLines(original, (line, n) => (n > 1 && line.split(",")[2] === "2025-08" ? undefined : line)) +
      august.split("\n").slice(1).join("\n");
    const afterSecond = await evaluation(org);
    expect(afterSecond).toEqual(
      await checkJson(await folder("months-combined", { "azure-usage.csv": combined }), "2025-09-10"),
    );
    expect(afterSecond).not.toEqual(afterFirst);
    const monthTotals = (e: unknown) =>
      ((e as { requirements: { id: string; details: { monthTotals: unknown } }[] }).requirements.find(
        (r) => r.id === "performance",
      )?.details.monthTotals ?? []) as { month: string; amountUsd: string }[];
    const [was, now] = [monthTotals(afterFirst), monthTotals(afterSecond)];
    expect(now.filter((m) => m.month !== "2025-08")).toEqual(was.filter((m) => m.month !== "2025-08"));
    expect(now.find((m) => m.month === "2025-08")?.amountUsd).not.toBe(
      was.find((m) => m.month === "2025-08")?.amountUsd,
    );

    const list = await imports(org);
    expect(list.map((i) => [i.id, i.status])).toEqual([
      [second.job.import?.id, "active"],
      [first.job.import?.id, "active"],
    ]);

    // Undo the August file: the first file's August is in effect again.
    const reverted = await expectJson<ImportBody>(
      await contributor.post(org.path(`/imports/${second.job.import?.id}/revert`)),
      200,
    );
    expect(reverted).toMatchObject({ id: second.job.import?.id, status: "reverted" });
    expect(await evaluation(org)).toEqual(afterFirst);
    const again = await contributor.post(org.path(`/imports/${second.job.import?.id}/revert`));
    expect(`${again.status} ${await errorCode(again)}`).toBe("409 import.already_reverted");

    // Undo the first: nothing is imported any more.
    await expectJson(await org.admin.client.post(org.path(`/imports/${first.job.import?.id}/revert`)), 200);
    expect(await evaluation(org)).toEqual(empty);
    const log = await expectJson<{ entries: { action: string; details: { importId: string } }[] }>(
      await org.admin.client.get(org.path("/activity?action=import.reverted")),
      200,
    );
    expect(log.entries.map((e) => e.details.importId)).toEqual([first.job.import?.id, second.job.import?.id]);
  });

  it("replaces a whole file of another kind, and an undo brings the previous one back", async () => {
    const org = await createOrg(server, "Certified Partners");
    await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "certifications.csv",
      certificationsCsv("DP-100"),
    );
    const one = await evaluation(org);
    const { job } = await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "certifications.csv",
      certificationsCsv("DP-100", "AI-102", "DP-100"),
    );
    const three = await evaluation(org);
    expect(three).toEqual(
      await checkJson(
        await folder("certs-three", {
          "certifications.csv": certificationsCsv("DP-100", "AI-102", "DP-100"),
        }),
        "2025-09-10",
      ),
    );
    expect(three).not.toEqual(one);
    await expectJson(await org.admin.client.post(org.path(`/imports/${job.import?.id}/revert`)), 200);
    expect(await evaluation(org)).toEqual(one);
  });
});
