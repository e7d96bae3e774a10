import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockDataDir } from "../commands/data-dir-lock.js";
import { createOrg, errorCode, STARTUP_TIMEOUT, TestServer } from "../test-support/test-server.js";

describe("requests at the edges", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start("pglite");
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server.close();
  });

  it("answers 400 for a JSON route called without a body, and for malformed JSON, never 500", async () => {
    const none = await server.app.request("/api/session", { method: "POST" });
    expect(`${none.status} ${await errorCode(none)}`).toBe("400 request.invalid");
    const broken = await server.app.request("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(`${broken.status} ${await errorCode(broken)}`).toBe("400 request.invalid");
  });

  it("leaves another Authorization scheme (a proxy's Basic) to the session cookie", async () => {
    const org = await createOrg(server, "Edges");
    const cookie = org.admin.client;
    const res = await cookie.get(`/api/orgs/${org.id}`, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(res.status).toBe(200);
    const bearer = await cookie.get(`/api/orgs/${org.id}`, { headers: { authorization: "Bearer sr_wrong" } });
    expect(bearer.status).toBe(401);
  });

  it("publishes public routes without security and person-only routes with the session only", async () => {
    const doc = (await (await server.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(doc.paths["/health"]?.get?.security).toEqual([]);
    expect(doc.paths["/session"]?.post?.security).toEqual([]);
    expect(doc.paths["/session/password"]?.post?.security).toEqual([{ session: [] }]);
    expect(doc.paths["/orgs/{orgId}/evaluation"]?.get?.security).toBeUndefined();
  });

  it("logs a new organization and its first partner admin, as the first run does", async () => {
    const org = await createOrg(server, "Parent");
    const created = await org.admin.client.post("/api/orgs", { name: "Subsidiary" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const log = await org.admin.client.get(`/api/orgs/${id}/activity`);
    const entries = ((await log.json()) as { entries: { action: string }[] }).entries;
    expect(entries.map((e) => e.action).sort()).toEqual(["member.added", "organization.created"]);
  });

  it("serves a browsable reference of every route, its schemas linked", async () => {
    const res = await server.app.request("/api/docs");
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    for (const route of server.routes.catalog) expect(html).toContain(`/api${route.path}`);
    expect(html).toContain('<a href="#schema-Evaluation">Evaluation</a>');
    expect(html).toContain('id="schema-Evaluation"');
  });

  it("refuses an as-of date outside 2000-2099", async () => {
    const org = await createOrg(server, "Dates");
    const res = await org.admin.client.get(`/api/orgs/${org.id}/evaluation?asOf=1999-12-31`);
    expect(`${res.status} ${await errorCode(res)}`).toBe("400 request.invalid");
  });
});

describe("the data directory lock", () => {
  it("is held by one process at a time and taken over when its holder is gone", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-lock-"));
    try {
      const first = await lockDataDir(dir);
      await expect(lockDataDir(dir)).rejects.toThrow(
        `in use by another specready process (pid ${process.pid})`,
      );
      await first.release();
      // A pid file left by a process that no longer exists.
      await writeFile(join(dir, "specready.pid"), "999999999");
      const taken = await lockDataDir(dir);
      expect(await readFile(join(dir, "specready.pid"), "utf8")).toBe(String(process.pid));
      await taken.release();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
