import { IncomingMessage, type ServerOptions } from "node:http";
import type { MiddlewareHandler } from "hono";
import { errors } from "../errors/app-error.js";
import type { AppEnv } from "./app-env.js";

/*
 * How long a request may take to arrive. Node.js gives a whole request 300 s by default
 * (`requestTimeout`): an upload of a few hundred megabytes over a line of 10 Mbit/s was cut off after
 * five minutes with a 408, however steadily its bytes came. specready counts pauses instead, as nginx's
 * `client_body_timeout` does: a body that sends nothing for `requestIdleMs` (SPECREADY_REQUEST_IDLE_SECONDS,
 * 60 s by default) is dropped, one that keeps sending may take as long as it needs. Headers still have
 * Node's 60 s (`headersTimeout`).
 */

/** The node:http options of specready's server (`serve`'s `serverOptions`). */
export const serverOptions = { requestTimeout: 0 } as const satisfies ServerOptions;

/**
 * Drops the connection of a request whose body sends nothing for `idleMs` (the socket is destroyed: the
 * handler reading the body sees it fail and keeps nothing of it), with a line in the log. Once the body
 * has arrived, the handler may take its time: the timer is off from then.
 */
export function dropIdleBodies(idleMs: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = (c.env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming;
    // Only a request from a socket (node:http's; one made in process, app.request, has none to drop)
    // that has a body still to come. Not one without a body: node:http ends it only once it has
    // answered, so a handler taking a minute to write its first byte would be cut off.
    if (incoming instanceof IncomingMessage && !incoming.complete && hasBody(incoming)) {
      // On the socket: any byte received (or sent) restarts it. The body's readers see it fail with a
      // 408 `request.idle` (not logged as the server's failure); the client, gone quiet, gets no answer.
      incoming.setTimeout(idleMs, () => {
        console.error(
          `specready: ${c.req.method} ${new URL(c.req.url).pathname}: nothing arrived for ${Math.round(idleMs / 1000)} s; the connection was dropped`,
        );
        incoming.destroy(errors.requestIdle(idleMs));
      });
      incoming.once("end", () => {
        if (!incoming.socket?.destroyed) incoming.setTimeout(0);
      });
    }
    await next();
  };
}

/** Whether a request has a body to receive: a Content-Length above 0, or one sent in chunks. */
function hasBody(incoming: IncomingMessage): boolean {
  if (incoming.headers["transfer-encoding"] !== undefined) return true;
  const length = Number(incoming.headers["content-length"] ?? 0);
  return Number.isFinite(length) && length > 0;
}
