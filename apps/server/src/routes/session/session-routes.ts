import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import type { Context } from "hono";
import { Email, errorResponses, json, Password, PersonName, Role, Session } from "../../api/schemas.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../../auth/passwords.js";
import { sha256Hex } from "../../auth/secrets.js";
import { AppError, errors } from "../../errors/app-error.js";
import type { AppEnv } from "../../http/app-env.js";
import { clientAddress } from "../../http/client-address.js";
import type { SecuredRoutes } from "../../http/secured-route.js";
import { clearSessionCookie, signIn } from "../../http/session-cookie.js";
import { createOrganizationWithAdmin, sessionBody } from "../../services/session-service.js";
import { checkNewPassword } from "./new-password.js";
import { codeStepResponse, hasTwoFactor, startCodeStep } from "./two-factor-routes.js";

const tags = ["Session"];

const getSetup = createRoute({
  method: "get",
  path: "/setup",
  tags,
  summary: "Whether the installation still needs its first administrator, and whether it sends e-mail",
  responses: {
    200: json(
      z.object({
        needsSetup: z.boolean(),
        emailEnabled: z.boolean().openapi({
          description:
            'Whether a mail server is configured: invitations and password-reset links go by e-mail; otherwise links are copied by hand and there is no "forgot password"',
        }),
        entraEnabled: z.boolean().openapi({
          description: 'Whether "Sign in with Microsoft" (Entra ID) is set up (SPECREADY_ENTRA_CLIENT_ID)',
        }),
      }),
      "Setup state",
    ),
  },
});

const postSetup = createRoute({
  method: "post",
  path: "/setup",
  tags,
  summary: "First run: create the first organization and its partner admin, and sign in",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            organizationName: PersonName,
            name: PersonName,
            email: Email,
            password: Password,
          }),
        },
      },
    },
  },
  responses: {
    201: json(Session, "Signed in as the new partner admin"),
    ...errorResponses(400, 409, 429, 503),
  },
});

const postSession = createRoute({
  method: "post",
  path: "/session",
  tags,
  summary: "Sign in with email and password",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ email: z.string().max(254), password: z.string().max(200) }),
        },
      },
    },
  },
  responses: {
    200: json(Session, "Signed in; the session cookie is set"),
    202: codeStepResponse,
    ...errorResponses(400, 401, 403, 429),
  },
});

const getSession = createRoute({
  method: "get",
  path: "/session",
  tags,
  summary: "The signed-in person, their organizations and the CSRF token",
  responses: { 200: json(Session, "The session"), ...errorResponses(401) },
});

const deleteSession = createRoute({
  method: "delete",
  path: "/session",
  tags,
  summary: "Sign out this browser",
  responses: { 204: { description: "Signed out" }, ...errorResponses(401, 403) },
});

const signOutEverywhere = createRoute({
  method: "post",
  path: "/session/sign-out-everywhere",
  tags,
  summary: "End every session of the signed-in person",
  responses: { 204: { description: "Every session ended" }, ...errorResponses(401, 403) },
});

const changePassword = createRoute({
  method: "post",
  path: "/session/password",
  tags,
  summary: "Change the signed-in person's password; their other sessions end",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ currentPassword: z.string().max(200), newPassword: Password }),
        },
      },
    },
  },
  responses: { 204: { description: "Changed" }, ...errorResponses(400, 401, 403, 429, 503) },
});

const TokenParams = z.object({ token: z.string().min(10).max(200) });
const InvitationInfo = z
  .object({
    organizationName: z.string(),
    email: z.string(),
    role: Role,
    expiresAt: z.string(),
  })
  .openapi("InvitationInfo");

const getInvitation = createRoute({
  method: "get",
  path: "/invitations/{token}",
  tags,
  summary: "What an invitation link is for",
  request: { params: TokenParams },
  responses: { 200: json(InvitationInfo, "The invitation"), ...errorResponses(404) },
});

const acceptInvitation = createRoute({
  method: "post",
  path: "/invitations/{token}/accept",
  tags,
  summary: "Accept an invitation: a new account (name and password) or an existing one (its password)",
  request: {
    params: TokenParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ name: PersonName.optional(), password: z.string().max(200) }),
        },
      },
    },
  },
  responses: {
    200: json(Session, "Signed in as a member"),
    202: codeStepResponse,
    ...errorResponses(400, 401, 404, 409, 429, 503),
  },
});

