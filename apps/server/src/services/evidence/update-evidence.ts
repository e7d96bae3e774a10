import type { AppContext } from "../app-context.js";
import { canonicalArtifactType, checkEvidenceMeta } from "../evidence-service.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, invalid, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** A change of an item: a field left out stays as it is. */
export interface EvidenceChange {
  readonly title?: string | undefined;
  readonly artifactType?: string | undefined;
  readonly projectId?: string | undefined;
  readonly controls?: readonly string[] | undefined;
  readonly url?: string | undefined;
  readonly note?: string | undefined;
}

/**
 * Changes an item's title, artifact type, project, controls, address or text. The item is locked for
 * the change, so two people changing different fields at once both keep theirs; with `expected` (the
 * If-Match) the change applies only to the version the person saw (else `stale`). A reviewed item that
 * now proves something else goes back to draft. Answers the item's new version.
 */
export async function updateEvidence(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly evidenceId: string;
    readonly change: EvidenceChange;
    readonly expected?: ((version: number) => boolean) | undefined;
  },
): Promise<Result<{ version: number }>> {
  const { orgId, actor } = access;
  const { evidenceId, change: patch } = input;
  return mutate(ctx, access, async ({ tx, r, record }) => {
    const version = await r.versions.lock("evidence", orgId, evidenceId);
    if (version === null) return notFound("evidence item");
    checkVersion("evidence item", version, input.expected);
    const item = await r.evidence.get(orgId, evidenceId);
    if (item === null) return notFound("evidence item");
    if (patch.url !== undefined && item.kind !== "link")
      invalid([{ path: "url", message: `only a link has an address; this item is a ${item.kind}` }]);
    if (patch.note !== undefined && item.kind !== "note")
      invalid([{ path: "note", message: `only a note has a text; this item is a ${item.kind}` }]);
    const meta = {
      title: patch.title ?? item.title,
      artifactType: patch.artifactType ?? item.artifactType,
      projectId: patch.projectId ?? item.project.id,
      controls: patch.controls ?? item.controls,
    };
    const controls = await checkEvidenceMeta(ctx, tx, orgId, meta);
    const artifactType = canonicalArtifactType(ctx, controls, meta.artifactType);
    // A new address or text is the editor's content from now on: by default they may not approve it.
    const rewritten =
      (patch.url !== undefined && patch.url !== item.url) ||
      (patch.note !== undefined && patch.note !== item.note);
    await r.evidence.update(orgId, evidenceId, {
      ...patch,
      artifactType,
      controls,
      author: rewritten ? { id: access.userId, name: actor.name } : undefined,
    });
    // What really changed (a form sends every field, most as they were).
    const before: Record<string, unknown> = {
      title: item.title,
      artifactType: item.artifactType,
      projectId: item.project.id,
      controls: [...item.controls].sort(),
      url: item.url,
      note: item.note,
    };
    const after: Record<string, unknown> = {
      ...before,
      ...patch,
      artifactType,
      controls: [...controls].sort(),
    };
    const changed = Object.keys(patch).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    // A reviewed item that now proves something else goes back to draft, as a new revision does:
    // what was approved is not what is there now. A new title changes nothing proven.
    const proving = changed.filter((k) => k !== "title");
    if (proving.length > 0 && (item.status === "approved" || item.status === "ready")) {
      await r.evidence.setStatus(orgId, evidenceId, item.status, "draft", {
        comment: `Changed after review (${proving.join(", ")})`,
        actorId: access.userId,
        actorName: actor.name,
      });
    }
    record({
      action: "evidence.updated",
      summary: `Changed "${meta.title}" (${changed.join(", ") || "nothing"})`,
      details: { evidenceId, changed },
    });
    return { version: (await r.versions.of("evidence", orgId, evidenceId)) ?? version };
  });
}
