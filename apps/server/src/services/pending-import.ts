import type { Actor, ImportKindName } from "@specready/db";
import type { ImportRead } from "./upload-reading.js";

/*
 * What an import carries between its reading and its commit. Apart from the services that use it, so
 * the application context can name its job queue's contents without depending on them.
 */

/** An uploaded file, stored and hashed, waiting for its import. */
export interface StoredUpload {
  readonly id: string;
  readonly kind: ImportKindName;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
}

/** How an import was asked for. */
export interface ImportOptions {
  readonly mapping: Record<string, string>;
  readonly remember: boolean;
  readonly actor: Actor;
  readonly userId: string | null;
  readonly tokenId: string | null;
  /** The person agrees to an import that empties a kind or removes more than half of it. */
  readonly confirmReplace: boolean;
  /** The person agrees to import rows that repeat an earlier row. */
  readonly confirmRepeats: boolean;
}

/** An import between its reading and its commit: what was read, and how it was asked for. */
export interface PendingImport {
  readonly upload: StoredUpload;
  readonly read: Extract<ImportRead, { ok: true }>;
  readonly options: ImportOptions;
}

/** How an import was asked for, kept with its job so any server can confirm it. */
export interface ImportRequest {
  readonly upload: StoredUpload;
  readonly options: ImportOptions;
}
