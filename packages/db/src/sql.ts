/**
 * A value a query parameter can take. A plain object is sent as JSON (jsonb columns); an array is a
 * PostgreSQL array (text[]); a JSON array for a jsonb column must be wrapped with `json()`.
 */
export type SqlValue = string | number | boolean | null | bigint | readonly string[] | JsonParam | object;

/** A value sent as JSON text, whatever its type (a jsonb column holding an array). */
export class JsonParam {
  constructor(readonly value: unknown) {}
}

export function json(value: unknown): JsonParam {
  return new JsonParam(value);
}

/**
 * The one way the repositories talk to PostgreSQL, whether the embedded PGlite or a server through `pg`.
 * Both speak the same dialect; the differences (connections, type parsing) stay in `open-database.ts`.
 */
export interface Sql {
  /** Runs one parameterized statement (`$1`, `$2`, …) and returns its rows. */
  query<T extends object = Record<string, unknown>>(text: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Nested
   * calls join the outer transaction.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
}

/** An open database: `Sql` plus what only the owner of the connection does. */
export interface Database extends Sql {
  readonly kind: "pglite" | "postgres";
  /** Where the data lives, for messages: a directory, "memory", or the server URL without its password. */
  readonly location: string;
  /**
   * Runs `work` while holding a lock named `name` that every process using this database honours (a
   * PostgreSQL session-level advisory lock on a connection of its own; PGlite is one process's, so an
   * in-process queue). For start-up work several servers may attempt at once, such as the demo seed.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Answers whether the database is reachable (for `GET /api/health`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
