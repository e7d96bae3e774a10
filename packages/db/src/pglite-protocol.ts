/** The messages between the server's thread and the PGlite worker (pglite-worker.ts). */

/** What the worker is started with. */
export interface WorkerStart {
  /** PGlite's data directory; undefined keeps the database in memory. */
  readonly dataDir: string | undefined;
  /** PostgreSQL settings (`name=value`) given at start. */
  readonly settings: readonly string[];
  /** Only create the database (initdb) and close it: the thread then ends. */
  readonly createOnly?: boolean;
  /**
   * An in-memory database only: the archive of an empty data directory (empty-database.ts) PGlite
   * loads instead of running initdb.
   */
  readonly load?: string | undefined;
}

/** A request; `tx` names the transaction it belongs to (statements of a transaction only). */
export type WorkerRequest =
  | {
      readonly id: number;
      readonly op: "query";
      readonly text: string;
      readonly params: readonly unknown[];
      readonly tx?: number;
    }
  | { readonly id: number; readonly op: "exec"; readonly script: string; readonly tx?: number }
  | { readonly id: number; readonly op: "begin"; readonly tx?: undefined }
  | { readonly id: number; readonly op: "commit" | "rollback"; readonly tx: number }
  | { readonly id: number; readonly op: "close" | "ping"; readonly tx?: undefined };

/**
 * The rows of a query as the worker sends them: json and jsonb values are left as their text, and
 * `json` names those columns; the server's thread parses them (see pglite-worker.ts).
 */
export interface QueryRows {
  readonly rows: Record<string, unknown>[];
  readonly json?: readonly string[];
}

/** The answer to request `id` (0: the database has started). */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly stack: string | undefined;
        readonly fields: Record<string, unknown>;
      };
    };
