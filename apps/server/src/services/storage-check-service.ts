import { type Database, repositories } from "@specready/db";
import type { EvidenceStore } from "../storage/evidence-store.js";
import { findOrphans, type OrphanReport } from "../storage/orphans.js";
import { uploadKey } from "../storage/upload-staging.js";

/** Objects younger than this may belong to an upload still being committed: never orphans yet. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/**
 * Compares the evidence store with the revision rows: objects no row names (an upload interrupted
 * between storing and committing, a delete interrupted after its commit) and rows whose object is gone
 * (a store restored from an older copy); uploads in the store that no upload row names are orphans too. With `remove`, the orphans are deleted; missing files cannot
 * be repaired here and are only reported.
 */
export async function checkEvidenceStorage(
  db: Database,
  store: EvidenceStore,
  now: Date,
  options: { remove: boolean },
): Promise<OrphanReport & { removed: number }> {
  const r = repositories(db);
  const evidenceKeys = await r.evidence.allStorageKeys();
  // Uploads waiting for their import are in a shared store too (see upload-staging): theirs are not
  // orphans, and one missing is not a lost evidence file (with the filesystem store they are not there).
  const uploadKeys = (await r.imports.allUploadIds()).map(uploadKey);
  const known = new Set([...evidenceKeys, ...uploadKeys]);
  const found = await findOrphans(store, known, { olderThan: new Date(now.getTime() - ORPHAN_GRACE_MS) });
  const uploads = new Set(uploadKeys);
  const report = { ...found, missing: found.missing.filter((key) => !uploads.has(key)) };
  let removed = 0;
  if (options.remove) {
    for (const o of report.orphans) {
      await store.delete(o.key);
      removed++;
    }
  }
  return { ...report, removed };
}
