import type { EvidenceStore } from "./evidence-store.js";

export interface StoredOrphan {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface OrphanReport {
  /** Stored objects no revision row names, last written before `olderThan`. */
  readonly orphans: StoredOrphan[];
  /** Keys of revision rows whose object is not stored. */
  readonly missing: string[];
}

/**
 * Compares a store with the keys the database knows (`evidence_revisions.storage_key`), both ways.
 *
 * An object is an orphan only once older than `olderThan`: an upload in progress stores its object
 * before its row is written, so a young object without a row is normal. The listing is streamed;
 * besides the report, only the known keys seen so far are held. `prefix` limits both sides to one
 * part of the store (one organization's `orgs/<id>/`).
 */
export async function findOrphans(
  store: EvidenceStore,
  knownKeys: ReadonlySet<string>,
  options: { olderThan: Date; prefix?: string },
): Promise<OrphanReport> {
  const prefix = options.prefix ?? "";
  const orphans: StoredOrphan[] = [];
  const seen = new Set<string>();
  for await (const object of store.list(prefix)) {
    if (knownKeys.has(object.key)) {
      seen.add(object.key);
    } else if (object.lastModified.getTime() < options.olderThan.getTime()) {
      orphans.push({ key: object.key, size: object.size, lastModified: object.lastModified });
    }
  }
  const missing = [...knownKeys].filter((key) => key.startsWith(prefix) && !seen.has(key)).sort();
  return { orphans, missing };
}
