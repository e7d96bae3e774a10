import type { Readable } from "node:stream";
import { type EvidenceRevision, repositories } from "@specready/db";
import { StorageNotFoundError } from "../../storage/evidence-store.js";
import type { AppContext } from "../app-context.js";
import { verifiedDownload } from "../evidence-service.js";
import type { CommandAccess } from "../mutation/command-access.js";
import type { Result } from "../mutation/domain-error.js";
import { recordActivity } from "../mutation/mutate.js";

/**
 * Opens one revision's file for download, logged in the activity log. The stream fails at its end when
 * the stored bytes are not the ones uploaded. `missing` when the row is there but the file is not.
 */
export async function openEvidenceRevision(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly evidenceId: string; readonly revision: number },
): Promise<Result<{ revision: EvidenceRevision; content: Readable } | { missing: true }>> {
  const { orgId } = access;
  const { evidenceId, revision } = input;
  const row = await repositories(ctx.db).evidence.getRevision(orgId, evidenceId, revision);
  if (row === null) return { ok: false, error: { code: "not_found", what: "revision" } };
  let stream: Readable;
  try {
    stream = await ctx.evidenceStore.open(row.storageKey);
  } catch (error) {
    if (error instanceof StorageNotFoundError) return { ok: true, value: { missing: true } };
    throw error;
  }
  await recordActivity(ctx, access, {
    action: "evidence.downloaded",
    summary: `Downloaded revision ${revision} of ${row.fileName}`,
    details: { evidenceId, revision, sha256: row.sha256 },
  });
  return { ok: true, value: { revision: row, content: verifiedDownload(stream, row) } };
}
