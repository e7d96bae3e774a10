import { type ApiToken, repositories } from "@specready/db";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { sameSecret, sha256Hex } from "../auth/secrets.js";
import type { AppEnv, Principal } from "./app-env.js";
import { errors } from "./app-error.js";

export const SESSION_COOKIE = "specready_session";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

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
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.var.ctx;
    const unsafe = UNSAFE.has(c.req.method);
    const origin = c.req.header("origin");
    if (unsafe && origin !== undefined && origin !== "null") {
      const host =
        c.req.header("x-forwarded-host") && ctx.config.trustProxy
          ? c.req.header("x-forwarded-host")
          : c.req.header("host");
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (originHost !== host) throw errors.csrf();
    }
    let principal: Principal | undefined;
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const token: ApiToken | undefined =
        match === null
          ? undefined
          : await repositories(ctx.db).tokens.findActive(sha256Hex(match[1] as string));
      if (token === undefined) throw errors.authRequired();
      void repositories(ctx.db)
        .tokens.touch(token.id)
        .catch(() => {});
      principal = { kind: "token", token };
    } else {
      const sessionId = getCookie(c, SESSION_COOKIE);
      if (sessionId !== undefined) {
        const idHash = sha256Hex(sessionId);
        const r = repositories(ctx.db);
        const session = await r.sessions.find(idHash);
        const user = session === undefined ? undefined : await r.users.byId(session.userId);
        if (session !== undefined && user !== undefined) {
          principal = { kind: "user", user, sessionIdHash: idHash, csrfToken: session.csrfToken };
          // Sliding expiry, written at most once a minute per session.
          const now = ctx.now().getTime();
          if (now - Date.parse(session.lastSeenAt) > 60_000) {
            const expires = new Date(now + ctx.config.sessionDays * 86_400_000).toISOString();
            void r.sessions.touch(idHash, expires).catch(() => {});
          }
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
