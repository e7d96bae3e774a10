import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { errorResponses, json, orNull } from "../../api/schemas.js";
import { type EntraChecks, type EntraClaims, EntraError } from "../../auth/entra.js";
import { sameSecret, sha256Hex } from "../../auth/secrets.js";
import { AppError, errors } from "../../errors/app-error.js";
import type { AppEnv } from "../../http/app-env.js";
import { isSecure, publicOrigin } from "../../http/authenticate.js";
import { clientAddress } from "../../http/client-address.js";
import type { SecuredRoutes } from "../../http/secured-route.js";
import { signIn } from "../../http/session-cookie.js";
import { acceptInvitationWithEntra } from "../../services/session-service.js";

/*
 * Sign-in with Microsoft Entra ID. A sign-in starts here (its state, nonce and PKCE verifier kept in the
 * database for 10 minutes, used once; the state also in a cookie of this browser, so nobody can finish
 * a sign-in they started into someone else's browser), goes to Microsoft, and comes back to the
 * callback, which answers with a redirect to a page of the web app: the dashboard, or the page the
 * sign-in started from with `entraError=<reason>` for it to explain.
 */

const tags = ["Session"];
const STATE_COOKIE = "specready_entra_state";
const COOKIE_PATH = "/api/session/entra";
const SIGN_IN_SECONDS = 10 * 60;

const redirectResponse = {
  description: "A redirect (to Microsoft's sign-in page, or back to the web app)",
  headers: { Location: { schema: { type: "string" as const } } },
};

const startSignIn = createRoute({
  method: "get",
  path: "/session/entra/start",
  tags,
  summary: "Start signing in with Microsoft (Entra ID): redirects to Microsoft's sign-in page",
  request: {
    query: z.object({
      invitation: z
        .string()
        .min(10)
        .max(200)
        .optional()
        .openapi({ description: "An invitation's token: accept it with the Microsoft account" }),
    }),
  },
  responses: { 302: redirectResponse, ...errorResponses(400, 404, 503) },
});

const callback = createRoute({
  method: "get",
  path: "/session/entra/callback",
  tags,
  summary:
    "Where Microsoft sends the browser back: signs in (or links the account), then redirects to the web app",
  request: {
    query: z.object({
      code: z.string().max(4000).optional(),
      state: z.string().max(200).optional(),
      error: z.string().max(200).optional(),
      error_description: z.string().max(4000).optional(),
      session_state: z.string().max(200).optional(),
    }),
  },
  responses: { 302: redirectResponse, ...errorResponses(400) },
});

const EntraIdentity = z
  .object({
    tenantId: z.string(),
    objectId: z.string(),
    username: z
      .string()
      .openapi({ description: "preferred_username: shown, never used to find the account" }),
    linkedAt: z.string(),
    lastSignInAt: z.string().nullable(),
  })
  .openapi("EntraIdentity");

const EntraStatus = z
  .object({
    configured: z.boolean().openapi({ description: "Sign-in with Microsoft is set up on this server" }),
    identity: orNull(EntraIdentity),
    required: z
      .boolean()
      .openapi({ description: "An organization of the person requires Microsoft sign-in" }),
  })
  .openapi("EntraStatus");

const getStatus = createRoute({
  method: "get",
  path: "/session/entra",
  tags,
  summary: "The Microsoft (Entra ID) account linked to the signed-in person, if any",
  responses: { 200: json(EntraStatus, "The link"), ...errorResponses(401, 403) },
});

const startLink = createRoute({
  method: "post",
  path: "/session/entra/link",
  tags,
  summary: "Start linking a Microsoft (Entra ID) account to the signed-in person: the URL to open",
  responses: {
    200: json(
      z.object({ authorizationUrl: z.string() }).openapi("EntraLinkStart"),
      "Open this URL in the browser: Microsoft's sign-in page",
    ),
    ...errorResponses(401, 403, 404, 409, 503),
  },
});

const unlink = createRoute({
  method: "delete",
  path: "/session/entra",
  tags,
  summary: "Unlink the Microsoft account; refused while an organization of the person requires it",
  responses: { 204: { description: "Unlinked" }, ...errorResponses(401, 403, 404, 409) },
});

/** The web app's words for each refusal live with its page; the code says which. */
type Refusal =
  | "not_configured"
  | "state_missing"
  | "state_mismatch"
  | "state_replayed"
  | "state_expired"
  | "provider_refused"
  | "code_invalid"
  | "token_invalid"
  | "wrong_tenant"
  | "unavailable"
  | "tenant_not_allowed"
  | "not_linked"
  | "no_membership"
  | "identity_linked"
  | "account_linked"
  | "account_exists"
  | "invitation_gone"
  | "invitation_not_emailed"
  | "already_member"
  | "link_session";

function redirectUri(c: Context<AppEnv>): string {
  return `${publicOrigin(c.var.ctx)}/api/session/entra/callback`;
}

