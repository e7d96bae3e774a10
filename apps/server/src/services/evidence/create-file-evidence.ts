import type { AppContext } from "../app-context.js";
import {
  canonicalArtifactType,
  checkEvidenceMeta,
  type EvidenceMeta,
  newEvidenceId,
  type StoredFile,
} from "../evidence-service.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { attempt, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Files an uploaded file as a new evidence item (its revision 1). The metadata is checked before
 * `store` reads the upload into the evidence store, so a wrong control or project costs no upload; when
 * filing fails after that, the stored file is removed: a file never stays without its row.
 */
export async function createFileEvidence(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly meta: EvidenceMeta;
    readonly fileName: string;
    /** Streams the upload into the evidence store as revision 1 of the item `id`. */
    readonly store: (id: string) => Promise<StoredFile>;
  },
): Promise<Result<{ id: string }>> {
  const { orgId, actor } = access;
  const { meta, fileName } = input;
  const checked = await attempt(() => checkEvidenceMeta(ctx, ctx.db, orgId, meta));
  if (!checked.ok) return checked;
  const id = newEvidenceId();
  const file = await input.store(id);
  const result = await mutate(ctx, access, async ({ tx, r, record }) => {
    // The project may have gone while the file was streaming in.
    const controls = await checkEvidenceMeta(ctx, tx, orgId, meta);
    await r.evidence.create(orgId, {
      id,
      kind: "file",
      title: meta.title,
      artifactType: canonicalArtifactType(ctx, controls, meta.artifactType),
      projectId: meta.projectId,
      url: null,
      note: null,
      controls,
      createdBy: access.userId,
      createdByName: actor.name,
    });
    await r.evidence.addRevision(orgId, {
      evidenceId: id,
      storageKey: file.key,
      fileName,
      size: file.size,
      sha256: file.sha256,
      mediaType: file.mediaType,
      uploadedBy: access.userId,
      uploadedByName: actor.name,
    });
    record({
      action: "evidence.created",
      summary: `Uploaded "${meta.title}" (${fileName}) for ${controls.join(", ")}`,
      details: { evidenceId: id, kind: "file", controls, fileName, size: file.size, sha256: file.sha256 },
    });
    return { id };
  }).catch(async (error: unknown) => {
    await ctx.evidenceStore.delete(file.key).catch(() => {});
    throw error;
  });
  if (!result.ok) await ctx.evidenceStore.delete(file.key).catch(() => {});
  return result;
}
