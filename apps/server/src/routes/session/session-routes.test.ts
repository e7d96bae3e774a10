import { type Role, repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Action, policy } from "../../auth/policy.js";
import {
  certificationsCsv,
  createOrg,
  createToken,
  createUser,
  errorCode,
  expectJson,
  importFile,
  orgState,
  type Session,
  STARTUP_TIMEOUT,
  sessionCookieOf,
  signIn,
  TEST_PASSWORD,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";

/** The actions of the policy table a role has: an organization's `allowedActions` in the session. */
const actionsOf = (role: Role) =>
  (Object.keys(policy) as Action[]).filter((a) => (policy[a] as readonly Role[]).includes(role));

interface ActivityEntry {
  id: number;
  at: string;
  actor: { kind: "user" | "token" | "system"; id: string | null; name: string };
  action: string;
  summary: string;
  details: Record<string, unknown>;
}
interface ActivityPage {
  entries: ActivityEntry[];
  next: number | null;
  actions: string[];
}

/** The attributes of the session cookie a response sets, by lower-case name ("" for flags). */
function cookieAttributes(res: Response): Record<string, string> {
  const header = res.headers.getSetCookie().find((c) => c.startsWith("specready_session="));
  if (header === undefined) throw new Error("no session cookie was set");
  return Object.fromEntries(
    header
      .split(";")
      .slice(1)
      .map((part) => {
        const [name = "", value = ""] = part.trim().split("=");
        return [name.toLowerCase(), value];
      }),
  );
}

const newPerson = (name: string) => ({
  name,
  email: `${name.toLowerCase().replace(/\W+/g, ".")}.${crypto.randomUUID().slice(0, 6)}@example.com`,
});

describe.each(testBackends)("sessions, invitations, members and activity on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  /** A page of an organization's activity, as its partner admin sees it. */
  async function activity(org: TestOrg, query = ""): Promise<ActivityPage> {
    return expectJson<ActivityPage>(await org.admin.client.get(org.path(`/activity${query}`)), 200);
  }

  it("sets up the first organization and its partner admin only while no account exists", async () => {
    expect(await expectJson(await server.anonymous.get("/api/setup"), 200)).toEqual({
      needsSetup: true,
      emailEnabled: false,
      entraEnabled: false,
    });
    const first = {
      organizationName: "Adatum Consulting",
      name: "Ada Admin",
      email: "ada@adatum.example",
      password: TEST_PASSWORD,
    };
    const short = await server.anonymous.post("/api/setup", { ...first, password: "too short" });
    const invalid = await expectJson<{ error: { code: string; issues: { path: string }[] } }>(short, 400);
    expect(invalid.error.code).toBe("request.invalid");
    expect(invalid.error.issues.map((i) => i.path)).toEqual(["password"]);

    // Two first-run pages submitted at the same moment: one sets up, the other is told it is done.
    const other = {
      ...first,
      organizationName: "Racing Ltd",
      name: "Rex Racer",
      email: "rex@racing.example",
    };
    const answers = await Promise.all(
      [first, other].map((body) => server.anonymous.post("/api/setup", body)),
    );
    const winner = answers.findIndex((r) => r.status === 201);
    const [res, racing] = winner === 0 ? answers : [...answers].reverse();
    if (res === undefined || racing === undefined) throw new Error("two answers expected");
    expect(`${racing.status} ${await errorCode(racing)}`).toBe("409 setup.done");
    const admin = winner === 0 ? first : other;
    const session = await expectJson<Session>(res.clone(), 201);
    expect(session.user).toMatchObject({ email: admin.email, name: admin.name });
    expect(session.organizations).toEqual([
      {
        id: expect.any(String),
        name: admin.organizationName,
        role: "partner_admin",
        allowedActions: actionsOf("partner_admin"),
      },
    ]);
    const cookie = sessionCookieOf(res) as string;
    const me = server.as({ kind: "session", cookie, csrfToken: session.csrfToken });
    expect((await expectJson<Session>(await me.get("/api/session"), 200)).user.email).toBe(admin.email);

    expect(await expectJson(await server.anonymous.get("/api/setup"), 200)).toEqual({
      needsSetup: false,
      emailEnabled: false,
      entraEnabled: false,
    });
    const again = await server.anonymous.post("/api/setup", { ...first, email: "mallory@example.com" });
    expect(await errorCode(again)).toBe("setup.done");
    expect(again.status).toBe(409);
    // Even signed in, setup does not run twice.
    expect((await me.post("/api/setup", { ...first, email: "eve@example.com" })).status).toBe(409);
    expect(await repositories(server.db).users.count()).toBe(1);

    const orgId = session.organizations[0]?.id as string;
    const log = await expectJson<ActivityPage>(await me.get(`/api/orgs/${orgId}/activity`), 200);
    expect(log.entries.map((e) => e.action)).toEqual(["member.added", "organization.created"]);
    expect(log.entries.every((e) => e.actor.id === session.user.id)).toBe(true);
  });

  describe("with organizations", () => {
    let a: TestOrg;
    let b: TestOrg;
    beforeAll(async () => {
      [a, b] = await Promise.all([createOrg(server, "Contoso"), createOrg(server, "Fabrikam")]);
    }, STARTUP_TIMEOUT);

    it("signs in with the email in any case, reads the session, and signs out", async () => {
      const user = await createUser(server, "Sam Signin");
      await repositories(server.db).users.addMember(a.id, user.id, "viewer");
      const res = await server.anonymous.post("/api/session", {
        email: user.email.toUpperCase(),
        password: TEST_PASSWORD,
      });
      const session = await expectJson<Session>(res.clone(), 200);
      expect(session.user).toEqual({ id: user.id, email: user.email, name: user.name });
      expect(session.organizations).toEqual([
        { id: a.id, name: a.name, role: "viewer", allowedActions: actionsOf("viewer") },
      ]);
      const client = server.as({
        kind: "session",
        cookie: sessionCookieOf(res) as string,
        csrfToken: session.csrfToken,
      });

      const read = await client.get("/api/session");
      expect(read.headers.get("cache-control")).toBe("no-store");
      expect(await expectJson<Session>(read, 200)).toEqual(session);

      const out = await client.delete("/api/session");
      expect(out.status).toBe(204);
      expect(cookieAttributes(out)["max-age"]).toBe("0");
      expect(await errorCode(await client.get("/api/session"))).toBe("auth.required");
      expect(await errorCode(await client.get(a.path()))).toBe("auth.required");
    });

    it("answers a wrong password and an unknown email alike: 401 with the same message, no cookie", async () => {
      const user = await createUser(server, "Wanda Wrong");
      const wrong = await server.anonymous.post(
        "/api/session",
        { email: user.email, password: "not the password" },
        { address: "192.0.2.1" },
      );
      const unknown = await server.anonymous.post(
        "/api/session",
        { email: "nobody@example.com", password: TEST_PASSWORD },
        { address: "192.0.2.1" },
      );
      expect(wrong.headers.getSetCookie()).toEqual([]);
      expect(unknown.headers.getSetCookie()).toEqual([]);
      const w = await expectJson(wrong, 401);
      expect(await expectJson(unknown, 401)).toEqual(w);
      expect(w).toEqual({
        error: { code: "auth.invalid_credentials", message: "The email or password is wrong." },
      });
    });

    it("sets the cookie HttpOnly, SameSite=Lax, Path=/, and Secure only over https or a trusted proxy's https", async () => {
      const user = await createUser(server, "Carl Cookie");
      const signInOver = async (s: TestServer, options: Parameters<TestServer["fetch"]>[1]) =>
        cookieAttributes(
          await s.fetch("/api/session", {
            ...options,
            method: "POST",
            json: { email: user.email, password: TEST_PASSWORD },
          }),
        );
      const plain = await signInOver(server, {});
      expect(plain).toEqual({ "max-age": String(14 * 86_400), path: "/", httponly: "", samesite: "Lax" });
      expect(await signInOver(server, { scheme: "https" })).toEqual({ ...plain, secure: "" });
      // X-Forwarded-Proto counts only from a proxy the settings trust.
      const forwarded = { headers: { "x-forwarded-proto": "https" } };
      expect(await signInOver(server, forwarded)).toEqual(plain);
      expect(await signInOver(server.withConfig({ trustProxy: true }), forwarded)).toEqual({
        ...plain,
        secure: "",
      });
    });

    it("refuses a cookie-authenticated change without the right X-CSRF-Token, or from another origin", async () => {
      const admin = a.admin;
      const before = await orgState(server.db, a.id);
      const viewer = a.members.viewer;
      const changes: [string, string, unknown][] = [
        ["POST", "/api/orgs", { name: "Sneaky" }],
        ["PUT", a.path("/application"), { submittedOn: "2025-09-01" }],
        ["POST", a.path("/tokens"), { name: "sneaky", role: "contributor" }],
        ["PATCH", a.path(`/members/${viewer.id}`), { role: "partner_admin" }],
        ["DELETE", a.path(`/members/${viewer.id}`), undefined],
        ["DELETE", "/api/session", undefined],
      ];
      const cookie = { cookie: `specready_session=${admin.cookie}` };
      for (const [method, path, json] of changes) {
        for (const headers of [cookie, { ...cookie, "x-csrf-token": "not-the-token" }]) {
          const res = await server.fetch(path, { method, json, headers });
          expect(`${method} ${path}: ${res.status} ${await errorCode(res)}`).toBe(
            `${method} ${path}: 403 auth.csrf`,
          );
        }
        // With the token but from another site's page.
        const crossSite = await admin.client.request(path, {
          method,
          json,
          headers: { origin: "https://evil.example" },
        });
        expect(`${method} ${path}: ${crossSite.status} ${await errorCode(crossSite)}`).toBe(
          `${method} ${path}: 403 auth.csrf`,
        );
      }
      expect(await orgState(server.db, a.id)).toEqual(before);
      expect((await admin.client.get("/api/session")).status).toBe(200);

      // Reads need no token; a change from our own origin with the token goes through.
      expect((await server.fetch(a.path("/members"), { headers: cookie })).status).toBe(200);
      const same = await admin.client.put(
        a.path("/application"),
        { submittedOn: "2025-09-01" },
        { headers: { origin: "http://localhost" } },
      );
      expect(same.status).toBe(200);
      // Behind a trusted proxy the browser's origin is the proxy's host.
      const proxied = server.withConfig({ trustProxy: true }).as(admin.client.credentials);
      const viaProxy = await proxied.put(
        a.path("/application"),
        { submittedOn: "2025-09-02" },
        { headers: { origin: "https://specready.example.com", "x-forwarded-host": "specready.example.com" } },
      );
      expect(viaProxy.status).toBe(200);
      const untrusted = await admin.client.put(
        a.path("/application"),
        { submittedOn: "2025-09-03" },
        { headers: { origin: "https://specready.example.com", "x-forwarded-host": "specready.example.com" } },
      );
      expect(await errorCode(untrusted)).toBe("auth.csrf");

      // A script's API token needs no CSRF token (browsers do not send it on their own)...
      const token = await createToken(a, "contributor");
      const q = new URLSearchParams({ kind: "certifications", fileName: "certifications.csv" });
      const scripted = await token.client.request(a.path(`/uploads?${q}`), {
        method: "POST",
        body: certificationsCsv(),
      });
      expect(scripted.status).toBe(201);
      // ...but a page of another site cannot use one either.
      const crossSiteToken = await token.client.request(a.path(`/uploads?${q}`), {
        method: "POST",
        body: certificationsCsv(),
        headers: { origin: "https://evil.example" },
      });
      expect(await errorCode(crossSiteToken)).toBe("auth.csrf");
    });

    it("signs out everywhere: every session of the person ends, nobody else's", async () => {
      const user = await createUser(server, "Erin Everywhere");
      await repositories(server.db).users.addMember(a.id, user.id, "contributor");
      const [laptop, phone] = [await signIn(server, user.email), await signIn(server, user.email)];
      expect((await phone.client.get(a.path())).status).toBe(200);

      const res = await laptop.client.post("/api/session/sign-out-everywhere");
      expect(res.status).toBe(204);
      expect(cookieAttributes(res)["max-age"]).toBe("0");
      expect(await errorCode(await laptop.client.get("/api/session"))).toBe("auth.required");
      expect(await errorCode(await phone.client.get(a.path()))).toBe("auth.required");
      expect((await a.members.contributor.client.get("/api/session")).status).toBe(200);
      expect((await signIn(server, user.email)).session.user.id).toBe(user.id);
    });

    it("changes the password with the current one, ending the person's other sessions", async () => {
      const user = await createUser(server, "Petra Password");
      const [here, elsewhere] = [await signIn(server, user.email), await signIn(server, user.email)];
      const wrong = await here.client.post("/api/session/password", {
        currentPassword: "not it at all",
        newPassword: "a much better passphrase",
      });
      expect(`${wrong.status} ${await errorCode(wrong)}`).toBe("401 auth.invalid_credentials");
      const weak = await here.client.post("/api/session/password", {
        currentPassword: TEST_PASSWORD,
        newPassword: "short",
      });
      const issues = (await expectJson<{ error: { issues: { path: string }[] } }>(weak, 400)).error.issues;
      expect(issues.map((i) => i.path)).toEqual(["newPassword"]);

      const changed = await here.client.post("/api/session/password", {
        currentPassword: TEST_PASSWORD,
        newPassword: "a much better passphrase",
      });
      expect(changed.status).toBe(204);
      expect((await here.client.get("/api/session")).status).toBe(200);
      expect((await elsewhere.client.get("/api/session")).status).toBe(401);
      const old = await server.anonymous.post("/api/session", { email: user.email, password: TEST_PASSWORD });
      expect(old.status).toBe(401);
      expect((await signIn(server, user.email, "a much better passphrase")).session.user.id).toBe(user.id);
    });

    it("invites a new person who accepts with a name and a password of at least 12 characters", async () => {
      const person = newPerson("Nora New");
      const invited = await a.admin.client.post(a.path("/invitations"), {
        email: person.email,
        role: "contributor",
      });
      const invitation = await expectJson<{ id: string; url: string; role: string; expiresAt: string }>(
        invited,
        201,
      );
      expect(invitation.url).toMatch(/^http:\/\/localhost:3000\/invite\/[\w-]{40,}$/);
      const token = invitation.url.split("/invite/")[1] as string;
      const members = await expectJson<{ invitations: { id: string }[] }>(
        await a.admin.client.get(a.path("/members")),
        200,
      );
      expect(members.invitations.map((i) => i.id)).toContain(invitation.id);

      const info = await expectJson<{ expiresAt: string }>(
        await server.anonymous.get(`/api/invitations/${token}`),
        200,
      );
      expect(info).toEqual({
        organizationName: a.name,
        email: person.email,
        role: "contributor",
        expiresAt: expect.any(String),
      });
      // The same instant (PostgreSQL writes "…:05.12Z" where JavaScript writes "…:05.120Z").
      expect(Date.parse(info.expiresAt)).toBe(Date.parse(invitation.expiresAt));

      const accept = (body: unknown) => server.anonymous.post(`/api/invitations/${token}/accept`, body);
      const tooShort = await expectJson<{
        error: { code: string; issues: { path: string; message: string }[] };
      }>(await accept({ name: person.name, password: "eleven char" }), 400);
      expect(tooShort.error.code).toBe("request.invalid");
      expect(tooShort.error.issues).toEqual([
        { path: "password", message: "must be at least 12 characters" },
      ]);
      // Without a name it is taken for an existing account's password, and refused as a wrong one would be.
      const noName = await expectJson<{ error: { code: string; message: string } }>(
        await accept({ password: TEST_PASSWORD }),
        401,
      );
      expect(noName.error.code).toBe("auth.invalid_credentials");
      expect(noName.error.message).toMatch(/otherwise give your name and choose a new password/);
      expect(await repositories(server.db).users.byEmail(person.email)).toBeUndefined();

      const res = await accept({ name: person.name, password: "twelve chars" });
      const session = await expectJson<Session>(res.clone(), 200);
      expect(session.user).toMatchObject({ email: person.email, name: person.name });
      expect(session.organizations).toEqual([
        { id: a.id, name: a.name, role: "contributor", allowedActions: actionsOf("contributor") },
      ]);
      const nora = server.as({
        kind: "session",
        cookie: sessionCookieOf(res) as string,
        csrfToken: session.csrfToken,
      });
      expect(await expectJson(await nora.get(a.path()), 200)).toMatchObject({
        id: a.id,
        role: "contributor",
      });

      // The link is used up.
      expect(await errorCode(await accept({ name: "Someone Else", password: TEST_PASSWORD }))).toBe(
        "not_found",
      );
      expect((await server.anonymous.get(`/api/invitations/${token}`)).status).toBe(404);

      const after = await expectJson<{
        members: { userId: string; role: string }[];
        invitations: { id: string }[];
      }>(await a.admin.client.get(a.path("/members")), 200);
      expect(after.members).toContainEqual(
        expect.objectContaining({ userId: session.user.id, role: "contributor" }),
      );
      expect(after.invitations.map((i) => i.id)).not.toContain(invitation.id);

      const invitedEntry = (await activity(a, "?action=member.invited")).entries.find(
        (e) => e.details.invitationId === invitation.id,
      );
      expect(invitedEntry).toMatchObject({
        actor: { kind: "user", id: a.admin.id, name: a.admin.name },
        details: { email: person.email, role: "contributor" },
      });
      const added = (await activity(a, "?action=member.added")).entries.find(
        (e) => e.details.invitationId === invitation.id,
      );
      expect(added).toMatchObject({
        actor: { kind: "user", id: session.user.id, name: person.name },
        details: { userId: session.user.id, role: "contributor" },
      });
    });

    it("lets an existing account accept an invitation only with its password", async () => {
      const existing = b.members.viewer;
      const invited = await a.admin.client.post(a.path("/invitations"), {
        email: existing.email,
        role: "auditor",
      });
      const token = (await expectJson<{ url: string }>(invited, 201)).url.split("/invite/")[1] as string;
      // The invitation does not tell whether the email has an account (anyone may invite any email).
      const info = await expectJson<Record<string, unknown>>(
        await server.anonymous.get(`/api/invitations/${token}`),
        200,
      );
      expect(info).not.toHaveProperty("accountExists");

      const wrong = await server.anonymous.post(`/api/invitations/${token}/accept`, {
        password: "not the password",
      });
      expect(`${wrong.status} ${await errorCode(wrong)}`).toBe("401 auth.invalid_credentials");
      expect(await repositories(server.db).users.roleIn(a.id, existing.id)).toBeUndefined();
      // A new name and password do not take over the account.
      const takeover = await server.anonymous.post(`/api/invitations/${token}/accept`, {
        name: "Mallory",
        password: "a takeover passphrase of hers",
      });
      expect(takeover.status).toBe(401);

      const res = await server.anonymous.post(`/api/invitations/${token}/accept`, {
        password: TEST_PASSWORD,
      });
      const session = await expectJson<Session>(res, 200);
      expect(session.user.id).toBe(existing.id);
      expect(session.user.name).toBe(existing.name);
      expect([...session.organizations].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
        { id: a.id, name: a.name, role: "auditor", allowedActions: actionsOf("auditor") },
        { id: b.id, name: b.name, role: "viewer", allowedActions: actionsOf("viewer") },
      ]);
    });

    it("does not let an invitation change the role of someone who is already a member", async () => {
      const person = newPerson("Dora Double");
      // Sent twice, as happens when the first email seems lost; both links stay open.
      const links = [];
      for (const role of ["partner_admin", "viewer"]) {
        const res = await a.admin.client.post(a.path("/invitations"), { email: person.email, role });
        links.push((await expectJson<{ url: string }>(res, 201)).url.split("/invite/")[1] as string);
      }
      const joined = await server.anonymous.post(`/api/invitations/${links[1]}/accept`, {
        name: person.name,
        password: TEST_PASSWORD,
      });
      const userId = (await expectJson<Session>(joined, 200)).user.id;
      expect(await repositories(server.db).users.roleIn(a.id, userId)).toBe("viewer");

      // The older link must not make the viewer a partner admin.
      const again = await server.anonymous.post(`/api/invitations/${links[0]}/accept`, {
        password: TEST_PASSWORD,
      });
      expect(`${again.status} ${await errorCode(again)}`).toBe("409 members.already_member");
      expect(await repositories(server.db).users.roleIn(a.id, userId)).toBe("viewer");
      // An existing member cannot be invited again either.
      const reinvite = await a.admin.client.post(a.path("/invitations"), {
        email: person.email,
        role: "viewer",
      });
      expect(`${reinvite.status} ${await errorCode(reinvite)}`).toBe("409 members.already_member");
    });

    it("answers 404 for a withdrawn invitation and records the withdrawal", async () => {
      const person = newPerson("Wes Withdrawn");
      const invited = await a.admin.client.post(a.path("/invitations"), {
        email: person.email,
        role: "viewer",
      });
      const invitation = await expectJson<{ id: string; url: string }>(invited, 201);
      const token = invitation.url.split("/invite/")[1] as string;
      expect((await a.admin.client.delete(a.path(`/invitations/${invitation.id}`))).status).toBe(204);

      expect(await errorCode(await server.anonymous.get(`/api/invitations/${token}`))).toBe("not_found");
      const accept = await server.anonymous.post(`/api/invitations/${token}/accept`, {
        name: person.name,
        password: TEST_PASSWORD,
      });
      expect(accept.status).toBe(404);
      expect(await repositories(server.db).users.byEmail(person.email)).toBeUndefined();
      expect((await a.admin.client.delete(a.path(`/invitations/${invitation.id}`))).status).toBe(404);
      const withdrawn = (await activity(a, "?action=member.invitation_withdrawn")).entries;
      expect(withdrawn.filter((e) => e.details.invitationId === invitation.id)).toEqual([
        expect.objectContaining({
          actor: { kind: "user", id: a.admin.id, name: a.admin.name },
          details: { invitationId: invitation.id, email: person.email },
        }),
      ]);
      // An invitation link that never existed looks the same.
      expect((await server.anonymous.get(`/api/invitations/${"x".repeat(43)}`)).status).toBe(404);
    });

    it("keeps a partner admin when two of them step down or remove each other at the same moment", async () => {
      for (const change of ["demote", "remove"] as const) {
        const org = await createOrg(server, `Racing ${change}`);
        const first = org.admin;
        const second = org.members.contributor;
        await expectJson(
          await first.client.patch(org.path(`/members/${second.id}`), { role: "partner_admin" }),
          200,
        );
        const send = (by: typeof first, target: string) =>
          change === "demote"
            ? by.client.patch(org.path(`/members/${target}`), { role: "viewer" })
            : by.client.delete(org.path(`/members/${target}`));
        const answers = await Promise.all([send(first, second.id), send(second, first.id)]);
        const outcomes = await Promise.all(
          answers.map(async (r) => `${r.status} ${(await errorCode(r)) ?? ""}`.trim()),
        );
        // One change goes through; the other finds its sender no longer an admin, or the last one.
        expect(
          outcomes.filter((o) => /^20\d$/.test(o)),
          `${change}: ${outcomes}`,
        ).toHaveLength(1);
        expect(
          outcomes.filter((o) =>
            ["409 members.last_admin", "403 auth.forbidden", "404 not_found"].includes(o),
          ),
          `${change}: ${outcomes}`,
        ).toHaveLength(1);
        const admins = await repositories(server.db).users.adminIdsForUpdate(org.id);
        expect(admins).toHaveLength(1);
      }
    });

    it("keeps the last partner admin: neither demoted nor removed (409 members.last_admin)", async () => {
      const org = await createOrg(server, "Solo Partners");
      const admin = org.admin;
      const refuse = async (res: Response) => `${res.status} ${await errorCode(res)}`;
      expect(
        await refuse(await admin.client.patch(org.path(`/members/${admin.id}`), { role: "viewer" })),
      ).toBe("409 members.last_admin");
      expect(await refuse(await admin.client.delete(org.path(`/members/${admin.id}`)))).toBe(
        "409 members.last_admin",
      );
      // Staying partner admin is not a change.
      expect(
        (await admin.client.patch(org.path(`/members/${admin.id}`), { role: "partner_admin" })).status,
      ).toBe(200);

      const promoted = await admin.client.patch(org.path(`/members/${org.members.contributor.id}`), {
        role: "partner_admin",
      });
      expect(await expectJson(promoted, 200)).toMatchObject({
        userId: org.members.contributor.id,
        role: "partner_admin",
      });
      // Two partner admins: one may step down, and then the other is the last.
      expect((await admin.client.patch(org.path(`/members/${admin.id}`), { role: "viewer" })).status).toBe(
        200,
      );
      const newAdmin = org.members.contributor.client;
      expect(
        await refuse(
          await newAdmin.patch(org.path(`/members/${org.members.contributor.id}`), { role: "auditor" }),
        ),
      ).toBe("409 members.last_admin");
      expect(await refuse(await newAdmin.delete(org.path(`/members/${org.members.contributor.id}`)))).toBe(
        "409 members.last_admin",
      );
      // The former admin, now a viewer, has lost the admin's routes.
      expect(await refuse(await admin.client.get(org.path("/members")))).toBe("403 auth.forbidden");

      const removed = await newAdmin.delete(org.path(`/members/${org.members.viewer.id}`));
      expect(removed.status).toBe(204);
      expect(await refuse(await org.members.viewer.client.get(org.path()))).toBe("404 not_found");

      const log = await expectJson<ActivityPage>(await newAdmin.get(org.path("/activity")), 200);
      expect(log.entries.map((e) => [e.action, e.details])).toEqual([
        ["member.removed", { userId: org.members.viewer.id, role: "viewer" }],
        // The former admin's refused request is in the log too.
        [
          "request.refused",
          { status: 403, code: "auth.forbidden", method: "GET", path: `/api/orgs/${org.id}/members` },
        ],
        ["member.role_changed", { userId: admin.id, from: "partner_admin", to: "viewer" }],
        [
          "member.role_changed",
          { userId: org.members.contributor.id, from: "contributor", to: "partner_admin" },
        ],
      ]);
      expect(log.entries.map((e) => e.actor.id)).toEqual([
        org.members.contributor.id,
        admin.id,
        admin.id,
        admin.id,
      ]);
    });

    it("logs every change and filters the log by action, actor and date, paging with next", async () => {
      const org = await createOrg(server, "Litware");
      const admin = org.admin.client;
      for (let i = 1; i <= 5; i++) await createToken(org, "viewer", `export ${i}`);
      const tokens = await expectJson<{ id: string; name: string }[]>(
        await admin.get(org.path("/tokens")),
        200,
      );
      const revoked = tokens.find((t) => t.name === "export 3") as { id: string };
      await expectJson(await admin.delete(org.path(`/tokens/${revoked.id}`)), 200);
      await expectJson(
        await admin.put(org.path("/application"), { submittedOn: "2025-09-01", reference: "PC-1" }),
        200,
      );
      const { job } = await importFile(
        org.members.contributor.client,
        org.id,
        "certifications",
        "certifications.csv",
        certificationsCsv("DP-100", "AI-102"),
      );
      expect(job.state).toBe("done");
      await expectJson(await admin.post(org.path(`/imports/${job.import?.id}/revert`)), 200);

      const all = await activity(org);
      expect(all.entries.map((e) => e.action)).toEqual([
        "import.reverted",
        "import.created",
        "application.submitted",
        "token.revoked",
        "token.created",
        "token.created",
        "token.created",
        "token.created",
        "token.created",
      ]);
      expect(all.actions).toEqual([
        "application.submitted",
        "import.created",
        "import.reverted",
        "token.created",
        "token.revoked",
      ]);
      expect(all.next).toBeNull();
      const ids = all.entries.map((e) => e.id);
      expect([...ids].sort((x, y) => y - x)).toEqual(ids);
      expect(all.entries[1]).toMatchObject({
        actor: { kind: "user", id: org.members.contributor.id, name: org.members.contributor.name },
        details: {
          kind: "certifications",
          fileName: "certifications.csv",
          rows: 2,
          importId: job.import?.id,
        },
      });
      expect(all.entries[2]?.details).toEqual({ submittedOn: "2025-09-01", reference: "PC-1" });
      expect(all.entries[3]?.details).toEqual({ tokenId: revoked.id });

      // By action, two at a time.
      const pages: ActivityEntry[][] = [];
      let next: number | null = null;
      do {
        const page = await activity(
          org,
          `?action=token.created&limit=2${next === null ? "" : `&before=${next}`}`,
        );
        pages.push(page.entries);
        next = page.next;
      } while (next !== null && pages.length < 10);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((e) => e.summary)).toEqual(
        [5, 4, 3, 2, 1].map((i) => `Created the API token "export ${i}" (viewer)`),
      );

      // By actor: part of the name, in any case.
      const byContributor = await activity(org, `?actor=${encodeURIComponent("LITWARE CONTRIB")}`);
      expect(byContributor.entries.map((e) => e.action)).toEqual(["import.created"]);
      const byAdmin = await activity(org, `?actor=${encodeURIComponent(org.admin.name)}`);
      expect(byAdmin.entries).toHaveLength(8);
      expect((await activity(org, "?actor=%25")).entries).toEqual([]);

      // By date (calendar days, UTC), both ends included.
      const day = all.entries[0]?.at.slice(0, 10) as string;
      const shift = (d: string, days: number) =>
        new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      const firstDay = all.entries.at(-1)?.at.slice(0, 10) as string;
      expect((await activity(org, `?from=${firstDay}&to=${day}`)).entries).toHaveLength(9);
      expect((await activity(org, `?from=${shift(day, 1)}`)).entries).toEqual([]);
      expect((await activity(org, `?to=${shift(firstDay, -1)}`)).entries).toEqual([]);
      for (const bad of ["2025-02-30", "2025-13-01", "yesterday"]) {
        const res = await admin.get(org.path(`/activity?from=${bad}`));
        expect(`${bad}: ${res.status} ${await errorCode(res)}`).toBe(`${bad}: 400 request.invalid`);
      }
    });
  });
});
