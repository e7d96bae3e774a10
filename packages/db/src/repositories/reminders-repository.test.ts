import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganization } from "../test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "../test-support/test-databases.js";
import { repositories } from "./index.js";

describe.each(testBackends)("the reminder outbox on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  const teams = (key: string) => ({
    dedupeKey: `teams:${key}`,
    channel: "teams" as const,
    userId: null,
    kind: "open_finding",
    subject: key,
    payload: { key },
  });

  it("queues a key once ever, whoever computes it again", async () => {
    const { org } = await seedOrganization(db, "Contoso");
    const r = repositories(db).reminders;
    const now = new Date("2027-03-01T08:00:00Z");
    expect(await r.enqueue(org.id, now, [teams("a"), teams("b")])).toBe(2);
    expect(await r.enqueue(org.id, now, [teams("a"), teams("b"), teams("c")])).toBe(1);
    expect((await r.list(org.id, 10)).map((d) => d.dedupeKey).sort()).toEqual([
      "teams:a",
      "teams:b",
      "teams:c",
    ]);
  });

  it("lets concurrent claims take each message once, and retries a failure when its time comes", async () => {
    const { org } = await seedOrganization(db, "Fabrikam");
    const r = repositories(db).reminders;
    const now = new Date("2027-03-01T08:00:00Z");
    await r.enqueue(
      org.id,
      now,
      Array.from({ length: 20 }, (_, i) => teams(`m${i}`)),
    );
    // Several claims at once, each in its own transaction (connections of the pool on PostgreSQL).
    const claims = await Promise.all(
      Array.from({ length: 4 }, () => db.transaction((tx) => repositories(tx).reminders.claim(now, 60, 7))),
    );
    const all = claims.flat().map((d) => d.id);
    expect(new Set(all).size).toBe(all.length);
    // The other test's three messages are due too: the claim is every organization's.
    expect(claims.flat().filter((d) => d.orgId === org.id)).toHaveLength(20);
    expect(await r.claim(now, 60, 50)).toEqual([]); // all leased
    const [first] = claims.flat().filter((d) => d.orgId === org.id);
    if (first === undefined) throw new Error("nothing claimed");
    await r.markFailed(first.id, "HTTP 500", new Date("2027-03-01T08:01:00Z"));
    expect(await r.claim(new Date("2027-03-01T08:00:30Z"), 60, 50)).toEqual([]);
    // At 08:01 the failure is due again, and so are the 19 whose lease (60 s) ran out without an answer.
    const again = await r.claim(new Date("2027-03-01T08:01:00Z"), 60, 50);
    expect(again.filter((d) => d.orgId === org.id)).toHaveLength(20);
    expect(again.find((d) => d.id === first.id)).toMatchObject({ attempts: 2, lastError: "HTTP 500" });
    await r.markFailed(first.id, "HTTP 500 again", null);
    expect(await r.get(org.id, first.id)).toMatchObject({ status: "failed", lastError: "HTTP 500 again" });
    expect(await r.retryNow(org.id, first.id, new Date("2027-03-01T09:00:00Z"))).toMatchObject({
      status: "pending",
      attempts: 0,
    });
  });

  it("keeps one signing key, the first one made", async () => {
    const r = repositories(db).reminders;
    const a = await r.signingKey("a".repeat(43));
    expect(await r.signingKey("b".repeat(43))).toBe(a);
  });
});
