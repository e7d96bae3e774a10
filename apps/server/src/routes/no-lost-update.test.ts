import { repositories } from "@specready/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../../../packages/db/src/test-support/test-databases.js";
import {
  type ApiClient,
  addMember,
  createOrg,
  expectJson,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
} from "../test-support/test-server.js";
import { createProject, type EvidenceBody } from "../test-support/workspace-builders.js";

/*
 * No lost update (issue 10): two people changing the same thing at the same moment both keep their
 * change, on one server and on two servers over one database; a change based on a version someone else
 * has since changed is refused with 412 (If-Match) and changes nothing.
 */

const ROUNDS = 20;

interface ErrorBody {
  error: { code: string; message: string; resource?: string; etag?: string };
}

describe.each(testBackends)("no lost update on %s", (backend) => {
  let server: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    second = await server.anotherInstance();
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await second?.closeInstance();
    await server?.close();
  });

  async function note(org: TestOrg, projectId: string): Promise<EvidenceBody> {
    return expectJson<EvidenceBody>(
      await org.admin.client.post(org.path("/evidence"), {
        kind: "note",
        title: "Decision log summary",
        artifactType: "Decision log",
        projectId,
        controls: ["B4.2"],
        note: "Decisions are logged in the project wiki.",
      }),
      201,
    );
  }

  /** Round after round, one person changes the title while another changes the controls. */
  async function race(org: TestOrg, titleClient: ApiClient, controlsClient: ApiClient): Promise<number> {
    const project = await createProject(org.admin.client, org);
    let lost = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const item = await note(org, project.id);
      const path = org.path(`/evidence/${item.id}`);
      const [a, b] = await Promise.all([
        titleClient.patch(path, { title: `Decision log, round ${round}` }),
        controlsClient.patch(path, { controls: ["B4.2", "B3.1"] }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const after = await expectJson<EvidenceBody>(await org.admin.client.get(path), 200);
      if (after.title !== `Decision log, round ${round}` || after.controls.join(",") !== "B3.1,B4.2") lost++;
    }
    return lost;
  }

  it(`keeps both of two simultaneous changes of one evidence item, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    const org = await createOrg(server, "Simultaneous edits");
    expect(await race(org, org.admin.client, org.members.contributor.client)).toBe(0);
  });

  it(`keeps both changes when they reach two servers over one database, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    const org = await createOrg(server, "Two instances");
    const contributor = org.members.contributor.client;
    const onSecond = second.as(contributor.credentials);
    expect(await race(org, org.admin.client, onSecond)).toBe(0);
  });

  it("answers an ETag, applies a change sent with the current one, and refuses a stale one with 412, changing nothing", async () => {
    const org = await createOrg(server, "Stale edits");
    const project = await createProject(org.admin.client, org);
    const item = await note(org, project.id);
    const path = org.path(`/evidence/${item.id}`);
    const read = await org.admin.client.get(path);
    const etag = read.headers.get("etag");
    expect(etag).toMatch(/^"v\d+"$/);

    // Someone else changes it: their answer carries the new ETag.
    const theirs = await org.members.contributor.client.patch(
      path,
      { title: "Their title" },
      {
        headers: { "if-match": etag as string },
      },
    );
    expect(theirs.status).toBe(200);
    const newer = theirs.headers.get("etag");
    expect(newer).not.toBe(etag);
    expect(newer).toMatch(/^"v\d+"$/);

    // The first person's change, based on what they read, is refused, and nothing of it applies.
    const mine = await org.admin.client.patch(
      path,
      { title: "My title", controls: ["B4.2", "B3.1"] },
      {
        headers: { "if-match": etag as string },
      },
    );
    expect(mine.status).toBe(412);
    const body = (await mine.json()) as ErrorBody;
    expect(body.error.code).toBe("precondition_failed");
    expect(body.error.message).toContain("evidence item");
    expect(body.error.etag).toBe(newer);
    const now = await expectJson<EvidenceBody>(await org.admin.client.get(path), 200);
    expect(now.title).toBe("Their title");
    expect(now.controls).toEqual(["B4.2"]);

    // A stale delete and a stale review are refused too; with the current ETag (or *) they apply.
    expect((await org.admin.client.delete(path, { headers: { "if-match": etag as string } })).status).toBe(
      412,
    );
    expect(
      (
        await org.admin.client.post(
          org.path(`/evidence/${item.id}/review`),
          { action: "submit" },
          { headers: { "if-match": etag as string } },
        )
      ).status,
    ).toBe(412);
    expect(
      (
        await org.admin.client.post(
          org.path(`/evidence/${item.id}/review`),
          { action: "submit" },
          { headers: { "if-match": "*" } },
        )
      ).status,
    ).toBe(200);
    const current = (await org.admin.client.get(path)).headers.get("etag") as string;
    expect(current).not.toBe(newer);
    expect((await org.admin.client.delete(path, { headers: { "if-match": current } })).status).toBe(204);
  });

  it("refuses an If-Match that is not a list of ETags (400); takes the weak form compression sends", async () => {
    const org = await createOrg(server, "Bad preconditions");
    const project = await createProject(org.admin.client, org);
    const item = await note(org, project.id);
    const path = org.path(`/evidence/${item.id}`);
    const etag = (await org.admin.client.get(path)).headers.get("etag") as string;
    const bad = await org.admin.client.patch(path, { title: "x" }, { headers: { "if-match": "v1" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toContain("If-Match");
    const weak = await org.admin.client.patch(path, { title: "x" }, { headers: { "if-match": `W/${etag}` } });
    expect(weak.status).toBe(200);
    const stale = await org.admin.client.patch(
      path,
      { title: "y" },
      { headers: { "if-match": `W/${etag}` } },
    );
    expect(stale.status).toBe(412);
    const current = weak.headers.get("etag") as string;
    const listed = await org.admin.client.patch(
      path,
      { title: "z" },
      { headers: { "if-match": `"v999", ${current}` } },
    );
    expect(listed.status).toBe(200);
  });

  it("leaves an organization a partner admin when two admins demote or remove each other at the same moment, on two servers", async () => {
    for (let round = 0; round < 10; round++) {
      const org = await createOrg(server, `Admins ${round}`);
      const other = await addMember(server, org.id, "partner_admin", `Second admin ${round}`);
      const otherOnSecond = second.as(other.client.credentials);
      const [a, b] =
        round % 2 === 0
          ? await Promise.all([
              org.admin.client.patch(org.path(`/members/${other.id}`), { role: "contributor" }),
              otherOnSecond.patch(org.path(`/members/${org.admin.id}`), { role: "viewer" }),
            ])
          : await Promise.all([
              org.admin.client.delete(org.path(`/members/${other.id}`)),
              otherOnSecond.delete(org.path(`/members/${org.admin.id}`)),
            ]);
      const statuses = [a.status, b.status].sort();
      // One applies; the other finds its author is the last partner admin (409), or no longer one (403),
      // or — when removed by the other, who got there first — no longer a member, to whom the
      // organization is unknown (404, as to any non-member).
      expect(statuses[0]).toBeLessThan(300);
      expect(round % 2 === 0 ? [403, 409] : [403, 404, 409]).toContain(statuses[1]);
      const admins = (await repositories(server.db).users.members(org.id)).filter(
        (m) => m.role === "partner_admin",
      );
      expect(admins).toHaveLength(1);
    }
  });

  it("refuses stale changes of a project, the audit plan, a finding, a member and the settings with 412", async () => {
    const org = await createOrg(server, "Stale everything");
    const admin = org.admin.client;
    const stale = async (res: Response, what: string) => {
      expect(res.status).toBe(412);
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toMatchObject({ code: "precondition_failed", resource: what });
      expect(body.error.message).toContain(what);
    };
    const ifMatch = (etag: string | null) => ({ headers: { "if-match": etag as string } });

    const created = await admin.post(org.path("/customer-projects"), {
      customerTenantId: "00000000-0000-4000-8000-00000000aaaa",
      project: "Search",
      completionDate: "2025-03-31",
    });
    const project = await expectJson<{ id: string }>(created.clone(), 201);
    const projectTag = created.headers.get("etag");
    expect(projectTag).toMatch(/^"v\d+"$/);
    const path = org.path(`/customer-projects/${project.id}`);
    const changed = await admin.patch(path, { project: "Search v2" }, ifMatch(projectTag));
    expect(changed.status).toBe(200);
    await stale(await admin.patch(path, { project: "Search v3" }, ifMatch(projectTag)), "customer project");
    await stale(await admin.delete(path, ifMatch(projectTag)), "customer project");
    expect((await admin.delete(path, ifMatch(changed.headers.get("etag")))).status).toBe(204);

    const plan = await admin.get(org.path("/audit/plan"));
    const planTag = plan.headers.get("etag");
    expect(planTag).toBe('"v0"');
    const input = { applicationDate: "2026-01-15", auditDate: "2026-03-01", modules: "A+B" };
    const saved = await admin.put(org.path("/audit/plan"), input, ifMatch(planTag));
    expect(saved.status).toBe(200);
    await stale(
      await admin.put(org.path("/audit/plan"), { ...input, modules: "B" }, ifMatch(planTag)),
      "audit plan",
    );
    expect((await admin.put(org.path("/audit/plan"), input, ifMatch(saved.headers.get("etag")))).status).toBe(
      200,
    );

    const settings = await admin.get(org.path("/program-settings"));
    const settingsTag = settings.headers.get("etag");
    const put = { pinnedProgramId: null, includeProvisional: true };
    expect((await admin.put(org.path("/program-settings"), put, ifMatch(settingsTag))).status).toBe(200);
    await stale(
      await admin.put(
        org.path("/program-settings"),
        { ...put, includeProvisional: false },
        ifMatch(settingsTag),
      ),
      "organization's settings",
    );
    await stale(
      await admin.put(org.path("/review-policy"), { allowSelfApproval: true }, ifMatch(settingsTag)),
      "organization's settings",
    );

    const viewer = org.members.viewer;
    const roleChange = await admin.patch(org.path(`/members/${viewer.id}`), { role: "auditor" });
    const memberTag = roleChange.headers.get("etag");
    expect(memberTag).toMatch(/^"v\d+"$/);
    expect((await admin.patch(org.path(`/members/${viewer.id}`), { role: "viewer" })).status).toBe(200);
    await stale(await admin.delete(org.path(`/members/${viewer.id}`), ifMatch(memberTag)), "member");

    const finding = await org.members.auditor.client.post(org.path("/audit/findings"), {
      controlId: "B3.1",
      text: "The statement of work is not signed.",
    });
    const findingTag = finding.headers.get("etag");
    const findingId = (await expectJson<{ id: string }>(finding, 201)).id;
    const fpath = org.path(`/audit/findings/${findingId}`);
    expect(
      (await admin.patch(fpath, { response: "Signed copy uploaded." }, ifMatch(findingTag))).status,
    ).toBe(200);
    await stale(
      await org.members.auditor.client.patch(fpath, { status: "resolved" }, ifMatch(findingTag)),
      "finding",
    );
  });

  it("documents ETag, If-Match and 412 in the OpenAPI document", async () => {
    const doc = (await (await server.fetch("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { in: string; name: string }[];
            responses: Record<string, { headers?: Record<string, unknown> }>;
          }
        >
      >;
    };
    const item = doc.paths["/orgs/{orgId}/evidence/{evidenceId}"];
    expect(item?.get?.responses["200"]?.headers).toHaveProperty("ETag");
    for (const method of ["patch", "delete"]) {
      expect(item?.[method]?.parameters).toContainEqual(
        expect.objectContaining({ in: "header", name: "if-match" }),
      );
      expect(item?.[method]?.responses).toHaveProperty("412");
    }
    expect(doc.paths["/orgs/{orgId}/audit/plan"]?.put?.responses).toHaveProperty("412");
    expect(doc.paths["/orgs/{orgId}/customer-projects/{projectId}"]?.patch?.responses).toHaveProperty("412");
  });
});
