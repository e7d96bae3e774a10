import { createHash, randomUUID } from "node:crypto";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOrg,
  expectJson,
  STARTUP_TIMEOUT,
  signIn,
  type TestOrg,
  TestServer,
} from "../test-support/test-server.js";
import { createProject, pdfBytes, uploadEvidence } from "../test-support/workspace-builders.js";
import { SESSION_COOKIE } from "./authenticate.js";

/*
 * The defaults a careless deployment relies on: links that do not come from a request's Host header,
 * API answers no cache keeps, sessions that end, and forms refused where a file is expected.
 */

describe.each(testBackends)("safe defaults on %s", (backend) => {
  let server: TestServer;
  let org: TestOrg;
  let clock = Date.parse("2026-12-01T09:00:00Z");

  beforeAll(async () => {
    server = await TestServer.start(backend, { now: () => new Date(clock) });
    org = await createOrg(server, "Fabrikam");
  }, STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
  });

  it("builds invitation links from SPECREADY_PUBLIC_URL, never from the request's Host", async () => {
    const invite = (s: TestServer, headers: Record<string, string>) =>
      s
        .as(org.admin.client.credentials)
        .post(
          org.path("/invitations"),
          { email: `someone.${randomUUID().slice(0, 6)}@example.com`, role: "viewer" },
          { headers },
        );
    const hostile = {
      host: "evil.example",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
    };
    // Behind a proxy that is trusted, with the public URL set: the setting.
    const proxied = server.withConfig({ trustProxy: true, publicUrl: "https://specready.example.com" });
    const viaProxy = await expectJson<{ url: string }>(
      await invite(proxied, { ...hostile, origin: "https://evil.example" }),
      201,
    );
    expect(viaProxy.url).toMatch(/^https:\/\/specready\.example\.com\/invite\/[\w-]{20,}$/);
    // On a loopback address without the setting: the address the server listens on.
    const local = server.withConfig({ trustProxy: true });
    local.ctx.listening.url = "http://127.0.0.1:3100";
    const direct = await expectJson<{ url: string }>(
      await invite(local, { "x-forwarded-host": "evil.example" }),
      201,
    );
    expect(direct.url).toMatch(/^http:\/\/127\.0\.0\.1:3100\/invite\//);
    const plain = await expectJson<{ url: string }>(await invite(server, { host: "localhost" }), 201);
    expect(plain.url).not.toContain("evil.example");
  });

  it("answers every API request with Cache-Control: no-store", async () => {
    const gets = server.routes.catalog.filter((r) => r.method === "GET");
    expect(gets.length).toBeGreaterThan(20);
    for (const route of gets) {
      const path = `/api${route.path
        .replace("{orgId}", org.id)
        .replace(/\{token\}/, "not-a-real-invitation-token")
        .replace(/\{revision\}/, "1")
        .replace(/\{[a-zA-Z]+\}/g, () => randomUUID())}`;
      for (const client of [org.admin.client, server.anonymous]) {
        const res = await client.get(path);
        expect(`${route.path} (${res.status}): ${res.headers.get("cache-control")}`).toMatch(
          /: no-store$|, no-store$/,
        );
        await res.arrayBuffer();
      }
    }
    // Errors and unknown routes too.
    const unknown = await org.admin.client.get("/api/no-such-route");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a form body with 415 on every upload route", async () => {
    const document = await expectJson<{
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
    }>(await server.anonymous.get("/api/openapi.json"), 200);
    const uploads = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => op.requestBody?.content?.["application/octet-stream"] !== undefined)
        .map(([method]) => ({ method: method.toUpperCase(), path })),
    );
    expect(uploads.length).toBeGreaterThanOrEqual(3);
    const project = await createProject(org.admin.client, org);
    const evidence = (await uploadEvidence(org.admin.client, org, { projectId: project.id }, pdfBytes())).id;
    for (const { method, path } of uploads) {
      const url = `/api${path.replace("{orgId}", org.id).replace("{evidenceId}", evidence)}?${new URLSearchParams(
        {
          kind: "certifications",
          fileName: "certifications.csv",
          title: "Statement of work",
          artifactType: "Statement of work",
          projectId: project.id,
          controls: "B3.1",
        },
      )}`;
      for (const type of [
        "multipart/form-data; boundary=----x",
        "application/x-www-form-urlencoded",
        "Multipart/Mixed; boundary=x",
      ]) {
        const res = await org.admin.client.request(url, {
          method,
          body: '------x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nPersonId\r\n------x--\r\n',
          headers: { "content-type": type },
        });
        const body = await res.json();
        expect(`${method} ${path} ${type}: ${res.status} ${body.error?.code}`).toBe(
          `${method} ${path} ${type}: 415 request.unsupported_media_type`,
        );
      }
    }
    // Nothing was kept: no pending upload, no evidence beyond the one item with its one revision.
    expect(await server.db.query("select id from uploads where org_id = $1", [org.id])).toEqual([]);
    const counts = await server.db.query<{ items: number; revisions: number }>(
      `select (select count(*) from evidence_items where org_id = $1)::int as items,
              (select count(*) from evidence_revisions where org_id = $1)::int as revisions`,
      [org.id],
    );
    expect(counts).toEqual([{ items: 1, revisions: 1 }]);
  });
  // Last: it moves the clock past every session of this file.
  it("ends a session after its absolute lifetime, however often it is used", async () => {
    const signed = await signIn(server, org.members.viewer.email);
    const me = () => signed.client.get("/api/session");
    // The renewed expiry is written beside the answer (not awaited by the request): wait for it before
    // the clock jumps again, or a busy machine reads the expiry before the renewal.
    const idHash = createHash("sha256").update(signed.cookie).digest("hex");
    const seenAt = async () =>
      (
        await server.db.query<{ t: string }>("select last_seen_at as t from sessions where id_hash = $1", [
          idHash,
        ])
      )[0]?.t;
    // Used every ten days, the idle lifetime (14 days) never runs out...
    for (let day = 10; day < 30; day += 10) {
      clock += 10 * 86_400_000;
      const res = await me();
      expect(res.status).toBe(200);
      for (let wait = 0; wait < 200 && (await seenAt()) !== new Date(clock).toISOString(); wait++)
        await new Promise((r) => setTimeout(r, 10));
      expect(await seenAt()).toBe(new Date(clock).toISOString());
      // ...and the renewed cookie does not outlive the session's end.
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie ?? "")?.[1]);
      expect(maxAge).toBeLessThanOrEqual((30 - day) * 86_400);
    }
    // ...but thirty days after signing in it ends.
    clock += 10 * 86_400_000;
    expect((await me()).status).toBe(401);
  });
});
