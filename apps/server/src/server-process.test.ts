import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT, type Served, serve, stop } from "./test-support/serve-process.js";

/*
 * The server as `specready serve` runs it, in processes of its own: killed with SIGKILL in the middle of
 * an upload and started again, and started twice at once on one empty PostgreSQL database. These need
 * the built command (`npm test` builds it first).
 */

const START_TIMEOUT = 120_000;

/** Every file and folder under `dir` whose mode lets its group or others in. */
async function notOwnerOnly(dir: string): Promise<string[]> {
  const found: string[] = [];
  const info = await stat(dir);
  if ((info.mode & 0o077) !== 0) found.push(`${dir} ${(info.mode & 0o777).toString(8)}`);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = (await stat(path).catch(() => undefined))?.mode;
    if (mode !== undefined && (mode & 0o077) !== 0) found.push(`${path} ${(mode & 0o777).toString(8)}`);
  }
  return found;
}

async function signIn(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { csrfToken: string; organizations: { id: string }[] };
  expect(res.status).toBe(200);
  const cookie = (res.headers.getSetCookie()[0] ?? "").split(";")[0] as string;
  return { cookie, csrfToken: body.csrfToken, orgId: body.organizations[0]?.id as string };
}

describe.skipIf(!BUILT || process.platform === "win32")("specready serve as a process", () => {
  const dirs: string[] = [];
  let served: Served | undefined;

  afterAll(async () => {
    await stop(served);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(
    "keeps its data directory owner-only, and a restart removes what a kill -9 in mid-upload left",
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "specready-process-"));
      dirs.push(dataDir);
      // On a loopback address the demo loads by default; its login file is owner-only too.
      const securityLog = join(dataDir, "logs", "security.log");
      const env = { SPECREADY_DATA_DIR: dataDir, SPECREADY_SECURITY_LOG: securityLog };
      served = await serve(env);
      const password = /with password (\S+)/.exec(served.output())?.[1] as string;
      expect(await notOwnerOnly(dataDir)).toEqual([]);
      expect(((await stat(join(dataDir, "demo-login.txt"))).mode & 0o777).toString(8)).toBe("600");

      // An import upload sent slowly: 4 MB, and then nothing more until the server is killed.
      const login = await signIn(served.url, "admin@adatum.example", password);
      // The sign-in is in the security log file, which is owner-only too; the password is not.
      let logged = "";
      for (let i = 0; i < 100 && !logged.includes("signin.succeeded"); i++) {
        logged = await readFile(securityLog, "utf8").catch(() => "");
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(JSON.parse(logged.trim().split("\n")[0] as string)).toMatchObject({
        event: "signin.succeeded",
        email: "admin@adatum.example",
        address: "127.0.0.1",
      });
      expect(logged).not.toContain(password);
      expect(((await stat(securityLog)).mode & 0o777).toString(8)).toBe("600");
      const uploads = join(dataDir, "uploads");
      const upload = request(
        `${served.url}/api/orgs/${login.orgId}/uploads?kind=azure-usage&fileName=usage.csv`,
        {
          method: "POST",
          headers: {
            cookie: login.cookie,
            "x-csrf-token": login.csrfToken,
            "content-type": "application/octet-stream",
          },
        },
      );
      upload.on("error", () => {});
      upload.write(randomBytes(4 * 1024 * 1024));
      let partial: string[] = [];
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const names = await readdir(uploads).catch(() => [] as string[]);
        const sizes = await Promise.all(names.map((n) => stat(join(uploads, n)).then((s) => s.size)));
        partial = names.filter((_, i) => (sizes[i] ?? 0) >= 4 * 1024 * 1024);
        if (partial.length > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(partial).toHaveLength(1);
      await stop(served, "SIGKILL");
      upload.destroy();
      // The killed server left the half-received file...
      expect(await readdir(uploads)).toEqual(partial);

      // ...which the next start removes, before it answers anyone.
      served = await serve(env);
      expect(served.output()).toContain("with password"); // the demo, seeded once, is still there
      expect(await readdir(uploads)).toEqual([]);
      expect(await readdir(join(dataDir, "tmp")).catch(() => [])).toEqual([]);
      expect(await notOwnerOnly(dataDir)).toEqual([]);
      await stop(served);
    },
    START_TIMEOUT * 2,
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "starts twice at once on one empty PostgreSQL database: both run, and the demo is seeded once",
    async () => {
      const url = process.env.TEST_DATABASE_URL as string;
      const schema = `t_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const u = new URL(url);
      u.searchParams.set("options", `-c search_path=${schema}`);
      const started: Served[] = [];
      try {
        // One data directory both mount, declared shared: evidence in a folder of each would be refused.
        const dataDir = await mkdtemp(join(tmpdir(), "specready-pg-process-"));
        dirs.push(dataDir);
        const [a, b] = await Promise.allSettled(
          [0, 1].map(async () => {
            const s = await serve({
              SPECREADY_DATA_DIR: dataDir,
              SPECREADY_STORAGE_SHARED: "1",
              DATABASE_URL: u.toString(),
            });
            started.push(s);
            return s;
          }),
        );
        expect(
          [a?.status, b?.status],
          [a, b].map((r) => (r?.status === "rejected" ? String(r.reason) : "")).join("\n"),
        ).toEqual(["fulfilled", "fulfilled"]);
        const counts = await admin.query(
          `select (select count(*) from ${schema}.users)::int as users,
                  (select count(*) from ${schema}.organizations)::int as orgs,
                  (select count(*) from ${schema}.schema_migrations)::int as migrations`,
        );
        // The demo once: one organization with its two people (the partner admin and the contributor who
        // files the evidence), not twice that.
        expect(counts.rows[0]).toMatchObject({ users: 2, orgs: 1 });
        // Both answer, on the one database.
        for (const s of started) expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
      } finally {
        for (const s of started) await stop(s);
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
    },
    START_TIMEOUT * 2,
  );

  it.skipIf(process.platform !== "linux")(
    "runs with glibc's threshold for mapped allocations fixed, unless the user set GLIBC_TUNABLES",
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "specready-process-"));
      dirs.push(dataDir);
      const set = ["GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4194304"];
      // The same process after its restart in place (execve): V8's flag unless the tiering is kept, and
      // the setting unless the user has one of their own.
      const cases = [
        { env: {}, liftoff: true, tunables: set },
        { env: { SPECREADY_WASM_TIERING: "1" }, liftoff: false, tunables: set },
        {
          env: { GLIBC_TUNABLES: "glibc.malloc.arena_max=2" },
          liftoff: true,
          tunables: ["GLIBC_TUNABLES=glibc.malloc.arena_max=2"],
        },
      ];
      for (const c of cases) {
        const server = await serve({ SPECREADY_DATA_DIR: dataDir, SPECREADY_DEMO: "0", ...c.env });
        try {
          const proc = async (file: string) =>
            (await readFile(`/proc/${server.child.pid}/${file}`, "latin1")).split("\0");
          const what = JSON.stringify(c.env);
          expect((await proc("cmdline")).includes("--liftoff-only"), what).toBe(c.liftoff);
          expect(
            (await proc("environ")).filter((e) => e.startsWith("GLIBC_TUNABLES=")),
            what,
          ).toEqual(c.tunables);
        } finally {
          await stop(server);
        }
      }
    },
    START_TIMEOUT * 2,
  );
});
