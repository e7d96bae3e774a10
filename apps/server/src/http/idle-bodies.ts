import { IncomingMessage, type ServerOptions } from "node:http";
import type { MiddlewareHandler } from "hono";
import { errors } from "../errors/app-error.js";
import type { AppEnv } from "./app-env.js";

/*
 * How long a request may take to arrive. Node.js gives a whole request 300 s by default
 * (`requestTimeout`): an upload of a few hundred megabytes over a line of 10 Mbit/s was cut off after
 * five minutes with a 408, however steadily its bytes came. specready counts pauses instead, as nginx's
 * `client_body_timeout` does: a body that sends nothing for `idleMs` (SPECREADY_REQUEST_IDLE_SECONDS,
 * 60 s by default) is dropped. And it asks for a minimum average rate, as Apache's `mod_reqtimeout`
 * does (`MinRate`): a body gets `idleMs`, and one second more for every `minBytesPerSecond` bytes it has
 * sent (SPECREADY_REQUEST_MIN_BYTES_PER_SECOND, 500 by default). Without it, a client sending a byte a
 * minute would hold its connection, and an upload's early read, for ever. An upload at 10 kbit/s has
 * more than twice the time it needs; a large export over a slow line may take hours. Headers keep their
 * 60 s (`headersTimeout`, which Node would otherwise lower to `requestTimeout`'s 0: none).
 */

/** The node:http options of specready's server (`serve`'s `serverOptions`). */
export const serverOptions = { requestTimeout: 0, headersTimeout: 60_000 } as const satisfies ServerOptions;

/** What a request body must keep to: `idleMs` of silence at most, and `minBytesPerSecond` on average. */
export interface BodyLimits {
  readonly idleMs: number;
  readonly minBytesPerSecond: number;
}

/**
 * Drops the connection of a request whose body sends nothing for `idleMs`, or arrives slower than
 * `minBytesPerSecond` on average once its first `idleMs` are spent (the socket is destroyed: the handler
 * reading the body sees it fail with a 408, `request.idle` or `request.too_slow`, and keeps nothing of
 * it), with a line in the log. Only the client's time counts: not while the server has bytes of the body
 * it has not read yet (a handler still busy before it reads, a slow disk holding the stream back), and
 * not once the body has arrived. The socket's own timeout is left alone (keep-alive uses it).
 */
export function dropIdleBodies(limits: BodyLimits): MiddlewareHandler<AppEnv> {
  const { idleMs, minBytesPerSecond } = limits;
  return async (c, next) => {
    const incoming = (c.env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming;
    // Only a request from a socket (node:http's; one made in process, app.request, has none to drop)
    // that has a body to come. Not one without a body: node:http ends it only once it has answered.
    if (incoming instanceof IncomingMessage && !incoming.complete && hasBody(incoming)) watch(incoming);
    await next();

    function watch(request: IncomingMessage): void {
      const socket = request.socket;
      const step = Math.max(10, Math.min(1_000, Math.floor(idleMs / 4)));
      const startBytes = socket.bytesRead;
      let seen = startBytes;
      let last = performance.now();
      let quietSince = last;
      // The time the client has had to send the body, the server's own holding back left out.
      let clientMs = 0;
      const timer = setInterval(() => {
        if (request.complete || request.destroyed || socket.destroyed) return stop();
        const now = performance.now();
        const elapsed = now - last;
        last = now;
        // Bytes waiting for the server to read them: the client is not the one slow, nor silent.
        if (request.readableLength > 0 || socket.readableLength > 0) {
          seen = socket.bytesRead;
          quietSince = now;
          return;
        }
        clientMs += elapsed;
        if (socket.bytesRead !== seen) {
          seen = socket.bytesRead;
          quietSince = now;
        } else if (now - quietSince >= idleMs) {
          stop();
          console.error(
            `specready: ${what()}: nothing arrived for ${Math.round(idleMs / 1000)} s; the connection was dropped`,
          );
          return request.destroy(errors.requestIdle(idleMs));
        }
        const received = socket.bytesRead - startBytes;
        if (clientMs <= idleMs + (received / minBytesPerSecond) * 1000) return;
        stop();
        const rate = Math.floor(received / (clientMs / 1000));
        console.error(
          `specready: ${what()}: ${received} bytes in ${Math.round(clientMs / 1000)} s (${rate} bytes/s), under the minimum of ${minBytesPerSecond} bytes/s; the connection was dropped`,
        );
        request.destroy(errors.requestTooSlow(minBytesPerSecond));
      }, step);
      timer.unref();
      const stop = () => clearInterval(timer);
      const what = () => `${c.req.method} ${new URL(c.req.url).pathname}`;
      request.once("end", stop);
      request.once("close", stop);
    }
  };
}

/** Whether a request has a body to receive: a Content-Length above 0, or one sent in chunks. */
function hasBody(incoming: IncomingMessage): boolean {
  if (incoming.headers["transfer-encoding"] !== undefined) return true;
  const length = Number(incoming.headers["content-length"] ?? 0);
  return Number.isFinite(length) && length > 0;
}
