import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { errorResponses, json } from "../../api/schemas.js";
import { newSecret, sha256Hex } from "../../auth/secrets.js";
import { AppError, errors } from "../../errors/app-error.js";
import { publicOrigin } from "../../http/authenticate.js";
import { clientAddress } from "../../http/client-address.js";
import type { SecuredRoutes } from "../../http/secured-route.js";
import { emailVerificationMail } from "../../mail/mail-texts.js";

/*
 * Verifying an account's address by an e-mailed link: for accounts made while the server sent no e-mail
 * (their address was typed, never proved). Once e-mail is on, they are flagged "address not verified"
 * on their account page and can send themselves a link.
 */

const tags = ["Session"];
const LINK_MINUTES = 60;
const RESEND_SECONDS = 60;

const EmailVerification = z
  .object({
    verified: z.boolean(),
    emailEnabled: z.boolean().openapi({ description: "The server sends e-mail, so a link can be sent" }),
  })
  .openapi("EmailVerification");

const getStatus = createRoute({
  method: "get",
  path: "/session/email-verification",
  tags,
  summary: "Whether the signed-in person's address is verified (proved by an e-mailed link)",
  responses: { 200: json(EmailVerification, "The address's state"), ...errorResponses(401, 403) },
});

const sendLink = createRoute({
  method: "post",
  path: "/session/email-verification",
  tags,
  summary: "E-mail the signed-in person a one-time link that verifies their address",
  responses: {
    202: json(
      z.object({ minutes: z.number().int() }).openapi("EmailVerificationSent"),
      "Sent: the link works for `minutes`",
    ),
    ...errorResponses(401, 403, 409, 429, 503),
  },
});

const useLink = createRoute({
  method: "post",
  path: "/email-verification/{token}",
  tags,
  summary: "Verify an address with the e-mailed link",
  request: { params: z.object({ token: z.string().min(10).max(200) }) },
  responses: { 204: { description: "Verified" }, ...errorResponses(404) },
});

export function registerEmailVerificationRoutes(routes: SecuredRoutes): void {
  routes.add(getStatus, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    const at = await repositories(c.var.ctx.db).accountSecurity.emailVerifiedAt(auth.principal.user.id);
    return c.json({ verified: at !== undefined, emailEnabled: c.var.ctx.mailer !== undefined }, 200);
  });

  routes.add(sendLink, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    const ctx = c.var.ctx;
    const user = auth.principal.user;
    const mailer = ctx.mailer;
    if (mailer === undefined)
      throw errors.conflict(
        "mail.off",
        "This server sends no e-mail, so it cannot send a link: ask the operator to set SPECREADY_SMTP_URL.",
      );
    const r = repositories(ctx.db);
    if ((await r.accountSecurity.emailVerifiedAt(user.id)) !== undefined)
      throw errors.conflict("email.verified", "Your address is verified already.");
    if (await r.accountSecurity.sentWithin(user.id, "email-verification", RESEND_SECONDS))
      throw errors.rateLimited(RESEND_SECONDS);
    const secret = newSecret();
    await r.accountSecurity.createToken({
      tokenHash: sha256Hex(secret),
      userId: user.id,
      purpose: "email-verification",
      lifetimeSeconds: LINK_MINUTES * 60,
    });
    try {
      await mailer.send(
        emailVerificationMail({
          to: user.email,
          url: `${publicOrigin(ctx)}/verify-email/${secret}`,
          minutes: LINK_MINUTES,
        }),
      );
    } catch (error) {
      ctx.securityLog.record({
        event: "mail.failed",
        purpose: "email-verification",
        email: user.email,
        error: error instanceof Error ? error.message : String(error),
      });
      throw new AppError(
        503,
        "mail.unavailable",
        `The e-mail to ${user.email} could not be sent; try again, or ask the operator to check SPECREADY_SMTP_URL.`,
      );
    }
    ctx.securityLog.record({ event: "email.verification_sent", userId: user.id, address: clientAddress(c) });
    return c.json({ minutes: LINK_MINUTES }, 202);
  });

  routes.add(useLink, { kind: "public" }, async (c) => {
    const ctx = c.var.ctx;
    const r = repositories(ctx.db);
    const userId = await r.accountSecurity.useToken(
      sha256Hex(c.req.valid("param").token),
      "email-verification",
    );
    if (userId === undefined)
      throw errors.notFound("verification link (it may have expired or been used: send a new one)");
    await r.accountSecurity.markEmailVerified(userId);
    ctx.securityLog.record({ event: "email.verified", userId, address: clientAddress(c) });
    return c.body(null, 204);
  });
}
