import { AppError } from "../errors/app-error.js";

/**
 * Refuses a form (multipart or urlencoded) sent where the file itself is the body: a browser form or
 * `curl -F` would otherwise be stored as if its encoding were the file. Every upload route calls this
 * before reading the body.
 */
export function refuseFormBody(c: { req: { header(name: string): string | undefined } }): void {
  const type = (c.req.header("content-type") ?? "").toLowerCase().trim();
  if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded"))
    throw new AppError(
      415,
      "request.unsupported_media_type",
      "Send the file itself as the request body (Content-Type: application/octet-stream), not as a form.",
    );
}
