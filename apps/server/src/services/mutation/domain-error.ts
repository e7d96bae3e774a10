/*
 * What a command answers when it does not do what was asked: a closed set of codes, each with what a
 * person needs to act on it. Commands never speak HTTP; `http/domain-errors.ts` maps these to statuses.
 */

/** One field's problem, named by its path in the input (`controls`, `projectId`). */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** The specific conflicts, each a stable code the API answers with (409). */
export type ConflictCode =
  | "evidence.not_a_file"
  | "evidence.review_state"
  | "project.duplicate"
  | "project.in_use"
  | "audit.no_open_findings"
  | "audit.result_withdrawn"
  | "members.last_admin"
  | "members.already_member"
  | "person.duplicate"
  | "score.imported"
  | "import.merged"
  | "import.already_reverted"
  | "import.duplicate"
  | "reminders.not_retryable"
  | "entra.link_first"
  | "entra.not_configured";

/**
 * The specific ways an input does not fit, each a stable code the API answers with instead of
 * `request.invalid` (400), for the forms whose clients tell them apart.
 */
export type InvalidCode =
  | "score.unknown_area"
  | "score.unknown_metric"
  | "score.missing_metric"
  | "score.invalid_points"
  | "score.future_date";

/** The specific refusals a role check alone cannot make (403). */
export type RefusalCode = "auth.forbidden" | "evidence.self_approval";

export type DomainError =
  /** No such thing in this organization (another organization's id looks the same). */
  | { readonly code: "not_found"; readonly what: string }
  /** The input does not fit what it changes. */
  | { readonly code: "invalid"; readonly issues: readonly Issue[]; readonly reason?: InvalidCode }
  /**
   * The change was based on a version that is no longer current (If-Match): someone else changed it
   * meanwhile. `current` is the version now.
   */
  | { readonly code: "stale"; readonly what: string; readonly current: number }
  | { readonly code: "conflict"; readonly reason: ConflictCode; readonly message: string }
  | { readonly code: "refused"; readonly reason: RefusalCode; readonly message: string };

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DomainError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/**
 * Thrown inside a command to end it with a domain error: the command's transaction rolls back, and
 * `mutate` (or `attempt`) turns it into the command's `Result`. It never leaves a command.
 */
export class Failure extends Error {
  constructor(readonly error: DomainError) {
    super(error.code);
  }
}

export function fail(error: DomainError): never {
  throw new Failure(error);
}

export function notFound(what: string): never {
  return fail({ code: "not_found", what });
}

export function invalid(issues: Issue[], reason?: InvalidCode): never {
  return fail(reason === undefined ? { code: "invalid", issues } : { code: "invalid", issues, reason });
}

/** Runs `work`, answering a `Failure` it throws as the command's error. */
export async function attempt<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (error instanceof Failure) return { ok: false, error: error.error };
    throw error;
  }
}

/**
 * The If-Match check: `expected` is what the client based its change on (undefined: it did not say,
 * and the change applies to the row as it is now, locked). Fails with `stale` when the row has moved on.
 */
export function checkVersion(
  what: string,
  current: number,
  expected: ((version: number) => boolean) | undefined,
): void {
  if (expected !== undefined && !expected(current)) fail({ code: "stale", what, current });
}
