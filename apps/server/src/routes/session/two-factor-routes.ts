import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import type { Context } from "hono";
import { errorResponses, json, Session } from "../../api/schemas.js";
import { verifyPassword } from "../../auth/passwords.js";
import { SecretBox } from "../../auth/secret-box.js";
import { newSecret, sha256Hex } from "../../auth/secrets.js";
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep, totpUri } from "../../auth/totp.js";
import { AppError, errors } from "../../errors/app-error.js";
import type { AppEnv } from "../../http/app-env.js";
import { clientAddress } from "../../http/client-address.js";
import type { SecuredRoutes } from "../../http/secured-route.js";
import { signIn } from "../../http/session-cookie.js";

const tags = ["Session"];

/** Wrong codes one sign-in step takes before it is used up (sign in with the password again). */
const CODE_ATTEMPTS = 5;

export const TwoFactorStatus = z
  .object({
    enabled: z.boolean(),
    recoveryCodesLeft: z.number().int(),
    required: z
      .boolean()
      .openapi({ description: "An organization of the person requires two-factor sign-in" }),
  })
  .openapi("TwoFactorStatus");

const getStatus = createRoute({
  method: "get",
  path: "/session/two-factor",
  tags,
  summary: "Whether the signed-in person signs in with a code, and whether an organization requires it",
  responses: { 200: json(TwoFactorStatus, "The two-factor state"), ...errorResponses(401, 403) },
});

const startEnrolment = createRoute({
  method: "post",
  path: "/session/two-factor/enrolment",
  tags,
  summary: "Start setting up an authenticator app: a new secret, shown only until it is confirmed",
  responses: {
    201: json(
      z.object({ secret: z.string(), uri: z.string() }).openapi("TwoFactorEnrolment"),
      "The secret (base32) and its otpauth:// URI for the QR code",
    ),
    ...errorResponses(401, 403, 409),
  },
});

const confirmEnrolment = createRoute({
  method: "post",
  path: "/session/two-factor/enrolment/confirm",
  tags,
  summary: "Confirm the authenticator app with its current code; answers the recovery codes, once",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ code: z.string().max(20) }) } },
    },
  },
  responses: {
    200: json(
      z.object({ recoveryCodes: z.array(z.string()) }).openapi("RecoveryCodes"),
      "Two-factor sign-in is on; keep these codes",
    ),
    ...errorResponses(400, 401, 403, 409),
  },
});

const disable = createRoute({
  method: "post",
  path: "/session/two-factor/disable",
  tags,
  summary:
    "Turn two-factor sign-in off (the password confirms it); refused while an organization requires it",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ password: z.string().max(200) }) } },
    },
  },
  responses: { 204: { description: "Off" }, ...errorResponses(401, 403, 409, 429) },
});

const CodeStep = z
  .object({
    codeRequired: z.literal(true),
    challenge: z.string().openapi({ description: "Send it back with the code (POST /session/code)" }),
  })
  .openapi("CodeStep");

/** The answer of a password that was right for an account with two-factor sign-in: now the code. */
export const codeStepResponse = json(
  CodeStep,
  "The password was right: now the code of the authenticator app",
);

const submitCode = createRoute({
  method: "post",
  path: "/session/code",
  tags,
  summary: "Second step of signing in: the authenticator app's code, or a recovery code",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            challenge: z.string().min(10).max(200),
            code: z.string().max(20).optional(),
            recoveryCode: z.string().max(40).optional(),
          }),
        },
      },
    },
  },
  responses: { 200: json(Session, "Signed in"), ...errorResponses(400, 401, 429) },
});

/**
 * After a right password for an account with two-factor sign-in: a one-time step (10 minutes, stored as
 * its SHA-256) the code is sent with. No session exists until the code is right.
 */
export async function startCodeStep(
  c: Context<AppEnv>,
  userId: string,
): Promise<{ codeRequired: true; challenge: string }> {
  const ctx = c.var.ctx;
  const challenge = newSecret();
  await repositories(ctx.db).accountSecurity.createToken({
    tokenHash: sha256Hex(challenge),
    userId,
    purpose: "sign-in-code",
    lifetimeSeconds: 10 * 60,
  });
  return { codeRequired: true, challenge };
}

/** Whether the account signs in with a code after its password. */
export async function hasTwoFactor(c: Context<AppEnv>, userId: string): Promise<boolean> {
  return (await repositories(c.var.ctx.db).accountSecurity.twoFactor(userId)).enabledAt !== undefined;
}

function userOf(auth: { principal: { kind: string } | undefined }) {
  const p = auth.principal as { kind: "user"; user: { id: string; email: string } } | undefined;
  if (p?.kind !== "user") throw errors.authRequired();
  return p.user;
}

