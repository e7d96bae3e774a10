import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Requires (or stops requiring) two-factor sign-in of every member of the organization; logged. Members
 * without it are refused the organization until they set it up (see secured-route's authorize).
 */
export async function setTwoFactorPolicy(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly required: boolean },
): Promise<Result<{ requireTwoFactor: boolean }>> {
  const { orgId } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const before = await r.organizations.requiresTwoFactor(orgId);
    if (before === undefined || !(await r.organizations.setRequireTwoFactor(orgId, input.required)))
      return notFound("organization");
    record({
      action: "organization.two_factor_policy",
      summary: input.required
        ? "Required two-factor sign-in of every member"
        : "Stopped requiring two-factor sign-in",
      details: { required: input.required, before },
    });
    return { requireTwoFactor: input.required };
  });
}
