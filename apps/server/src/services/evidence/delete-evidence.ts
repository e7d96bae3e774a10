import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Deletes an item with its revisions (only the version the person saw, with `expected`). The files go
 * once the rows are gone: a crash between the two leaves orphans `specready storage check` finds.
 */
export async function deleteEvidence(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly evidenceId: string; readonly expected?: ((version: number) => boolean) | undefined },
): Promise<Result<void>> {
  const { orgId } = access;
  const { evidenceId } = input;
  return mutate(ctx, access, async ({ r, record, afterCommit }) => {
    const version = await r.versions.lock("evidence", orgId, evidenceId);
    if (version === null) return notFound("evidence item");
    checkVersion("evidence item", version, input.expected);
    const item = await r.evidence.get(orgId, evidenceId);
    if (item === null) return notFound("evidence item");
    const keys = await r.evidence.delete(orgId, evidenceId);
    if (keys === null) return notFound("evidence item");
    record({
      action: "evidence.deleted",
      summary: `Deleted "${item.title}" with ${keys.length} file revision(s)`,
      details: { evidenceId, title: item.title, revisions: keys.length },
    });
    afterCommit(async () => {
      for (const key of keys) await ctx.evidenceStore.delete(key).catch(() => {});
    });
  });
}
