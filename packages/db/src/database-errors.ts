/**
 * What a failed statement says about itself. PGlite and `pg` both throw an error carrying the SQLSTATE
 * `code` and the violated `constraint` (the same protocol message), so the server can tell a conflict
 * (HTTP 409) from a fault without knowing which driver runs.
 */
interface PostgresError {
  readonly code?: unknown;
  readonly constraint?: unknown;
}

function sqlState(error: unknown): { code: string | undefined; constraint: string | undefined } {
  if (typeof error !== "object" || error === null) return { code: undefined, constraint: undefined };
  const e = error as PostgresError;
  return {
    code: typeof e.code === "string" ? e.code : undefined,
    constraint: typeof e.constraint === "string" ? e.constraint : undefined,
  };
}

/**
 * Whether a statement failed on a unique constraint (SQLSTATE 23505), optionally a given one
 * (`customer_projects_key`). The repositories avoid the error where they can (`on conflict`, a check
 * first) and return a result instead; this is for the race they cannot rule out, two writers at once.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const s = sqlState(error);
  return s.code === "23505" && (constraint === undefined || s.constraint === constraint);
}

/**
 * Whether a statement failed on a foreign key (SQLSTATE 23503): a row naming a parent that is not in the
 * organization (evidence for another organization's project), or a parent deleted while a child was
 * being added to it.
 */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const s = sqlState(error);
  return s.code === "23503" && (constraint === undefined || s.constraint === constraint);
}
