import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";

/**
 * Where evidence files live: a folder on the server's disk or an Azure Blob Storage container. The
 * database holds the revision rows; a store holds only bytes under keys the server made.
 */
export interface EvidenceStore {
  readonly kind: "filesystem" | "azure-blob";
  /** For messages, never a secret. */
  readonly location: string;
  /**
   * Streams `body` under `key`; resolves once the object is durable and its size verified.
   * Over `limitBytes` rejects with StorageLimitError; any failure leaves nothing under `key`.
   */
  put(key: string, body: Readable, options: { limitBytes: number }): Promise<StoredObject>;
  /** StorageNotFoundError when absent. */
  open(key: string): Promise<Readable>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  list(prefix?: string): AsyncIterable<{ key: string; size: number; lastModified: Date }>;
}

export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
  /** The first HEAD_BYTES bytes (fewer for a smaller file): enough for `file-type` to tell the format. */
  head: Uint8Array;
}

/** How much of the start of a file `put` keeps: what `file-type` reads to recognise a format. */
export const HEAD_BYTES = 4100;

/** The body is larger than the limit; nothing was stored and the rest of the body is read and dropped. */
export class StorageLimitError extends Error {
  readonly code = "storage.limit";
  constructor(readonly limitBytes: number) {
    super(`the file is larger than the limit of ${limitBytes} bytes`);
    this.name = "StorageLimitError";
  }
}

/** No object under the key (a revision row whose file is gone, or a key never stored). */
export class StorageNotFoundError extends Error {
  readonly code = "storage.not_found";
  constructor(readonly key: string) {
    super(`no stored object under ${key}`);
    this.name = "StorageNotFoundError";
  }
}

/** A key no store accepts: keys are made by `evidenceKey`, so this is a bug or a tampered row. */
export class StorageKeyError extends Error {
  readonly code = "storage.invalid_key";
  constructor(readonly key: string) {
    super(`invalid storage key ${JSON.stringify(key.slice(0, 200))}`);
    this.name = "StorageKeyError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The key of one revision's file: `orgs/<orgId>/evidence/<evidenceId>/<revision>-<random uuid>`.
 * Made only of ids the server issued, never of a user's file name, so a key cannot climb out of its
 * folder or collide; the random part keeps a retried upload from ever overwriting a stored revision.
 */
export function evidenceKey(orgId: string, evidenceId: string, revision: number): string {
  if (!UUID.test(orgId)) throw new TypeError("evidenceKey: orgId must be a UUID");
  if (!UUID.test(evidenceId)) throw new TypeError("evidenceKey: evidenceId must be a UUID");
  if (!Number.isSafeInteger(revision) || revision < 1) {
    throw new TypeError("evidenceKey: revision must be a positive integer");
  }
  return `orgs/${orgId.toLowerCase()}/evidence/${evidenceId.toLowerCase()}/${revision}-${randomUUID()}`;
}

/** The prefix of every key of one organization, for listing or removing its files. */
export function orgEvidencePrefix(orgId: string): string {
  if (!UUID.test(orgId)) throw new TypeError("orgEvidencePrefix: orgId must be a UUID");
  return `orgs/${orgId.toLowerCase()}/`;
}

// Segments are what evidenceKey makes (ids, digits, hyphens); anything else — `..`, `.partial`, a
// backslash, an empty segment — is refused before a store turns the key into a path or a blob name.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const MAX_KEY_LENGTH = 512;

/** Throws StorageKeyError unless `key` is `segment/segment/...` of safe segments. */
export function assertValidKey(key: string): void {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new StorageKeyError(String(key));
  }
  for (const segment of key.split("/")) {
    if (!SEGMENT.test(segment)) throw new StorageKeyError(key);
  }
}

/**
 * Throws StorageKeyError unless `prefix` is the start of a valid key: whole segments, each ending in
 * `/`, then possibly the start of one more segment (`orgs/<id>/` or `orgs/<id>/evidence/<id>/1-`).
 */
export function assertValidPrefix(prefix: string): void {
  if (prefix === "") return;
  if (prefix.length > MAX_KEY_LENGTH) throw new StorageKeyError(prefix);
  const segments = prefix.split("/");
  const last = segments.pop() ?? "";
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw new StorageKeyError(prefix);
  }
  if (last !== "" && !SEGMENT.test(last)) throw new StorageKeyError(prefix);
}
