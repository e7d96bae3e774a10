import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { errorResponses, json, Password } from "../../api/schemas.js";
import { hashPassword } from "../../auth/passwords.js";
import { newSecret, sha256Hex } from "../../auth/secrets.js";
import { errors } from "../../errors/app-error.js";
import { publicOrigin } from "../../http/authenticate.js";
import { clientAddress } from "../../http/client-address.js";
import type { SecuredRoutes } from "../../http/secured-route.js";
import { passwordResetMail } from "../../mail/mail-texts.js";
import { resetPassword } from "../../services/session-service.js";
import { checkNewPassword } from "./new-password.js";

const tags = ["Session"];

/** How long a reset link works, and how often one account is sent one at most. */
const RESET_MINUTES = 60;
const RESEND_SECONDS = 60;

const requestReset = createRoute({
  method: "post",
  path: "/password-reset",
  tags,
  summary:
    "Forgot password: e-mail a one-time link to the address if it has an account (the answer is the same either way)",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ email: z.string().trim().min(3).max(254) }) } },
    },
  },
  responses: {
    202: json(
      z.object({ minutes: z.number().int() }).openapi("PasswordResetRequested"),
      "Accepted: if the address has an account, a link that works for `minutes` is on its way",
    ),
    ...errorResponses(400, 409, 429),
  },
});

const ResetParams = z.object({ token: z.string().min(10).max(200) });

const getReset = createRoute({
  method: "get",
  path: "/password-reset/{token}",
  tags,
  summary: "Whether a password-reset link still works",
  request: { params: ResetParams },
  responses: {
    200: json(z.object({ email: z.string() }).openapi("PasswordResetLink"), "The link works"),
    ...errorResponses(404),
  },
});

const completeReset = createRoute({
  method: "post",
  path: "/password-reset/{token}",
  tags,
  summary: "Choose a new password with a reset link; every session of the account ends (sign in afresh)",
  request: {
    params: ResetParams,
    body: { required: true, content: { "application/json": { schema: z.object({ password: Password }) } } },
  },
  responses: {
    204: { description: "Changed; sign in with the new password" },
    ...errorResponses(400, 404, 429, 503),
  },
});

const linkGone = () =>
  errors.notFound("password-reset link (it may have expired or been used: ask for a new one)");

export function registerPasswordResetRoutes(routes: SecuredRoutes): void {
  routes.add(requestReset, { kind: "public" }, async (c) => {
    const ctx = c.var.ctx;
    const mailer = ctx.mailer;
    if (mailer === undefined)
      throw errors.conflict(
        "mail.off",
        "This server sends no e-mail, so it cannot send a reset link: ask a partner admin of your organization to invite you again, or the operator to set SPECREADY_SMTP_URL.",
      );
    const email = c.req.valid("json").email.toLowerCase();
    const address = clientAddress(c);
    const wait = ctx.resetThrottle.retryAfter(email, address);
    if (wait > 0) {
      ctx.securityLog.record({
        event: "signin.throttled",
        email,
        address,
        retryAfterSeconds: wait,
        via: "password-reset",
      });
      throw errors.rateLimited(wait);
    }
    // Every request counts: each one may send an e-mail.
    ctx.resetThrottle.fail(email, address);
    const r = repositories(ctx.db);
    const user = await r.users.byEmail(email);
    const send =
      user !== undefined && !(await r.accountSecurity.sentWithin(user.id, "password-reset", RESEND_SECONDS));
    ctx.securityLog.record({ event: "password_reset.requested", email, address, sent: send });
    if (send) {
      const secret = newSecret();
      await r.accountSecurity.createToken({
        tokenHash: sha256Hex(secret),
        userId: user.id,
        purpose: "password-reset",
        lifetimeSeconds: RESET_MINUTES * 60,
      });
      // Not awaited: the answer comes as fast for an address with an account as for one without.
      const message = passwordResetMail({
        to: user.email,
        url: `${publicOrigin(ctx)}/reset-password/${secret}`,
        minutes: RESET_MINUTES,
      });
      void mailer.send(message).catch((error: unknown) =>
        ctx.securityLog.record({
          event: "mail.failed",
          purpose: "password-reset",
          email: user.email,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
    return c.json({ minutes: RESET_MINUTES }, 202);
  });

  routes.add(getReset, { kind: "public" }, async (c) => {
    const r = repositories(c.var.ctx.db);
    const open = await r.accountSecurity.openToken(sha256Hex(c.req.valid("param").token), "password-reset");
    const user = open === undefined ? undefined : await r.users.byId(open.userId);
    if (user === undefined) throw linkGone();
    return c.json({ email: user.email }, 200);
  });

  routes.add(completeReset, { kind: "public" }, async (c) => {
    const ctx = c.var.ctx;
    const { token } = c.req.valid("param");
    const { password } = c.req.valid("json");
    const address = clientAddress(c);
    const r = repositories(ctx.db);
    const tokenHash = sha256Hex(token);
    const open = await r.accountSecurity.openToken(tokenHash, "password-reset");
    const user = open === undefined ? undefined : await r.users.byId(open.userId);
    if (user === undefined) {
      ctx.securityLog.record({ event: "password_reset.refused", address });
      throw linkGone();
    }
    await checkNewPassword(c, password, user, "password", "password-reset");
    const hash = await hashPassword(password);
    if (!(await resetPassword(ctx.db, { userId: user.id, tokenHash, passwordHash: hash }))) throw linkGone();
    ctx.signInThrottle.succeed(user.email, address);
    ctx.securityLog.record({ event: "password_reset.completed", userId: user.id, address });
    return c.body(null, 204);
  });
}
