import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { type RunningAzurite, startAzurite } from "./test-support/azurite.js";
import { BUILT, type Served, serve, serveRefused, stop } from "./test-support/serve-process.js";

/*
 * Several instances behind a load balancer behave as one: two real `specready serve` processes, each
 * with a data directory of its own, on one PostgreSQL database and one Azure Blob Storage container
 * (Azurite). Whatever is done through one is in effect on the other at the next request. Needs the built
 * command and TEST_DATABASE_URL; `.ci/run` sets both and SPECREADY_E2E_REQUIRED=1, so CI fails rather
 * than skips.
 */

const DATABASE = process.env.TEST_DATABASE_URL;
const REQUIRED = process.env.SPECREADY_E2E_REQUIRED === "1";
const RUNS = BUILT && DATABASE !== undefined && process.platform !== "win32";
const CERTIFICATIONS = fileURLToPath(
  new URL("../../../examples/contract-examples/gaps/data/certifications.csv", import.meta.url),
);

it.runIf(REQUIRED)("runs the two-instance test where it is required (CI)", () => {
  expect({ built: BUILT, TEST_DATABASE_URL: DATABASE !== undefined }).toEqual({
    built: true,
    TEST_DATABASE_URL: true,
  });
});

interface Login {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly orgId: string;
}

/** A request as a browser signed in with `login` sends it (cookie, CSRF token), or with a Bearer token. */
function call(
  server: Served,
  path: string,
  as: Login | { token: string },
  init: { method?: string; json?: unknown; body?: Uint8Array; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> =
    "token" in as
      ? { authorization: `Bearer ${as.token}` }
      : { cookie: as.cookie, "x-csrf-token": as.csrfToken };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.body !== undefined) {
    headers["content-type"] = init.contentType ?? "application/octet-stream";
    body = init.body as Uint8Array<ArrayBuffer>;
  }
  return fetch(`${server.url}/api${path}`, { method: init.method ?? "GET", headers, body });
}

async function signIn(server: Served, email: string, password: string): Promise<Login> {
  const res = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string; organizations: { id: string }[] };
  const cookie = (res.headers.getSetCookie()[0] ?? "").split(";")[0] as string;
  return { cookie, csrfToken: body.csrfToken, orgId: body.organizations[0]?.id as string };
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(status);
  return JSON.parse(text) as T;
}

