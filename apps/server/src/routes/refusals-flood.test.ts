import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrg, expectJson, STARTUP_TIMEOUT, TestServer } from "../test-support/test-server.js";

/*
 * A member looping on a request their role does not allow: each refusal goes to the security log and
 * to the organization's activity log, within the security log's shares (services/security-log.ts).
 * Past them both count it in the security log's `security_log.held` line; neither grows with the loop.
 */
describe.each(testBackends)("refused requests in a loop, on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend, {
      securityLogLimits: { perWindow: 3, perKind: 100, windowMs: 60_000, maxKeys: 100 },
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  it("fill neither the security log nor the organization's activity log", async () => {
    const org = await createOrg(server, "Looping Viewer");
    const viewer = org.members.viewer;
    for (let i = 0; i < 8; i++) expect((await viewer.client.get(org.path("/members"))).status).toBe(403);

    const lines = server.securityLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const refusals = lines.filter((l) => l.event === "request.refused" && l.userId === viewer.id);
    expect(refusals).toHaveLength(3);
    const activity = await expectJson<{ entries: { action: string; actor: { id: string | null } }[] }>(
      await org.admin.client.get(org.path("/activity?limit=100")),
      200,
    );
    expect(
      activity.entries.filter((e) => e.action === "request.refused" && e.actor.id === viewer.id),
    ).toHaveLength(3);

    // What was held is counted, with whose requests they were.
    await server.ctx.securityLog.flush();
    const held = server.securityLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === "security_log.held");
    expect(held).toEqual([
      expect.objectContaining({
        of: "request.refused",
        count: 5,
        subjects: [{ subject: viewer.id, count: 5 }],
      }),
    ]);
  });
});
