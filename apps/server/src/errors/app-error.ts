import type { Actor } from "@specready/db";

/** An error the API answers with: an HTTP status, a stable code, and a message a person can act on. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 408 | 409 | 412 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The organization a refusal happened in, and who was refused: the activity log records it. */
  organization?: { readonly orgId: string; readonly actor: Actor };

  inOrganization(orgId: string, actor: Actor): this {
    this.organization = { orgId, actor };
    return this;
  }
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** The error factories: one per situation, so codes stay stable and messages consistent. */
export const errors = {
  invalidRequest: (issues: { path: string; message: string }[]) =>
    new AppError(
      400,
      "request.invalid",
      `The request is invalid: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`,
      { issues },
    ),
  authRequired: () => new AppError(401, "auth.required", "Sign in first."),
  invalidCredentials: () => new AppError(401, "auth.invalid_credentials", "The email or password is wrong."),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      429,
      "auth.rate_limited",
      `Too many failed attempts for this account from your address. Try again in ${
        retryAfterSeconds < 60
          ? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`
          : `${Math.ceil(retryAfterSeconds / 60)} minutes`
      }.`,
      { retryAfterSeconds },
    ),
  csrf: () =>
    new AppError(
      403,
      "auth.csrf",
      "This request did not come from a specready page (missing or wrong X-CSRF-Token); reload the page.",
    ),
  forbidden: (what: string) => new AppError(403, "auth.forbidden", `Your role does not allow this: ${what}.`),
  /** Unknown ids and other organizations' ids look the same: nothing says whether they exist. */
  notFound: (what: string) => new AppError(404, "not_found", `No such ${what}.`),
  conflict: (code: string, message: string) => new AppError(409, code, message),
  /**
   * 412: the request's If-Match names a version of `what` that is no longer current: someone else changed
   * it since the client read it, and this change was not applied.
   */
  stale: (what: string, currentVersion: number) =>
    new AppError(
      412,
      "precondition_failed",
      `Someone else changed this ${what} since you loaded it; your change was not saved. Load it again (its ETag is now "v${currentVersion}") and redo your change.`,
      { resource: what, etag: `"v${currentVersion}"` },
    ),
  requestIdle: (idleMs: number) =>
    new AppError(
      408,
      "request.idle",
      `Nothing of the request arrived for ${Math.round(idleMs / 1000)} s (SPECREADY_REQUEST_IDLE_SECONDS): the connection was dropped and nothing was kept. Send it again.`,
    ),
  requestTooSlow: (minBytesPerSecond: number) =>
    new AppError(
      408,
      "request.too_slow",
      `The request arrived at less than ${minBytesPerSecond} bytes per second on average (SPECREADY_REQUEST_MIN_BYTES_PER_SECOND): the connection was dropped and nothing was kept. Send it again.`,
    ),
  uploadTooLarge: (limitBytes: number) =>
    new AppError(
      413,
      "upload.too_large",
      `The file is larger than the upload limit of ${Math.round(limitBytes / 1024 / 1024)} MB (SPECREADY_UPLOAD_LIMIT_MB).`,
    ),
  pendingUploadsFull: (pendingBytes: number, limitBytes: number) =>
    new AppError(
      413,
      "upload.pending_limit",
      `This file does not fit: the organization's uploads waiting for their import hold ${megabytes(pendingBytes)}, and together they may hold at most ${megabytes(limitBytes)} (SPECREADY_PENDING_UPLOADS_LIMIT_MB). Import or discard them first; an upload not imported is removed a day after it was sent.`,
      { pendingBytes, limitBytes },
    ),
  unavailable: () => new AppError(503, "database.unavailable", "The database cannot be reached."),
};
