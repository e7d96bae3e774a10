import { type ApiToken, repositories } from "@specready/db";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { sameSecret, sha256Hex } from "../auth/secrets.js";
import { errors } from "../errors/app-error.js";
import type { AppContext } from "../services/app-context.js";
import { sessionExpiry } from "../services/session-service.js";
import type { AppEnv, Principal } from "./app-env.js";
import { clientAddress } from "./client-address.js";

export const SESSION_COOKIE = "specready_session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The address people open, for links such as invitations: SPECREADY_PUBLIC_URL, else (a server on a
 * loopback address, where the setting is optional) the address the server listens on. Never the
 * request's Host or X-Forwarded-Host: anyone can send those, and an invitation link pointing at their
 * site would hand them the invitation's token.
 */
export function publicOrigin(ctx: AppContext): string {
  return ctx.config.publicUrl ?? ctx.listening.url ?? `http://localhost:${ctx.config.port}`;
}

/** The host the browser asked for: the trusted proxy's `X-Forwarded-Host`, else `Host`. */
function requestHost(c: Context<AppEnv>): string {
  const forwarded = c.var.ctx.config.trustProxy
    ? c.req.header("x-forwarded-host")?.split(",")[0]?.trim()
    : undefined;
  return forwarded || (c.req.header("host") ?? new URL(c.req.url).host);
}

/** Whether the browser reached us over TLS (directly, or through a trusted proxy that says so). */
export function isSecure(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return c.var.ctx.config.trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * Resolves who is calling (session cookie or `Authorization: Bearer` token) and guards against
 * cross-site requests: a state-changing request must come from our own origin, and one made with the
 * session cookie must carry the session's CSRF token. Token requests are not sent by browsers on their
 * own, so they need no CSRF token.
 */
/**
 * The unsubscribe link of a reminder e-mail: its signed token is the credential, and the session plays no
 * part (the form on its page carries no CSRF token, and a mail client's one-click POST has no cookie).
 */
const UNSUBSCRIBE = /^\/api\/unsubscribe\/[^/]+$/;

export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.var.ctx;
    const unsafe = UNSAFE.has(c.req.method);
    const origin = c.req.header("origin");
    if (unsafe && origin !== undefined && origin !== "null") {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (originHost !== requestHost(c)) throw errors.csrf();
    }
    let principal: Principal | undefined;
    // Only a Bearer token is ours: another scheme (a proxy's Basic authentication) leaves the cookie in charge.
    const authorization = c.req.header("authorization");
    const bearer = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
    if (bearer !== null) {
      const token = await findToken(ctx, sha256Hex(bearer[1] as string), clientAddress(c));
      if (token === undefined) throw errors.authRequired();
      principal = { kind: "token", token };
    } else if (!UNSUBSCRIBE.test(new URL(c.req.url).pathname)) {
      const sessionId = getCookie(c, SESSION_COOKIE);
      if (sessionId !== undefined) {
        const idHash = sha256Hex(sessionId);
        const found = await findSession(ctx, idHash);
        if (found !== undefined && "renewed" in found) {
          // The cookie lives as long as the session: renewed when the expiry slides forward.
          setCookie(c, SESSION_COOKIE, sessionId, {
            httpOnly: true,
            sameSite: "Lax",
            secure: isSecure(c),
            path: "/",
            maxAge: Math.max(
              0,
              Math.floor((Date.parse(found.session.expiresAt) - ctx.now().getTime()) / 1000),
            ),
          });
        }
        if (found !== undefined) {
          principal = {
            kind: "user",
            user: found.user,
            sessionIdHash: idHash,
            csrfToken: found.session.csrfToken,
            entraTenantId: found.session.entraTenantId ?? null,
          };
        }
        if (unsafe && principal?.kind === "user") {
          const sent = c.req.header("x-csrf-token");
          if (sent === undefined || !sameSecret(sent, principal.csrfToken)) throw errors.csrf();
        }
      }
    }
    c.set("principal", principal);
    await next();
  };
}

/**
 * An active token by its secret's hash, read from the database on every request: a token revoked on
 * any server sharing the database is refused by all of them from that moment (one indexed row; a
 * cache here would let a revoked token work on the other servers until it expired). "Last used" is
 * written at most once a minute per token, by whichever server claims it first, and then the use goes
 * to the security log; to the organization's activity log when the token had not been used for an
 * hour (a script polling every minute leaves one entry per working session).
 */
async function findToken(ctx: AppContext, tokenHash: string, address: string): Promise<ApiToken | undefined> {
  const token = await repositories(ctx.db).tokens.findActive(tokenHash);
  if (token === undefined) return undefined;
  const now = ctx.now().getTime();
  if (token.lastUsedAt === null || now - Date.parse(token.lastUsedAt) > 60_000) {
    const idleHour = token.lastUsedAt === null || now - Date.parse(token.lastUsedAt) > 60 * 60_000;
    void repositories(ctx.db)
      .tokens.touch(token.id, new Date(now).toISOString())
      .then(async (claimed) => {
        if (!claimed) return;
        ctx.securityLog.record({
          event: "token.used",
          orgId: token.orgId,
          tokenId: token.id,
          tokenName: token.name,
          address,
        });
        if (idleHour)
          await repositories(ctx.db).activity.record(
            token.orgId,
            { kind: "token", id: token.id, name: `API token "${token.name}"` },
            "token.used",
            `The API token "${token.name}" was used from ${address}`,
            { tokenId: token.id, address },
          );
      })
      .catch(() => {});
  }
  return token;
}

/**
 * A live session and its person, read from the database on every request (one indexed row joined to
 * its person): a sign-out, or a password change that ends the other sessions, on any server sharing
 * the database refuses the cookie on all of them at once. The expiry slides forward (written at most
 * once a minute) up to the absolute lifetime from the sign-in.
 */
async function findSession(ctx: AppContext, idHash: string) {
  const found = await repositories(ctx.db).sessions.findWithUser(idHash);
  if (found === undefined) return undefined;
  const now = ctx.now().getTime();
  // Checked on the server's clock, and against the absolute lifetime as the settings say now.
  if (
    Date.parse(found.session.expiresAt) <= now ||
    now >= Date.parse(found.session.createdAt) + ctx.config.sessionMaxDays * 86_400_000
  )
    return undefined;
  if (now - Date.parse(found.session.lastSeenAt) > 60_000) {
    const seenAt = new Date(now).toISOString();
    const expiresAt = new Date(sessionExpiry(ctx, found.session.createdAt, now)).toISOString();
    void repositories(ctx.db)
      .sessions.touch(idHash, expiresAt, seenAt)
      .catch(() => {});
    return { ...found, session: { ...found.session, lastSeenAt: seenAt, expiresAt }, renewed: true };
  }
  return found;
}
