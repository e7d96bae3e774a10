import type { AppContext } from "../app-context.js";
import { canonicalArtifactType, checkEvidenceMeta, newEvidenceId } from "../evidence-service.js";
import type { CommandAccess } from "../mutation/command-access.js";
import type { Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

export type NewEvidenceEntry = {
  readonly title: string;
  readonly artifactType: string;
  readonly projectId: string;
  readonly controls: readonly string[];
} & ({ readonly kind: "link"; readonly url: string } | { readonly kind: "note"; readonly note: string });

/** Files a link or a note as evidence for controls of a customer project; answers its id. */
export async function createEvidence(
  ctx: AppContext,
  access: CommandAccess,
  input: NewEvidenceEntry,
): Promise<Result<{ id: string }>> {
  const { orgId, actor } = access;
  const id = newEvidenceId();
  return mutate(ctx, access, async ({ tx, r, record }) => {
    const controls = await checkEvidenceMeta(ctx, tx, orgId, input);
    await r.evidence.create(orgId, {
      id,
      kind: input.kind,
      title: input.title,
      artifactType: canonicalArtifactType(ctx, controls, input.artifactType),
      projectId: input.projectId,
      url: input.kind === "link" ? input.url : null,
      note: input.kind === "note" ? input.note : null,
      controls,
      createdBy: access.userId,
      createdByName: actor.name,
    });
    record({
      action: "evidence.created",
      summary: `Added the ${input.kind} "${input.title}" for ${controls.join(", ")}`,
      details: { evidenceId: id, kind: input.kind, controls },
    });
    return { id };
  });
}
