import { type Role, repositories } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../auth/totp.js";
import {
  addMember,
  createOrg,
  errorCode,
  expectJson,
  STARTUP_TIMEOUT,
  sessionCookieOf,
  TEST_PASSWORD,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";

/*
 * Two-factor sign-in: an authenticator app's code (TOTP) after the password, recovery codes used once,
 * a code never accepted twice, and an organization that requires it of every member.
 */

describe.each(testBackends)("two-factor sign-in on %s", (backend) => {
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

  /** A member who set up an authenticator app: its secret and recovery codes. */
  async function enrolled(name: string, role: Role = "contributor") {
    const member = await addMember(server, org.id, role, name);
    const start = await expectJson<{ secret: string; uri: string }>(
      await member.client.post("/api/session/two-factor/enrolment"),
      201,
    );
    expect(start.uri).toMatch(/^otpauth:\/\/totp\/specready:.+\?.*secret=/);
    const wrong = await member.client.post("/api/session/two-factor/enrolment/confirm", { code: "000000" });
    expect(wrong.status).toBe(400);
    const { recoveryCodes } = await expectJson<{ recoveryCodes: string[] }>(
      await member.client.post("/api/session/two-factor/enrolment/confirm", {
        code: totpCode(start.secret, clock),
      }),
      200,
    );
    expect(recoveryCodes).toHaveLength(10);
    clock += 30_000;
    return { member, secret: start.secret, recoveryCodes };
  }

  const password = (email: string) =>
    server.anonymous.post("/api/session", { email, password: TEST_PASSWORD });

  it("asks for the code after the password, and signs in only with the right one, once", async () => {
    const { member, secret } = await enrolled("Tess Totp");
    const first = await password(member.email);
    expect(first.status).toBe(202);
    expect(sessionCookieOf(first)).toBeUndefined();
    const { challenge } = (await first.json()) as { challenge: string };
    const bad = await server.anonymous.post("/api/session/code", { challenge, code: "123456" });
    expect(`${bad.status} ${await errorCode(bad)}`).toBe("401 auth.invalid_code");
    const code = totpCode(secret, clock);
    const ok = await server.anonymous.post("/api/session/code", { challenge, code });
    expect(ok.status).toBe(200);
    expect(sessionCookieOf(ok)).toBeDefined();
    // The step is used up, and so is the code: seen over a shoulder, it signs nobody in again.
    const reused = await server.anonymous.post("/api/session/code", { challenge, code });
    expect(`${reused.status} ${await errorCode(reused)}`).toBe("401 auth.code_step_expired");
    const again = (await (await password(member.email)).json()) as { challenge: string };
    const replay = await server.anonymous.post("/api/session/code", { challenge: again.challenge, code });
    expect(`${replay.status} ${await errorCode(replay)}`).toBe("401 auth.invalid_code");
    // The secret is never answered again, nor logged.
    const status = await expectJson(await member.client.get("/api/session/two-factor"), 200);
    expect(status).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect(server.securityLines.join("\n")).not.toContain(secret);
    expect(server.securityLines.join("\n")).not.toContain(challenge);
  });

  it("keeps the secret encrypted at rest (AES-256-GCM), and seals one stored in plain text at its first use", async () => {
    const { member, secret } = await enrolled("Eve Encrypted");
    const stored = await repositories(server.db).accountSecurity.twoFactor(member.id);
    expect(stored.secret).toMatch(/^enc1:[0-9a-f]{8}:/);
    expect(stored.secret).not.toContain(secret);
    expect(server.ctx.secretBox.open(stored.secret as string)).toBe(secret);
    // A secret from before encryption, as the database held it: still signs in, and is sealed after.
    await server.db.query("update users set totp_secret = $2 where id = $1", [member.id, secret]);
    const step = (await (await password(member.email)).json()) as { challenge: string };
    const ok = await server.anonymous.post("/api/session/code", {
      challenge: step.challenge,
      code: totpCode(secret, clock),
    });
    expect(ok.status).toBe(200);
    clock += 30_000;
    const after = await repositories(server.db).accountSecurity.twoFactor(member.id);
    expect(after.secret).toMatch(/^enc1:/);
    expect(server.ctx.secretBox.open(after.secret as string)).toBe(secret);
  });

  it("takes each recovery code once, and ends a step after five wrong codes", async () => {
    const { member, recoveryCodes } = await enrolled("Rita Recovery");
    const code = recoveryCodes[0] as string;
    const step = (await (await password(member.email)).json()) as { challenge: string };
    const ok = await server.anonymous.post("/api/session/code", {
      challenge: step.challenge,
      recoveryCode: code.toUpperCase(),
    });
    expect(ok.status).toBe(200);
    const next = (await (await password(member.email)).json()) as { challenge: string };
    const used = await server.anonymous.post("/api/session/code", {
      challenge: next.challenge,
      recoveryCode: code,
    });
    expect(used.status).toBe(401);
    for (let i = 0; i < 4; i++)
      await server.anonymous.post("/api/session/code", { challenge: next.challenge, code: "000000" });
    const ended = await server.anonymous.post("/api/session/code", {
      challenge: next.challenge,
      recoveryCode: recoveryCodes[1],
    });
    expect(`${ended.status} ${await errorCode(ended)}`).toBe("401 auth.code_step_expired");
    expect(server.securityLines.join("\n")).toContain('"event":"two_factor.recovery_code_used"');
  });

  it("lets a partner admin require it: members without it are refused the organization until they set it up", async () => {
    const viewer = org.members.viewer;
    // A partner admin without it would lock themselves out: they set it up first.
    const first = await org.admin.client.put(org.path("/two-factor-policy"), { required: true });
    expect(`${first.status} ${await errorCode(first)}`).toBe("409 two_factor.enrol_first");
    const adminWithApp = (await enrolled("Ada Admin", "partner_admin")).member;
    const required = await expectJson(
      await adminWithApp.client.put(org.path("/two-factor-policy"), { required: true }),
      200,
    );
    expect(required).toEqual({ requireTwoFactor: true });
    const refused = await viewer.client.get(org.path());
    expect(`${refused.status} ${await errorCode(refused)}`).toBe("403 auth.two_factor_required");
    expect(await expectJson(await viewer.client.get("/api/session/two-factor"), 200)).toMatchObject({
      enabled: false,
      required: true,
    });
    const start = await expectJson<{ secret: string }>(
      await viewer.client.post("/api/session/two-factor/enrolment"),
      201,
    );
    await expectJson(
      await viewer.client.post("/api/session/two-factor/enrolment/confirm", {
        code: totpCode(start.secret, clock),
      }),
      200,
    );
    clock += 30_000;
    expect((await viewer.client.get(org.path())).status).toBe(200);
    // While required, it stays on.
    const off = await viewer.client.post("/api/session/two-factor/disable", { password: TEST_PASSWORD });
    expect(`${off.status} ${await errorCode(off)}`).toBe("409 two_factor.required");
    // Only partner admins decide it, and the change is in the activity log.
    expect((await viewer.client.put(org.path("/two-factor-policy"), { required: false })).status).toBe(403);
    const stopped = await expectJson(
      await adminWithApp.client.put(org.path("/two-factor-policy"), { required: false }),
      200,
    );
    expect(stopped).toEqual({ requireTwoFactor: false });
    expect(await expectJson(await org.admin.client.get(org.path()), 200)).toMatchObject({
      requireTwoFactor: false,
    });
    const activity = await repositories(server.db).activity.actions(org.id);
    expect(activity).toContain("organization.two_factor_policy");
    expect(
      (await viewer.client.post("/api/session/two-factor/disable", { password: TEST_PASSWORD })).status,
    ).toBe(204);
  });
});
