import type { ReviewPolicy } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Lets (or stops letting) people approve evidence whose current content they produced themselves, for
 * the whole organization; logged with who changed it. With `expected`, only over the settings' version
 * the person saw.
 */
export async function setReviewPolicy(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly allowSelfApproval: boolean;
    readonly expected?: ((version: number) => boolean) | undefined;
  },
): Promise<Result<ReviewPolicy>> {
  const { orgId, actor } = access;
  const { allowSelfApproval } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const version = await r.versions.settings(orgId);
    const before = await r.organizations.reviewPolicy(orgId);
    if (version === null || before === undefined) return notFound("organization");
    checkVersion("organization's settings", version, input.expected);
    const after = await r.organizations.setReviewPolicy(orgId, allowSelfApproval, actor.name);
    if (after === undefined) return notFound("organization");
    record({
      action: "organization.review_policy",
      summary: allowSelfApproval
        ? "Allowed people to approve evidence they uploaded or wrote themselves (self-approval)"
        : "Required a second person to approve evidence (no self-approval)",
      details: { allowSelfApproval, before: before.allowSelfApproval },
    });
    return after;
  });
}