export function registerTwoFactorRoutes(routes: SecuredRoutes): void {
  routes.add(getStatus, { kind: "signed-in", users: true }, async (c, auth) => {
    const user = userOf(auth);
    const s = repositories(c.var.ctx.db).accountSecurity;
    const state = await s.twoFactor(user.id);
    return c.json(
      {
        enabled: state.enabledAt !== undefined,
        recoveryCodesLeft: await s.unusedRecoveryCodes(user.id),
        required: await s.requiredByAnOrganization(user.id),
      },
      200,
    );
  });

  routes.add(startEnrolment, { kind: "signed-in", users: true }, async (c, auth) => {
    const user = userOf(auth);
    const s = repositories(c.var.ctx.db).accountSecurity;
    if ((await s.twoFactor(user.id)).enabledAt !== undefined)
      throw errors.conflict(
        "two_factor.enabled",
        "Two-factor sign-in is on already: turn it off first to set up another app.",
      );
    const secret = newTotpSecret();
    await s.setPendingSecret(user.id, c.var.ctx.secretBox.seal(secret));
    return c.json({ secret, uri: totpUri(secret, user.email) }, 201);
  });

  routes.add(confirmEnrolment, { kind: "signed-in", users: true }, async (c, auth) => {
    const user = userOf(auth);
    const ctx = c.var.ctx;
    const s = repositories(ctx.db).accountSecurity;
    const state = await s.twoFactor(user.id);
    if (state.enabledAt !== undefined)
      throw errors.conflict("two_factor.enabled", "Two-factor sign-in is on already.");
    if (state.pendingSecret === undefined)
      throw errors.conflict(
        "two_factor.not_started",
        "Start the set-up first: it shows the QR code to scan.",
      );
    const step = totpStep(
      ctx.secretBox.open(state.pendingSecret),
      c.req.valid("json").code,
      ctx.now().getTime(),
    );
    if (step === undefined)
      throw errors.invalidRequest([
        {
          path: "code",
          message:
            "is not the app's current code: check the phone's clock, and enter the six digits shown now",
        },
      ]);
    const codes = newRecoveryCodes();
    if (!(await s.enableTwoFactor(user.id, step, codes.map(recoveryCodeHash))))
      throw errors.conflict("two_factor.not_started", "Start the set-up again.");
    ctx.securityLog.record({ event: "two_factor.enabled", userId: user.id, address: clientAddress(c) });
    return c.json({ recoveryCodes: codes }, 200);
  });

  routes.add(disable, { kind: "signed-in", users: true }, async (c, auth) => {
    const user = userOf(auth);
    const ctx = c.var.ctx;
    const address = clientAddress(c);
    const r = repositories(ctx.db);
    const wait = ctx.signInThrottle.retryAfter(user.email, address);
    if (wait > 0) throw errors.rateLimited(wait);
    const stored = await r.users.byEmail(user.email);
    if (stored === undefined || !(await verifyPassword(stored.passwordHash, c.req.valid("json").password))) {
      ctx.signInThrottle.fail(user.email, address);
      ctx.securityLog.record({ event: "password.change_failed", userId: user.id, address });
      throw new AppError(401, "auth.invalid_credentials", "The password is wrong.");
    }
    if (await r.accountSecurity.requiredByAnOrganization(user.id))
      throw errors.conflict(
        "two_factor.required",
        "An organization you belong to requires two-factor sign-in: it stays on while you are a member.",
      );
    await r.accountSecurity.disableTwoFactor(user.id);
    ctx.securityLog.record({ event: "two_factor.disabled", userId: user.id, address });
    return c.body(null, 204);
  });

  routes.add(submitCode, { kind: "public" }, async (c) => {
    const ctx = c.var.ctx;
    const { challenge, code, recoveryCode } = c.req.valid("json");
    if ((code === undefined) === (recoveryCode === undefined))
      throw errors.invalidRequest([{ path: "code", message: "give the app's code or a recovery code" }]);
    const r = repositories(ctx.db);
    const address = clientAddress(c);
    const challengeHash = sha256Hex(challenge);
    const open = await r.accountSecurity.openToken(challengeHash, "sign-in-code");
    const user = open === undefined ? undefined : await r.users.byId(open.userId);
    if (open === undefined || user === undefined)
      throw new AppError(
        401,
        "auth.code_step_expired",
        "This sign-in took too long or had too many wrong codes: sign in again.",
      );
    const wait = ctx.signInThrottle.retryAfter(user.email, address);
    if (wait > 0) {
      ctx.securityLog.record({
        event: "signin.throttled",
        email: user.email,
        address,
        retryAfterSeconds: wait,
        via: "sign-in-code",
      });
      throw errors.rateLimited(wait);
    }
    const state = await r.accountSecurity.twoFactor(user.id);
    const secret = state.secret === undefined ? undefined : ctx.secretBox.open(state.secret);
    // A secret kept in plain text (before encryption at rest) is sealed by its first use.
    if (state.secret !== undefined && secret !== undefined && !SecretBox.isSealed(state.secret))
      await r.accountSecurity.replaceSecret(user.id, state.secret, ctx.secretBox.seal(secret));
    let ok = false;
    if (secret !== undefined && code !== undefined) {
      const step = totpStep(secret, code, ctx.now().getTime());
      // A code once used is refused after: someone who saw it cannot sign in with it too.
      ok = step !== undefined && (await r.accountSecurity.useStep(user.id, step));
    } else if (secret !== undefined && recoveryCode !== undefined) {
      ok = await r.accountSecurity.useRecoveryCode(user.id, recoveryCodeHash(recoveryCode));
      if (ok)
        ctx.securityLog.record({
          event: "two_factor.recovery_code_used",
          userId: user.id,
          address,
          remaining: await r.accountSecurity.unusedRecoveryCodes(user.id),
        });
    }
    if (!ok) {
      ctx.signInThrottle.fail(user.email, address);
      ctx.securityLog.record({ event: "two_factor.failed", userId: user.id, address });
      if ((await r.accountSecurity.countAttempt(challengeHash)) >= CODE_ATTEMPTS)
        await r.accountSecurity.useToken(challengeHash, "sign-in-code");
      throw new AppError(
        401,
        "auth.invalid_code",
        "That code is not right. Enter the six digits the app shows now, or a recovery code.",
      );
    }
    if ((await r.accountSecurity.useToken(challengeHash, "sign-in-code")) !== user.id)
      throw new AppError(401, "auth.code_step_expired", "This sign-in took too long: sign in again.");
    ctx.signInThrottle.succeed(user.email, address);
    ctx.securityLog.record({ event: "signin.succeeded", userId: user.id, email: user.email, address });
    return c.json(await signIn(c, user.id), 200);
  });
}
