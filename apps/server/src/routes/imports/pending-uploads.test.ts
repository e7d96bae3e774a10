import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOrg,
  errorCode,
  expectJson,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
  type UploadBody,
  upload,
} from "../../test-support/test-server.js";

/*
 * Uploads waiting for their import (the preview step) share a cap per organization, so one organization
 * cannot fill the server's disk with files it never imports; a discarded upload frees its share.
 */

const LIMIT = 4_000;

function certifications(bytes: number): string {
  const header = "PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated\n";
  const row = "person@contoso.example,Person,DP-100,2025-03-03,,\n";
  return header + row.repeat(Math.ceil((bytes - header.length) / row.length));
}

describe.each(testBackends)("pending uploads on %s", (backend) => {
  let server: TestServer;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    server = await TestServer.start(backend, { config: { pendingUploadsLimitBytes: LIMIT } });
    [org, other] = await Promise.all([createOrg(server, "Fabrikam"), createOrg(server, "Contoso")]);
  }, STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
  });

  const send = (o: TestOrg, bytes: number) =>
    upload(o.members.contributor.client, o.id, "certifications", "certifications.csv", certifications(bytes));
  const pending = async (o: TestOrg) =>
    (
      await server.db.query<{ n: number }>(
        "select coalesce(sum(size), 0)::int as n from uploads where org_id = $1",
        [o.id],
      )
    )[0]?.n;

  it("refuses an upload past the organization's cap, saying what the pending uploads hold", async () => {
    const first = await expectJson<UploadBody>(await send(org, 2_500), 201);
    const refused = await send(org, 2_500);
    expect(refused.status).toBe(413);
    const body = (await refused.json()) as { error: { code: string; message: string; limitBytes: number } };
    expect(body.error.code).toBe("upload.pending_limit");
    expect(body.error.message).toMatch(
      /waiting for their import hold .* MB.*SPECREADY_PENDING_UPLOADS_LIMIT_MB/,
    );
    expect(body.error.limitBytes).toBe(LIMIT);
    expect(await pending(org)).toBe(first.size);
    // Another organization has a cap of its own.
    expect((await send(other, 2_500)).status).toBe(201);

    // Discarding the first upload makes room again; a discarded upload is gone.
    const discarded = await org.members.contributor.client.delete(org.path(`/uploads/${first.id}`));
    expect(discarded.status).toBe(204);
    expect(await errorCode(await org.members.contributor.client.get(org.path(`/uploads/${first.id}`)))).toBe(
      "not_found",
    );
    expect((await org.members.contributor.client.delete(org.path(`/uploads/${first.id}`))).status).toBe(404);
    expect((await send(org, 2_500)).status).toBe(201);
  });

  it("lets only as many of several uploads at once in as fit", async () => {
    const fresh = await createOrg(server, "Northwind");
    const results = await Promise.all([1, 2, 3, 4].map(() => send(fresh, 1_500)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 413, 413]);
    expect(await pending(fresh)).toBeLessThanOrEqual(LIMIT);
  });
});
