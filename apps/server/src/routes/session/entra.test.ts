import { randomUUID } from "node:crypto";
import { repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ENTRA_CLIENT_ID,
  ENTRA_CLIENT_SECRET,
  type EntraTestAccount,
  EntraTestProvider,
  throughProvider,
} from "../../test-support/entra-provider.js";
import {
  type ApiClient,
  addMember,
  createOrg,
  errorCode,
  expectJson,
  type Member,
  STARTUP_TIMEOUT,
  sessionCookieOf,
  TEST_PASSWORD,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";

/*
 * Sign-in with Microsoft Entra ID against a real OpenID provider on loopback (oidc-provider, issuing
 * Entra's claims): the whole authorization code flow with PKCE, through the provider's pages and back,
 * the code exchanged over HTTP, the ID token verified. Every refusal is a redirect to the web app's page
 * naming why (`entraError=`), and in the security log.
 */

const TENANT = "3c9f2a7e-5b1d-4e8a-9f60-1a2b3c4d5e6f";
const OTHER_TENANT = "9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const THIRD_TENANT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const BACK = "http://localhost:3000/api/session/entra/callback";
const STATE_COOKIE = "specready_entra_state";

// A whole round trip through the provider, on a shared two-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

function person(name: string, extra: Partial<EntraTestAccount> = {}): EntraTestAccount {
  const slug = name.toLowerCase().replace(/[^a-z]+/g, ".");
  return {
    tid: TENANT,
    oid: randomUUID(),
    preferredUsername: `${slug}@fabrikam.example`,
    name,
    ...extra,
  };
}

describe.each(testBackends)("sign-in with Microsoft Entra ID on %s", (backend) => {
  let idp: EntraTestProvider;
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    idp = await EntraTestProvider.start(TENANT, [BACK]);
    server = await TestServer.start(backend, {
      config: {
        entra: { clientId: ENTRA_CLIENT_ID, clientSecret: ENTRA_CLIENT_SECRET, authority: idp.issuer },
      },
    });
    org = await createOrg(server, "Fabrikam");
  }, 4 * STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  /** The state cookie a start answer sets. */
  function stateCookie(res: Response): string {
    const header = res.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`));
    if (header === undefined) throw new Error("no state cookie");
    return (header.split(";")[0] as string).slice(STATE_COOKIE.length + 1);
  }

  /**
   * A browser that starts at `start` (a response redirecting to the provider, or its URL and state), signs
   * in at the provider as `account`, and comes back: the callback's answer.
   */
  async function roundTrip(
    account: EntraTestAccount,
    start: { url: string; state: string },
    options: { session?: string; beforeCallback?: () => Promise<void> } = {},
  ) {
    idp.signInAs = account;
    const back = await throughProvider(start.url, BACK);
    await options.beforeCallback?.();
    const cookie = [
      `${STATE_COOKIE}=${start.state}`,
      ...(options.session === undefined ? [] : [`specready_session=${options.session}`]),
    ].join("; ");
    const res = await server.fetch(`${back.pathname}${back.search}`, { headers: { cookie } });
    return { res, path: `${back.pathname}${back.search}`, cookie };
  }

  async function startSignIn(query = "") {
    const res = await server.fetch(`/api/session/entra/start${query}`);
    expect(res.status).toBe(302);
    const url = res.headers.get("location") as string;
    expect(url.startsWith(`${idp.issuer}/`)).toBe(true);
    return { url, state: stateCookie(res) };
  }

  async function startLink(member: Member) {
    const res = await member.client.post("/api/session/entra/link");
    const { authorizationUrl } = await expectJson<{ authorizationUrl: string }>(res.clone(), 200);
    return { url: authorizationUrl, state: stateCookie(res) };
  }

  async function linked(member: Member, account: EntraTestAccount) {
    const { res } = await roundTrip(account, await startLink(member), { session: member.cookie });
    expect(res.headers.get("location")).toBe("/account/two-factor?entra=linked");
    return account;
  }

  /** Signs in with Microsoft as `account`: the session cookie, or the refusal's reason. */
  async function entraSignIn(account: EntraTestAccount, query = "") {
    const { res } = await roundTrip(account, await startSignIn(query));
    expect(res.status).toBe(302);
    const location = res.headers.get("location") as string;
    return { location, cookie: sessionCookieOf(res) };
  }

  /** An API client with a session cookie (and its CSRF token). */
  async function clientOf(cookie: string | undefined): Promise<ApiClient> {
    if (cookie === undefined) throw new Error("not signed in");
    const session = await expectJson<{ csrfToken: string }>(
      await server.fetch("/api/session", { headers: { cookie: `specready_session=${cookie}` } }),
      200,
    );
    return server.as({ kind: "session", cookie, csrfToken: session.csrfToken });
  }

  const refusal = (location: string) => new URL(location, "http://x").searchParams.get("entraError");

  it("starts with PKCE, state and nonce, and says so on the setup answer", async () => {
    const setup = await expectJson<{ entraEnabled: boolean }>(await server.anonymous.get("/api/setup"), 200);
    expect(setup.entraEnabled).toBe(true);
    const { url } = await startSignIn();
    const q = new URL(url).searchParams;
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(q.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(q.get("nonce")).toMatch(/^[\w-]{20,}$/);
    expect(q.get("redirect_uri")).toBe(BACK);
    expect(q.get("client_id")).toBe(ENTRA_CLIENT_ID);
  });

  it("links a signed-in member's Microsoft account, signs them in with it, and unlinks it", async () => {
    const member = await addMember(server, org.id, "contributor", "Lena Link");
    const account = await linked(member, person("Lena Link"));
    const status = await expectJson<{ identity: { tenantId: string; objectId: string; username: string } }>(
      await member.client.get("/api/session/entra"),
      200,
    );
    expect(status.identity).toMatchObject({
      tenantId: TENANT,
      objectId: account.oid,
      username: "lena.link@fabrikam.example",
    });

    const signedIn = await entraSignIn(account);
    expect(signedIn.location).toBe("/");
    expect(signedIn.cookie).toBeDefined();
    const session = await expectJson<{ user: { id: string } }>(
      await server.fetch("/api/session", { headers: { cookie: `specready_session=${signedIn.cookie}` } }),
      200,
    );
    expect(session.user.id).toBe(member.id);
    const orgRes = await server.fetch(org.path(), {
      headers: { cookie: `specready_session=${signedIn.cookie}` },
    });
    expect(orgRes.status).toBe(200);
    const events = await server.securityEvents("entra.signin_succeeded");
    expect(events.at(-1)).toMatchObject({ userId: member.id, tenantId: TENANT, objectId: account.oid });
    // The client secret is in no log line.
    expect(server.securityLines.join("\n")).not.toContain(ENTRA_CLIENT_SECRET);

    expect((await member.client.delete("/api/session/entra")).status).toBe(204);
    expect(refusal((await entraSignIn(account)).location)).toBe("not_linked");
    const again = await member.client.delete("/api/session/entra");
    expect(`${again.status} ${await errorCode(again)}`).toBe("404 not_found");
  });

  it("refuses a replayed state, and a state from another browser", async () => {
    const member = await addMember(server, org.id, "viewer", "Rita Replay");
    const account = await linked(member, person("Rita Replay"));
    const first = await roundTrip(account, await startSignIn());
    expect(first.res.headers.get("location")).toBe("/");
    const replay = await server.fetch(first.path, { headers: { cookie: first.cookie } });
    expect(replay.status).toBe(302);
    expect(sessionCookieOf(replay)).toBeUndefined();
    expect(refusal(replay.headers.get("location") as string)).toBe("state_replayed");
    // A sign-in someone started and sent to another browser (which has no such state cookie).
    const planted = await startSignIn();
    idp.signInAs = account;
    const back = await throughProvider(planted.url, BACK);
    const elsewhere = await server.fetch(`${back.pathname}${back.search}`);
    expect(refusal(elsewhere.headers.get("location") as string)).toBe("state_mismatch");
    expect(sessionCookieOf(elsewhere)).toBeUndefined();
    const refused = await server.securityEvents("entra.refused");
    expect(refused.map((e) => e.reason)).toEqual(
      expect.arrayContaining(["state_replayed", "state_mismatch"]),
    );
  });

  it("refuses an expired code", async () => {
    const member = await addMember(server, org.id, "viewer", "Ezra Expired");
    const account = await linked(member, person("Ezra Expired"));
    idp.codeTtlSeconds = 1;
    try {
      const { res } = await roundTrip(account, await startSignIn(), {
        // The code lives one second at the provider: it is expired when exchanged.
        beforeCallback: () => new Promise((r) => setTimeout(r, 2_200)),
      });
      expect(refusal(res.headers.get("location") as string)).toBe("code_invalid");
      expect(sessionCookieOf(res)).toBeUndefined();
    } finally {
      idp.codeTtlSeconds = 600;
    }
    const events = await server.securityEvents("entra.refused");
    expect(events.at(-1)).toMatchObject({ reason: "code_invalid", providerError: "invalid_grant" });
  });

  it("refuses an account Microsoft refuses (disabled), a token whose tenant is not its issuer's, and an unlinked account", async () => {
    const disabled = await entraSignIn(person("Dora Disabled", { disabled: true }));
    expect(refusal(disabled.location)).toBe("provider_refused");
    expect(disabled.cookie).toBeUndefined();
    const foreign = await entraSignIn(person("Mallory Other", { tid: OTHER_TENANT }));
    expect(refusal(foreign.location)).toBe("wrong_tenant");
    expect(foreign.cookie).toBeUndefined();
    // The token's e-mail matches an account, but Entra does not verify that claim: no link.
    const member = await addMember(server, org.id, "viewer", "Una Unlinked");
    const unverified = await entraSignIn(person("Una Unlinked", { email: member.email }));
    expect(refusal(unverified.location)).toBe("not_linked");
  });

  it("links by e-mail only when both sides verified it: the address by an e-mailed link, the domain by the tenant", async () => {
    const member = await addMember(server, org.id, "viewer", "Vera Verified");
    const account = person("Vera Verified", { email: member.email, emailDomainVerified: true });
    // The address is not verified on specready's side yet.
    expect(refusal((await entraSignIn(account)).location)).toBe("not_linked");
    await repositories(server.db).accountSecurity.markEmailVerified(member.id);
    const ok = await entraSignIn(account);
    expect(ok.location).toBe("/");
    expect((await repositories(server.db).entra.identityOf(member.id))?.objectId).toBe(account.oid);
  });

  it("refuses a member removed from every organization", async () => {
    const member = await addMember(server, org.id, "viewer", "Remy Removed");
    const account = await linked(member, person("Remy Removed"));
    const removed = await org.admin.client.delete(org.path(`/members/${member.id}`));
    expect(removed.status).toBe(204);
    const res = await entraSignIn(account);
    expect(refusal(res.location)).toBe("no_membership");
    expect(res.cookie).toBeUndefined();
  });

  it("accepts an invitation with Microsoft: a new account linked to the tenant and object ids", async () => {
    const email = `ivy.${randomUUID().slice(0, 8)}@fabrikam.example`;
    const invited = await expectJson<{ url: string }>(
      await org.admin.client.post(org.path("/invitations"), { email, role: "contributor" }),
      201,
    );
    const token = invited.url.split("/invite/")[1] as string;
    const account = person("Ivy Invited");
    const res = await entraSignIn(account, `?invitation=${token}`);
    expect(res.location).toBe("/");
    const session = await expectJson<{
      user: { email: string; name: string };
      organizations: { id: string }[];
    }>(await server.fetch("/api/session", { headers: { cookie: `specready_session=${res.cookie}` } }), 200);
    expect(session.user).toMatchObject({ email, name: "Ivy Invited" });
    expect(session.organizations.map((o) => o.id)).toEqual([org.id]);
    const user = await repositories(server.db).users.byEmail(email);
    expect(await repositories(server.db).entra.identityOf(user?.id as string)).toMatchObject({
      tenantId: TENANT,
      objectId: account.oid,
    });
    // The invitation is used: its link starts nothing now.
    const again = await server.fetch(`/api/session/entra/start?invitation=${token}`);
    expect(`${again.status} ${await errorCode(again)}`).toBe("404 not_found");
    // And the account signs in with Microsoft from now on.
    expect((await entraSignIn(account)).location).toBe("/");
  });

  describe("the organization's rules", () => {
    let restricted: TestOrg;
    /** The partner admin, signed in with Microsoft. */
    let adminEntra: ApiClient;

    beforeAll(async () => {
      restricted = await createOrg(server, "Contoso");
    }, STARTUP_TIMEOUT);

    it("lets only partner admins set them, with tenant ids checked", async () => {
      const viewer = await restricted.members.viewer.client.put(restricted.path("/entra-policy"), {
        allowedTenantIds: [],
        requireEntra: false,
      });
      expect(`${viewer.status} ${await errorCode(viewer)}`).toBe("403 auth.forbidden");
      const bad = await restricted.admin.client.put(restricted.path("/entra-policy"), {
        allowedTenantIds: [TENANT, "not-a-tenant"],
        requireEntra: false,
      });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { error: { issues: { path: string; message: string }[] } };
      expect(body.error.issues).toEqual([
        expect.objectContaining({
          path: "allowedTenantIds.1",
          message: expect.stringContaining("not a tenant ID"),
        }),
      ]);
    });

    it("refuses to require Microsoft sign-in of an admin who has no linked account of an allowed tenant", async () => {
      const res = await restricted.admin.client.put(restricted.path("/entra-policy"), {
        allowedTenantIds: [],
        requireEntra: true,
      });
      expect(`${res.status} ${await errorCode(res)}`).toBe("409 entra.link_first");
      // Linked, but still in a password session: not proof enough.
      const account = await linked(restricted.admin, person("Contoso Admin"));
      const password = await restricted.admin.client.put(restricted.path("/entra-policy"), {
        allowedTenantIds: [],
        requireEntra: true,
      });
      expect(`${password.status} ${await errorCode(password)}`).toBe("409 entra.link_first");
      adminEntra = await clientOf((await entraSignIn(account)).cookie);
      const otherTenant = await adminEntra.put(restricted.path("/entra-policy"), {
        allowedTenantIds: [THIRD_TENANT],
        requireEntra: true,
      });
      expect(`${otherTenant.status} ${await errorCode(otherTenant)}`).toBe("409 entra.link_first");
    });

    it("refuses a password session the organization when it requires Microsoft sign-in", async () => {
      const member = await addMember(server, restricted.id, "contributor", "Paula Password");
      const account = await linked(member, person("Paula Password"));
      const set = await adminEntra.put(restricted.path("/entra-policy"), {
        allowedTenantIds: [TENANT.toUpperCase()],
        requireEntra: true,
      });
      expect(await expectJson(set, 200)).toEqual({ allowedTenantIds: [TENANT], requireEntra: true });
      const refused = await member.client.get(restricted.path());
      expect(`${refused.status} ${await errorCode(refused)}`).toBe("403 auth.entra_required");
      // Password sign-in: refused when every organization of the account requires Microsoft sign-in.
      const password = await server.anonymous.post("/api/session", {
        email: member.email,
        password: TEST_PASSWORD,
      });
      expect(`${password.status} ${await errorCode(password)}`).toBe("403 auth.entra_required");
      // With Microsoft, the organization opens.
      const signedIn = await entraSignIn(account);
      const opened = await server.fetch(restricted.path(), {
        headers: { cookie: `specready_session=${signedIn.cookie}` },
      });
      expect(opened.status).toBe(200);
      // The link stays while the organization requires it.
      const unlink = await member.client.delete("/api/session/entra");
      expect(`${unlink.status} ${await errorCode(unlink)}`).toBe("409 entra.required");
      // The admin's own password session is refused too; their Microsoft one is not.
      const adminPassword = await restricted.admin.client.get(restricted.path());
      expect(`${adminPassword.status} ${await errorCode(adminPassword)}`).toBe("403 auth.entra_required");
      const activity = await expectJson<{ entries: { action: string; details: unknown }[] }>(
        await adminEntra.get(restricted.path("/activity")),
        200,
      );
      expect(activity.entries.find((e) => e.action === "organization.entra_policy")?.details).toMatchObject({
        allowedTenantIds: [TENANT],
        requireEntra: true,
      });
      await expectJson(
        await adminEntra.put(restricted.path("/entra-policy"), { allowedTenantIds: [], requireEntra: false }),
        200,
      );
    });

    it("refuses a person of a tenant the organization does not accept", async () => {
      const member = await addMember(server, restricted.id, "viewer", "Tom Tenant");
      const account = await linked(member, person("Tom Tenant"));
      // The admin's Microsoft session is of a tenant the list leaves out: refused, it would lock them out.
      const own = await adminEntra.put(restricted.path("/entra-policy"), {
        allowedTenantIds: [THIRD_TENANT],
        requireEntra: false,
      });
      expect(`${own.status} ${await errorCode(own)}`).toBe("409 entra.link_first");
      await expectJson(
        await restricted.admin.client.put(restricted.path("/entra-policy"), {
          allowedTenantIds: [THIRD_TENANT],
          requireEntra: false,
        }),
        200,
      );
      const res = await entraSignIn(account);
      expect(refusal(res.location)).toBe("tenant_not_allowed");
      // And the admin's Microsoft session, signed in before, is refused the organization now.
      const adminNow = await adminEntra.get(restricted.path());
      expect(`${adminNow.status} ${await errorCode(adminNow)}`).toBe("403 auth.entra_tenant_refused");
      expect(res.cookie).toBeUndefined();
      // An invitation to it, accepted with an account of another tenant, is refused too.
      const invited = await expectJson<{ url: string }>(
        await restricted.admin.client.post(restricted.path("/invitations"), {
          email: `x.${randomUUID().slice(0, 8)}@example.com`,
          role: "viewer",
        }),
        201,
      );
      const token = invited.url.split("/invite/")[1] as string;
      expect(refusal((await entraSignIn(person("Xavier Other"), `?invitation=${token}`)).location)).toBe(
        "tenant_not_allowed",
      );
      await expectJson(
        await restricted.admin.client.put(restricted.path("/entra-policy"), {
          allowedTenantIds: [],
          requireEntra: false,
        }),
        200,
      );
    });
  });
});
