/**
 * The request body as a stream. On Node.js the socket's own stream is read directly (the web stream
 * Hono would build over it halves the upload rate); elsewhere the standard one.
 */
export function requestBody(c: {
  env: unknown;
  req: { raw: Request };
}): NodeJS.ReadableStream | ReadableStream<Uint8Array> | null {
  const incoming = (c.env as { incoming?: Partial<NodeJS.ReadableStream> } | undefined)?.incoming;
  return typeof incoming?.pipe === "function" ? (incoming as NodeJS.ReadableStream) : c.req.raw.body;
}