/** Every entry of a ZIP file and its bytes; rejects when the archive is cut short or damaged. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error !== null || zip === undefined) return reject(error ?? new Error("no zip"));
      const entries = new Map<string, Buffer>();
      zip.on("error", reject);
      zip.on("end", () => resolve(entries));
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e !== null || stream === undefined) return reject(e ?? new Error("no stream"));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

interface EvidenceItem {
  id: string;
  title: string;
  artifactType: string;
  controls: string[];
  project: { id: string };
  note: string | null;
}

describe.skipIf(!RUNS)("several instances on one PostgreSQL database and one Blob container", () => {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  let admin: pg.Client;
  let azurite: RunningAzurite;
  let databaseUrl: string;
  let a: Served;
  let b: Served;
  let password: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const u = new URL(DATABASE as string);
    u.searchParams.set("options", `-c search_path=${schema}`);
    databaseUrl = u.toString();
    azurite = await startAzurite();
    const env = async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "specready-multi-"));
      dirs.push(dataDir);
      return {
        DATABASE_URL: databaseUrl,
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        SPECREADY_EVIDENCE_CONTAINER: "several-instances",
        // Each has its own data directory, as two containers do: nothing on one's disk is the other's.
        SPECREADY_DATA_DIR: dataDir,
        SPECREADY_DEMO: "1",
        SPECREADY_SECURITY_LOG: join(dataDir, "security.log"),
      };
    };
    // Started at once: the demo is seeded by one of them.
    [a, b] = await Promise.all([serve(await env()), serve(await env())]);
    password = (/with password (\S+)/.exec(a.output()) ??
      /with password (\S+)/.exec(b.output()))?.[1] as string;
    expect(password).toBeDefined();
  }, 240_000);

  afterAll(async () => {
    await stop(a);
    await stop(b);
    await azurite?.stop();
    if (admin !== undefined) {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("refuses a sign-out on one instance on the other at once", async () => {
    const login = await signIn(a, "admin@adatum.example", password);
    // B knows the session (and would have kept it, had it cached it)...
    expect((await call(b, "/session", login)).status).toBe(200);
    expect((await call(a, "/session", login, { method: "DELETE" })).status).toBe(204);
    // ...and refuses it the moment A has signed it out.
    expect((await call(b, "/session", login)).status).toBe(401);
    expect((await call(b, `/orgs/${login.orgId}/evidence`, login)).status).toBe(401);

    // Signed out everywhere on B: A refuses both of the person's sessions at once.
    const first = await signIn(a, "admin@adatum.example", password);
    const second = await signIn(b, "admin@adatum.example", password);
    expect((await call(a, "/session", first)).status).toBe(200);
    expect((await call(a, "/session", second)).status).toBe(200);
    expect((await call(b, "/session/sign-out-everywhere", second, { method: "POST" })).status).toBe(204);
    expect((await call(a, "/session", first)).status).toBe(401);
    expect((await call(a, "/session", second)).status).toBe(401);
  });

  it("refuses a token revoked on one instance on the other at once: nothing is created with it", async () => {
    const login = await signIn(b, "admin@adatum.example", password);
    const created = await json<{ id: string; token: string }>(
      await call(b, `/orgs/${login.orgId}/tokens`, login, {
        method: "POST",
        json: { name: "nightly script", role: "contributor" },
      }),
      201,
    );
    const token = { token: created.token };
    const items = await json<EvidenceItem[]>(await call(a, `/orgs/${login.orgId}/evidence`, token));
    const sample = items[0] as EvidenceItem;
    const note = (title: string) => ({
      kind: "note",
      note: "Written by a script",
      title,
      artifactType: sample.artifactType,
      projectId: sample.project.id,
      controls: sample.controls,
    });
    // The token works on both, and B has just seen it.
    await json(
      await call(b, `/orgs/${login.orgId}/evidence`, token, { method: "POST", json: note("Before") }),
      201,
    );

    expect(
      (await call(a, `/orgs/${login.orgId}/tokens/${created.id}`, login, { method: "DELETE" })).status,
    ).toBeLessThan(300);
    // Immediately after: refused on B, and what it tried to create is not there.
    const refused = await call(b, `/orgs/${login.orgId}/evidence`, token, {
      method: "POST",
      json: note("After"),
    });
    expect(refused.status).toBe(401);
    expect((await call(b, `/orgs/${login.orgId}/evidence`, token)).status).toBe(401);
    const titles = (await json<EvidenceItem[]>(await call(a, `/orgs/${login.orgId}/evidence`, login))).map(
      (i) => i.title,
    );
    expect(titles).toContain("Before");
    expect(titles).not.toContain("After");
  });

  /** Polls a job through `server` until it stops reading and saving. */
  async function settled(server: Served, login: Login, jobId: string, whileWaiting?: () => Promise<unknown>) {
    let job: { state: string; code?: string; message?: string } = { state: "reading" };
    for (let i = 0; i < 600 && (job.state === "reading" || job.state === "saving"); i++) {
      await whileWaiting?.();
      await new Promise((r) => setTimeout(r, 20));
      // Long-polled, as the web app does: on the instance running the job, answered at its next change;
      // on the other, after the half second in which the running one writes its progress.
      job = await json(await call(server, `/orgs/${login.orgId}/import-jobs/${jobId}?wait=3000`, login));
    }
    return job;
  }

  it("shows an import made through one instance in the other's evaluation at once; upload, import job, confirmation and cancelling work through either", async () => {
    const login = await signIn(a, "admin@adatum.example", password);
    const org = `/orgs/${login.orgId}`;
    const before = await json<{ inputs: { file: string }[] }>(await call(b, `${org}/evaluation`, login));
    expect(before.inputs.map((f) => f.file)).not.toContain("certifications-through-a.csv");

    // Received by A (in A's data directory and the shared container)...
    const upload = await json<{ id: string }>(
      await call(a, `${org}/uploads?kind=certifications&fileName=certifications-through-a.csv`, login, {
        method: "POST",
        body: await readFile(CERTIFICATIONS),
        contentType: "text/csv",
      }),
      201,
    );
    // ...previewed and imported through B, which has never seen the file; the job followed through A.
    await json(await call(b, `${org}/uploads/${upload.id}`, login));
    const { jobId } = await json<{ jobId: string }>(
      await call(b, `${org}/uploads/${upload.id}/import`, login, {
        method: "POST",
        json: { mapping: {}, rememberMapping: false },
      }),
      202,
    );
    // It replaces most of the demo's people: it waits for a confirmation, given through A, which reads
    // the upload again from the shared store (what B read is in B's memory).
    expect(await settled(a, login, jobId)).toMatchObject({
      state: "needs_confirmation",
      code: "import.confirm_replace",
    });
    await json(
      await call(a, `${org}/import-jobs/${jobId}/confirm`, login, {
        method: "POST",
        json: { confirmReplace: true },
      }),
      202,
    );
    // B asks for the evaluation all along: whatever it might keep from before the import is fresh.
    const done = await settled(b, login, jobId, () =>
      call(b, `${org}/evaluation`, login).then((r) => r.text()),
    );
    expect(done).toMatchObject({ state: "done" });

    // The very next request, on either instance, evaluates the data with the import.
    const [onA, onB] = await Promise.all([
      call(a, `${org}/evaluation`, login).then((r) => json<{ inputs: { file: string }[] }>(r)),
      call(b, `${org}/evaluation`, login).then((r) => json<{ inputs: { file: string }[] }>(r)),
    ]);
    expect(onA.inputs.map((f) => f.file)).toContain("certifications-through-a.csv");
    expect(onB).toEqual(onA);
    expect(onB).not.toEqual(before);

    // One person only: it would take away most of the people again. Started on A, cancelled through B.
    const [header, firstRow] = (await readFile(CERTIFICATIONS, "utf8")).split("\n");
    const small = await json<{ id: string }>(
      await call(a, `${org}/uploads?kind=certifications&fileName=one-person.csv`, login, {
        method: "POST",
        body: Buffer.from(`${header}\n${firstRow}\n`),
        contentType: "text/csv",
      }),
      201,
    );
    const second = await json<{ jobId: string }>(
      await call(a, `${org}/uploads/${small.id}/import`, login, {
        method: "POST",
        json: { rememberMapping: false },
      }),
      202,
    );
    expect(await settled(b, login, second.jobId)).toMatchObject({ state: "needs_confirmation" });
    const cancelled = await json<{ state: string }>(
      await call(b, `${org}/import-jobs/${second.jobId}/cancel`, login, { method: "POST" }),
    );
    expect(cancelled.state).toBe("cancelled");
    expect(await settled(a, login, second.jobId)).toMatchObject({ state: "cancelled" });
    // A, which read it, cannot confirm it any more; nothing of it was imported.
    expect(
      (
        await call(a, `${org}/import-jobs/${second.jobId}/confirm`, login, {
          method: "POST",
          json: { confirmReplace: true },
        })
      ).status,
    ).toBe(409);
    const after = await json<{ inputs: { file: string }[] }>(await call(b, `${org}/evaluation`, login));
    expect(after.inputs.map((f) => f.file)).not.toContain("one-person.csv");
  });

  it("serves evidence uploaded on one instance from the other, and the other's binder holds it whole", async () => {
    const login = await signIn(a, "admin@adatum.example", password);
    const org = `/orgs/${login.orgId}`;
    const sample = (await json<EvidenceItem[]>(await call(a, `${org}/evidence`, login)))[0] as EvidenceItem;
    const content = Buffer.from(
      `Architecture review for the several-instances test, ${randomBytes(16).toString("hex")}\n`.repeat(2000),
    );
    const params = new URLSearchParams({
      title: "Uploaded through A",
      artifactType: sample.artifactType,
      projectId: sample.project.id,
      controls: sample.controls.join(","),
      fileName: "review-through-a.txt",
    });
    const item = await json<{ id: string; currentRevision: { revision: number; sha256: string } }>(
      await call(a, `${org}/evidence/files?${params}`, login, { method: "POST", body: content }),
      201,
    );
    const sha256 = createHash("sha256").update(content).digest("hex");
    expect(item.currentRevision.sha256).toBe(sha256);

    const download = await call(
      b,
      `${org}/evidence/${item.id}/revisions/${item.currentRevision.revision}/content`,
      login,
    );
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);

    // The binder from B, with the evidence not approved yet: complete (it parses to its end) and with
    // every evidence file, the demo's and A's, byte for byte.
    const binder = await call(b, `${org}/audit/binder?pending=1`, login);
    expect(binder.status).toBe(200);
    const entries = await unzip(Buffer.from(await binder.arrayBuffer()));
    expect(entries.has("manifest.csv")).toBe(true);
    const hashes = new Set(
      [...entries.values()].map((bytes) => createHash("sha256").update(bytes).digest("hex")),
    );
    expect(hashes).toContain(sha256);
    const manifest = (entries.get("manifest.csv") as Buffer).toString("utf8");
    expect(manifest).toContain(sha256);
    // Every file the manifest names is in the binder with the SHA-256 it lists.
    for (const listed of manifest.matchAll(/\b[0-9a-f]{64}\b/g)) expect(hashes).toContain(listed[0]);
  });

  // Depends on branch `mutation` (issue 12, lost updates): an edit applies its fields to the row as it
  // is when written, not as the editor read it. Before that fix this test fails: in some of the twenty
  // rounds one of the two edits is lost (two to three of eight rounds, in runs on this branch).
  it("loses neither of two edits of one evidence item made at the same moment through both instances", async () => {
    const login = await signIn(a, "admin@adatum.example", password);
    const org = `/orgs/${login.orgId}`;
    const items = await json<EvidenceItem[]>(await call(a, `${org}/evidence`, login));
    const sample = items[0] as EvidenceItem;
    const target = await json<EvidenceItem>(
      await call(a, `${org}/evidence`, login, {
        method: "POST",
        json: {
          kind: "note",
          note: "Edited from both instances",
          title: "Edited twice at once",
          artifactType: sample.artifactType,
          projectId: sample.project.id,
          controls: sample.controls,
        },
      }),
      201,
    );
    // Two filings the program accepts (those of two demo items), switched between by one editor while
    // the other renames the item.
    const filings = [
      ...new Map(items.map((i) => [JSON.stringify([i.artifactType, [...i.controls].sort()]), i])).values(),
    ].slice(0, 2);
    expect(filings).toHaveLength(2);
    const lost: string[] = [];
    for (let round = 0; round < 20; round++) {
      const filing = filings[round % 2] as EvidenceItem;
      const title = `Renamed in round ${round}`;
      const [renamed, refiled] = await Promise.all([
        call(a, `${org}/evidence/${target.id}`, login, { method: "PATCH", json: { title } }),
        call(b, `${org}/evidence/${target.id}`, login, {
          method: "PATCH",
          json: { artifactType: filing.artifactType, controls: filing.controls },
        }),
      ]);
      expect([renamed.status, refiled.status]).toEqual([200, 200]);
      const now = await json<EvidenceItem>(await call(b, `${org}/evidence/${target.id}`, login));
      if (now.title !== title) lost.push(`round ${round}: the title "${title}" was lost (${now.title})`);
      if (JSON.stringify([...now.controls].sort()) !== JSON.stringify([...filing.controls].sort()))
        lost.push(
          `round ${round}: the controls ${filing.controls.join(",")} were lost (${now.controls.join(",")})`,
        );
    }
    expect(lost).toEqual([]);
  });

  it("refuses to start a third instance that would keep evidence in its own folder, saying what to set", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "specready-multi-"));
    dirs.push(dataDir);
    const refused = await serveRefused({
      DATABASE_URL: databaseUrl,
      SPECREADY_DATA_DIR: dataDir,
      SPECREADY_DEMO: "0",
    });
    expect(refused.code).toBe(2);
    expect(refused.output).toContain("another specready server uses this database");
    expect(refused.output).toContain("AZURE_STORAGE_CONNECTION_STRING");
    expect(refused.output).toContain("SPECREADY_STORAGE_SHARED=1");
    // Declared shared, but the folder is not the others' (they use Blob Storage): refused too.
    const mixed = await serveRefused({
      DATABASE_URL: databaseUrl,
      SPECREADY_DATA_DIR: dataDir,
      SPECREADY_DEMO: "0",
      SPECREADY_STORAGE_SHARED: "1",
    });
    expect(mixed.code).toBe(2);
    expect(mixed.output).toContain("with another store");
  }, 120_000);
});