export function registerSessionRoutes(routes: SecuredRoutes): void {
  routes.add(getSetup, { kind: "public" }, async (c) => {
    const ctx = c.var.ctx;
    const needsSetup = (await repositories(ctx.db).users.count()) === 0;
    return c.json(
      { needsSetup, emailEnabled: ctx.mailer !== undefined, entraEnabled: ctx.entra !== undefined },
      200,
    );
  });

  routes.add(postSetup, { kind: "public" }, async (c) => {
    const body = c.req.valid("json");
    const ctx = c.var.ctx;
    const done = () =>
      errors.conflict(
        "setup.done",
        "specready is already set up: sign in, or ask a partner admin for an invitation.",
      );
    if ((await repositories(ctx.db).users.count()) > 0) throw done();
    await checkNewPassword(c, body.password, { email: body.email, name: body.name }, "password", "setup");
    const { userId } = await ctx.db.transaction(async (tx) => {
      // Two first-run requests at once: the second waits here for the first, then finds its account.
      await repositories(tx).users.lockForSetup();
      if ((await repositories(tx).users.count()) > 0) throw done();
      return createOrganizationWithAdmin(tx, body);
    });
    return c.json(await signIn(c, userId), 201);
  });

  routes.add(postSession, { kind: "public" }, async (c) => {
    const { email, password } = c.req.valid("json");
    const ctx = c.var.ctx;
    const address = clientAddress(c);
    throttled(c, email, address, "sign-in");
    const user = await repositories(ctx.db).users.byEmail(email);
    // Verify against a dummy hash when there is no such account: the answer takes as long either way.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (user === undefined || !ok) {
      ctx.signInThrottle.fail(email, address);
      ctx.securityLog.record({
        event: "signin.failed",
        email: email.trim().toLowerCase(),
        address,
        reason: user === undefined ? "no_account" : "wrong_password",
      });
      throw errors.invalidCredentials();
    }
    ctx.signInThrottle.succeed(email, address);
    // Every organization of the account requires Microsoft sign-in: a password session could open none.
    const policies = await repositories(ctx.db).entra.policiesOf(user.id);
    if (policies.length > 0 && policies.every((p) => p.requireEntra))
      throw new AppError(
        403,
        "auth.entra_required",
        `${policies.map((p) => p.orgName).join(", ")} requires signing in with Microsoft: choose “Sign in with Microsoft”.`,
      );
    if (await hasTwoFactor(c, user.id)) return c.json(await startCodeStep(c, user.id), 202);
    ctx.securityLog.record({ event: "signin.succeeded", userId: user.id, email: user.email, address });
    return c.json(await signIn(c, user.id), 200);
  });

  routes.add(getSession, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    c.header("Cache-Control", "no-store");
    return c.json(await sessionBody(c.var.ctx.db, auth.principal.user.id, auth.principal.csrfToken), 200);
  });

  routes.add(deleteSession, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind === "user")
      await repositories(c.var.ctx.db).sessions.delete(auth.principal.sessionIdHash);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  routes.add(signOutEverywhere, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind === "user")
      await repositories(c.var.ctx.db).sessions.deleteForUser(auth.principal.user.id);
    const userId = auth.principal?.kind === "user" ? auth.principal.user.id : "";
    c.var.ctx.securityLog.record({ event: "signout.everywhere", userId, address: clientAddress(c) });
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  routes.add(changePassword, { kind: "signed-in", users: true }, async (c, auth) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const ctx = c.var.ctx;
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    const me = auth.principal;
    const address = clientAddress(c);
    throttled(c, me.user.email, address, "password-change");
    const r = repositories(ctx.db);
    const stored = await r.users.byEmail(me.user.email);
    if (stored === undefined || !(await verifyPassword(stored.passwordHash, currentPassword))) {
      ctx.signInThrottle.fail(me.user.email, address);
      ctx.securityLog.record({ event: "password.change_failed", userId: me.user.id, address });
      throw new AppError(401, "auth.invalid_credentials", "The current password is wrong.");
    }
    await checkNewPassword(c, newPassword, me.user, "newPassword", "password-change");
    const hash = await hashPassword(newPassword);
    await ctx.db.transaction(async (tx) => {
      const t = repositories(tx);
      await t.users.setPasswordHash(me.user.id, hash);
      await t.sessions.deleteOthers(me.user.id, me.sessionIdHash);
    });
    ctx.securityLog.record({ event: "password.changed", userId: me.user.id, address });
    return c.body(null, 204);
  });

  routes.add(getInvitation, { kind: "public" }, async (c) => {
    const { token } = c.req.valid("param");
    const r = repositories(c.var.ctx.db);
    const invitation = await r.invitations.findOpen(sha256Hex(token));
    if (invitation === undefined)
      throw errors.notFound("invitation (it may have expired, been used or been withdrawn)");
    return c.json(
      {
        organizationName: invitation.orgName,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt,
      },
      200,
    );
  });

  routes.add(acceptInvitation, { kind: "public" }, async (c) => {
    const { token } = c.req.valid("param");
    const body = c.req.valid("json");
    const ctx = c.var.ctx;
    const r = repositories(ctx.db);
    const invitation = await r.invitations.findOpen(sha256Hex(token));
    if (invitation === undefined)
      throw errors.notFound("invitation (it may have expired, been used or been withdrawn)");
    // Whoever holds the link may be its inviter, and anyone signed in can invite any address: nothing
    // below answers differently for an email that has an account and one that has not, except that a
    // new name and password create the account only where there is none (see invitationRefused).
    const address = clientAddress(c);
    throttled(c, invitation.email, address, "invitation");
    if (body.name !== undefined)
      await checkNewPassword(
        c,
        body.password,
        { email: invitation.email, name: body.name },
        "password",
        "invitation",
      );
    const existing = await r.users.byEmail(invitation.email);
    if (ctx.mailer !== undefined && invitation.emailedAt === null) {
      // A link made before e-mail was configured went to the inviter, not to the address: a new
      // account from it would prove nothing about who reads that mailbox. Refused whether or not the
      // address has an account, so the answer tells the link's holder nothing about that.
      ctx.securityLog.record({
        event: "invitation.refused_unmailed",
        orgId: invitation.orgId,
        email: invitation.email,
        address,
      });
      throw errors.conflict(
        "invitation.not_emailed",
        `This invitation was not sent by e-mail. Ask a partner admin of ${invitation.orgName} to invite ${invitation.email} again: the new link goes to that address.`,
      );
    }
    let passwordHash: string | undefined;
    if (existing !== undefined || body.name === undefined) {
      // The account's password, or (no account, no name) a dummy one: the same work, the same refusal.
      const ok = await verifyPassword(existing?.passwordHash ?? (await dummyPasswordHash()), body.password);
      if (existing === undefined || !ok) {
        ctx.signInThrottle.fail(invitation.email, address);
        ctx.securityLog.record({
          event: "invitation.refused",
          orgId: invitation.orgId,
          email: invitation.email,
          address,
        });
        throw invitationRefused(invitation.email);
      }
      ctx.signInThrottle.succeed(invitation.email, address);
    } else {
      passwordHash = await hashPassword(body.password);
    }
    const userId = await ctx.db.transaction(async (tx) => {
      const t = repositories(tx);
      const user =
        existing ??
        (await t.users.create({
          id: crypto.randomUUID(),
          email: invitation.email,
          name: body.name as string,
          passwordHash: passwordHash as string,
        }));
      // An upsert would change a member's role: an old link could undo a demotion, or demote the last admin.
      if (existing !== undefined && (await t.users.roleIn(invitation.orgId, existing.id)) !== undefined) {
        throw errors.conflict(
          "members.already_member",
          `You are already a member of ${invitation.orgName}; a partner admin can change your role.`,
        );
      }
      if (!(await t.invitations.markAccepted(invitation.id, user.id))) {
        throw new AppError(409, "invitation.used", "This invitation was used or withdrawn a moment ago.");
      }
      await t.users.addMember(invitation.orgId, user.id, invitation.role);
      // The link went to this address only: whoever used it reads that mail.
      if (invitation.emailedAt !== null) await t.accountSecurity.markEmailVerified(user.id);
      await t.activity.record(
        invitation.orgId,
        { kind: "user", id: user.id, name: user.name },
        "member.added",
        `${user.name} (${user.email}) accepted the invitation and joined as ${invitation.role.replace("_", " ")}`,
        { userId: user.id, role: invitation.role, invitationId: invitation.id },
      );
      return user.id;
    });
    ctx.securityLog.record({
      event: "invitation.accepted",
      orgId: invitation.orgId,
      userId,
      newAccount: existing === undefined,
      address,
    });
    // An account with two-factor sign-in joined; signing in still takes its code.
    if (existing !== undefined && (await hasTwoFactor(c, userId)))
      return c.json(await startCodeStep(c, userId), 202);
    return c.json(await signIn(c, userId), 200);
  });
}

/**
 * The one refusal of an invitation, whether its email has an account (and the password is not its
 * password) or has none (and no name was given for a new one): the same status, code and words.
 */
function invitationRefused(email: string): AppError {
  return new AppError(
    401,
    "auth.invalid_credentials",
    `This password does not fit the invitation. If ${email} already has a specready account, choose “I already have an account” and enter that account's password; otherwise give your name and choose a new password.`,
  );
}

/** Refuses (429, logged) an attempt on `email` from `address` while the throttle says to wait. */
function throttled(
  c: Context<AppEnv>,
  email: string,
  address: string,
  via: "sign-in" | "invitation" | "password-change",
): void {
  const wait = c.var.ctx.signInThrottle.retryAfter(email, address);
  if (wait === 0) return;
  c.var.ctx.securityLog.record({
    event: "signin.throttled",
    email: email.trim().toLowerCase(),
    address,
    retryAfterSeconds: wait,
    via,
  });
  throw errors.rateLimited(wait);
}