function entraOf(c: Context<AppEnv>) {
  const entra = c.var.ctx.entra;
  if (entra === undefined)
    throw new AppError(
      404,
      "entra.not_configured",
      "Sign-in with Microsoft is not set up on this server (SPECREADY_ENTRA_CLIENT_ID).",
    );
  return entra;
}

/** Starts a sign-in: its checks kept server-side, its state in this browser's cookie too. */
async function begin(
  c: Context<AppEnv>,
  purpose: "sign-in" | "link" | "invitation",
  extra: { userId?: string; invitationTokenHash?: string } = {},
): Promise<string> {
  const entra = entraOf(c);
  let started: { url: string; checks: EntraChecks };
  try {
    started = await entra.start(redirectUri(c));
  } catch (error) {
    // Microsoft's OpenID configuration could not be read (the network, or a wrong authority).
    if (error instanceof EntraError) throw new AppError(503, "entra.unavailable", error.message);
    throw error;
  }
  await repositories(c.var.ctx.db).entra.startSignIn({
    stateHash: sha256Hex(started.checks.state),
    nonce: started.checks.nonce,
    codeVerifier: started.checks.codeVerifier,
    purpose,
    ...extra,
    lifetimeSeconds: SIGN_IN_SECONDS,
  });
  setCookie(c, STATE_COOKIE, started.checks.state, {
    httpOnly: true,
    // Lax: Microsoft sends the browser back with a top-level GET, which carries it.
    sameSite: "Lax",
    secure: isSecure(c),
    path: COOKIE_PATH,
    maxAge: SIGN_IN_SECONDS,
  });
  return started.url;
}

