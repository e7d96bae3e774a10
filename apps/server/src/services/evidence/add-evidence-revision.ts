import { type EvidenceRevision, repositories } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { StoredFile } from "../evidence-service.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, fail, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Adds a revision to a file item: checked to be a file before `store` reads the upload, filed with the
 * item locked (a reviewed item goes back to draft: what was approved is not what is there now). When
 * filing fails, the stored file is removed.
 */
export async function addEvidenceRevision(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly evidenceId: string;
    readonly fileName: string;
    readonly expected?: ((version: number) => boolean) | undefined;
    /** Streams the upload into the evidence store as `revision` of the item. */
    readonly store: (revision: number) => Promise<StoredFile>;
  },
): Promise<Result<EvidenceRevision>> {
  const { orgId, actor } = access;
  const { evidenceId, fileName } = input;
  const item = await repositories(ctx.db).evidence.get(orgId, evidenceId);
  if (item === null) return { ok: false, error: { code: "not_found", what: "evidence item" } };
  if (item.kind !== "file")
    return {
      ok: false,
      error: {
        code: "conflict",
        reason: "evidence.not_a_file",
        message: `"${item.title}" is a ${item.kind}; only files have revisions.`,
      },
    };
  const file = await input.store(item.revisionCount + 1);
  const result = await mutate(ctx, access, async ({ r, record }) => {
    const version = await r.versions.lock("evidence", orgId, evidenceId);
    if (version === null) return notFound("evidence item");
    checkVersion("evidence item", version, input.expected);
    const current = await r.evidence.get(orgId, evidenceId);
    if (current === null) return notFound("evidence item");
    const row = await r.evidence.addRevision(orgId, {
      evidenceId,
      storageKey: file.key,
      fileName,
      size: file.size,
      sha256: file.sha256,
      mediaType: file.mediaType,
      uploadedBy: access.userId,
      uploadedByName: actor.name,
    });
    if (row === null) return fail({ code: "not_found", what: "evidence item" });
    if (current.status === "approved" || current.status === "ready") {
      await r.evidence.setStatus(orgId, evidenceId, current.status, "draft", {
        comment: `Revision ${row.revision} uploaded after review`,
        actorId: access.userId,
        actorName: actor.name,
      });
    }
    record({
      action: "evidence.revised",
      summary: `Uploaded revision ${row.revision} of "${current.title}" (${fileName})`,
      details: { evidenceId, revision: row.revision, fileName, size: file.size, sha256: file.sha256 },
    });
    return row;
  }).catch(async (error: unknown) => {
    await ctx.evidenceStore.delete(file.key).catch(() => {});
    throw error;
  });
  if (!result.ok) await ctx.evidenceStore.delete(file.key).catch(() => {});
  return result;
}
