import { repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkIn, MailCatcher } from "../../test-support/mail-catcher.js";
import {
  addMember,
  createOrg,
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
 * E-mail through a real SMTP server on loopback: invitations reach the address (and only it), which
 * proves the address of an account made from them; "forgot password" sends a one-time, expiring link
 * and answers the same whether or not the address has an account. Without a mail server, the links
 * are copied by hand as before and there is no "forgot password".
 */

const NEW_PASSWORD = "a fresh passphrase for spring";

describe.each(testBackends)("e-mail on %s", (backend) => {
  let mail: MailCatcher;
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    mail = await MailCatcher.start();
    server = await TestServer.start(backend, {
      config: { smtpUrl: mail.url(), mailFrom: "specready <no-reply@specready.example>" },
    });
    org = await createOrg(server, "Fabrikam");
  }, STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  it("says e-mail is on", async () => {
    expect(await expectJson(await server.anonymous.get("/api/setup"), 200)).toEqual({
      needsSetup: false,
      emailEnabled: true,
      entraEnabled: false,
    });
  });

  it("e-mails an invitation's link to the address only; accepting it verifies the new account", async () => {
    const email = "new.hire@fabrikam.example";
    const before = mail.mails.length;
    const created = await expectJson<{ url?: string; emailedAt: string | null; id: string }>(
      await org.admin.client.post(org.path("/invitations"), { email, role: "contributor" }),
      201,
    );
    expect(created.url).toBeUndefined();
    expect(created.emailedAt).not.toBeNull();
    const sent = await mail.next(email, before);
    expect(sent.from).toBe("no-reply@specready.example");
    expect(sent.subject).toBe("Invitation to Fabrikam on specready");
    expect(sent.text).toContain(
      "Fabrikam partner admin invites you to join Fabrikam on specready as contributor.",
    );
    const token = linkIn(sent, "/invite");
    // The list shows it was e-mailed.
    const listed = await expectJson<{ invitations: { id: string; emailedAt: string | null }[] }>(
      await org.admin.client.get(org.path("/members")),
      200,
    );
    expect(listed.invitations.find((i) => i.id === created.id)?.emailedAt).not.toBeNull();
    const accepted = await expectJson<{ user: { id: string } }>(
      await server.anonymous.post(`/api/invitations/${token}/accept`, {
        name: "New Hire",
        password: NEW_PASSWORD,
      }),
      200,
    );
    expect(await repositories(server.db).accountSecurity.emailVerifiedAt(accepted.user.id)).toBeDefined();
    expect(server.securityLines.join("\n")).toContain('"event":"invitation.emailed"');
    expect(server.securityLines.join("\n")).not.toContain(token);
  });

  it("refuses a link made before e-mail was on, whether or not its address has an account", async () => {
    const handMade = server.withConfig({ smtpUrl: undefined, mailFrom: undefined });
    const known = await createUser(server, "Known Person");
    for (const email of [known.email, "nobody.yet@fabrikam.example"]) {
      const created = await expectJson<{ url: string }>(
        await handMade
          .as(org.admin.client.credentials)
          .post(org.path("/invitations"), { email, role: "viewer" }),
        201,
      );
      const token = created.url.split("/invite/")[1] as string;
      const res = await server.anonymous.post(`/api/invitations/${token}/accept`, {
        name: "Someone",
        password: NEW_PASSWORD,
      });
      expect(`${res.status} ${await errorCode(res)}`).toBe("409 invitation.not_emailed");
    }
  });

  it("withdraws an invitation the mail server refuses, and says why", async () => {
    const refusing = server.withConfig({ smtpUrl: mail.url("wrong password") });
    const email = "refused@fabrikam.example";
    const res = await refusing.as(org.admin.client.credentials).post(org.path("/invitations"), {
      email,
      role: "viewer",
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("mail.unavailable");
    expect(body.error.message).toContain(`The invitation e-mail to ${email} could not be sent`);
    expect(body.error.message).not.toContain("wrong password");
    const listed = await expectJson<{ invitations: { email: string }[] }>(
      await org.admin.client.get(org.path("/members")),
      200,
    );
    expect(listed.invitations.map((i) => i.email)).not.toContain(email);
    expect(server.securityLines.join("\n")).not.toContain("wrong password");
    expect(server.securityLines.join("\n")).not.toContain("wrong%20password");
  });

  it("sends a one-time reset link to an account, nothing to an unknown address, and answers alike", async () => {
    const person = await createUser(server, "Forgetful Person");
    const before = mail.mails.length;
    const known = await server.anonymous.post("/api/password-reset", { email: person.email.toUpperCase() });
    const unknown = await server.anonymous.post("/api/password-reset", {
      email: "no.account@fabrikam.example",
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    const sent = await mail.next(person.email, before);
    expect(sent.subject).toBe("Choose a new specready password");
    const token = linkIn(sent, "/reset-password");
    // Signed in elsewhere: the reset ends that session.
    const elsewhere = await signIn(server, person.email);
    expect(await expectJson(await server.anonymous.get(`/api/password-reset/${token}`), 200)).toEqual({
      email: person.email,
    });
    const weak = await server.anonymous.post(`/api/password-reset/${token}`, { password: "password123" });
    expect(weak.status).toBe(400);
    expect(
      (await server.anonymous.post(`/api/password-reset/${token}`, { password: NEW_PASSWORD })).status,
    ).toBe(204);
    expect((await elsewhere.client.get("/api/session")).status).toBe(401);
    // Once only.
    const again = await server.anonymous.post(`/api/password-reset/${token}`, {
      password: "another fine passphrase",
    });
    expect(`${again.status} ${await errorCode(again)}`).toBe("404 not_found");
    expect((await server.anonymous.get(`/api/password-reset/${token}`)).status).toBe(404);
    // The new password signs in, the old one no more; the address counts as verified.
    expect(
      (await server.anonymous.post("/api/session", { email: person.email, password: TEST_PASSWORD })).status,
    ).toBe(401);
    await signIn(server, person.email, NEW_PASSWORD);
    expect(await repositories(server.db).accountSecurity.emailVerifiedAt(person.id)).toBeDefined();
    // No second mail to the unknown address, and the log holds no link.
    expect(mail.mails.some((m) => m.to.includes("no.account@fabrikam.example"))).toBe(false);
    const log = server.securityLines.join("\n");
    expect(log).toContain('"event":"password_reset.requested"');
    expect(log).toContain('"event":"password_reset.completed"');
    expect(log).not.toContain(token);
  });

  it("sends one reset mail a minute per account, and slows an address asking again and again", async () => {
    const person = await createUser(server, "Impatient Person");
    const before = mail.mails.length;
    for (let i = 0; i < 3; i++)
      expect(
        (
          await server.anonymous.post(
            "/api/password-reset",
            { email: person.email },
            { address: "198.51.100.7" },
          )
        ).status,
      ).toBe(202);
    await mail.next(person.email, before);
    await new Promise((r) => setTimeout(r, 300));
    expect(mail.mails.slice(before).filter((m) => m.to.includes(person.email.toLowerCase()))).toHaveLength(1);
    let last = 202;
    for (let i = 0; i < 5 && last === 202; i++)
      last = (
        await server.anonymous.post(
          "/api/password-reset",
          { email: person.email },
          { address: "198.51.100.7" },
        )
      ).status;
    expect(last).toBe(429);
  });

  it("flags an account whose address nothing proved, and verifies it with an e-mailed link, once", async () => {
    // Made while the server sent no e-mail: its address was typed, never proved.
    const member = await addMember(server, org.id, "viewer", "Unproved Person");
    expect(await expectJson(await member.client.get("/api/session/email-verification"), 200)).toEqual({
      verified: false,
      emailEnabled: true,
    });
    const before = mail.mails.length;
    expect(await expectJson(await member.client.post("/api/session/email-verification"), 202)).toEqual({
      minutes: 60,
    });
    const again = await member.client.post("/api/session/email-verification");
    expect(`${again.status} ${await errorCode(again)}`).toBe("429 auth.rate_limited");
    const sent = await mail.next(member.email, before);
    expect(sent.subject).toBe("Verify your specready address");
    const token = linkIn(sent, "/verify-email");
    expect((await server.anonymous.post(`/api/email-verification/${token}`)).status).toBe(204);
    const used = await server.anonymous.post(`/api/email-verification/${token}`);
    expect(`${used.status} ${await errorCode(used)}`).toBe("404 not_found");
    expect(await expectJson(await member.client.get("/api/session/email-verification"), 200)).toEqual({
      verified: true,
      emailEnabled: true,
    });
    const done = await member.client.post("/api/session/email-verification");
    expect(`${done.status} ${await errorCode(done)}`).toBe("409 email.verified");
  });

  it("refuses a reset link that expired", async () => {
    const person = await createUser(server, "Late Person");
    const token = "expired-token-0123456789";
    const { sha256Hex } = await import("../../auth/secrets.js");
    await repositories(server.db).accountSecurity.createToken({
      tokenHash: sha256Hex(token),
      userId: person.id,
      purpose: "password-reset",
      lifetimeSeconds: -1,
    });
    const res = await server.anonymous.post(`/api/password-reset/${token}`, { password: NEW_PASSWORD });
    expect(res.status).toBe(404);
  });
});

describe.each(testBackends)("without a mail server on %s", (backend) => {
  let server: TestServer;
  let org: TestOrg;

  beforeAll(async () => {
    server = await TestServer.start(backend);
    org = await createOrg(server, "Contoso");
  }, STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
  });

  it("says e-mail is off, returns invitation links to copy, and has no forgot password", async () => {
    expect(await expectJson(await server.anonymous.get("/api/setup"), 200)).toEqual({
      needsSetup: false,
      emailEnabled: false,
      entraEnabled: false,
    });
    const created = await expectJson<{ url: string; emailedAt: string | null }>(
      await org.admin.client.post(org.path("/invitations"), {
        email: "hand@contoso.example",
        role: "viewer",
      }),
      201,
    );
    expect(created.url).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    expect(created.emailedAt).toBeNull();
    const accepted = await expectJson<{ user: { id: string } }>(
      await server.anonymous.post(`/api/invitations/${created.url.split("/invite/")[1]}/accept`, {
        name: "Hand Copied",
        password: NEW_PASSWORD,
      }),
      200,
    );
    // Nothing proved the address: it stays unverified, and the account works as before.
    expect(await repositories(server.db).accountSecurity.emailVerifiedAt(accepted.user.id)).toBeUndefined();
    const res = await server.anonymous.post("/api/password-reset", { email: "hand@contoso.example" });
    expect(`${res.status} ${await errorCode(res)}`).toBe("409 mail.off");
  });
});
