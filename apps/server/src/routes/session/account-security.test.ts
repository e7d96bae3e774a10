import { repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOrg,
  createToken,
  createUser,
  errorCode,
  expectJson,
  STARTUP_TIMEOUT,
  signIn,
  TEST_PASSWORD,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";

/*
 * Accounts against a stranger: throttling that slows the guesser and not the person, invitations that
 * say nothing about other accounts, passwords that are not common or the person's own name, and a
 * security log of it all that holds no secret.
 */

const STRANGER = "203.0.113.66";
const HOME = "198.51.100.1";

describe.each(testBackends)("account security on %s", (backend) => {
  let server: TestServer;
  let clock = Date.parse("2026-12-01T09:00:00Z");
  let a: TestOrg;
  let b: TestOrg;
  /** Every password these tests send: none may reach the security log. */
  const sent = new Set<string>([TEST_PASSWORD]);

  beforeAll(async () => {
    server = await TestServer.start(backend, { now: () => new Date(clock) });
    [a, b] = await Promise.all([createOrg(server, "Fabrikam"), createOrg(server, "Contoso")]);
  }, STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
  });

  const attempt = (email: string, password: string, address: string) => {
    sent.add(password);
    return server.anonymous.post("/api/session", { email, password }, { address });
  };

  it("slows a stranger guessing a password with growing waits, and never locks the person out", async () => {
    const alice = await createUser(server, "Alice Account");
    for (let i = 0; i < 5; i++)
      expect((await attempt(alice.email, `guess number ${i}`, STRANGER)).status).toBe(401);
    // Past five failures the stranger waits 1 s, then 2 s, 4 s, ... (the clock moves only when told).
    let wait = 1;
    for (let round = 0; round < 6; round++) {
      const limited = await attempt(alice.email, `guess round ${round}`, STRANGER);
      expect(`${limited.status} ${await errorCode(limited.clone())}`).toBe("429 auth.rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBe(wait);
      expect((await limited.json()).error.message).toMatch(/Try again in \d+ seconds?\./);
      clock += wait * 1000;
      expect((await attempt(alice.email, `guess after wait ${round}`, STRANGER)).status).toBe(401);
      wait *= 2;
    }
    // Meanwhile Alice, from her own address, signs in as ever: the stranger cannot lock her out.
    expect((await attempt(alice.email, TEST_PASSWORD, HOME)).status).toBe(200);
    // The waits stop growing at fifteen minutes, and an hour without failures forgets them.
    for (let i = 0; i < 20; i++) {
      clock += 16 * 60_000;
      await attempt(alice.email, `late guess ${i}`, STRANGER);
    }
    expect(Number((await attempt(alice.email, "one more", STRANGER)).headers.get("retry-after"))).toBe(
      15 * 60,
    );
    clock += 61 * 60_000 + 15 * 60_000;
    expect((await attempt(alice.email, TEST_PASSWORD, STRANGER)).status).toBe(200);
  });

  it("slows one address trying many accounts, and only that address", async () => {
    const sprayer = "203.0.113.99";
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await attempt(`nobody${i}@example.com`, "Summer2026!", sprayer)).status);
    // Twenty failures from the address, each on another account, then it waits.
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    const bob = await createUser(server, "Bob Bystander");
    expect((await attempt(bob.email, TEST_PASSWORD, sprayer)).status).toBe(429);
    expect((await attempt(bob.email, TEST_PASSWORD, HOME)).status).toBe(200);
    clock += 2000;
  });

  it("answers an invitation alike whether or not its email has an account", async () => {
    // Anyone signed in can create an organization and invite any address: the inviter holds the link.
    const victim = b.members.viewer;
    const fresh = `fresh.${crypto.randomUUID().slice(0, 6)}@example.com`;
    const links: Record<string, string> = {};
    for (const email of [victim.email, fresh]) {
      const res = await a.admin.client.post(a.path("/invitations"), { email, role: "viewer" });
      links[email] = (await expectJson<{ url: string }>(res, 201)).url.split("/invite/")[1] as string;
    }
    const answer = async (email: string, body: Record<string, unknown>) => {
      if (typeof body.password === "string") sent.add(body.password);
      const res = await server.anonymous.post(`/api/invitations/${links[email]}/accept`, body, {
        address: "192.0.2.44",
      });
      return `${res.status} ${(await res.text()).replaceAll(email, "<email>")}`;
    };
    const info = async (email: string) =>
      Object.keys(
        await expectJson(await server.anonymous.get(`/api/invitations/${links[email]}`), 200),
      ).sort();
    expect(await info(victim.email)).toEqual(await info(fresh));

    // "I already have an account" with a guessed password.
    const guess = { password: "a guess at their password" };
    expect(await answer(victim.email, guess)).toBe(await answer(fresh, guess));
    expect(await answer(fresh, guess)).toMatch(/^401 .*auth\.invalid_credentials/);
    // A new account with a weak password: refused for the password, before anything else.
    const weak = { name: "Mallory", password: "password1234" };
    expect(await answer(victim.email, weak)).toBe(await answer(fresh, weak));
    expect(await answer(fresh, weak)).toMatch(/^400 .*password/);
    // A new account over one that exists: the same refusal as a wrong password, no word of an account.
    const takeover = await answer(victim.email, {
      name: "Mallory",
      password: "a takeover passphrase of hers",
    });
    expect(takeover).toBe(await answer(fresh, guess));
    expect(takeover).not.toMatch(/already has a specready account:/);
    expect(await repositories(server.db).users.roleIn(a.id, victim.id)).toBeUndefined();
    expect(await repositories(server.db).users.byEmail(fresh)).toBeUndefined();
    clock += 60_000;
  });

  it("refuses common passwords and the person's own email or name, saying why", async () => {
    const fresh = await TestServer.start(backend);
    try {
      const setup = async (
        password: string,
        name = "Priya Patel",
        email = "priya.patel@fabrikam.example",
      ) => {
        sent.add(password);
        const res = await fresh.anonymous.post("/api/setup", {
          organizationName: "Fabrikam",
          name,
          email,
          password,
        });
        return {
          status: res.status,
          body: (await res.json()) as { error?: { issues?: { path: string; message: string }[] } },
        };
      };
      const common = await setup("password1234");
      expect(common.status).toBe(400);
      expect(common.body.error?.issues).toEqual([
        {
          path: "password",
          message: expect.stringMatching(/^is too easy to guess: .*commonly used password/),
        },
      ]);
      const repeated = await setup("aaaaaaaaaaaa");
      expect(repeated.body.error?.issues?.[0]?.message).toMatch(
        /^is too easy to guess: repeated characters/i,
      );
      for (const own of ["priya.patel-2026!", "Priya Patel rocks", "PriyaPatel!!2026"]) {
        const r = await setup(own);
        expect(r.body.error?.issues?.[0]?.message, own).toBe(
          "must not contain your email address or your name",
        );
      }
      expect((await fresh.securityEvents("password.rejected")).length).toBe(5);
      expect((await setup("violet kettle under the bridge")).status).toBe(201);
    } finally {
      await fresh.close();
    }
    // A password change and a new account from an invitation are held to the same rule.
    const carol = await createUser(server, "Carol Change");
    const signed = await signIn(server, carol.email);
    const change = await signed.client.post("/api/session/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "qwertyuiop123",
    });
    const issues = (await expectJson<{ error: { issues: { path: string; message: string }[] } }>(change, 400))
      .error.issues;
    expect(issues).toEqual([
      { path: "newPassword", message: expect.stringMatching(/^is too easy to guess/) },
    ]);
    sent.add("qwertyuiop123");
  });

  it("logs sign-ins, failures, throttling, password and role changes, token use and refusals, never a secret", async () => {
    const dave = await createUser(server, "Dave Logged");
    await repositories(server.db).users.addMember(a.id, dave.id, "viewer");
    const signed = await signIn(server, dave.email, TEST_PASSWORD, { address: HOME });
    expect((await attempt(dave.email, "not his password", HOME)).status).toBe(401);
    sent.add("a fresh long passphrase for dave");
    const changed = await signed.client.post(
      "/api/session/password",
      { currentPassword: TEST_PASSWORD, newPassword: "a fresh long passphrase for dave" },
      { address: HOME },
    );
    expect(changed.status).toBe(204);
    // A role change, a token's use, a refused role, an anonymous request and a forged change.
    expect((await a.admin.client.patch(a.path(`/members/${dave.id}`), { role: "contributor" })).status).toBe(
      200,
    );
    const token = await createToken(a, "viewer");
    expect((await token.client.get(a.path("/imports"))).status).toBe(200);
    const forbidden = await token.client.post(a.path("/tokens"), { name: "escalate", role: "contributor" });
    expect(forbidden.status).toBe(403);
    expect((await server.anonymous.get(a.path())).status).toBe(401);
    // A signed-out browser asking who is signed in is not a refusal worth a line.
    expect((await server.anonymous.get("/api/session")).status).toBe(401);
    const forged = await signed.client.post(
      "/api/orgs",
      { name: "Forged" },
      { headers: { "x-csrf-token": "forged" } },
    );
    expect(await errorCode(forged)).toBe("auth.csrf");

    const events = await server.securityEvents();
    const named = (event: string) => events.filter((e) => e.event === event);
    expect(named("signin.succeeded")).toContainEqual(
      expect.objectContaining({ userId: dave.id, email: dave.email, address: HOME, level: "info" }),
    );
    expect(named("signin.failed")).toContainEqual(
      expect.objectContaining({ email: dave.email, address: HOME, reason: "wrong_password", level: "warn" }),
    );
    expect(named("signin.throttled").length).toBeGreaterThan(0);
    expect(named("password.changed")).toContainEqual(expect.objectContaining({ userId: dave.id }));
    expect(named("role.changed")).toContainEqual(
      expect.objectContaining({
        orgId: a.id,
        userId: dave.id,
        from: "viewer",
        to: "contributor",
        byUserId: a.admin.id,
      }),
    );
    expect(named("token.created")).toContainEqual(
      expect.objectContaining({ orgId: a.id, tokenId: token.id }),
    );
    expect(named("token.used")).toContainEqual(expect.objectContaining({ orgId: a.id, tokenId: token.id }));
    const refused = named("request.refused").map((e) => `${e.status} ${e.code} ${e.method} ${e.path}`);
    expect(refused).toEqual(
      expect.arrayContaining([
        `403 auth.forbidden POST /api/orgs/${a.id}/tokens`,
        `401 auth.required GET /api/orgs/${a.id}`,
        "403 auth.csrf POST /api/orgs",
      ]),
    );
    expect(refused.some((r) => r.endsWith("GET /api/session"))).toBe(false);
    // Every line is JSON with a time and a level; no password, session id or token secret anywhere.
    for (const e of events) expect(e).toMatchObject({ time: expect.any(String), level: expect.any(String) });
    const text = server.securityLines.join("\n");
    for (const secret of [...sent, signed.cookie, token.token]) expect(text).not.toContain(secret);

    // The organization's own log has the refusal and the token's use, beside the role change.
    const activity = await expectJson<{ entries: { action: string; details: Record<string, unknown> }[] }>(
      await a.admin.client.get(a.path("/activity?limit=100")),
      200,
    );
    const actions = activity.entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["request.refused", "token.used", "member.role_changed"]));
    expect(activity.entries.find((e) => e.action === "request.refused")?.details).toMatchObject({
      status: 403,
      code: "auth.forbidden",
      path: `/api/orgs/${a.id}/tokens`,
    });
  });
});