export function registerEntraRoutes(routes: SecuredRoutes): void {
  routes.add(startSignIn, { kind: "public" }, async (c) => {
    const { invitation } = c.req.valid("query");
    if (invitation === undefined) return c.redirect(await begin(c, "sign-in"), 302);
    const tokenHash = sha256Hex(invitation);
    if ((await repositories(c.var.ctx.db).invitations.findOpen(tokenHash)) === undefined)
      throw errors.notFound("invitation (it may have expired, been used or been withdrawn)");
    return c.redirect(await begin(c, "invitation", { invitationTokenHash: tokenHash }), 302);
  });

  routes.add(startLink, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    const userId = auth.principal.user.id;
    if ((await repositories(c.var.ctx.db).entra.identityOf(userId)) !== undefined)
      throw errors.conflict(
        "entra.linked",
        "A Microsoft account is linked already: unlink it first to link another.",
      );
    return c.json({ authorizationUrl: await begin(c, "link", { userId }) }, 200);
  });

  routes.add(getStatus, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    const r = repositories(c.var.ctx.db);
    const identity = await r.entra.identityOf(auth.principal.user.id);
    const policies = await r.entra.policiesOf(auth.principal.user.id);
    return c.json(
      {
        configured: c.var.ctx.entra !== undefined,
        identity:
          identity === undefined
            ? null
            : {
                tenantId: identity.tenantId,
                objectId: identity.objectId,
                username: identity.username,
                linkedAt: identity.linkedAt,
                lastSignInAt: identity.lastSignInAt,
              },
        required: policies.some((p) => p.requireEntra),
      },
      200,
    );
  });

  routes.add(unlink, { kind: "signed-in", users: true }, async (c, auth) => {
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    const user = auth.principal.user;
    const r = repositories(c.var.ctx.db);
    const required = (await r.entra.policiesOf(user.id)).filter((p) => p.requireEntra);
    if (required.length > 0)
      throw errors.conflict(
        "entra.required",
        `${required.map((p) => p.orgName).join(", ")} requires signing in with Microsoft: the link stays while you are a member.`,
      );
    const identity = await r.entra.identityOf(user.id);
    if (identity === undefined || !(await r.entra.unlink(user.id)))
      throw errors.notFound("linked Microsoft account");
    c.var.ctx.securityLog.record({
      event: "entra.unlinked",
      userId: user.id,
      tenantId: identity.tenantId,
      objectId: identity.objectId,
      address: clientAddress(c),
    });
    return c.body(null, 204);
  });

  routes.add(callback, { kind: "public" }, async (c) => {
    const ctx = c.var.ctx;
    const r = repositories(ctx.db);
    const address = clientAddress(c);
    const query = new URL(c.req.url).searchParams;
    const cookieState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, {
      path: COOKIE_PATH,
      secure: isSecure(c),
      httpOnly: true,
      sameSite: "Lax",
    });
    let page = "/sign-in";
    const refuse = (
      reason: Refusal,
      details: { tenantId?: string; objectId?: string; userId?: string; providerError?: string } = {},
    ) => {
      ctx.securityLog.record({ event: "entra.refused", reason, address, ...details });
      return c.redirect(`${page}?entraError=${reason}`, 302);
    };
    if (ctx.entra === undefined) return refuse("not_configured");
    const state = query.get("state");
    if (state === null || state === "") return refuse("state_missing");
    // The state must come back to the browser that started the sign-in (no sign-in planted in another's).
    if (cookieState === undefined || !sameSecret(state, cookieState)) return refuse("state_mismatch");
    const used = await r.entra.useSignIn(sha256Hex(state));
    if (!used.ok) return refuse(used.reason === "used" ? "state_replayed" : "state_expired");
    const started = used.signIn;
    if (started.purpose === "link") page = "/account/two-factor";
    let claims: EntraClaims;
    try {
      claims = await ctx.entra.finish(redirectUri(c), query, {
        state,
        nonce: started.nonce,
        codeVerifier: started.codeVerifier,
      });
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      return refuse(
        error.reason,
        error.providerError === undefined ? {} : { providerError: error.providerError },
      );
    }
    const who = { tenantId: claims.tenantId, objectId: claims.objectId };
    const linked = await r.entra.identity(claims.tenantId, claims.objectId);

    if (started.purpose === "link") {
      const principal = c.var.principal;
      if (principal?.kind !== "user" || principal.user.id !== started.userId)
        return refuse("link_session", who);
      if (linked !== undefined) return refuse("identity_linked", { ...who, userId: principal.user.id });
      if (!(await r.entra.link({ ...who, userId: principal.user.id, username: claims.username })))
        return refuse("account_linked", { ...who, userId: principal.user.id });
      ctx.securityLog.record({ event: "entra.linked", userId: principal.user.id, ...who, address });
      return c.redirect("/account/two-factor?entra=linked", 302);
    }

    if (started.purpose === "invitation") {
      const invitation =
        started.invitationTokenHash === null
          ? undefined
          : await r.invitations.findOpen(started.invitationTokenHash);
      if (invitation === undefined) return refuse("invitation_gone", who);
      if (ctx.mailer !== undefined && invitation.emailedAt === null)
        return refuse("invitation_not_emailed", who);
      const policy = await r.entra.policy(invitation.orgId);
      if (
        policy !== undefined &&
        policy.allowedTenantIds.length > 0 &&
        !policy.allowedTenantIds.includes(claims.tenantId)
      )
        return refuse("tenant_not_allowed", who);
      if (linked !== undefined) return refuse("identity_linked", { ...who, userId: linked.userId });
      const existing = await r.users.byEmail(invitation.email);
      // An account of that address joins only when the e-mailed link proves its holder reads that mail.
      if (existing !== undefined && invitation.emailedAt === null) return refuse("account_exists", who);
      if (existing !== undefined && (await r.entra.identityOf(existing.id)) !== undefined)
        return refuse("account_linked", { ...who, userId: existing.id });
      const accepted = await acceptInvitationWithEntra(ctx.db, {
        invitation,
        existingUserId: existing?.id,
        identity: { ...who, username: claims.username },
        name: claims.name ?? (claims.username || invitation.email),
        emailed: invitation.emailedAt !== null,
      });
      if (!accepted.ok)
        return refuse(
          accepted.reason === "already_member"
            ? "already_member"
            : accepted.reason === "identity_taken"
              ? "identity_linked"
              : "invitation_gone",
          who,
        );
      ctx.securityLog.record({
        event: "invitation.accepted",
        orgId: invitation.orgId,
        userId: accepted.userId,
        newAccount: existing === undefined,
        address,
      });
      ctx.securityLog.record({ event: "entra.linked", userId: accepted.userId, ...who, address });
      await r.entra.recordSignIn(claims.tenantId, claims.objectId, claims.username);
      await signIn(c, accepted.userId, claims.tenantId);
      ctx.securityLog.record({ event: "entra.signin_succeeded", userId: accepted.userId, ...who, address });
      return c.redirect("/", 302);
    }

    // A plain sign-in: the linked account; or, the first time, the account whose address both sides
    // verified (specready by an e-mailed link, the token by its tenant owning the domain: xms_edov).
    let userId = linked?.userId;
    if (userId === undefined && claims.verifiedEmail !== undefined) {
      const byEmail = await r.users.byEmail(claims.verifiedEmail);
      if (
        byEmail !== undefined &&
        (await r.accountSecurity.emailVerifiedAt(byEmail.id)) !== undefined &&
        (await r.entra.identityOf(byEmail.id)) === undefined &&
        (await r.entra.link({ ...who, userId: byEmail.id, username: claims.username }))
      ) {
        userId = byEmail.id;
        ctx.securityLog.record({ event: "entra.linked", userId, ...who, address });
      }
    }
    if (userId === undefined) return refuse("not_linked", who);
    const policies = await r.entra.policiesOf(userId);
    // Removed from every organization: nothing to sign in to (an account is disabled by removing it).
    if (policies.length === 0) return refuse("no_membership", { ...who, userId });
    if (
      !policies.some((p) => p.allowedTenantIds.length === 0 || p.allowedTenantIds.includes(claims.tenantId))
    )
      return refuse("tenant_not_allowed", { ...who, userId });
    await r.entra.recordSignIn(claims.tenantId, claims.objectId, claims.username);
    await signIn(c, userId, claims.tenantId);
    ctx.securityLog.record({ event: "entra.signin_succeeded", userId, ...who, address });
    return c.redirect("/", 302);
  });
}
