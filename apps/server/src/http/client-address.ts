import type { Context } from "hono";
import type { AppEnv } from "./app-env.js";

/** The client's address: the socket's, or the address the trusted proxy saw (the last `X-Forwarded-For` entry). */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.ctx.config.trustProxy) {
    // The last hop is the one our proxy added; earlier ones are whatever the client sent.
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}
