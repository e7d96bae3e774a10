import { repositories } from "@specready/db";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { newSecret, sha256Hex } from "../auth/secrets.js";
import { sessionBody } from "../services/session-service.js";
import type { AppEnv } from "./app-env.js";
import { isSecure, SESSION_COOKIE } from "./authenticate.js";

/**
 * Starts a session: a random id in an HttpOnly, SameSite cookie (Secure behind TLS); its hash in the
 * database, with the Entra tenant the person signed in from (none: a password sign-in).
 */
export async function signIn(c: Context<AppEnv>, userId: string, entraTenantId?: string) {
  const ctx = c.var.ctx;
  const id = newSecret();
  const csrfToken = newSecret();
  const now = ctx.now();
  const expires = new Date(now.getTime() + ctx.config.sessionDays * 86_400_000);
  await repositories(ctx.db).sessions.create({
    idHash: sha256Hex(id),
    userId,
    csrfToken,
    expiresAt: expires.toISOString(),
    // The session's clock is the server's (tests pin it), not the database's.
    createdAt: now.toISOString(),
    entraTenantId,
  });
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isSecure(c),
    path: "/",
    maxAge: ctx.config.sessionDays * 86_400,
  });
  return sessionBody(ctx.db, userId, csrfToken);
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isSecure(c), httpOnly: true, sameSite: "Lax" });
}
