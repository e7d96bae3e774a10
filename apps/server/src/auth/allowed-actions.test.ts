import { roles } from "@specready/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../../../packages/db/src/test-support/test-databases.js";
import {
  createOrg,
  createToken,
  expectJson,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
} from "../test-support/test-server.js";
import { actions, allowedActions, resourceActions } from "./allowed-actions.js";
import { type Action, allows, policy } from "./policy.js";

/** The actions the policy table gives a role: what the routes let it do (the authorization matrix). */
const byTable = (role: (typeof roles)[number], among: readonly Action[] = actions) =>
  among.filter((a) => (policy[a] as readonly string[]).includes(role));

describe("allowed actions", () => {
  it("are the policy table's, for every role and kind of resource", () => {
    for (const role of roles) {
      for (const [kind, list] of Object.entries(resourceActions)) {
        expect(allowedActions(role, kind as keyof typeof resourceActions)).toEqual(byTable(role, list));
      }
    }
    expect(allowedActions("viewer", "evidence")).toEqual(["evidence.download"]);
    expect(allowedActions("auditor", "finding")).toEqual(["audit.findings.update", "audit.findings.record"]);
  });

  it("leave out what the resource's state rules out", () => {
    expect(allowedActions("contributor", "import", { status: "active" })).toEqual(["imports.revert"]);
    expect(allowedActions("contributor", "import", { status: "reverted" })).toEqual([]);
    expect(allowedActions("partner_admin", "token", { revokedAt: "2026-01-01T00:00:00Z" })).toEqual([]);
    expect(allowedActions("contributor", "scoreEntry", { importId: null })).toEqual([
      "capability-score.write",
    ]);
    expect(allowedActions("partner_admin", "scoreEntry", { importId: "i" })).toEqual([]);
    expect(allowedActions("auditor", "auditResult", { withdrawn: null })).toEqual(["audit.result"]);
    expect(
      allowedActions("auditor", "auditResult", { withdrawn: { by: "A", at: "t", reason: "r" } }),
    ).toEqual([]);
  });

  it("name only actions of the table", () => {
    for (const list of Object.values(resourceActions)) for (const a of list) expect(actions).toContain(a);
    expect(allows("viewer", "organization.read")).toBe(true);
  });
});

describe.each(testBackends)("allowed actions in the answers on %s", (backend) => {
  let server: TestServer;
  let org: TestOrg;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    org = await createOrg(server, "Allowed actions");
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  it("give each member the organization's actions of their role, in the organization and the session", async () => {
    for (const role of roles) {
      const client = org.members[role].client;
      const body = await expectJson<{ allowedActions: Action[] }>(await client.get(org.path()), 200);
      expect(body.allowedActions).toEqual(byTable(role));
      const session = await expectJson<{ organizations: { id: string; allowedActions: Action[] }[] }>(
        await client.get("/api/session"),
        200,
      );
      expect(session.organizations.find((o) => o.id === org.id)?.allowedActions).toEqual(byTable(role));
    }
  });

  it("give an API token its token role's actions", async () => {
    const token = await createToken(org, "viewer");
    const list = await expectJson<{ allowedActions: Action[] }[]>(await token.client.get("/api/orgs"), 200);
    expect(list.map((o) => o.allowedActions)).toEqual([byTable("viewer")]);
  });

  it("put the caller's actions on each resource of a list, and follow its state", async () => {
    await expectJson(
      await org.admin.client.post(org.path("/customer-projects"), {
        customerTenantId: "8f0f2a8e-7c2e-4d0c-9a5f-1f2e3d4c5b6a",
        project: "Contoso call summaries",
        completionDate: "2026-01-15",
      }),
      201,
    );
    const projects = async (role: (typeof roles)[number]) =>
      (
        await expectJson<{ allowedActions: Action[] }[]>(
          await org.members[role].client.get(org.path("/customer-projects")),
          200,
        )
      ).map((p) => p.allowedActions);
    expect(await projects("contributor")).toEqual([["customer-projects.write"]]);
    expect(await projects("viewer")).toEqual([[]]);

    const created = await expectJson<{ id: string; allowedActions: Action[] }>(
      await org.admin.client.post(org.path("/tokens"), { name: "nightly", role: "contributor" }),
      201,
    );
    expect(created.allowedActions).toEqual(["tokens.manage"]);
    const revoked = await expectJson<{ allowedActions: Action[] }>(
      await org.admin.client.delete(org.path(`/tokens/${created.id}`)),
      200,
    );
    expect(revoked.allowedActions).toEqual([]);
  });
});
