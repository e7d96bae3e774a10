import { tenantIdProblem } from "@specready/core/tenant-id";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { attempt, fail, invalid, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** At most this many tenants (a partner with a few subsidiaries; a list of hundreds is a mistake). */
export const MAX_ENTRA_TENANTS = 50;

export interface EntraPolicyInput {
  readonly allowedTenantIds: readonly string[];
  readonly requireEntra: boolean;
  /** The tenant the person asking signed in from with Microsoft; null: a password session or a token. */
  readonly signedInFromTenant: string | null;
}

/**
 * Sets the organization's Microsoft (Entra ID) sign-in rules; logged. `allowedTenantIds`: after a
 * Microsoft sign-in, only people of these tenants may use the organization (empty: any tenant).
 * `requireEntra`: a password session is refused the organization. So that an admin cannot lock the
 * organization out, requiring it takes an admin (the one asking) signed in with Microsoft right now,
 * from an allowed tenant: the proof that the link works, and that they will still get in.
 */
export async function setEntraPolicy(
  ctx: AppContext,
  access: CommandAccess,
  input: EntraPolicyInput,
): Promise<Result<{ allowedTenantIds: string[]; requireEntra: boolean }>> {
  const issues = input.allowedTenantIds.flatMap((id, i) => {
    const problem = tenantIdProblem(id.trim());
    return problem === null ? [] : [{ path: `allowedTenantIds.${i}`, message: problem }];
  });
  if (input.allowedTenantIds.length > MAX_ENTRA_TENANTS)
    issues.push({ path: "allowedTenantIds", message: `must list at most ${MAX_ENTRA_TENANTS} tenants` });
  // Refused before the organization is locked: nothing to read for a wrong input.
  if (issues.length > 0) return attempt(async () => invalid(issues));
  const allowedTenantIds = [...new Set(input.allowedTenantIds.map((id) => id.trim().toLowerCase()))];
  const { orgId } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const before = await r.entra.policy(orgId);
    if (before === undefined) return notFound("organization");
    if (input.requireEntra) {
      if (ctx.entra === undefined)
        fail({
          code: "conflict",
          reason: "entra.not_configured",
          message:
            "Sign-in with Microsoft is not set up on this server (SPECREADY_ENTRA_CLIENT_ID): requiring it would lock everyone out.",
        });
    }
    // A Microsoft session of a tenant the new list leaves out would be refused the organization at once.
    const tenant = input.signedInFromTenant;
    if (
      (input.requireEntra && tenant === null) ||
      (tenant !== null && allowedTenantIds.length > 0 && !allowedTenantIds.includes(tenant))
    )
      fail({
        code: "conflict",
        reason: "entra.link_first",
        message:
          tenant === null
            ? "Sign in with Microsoft first (link your Microsoft account under Two-factor sign-in in your account menu, sign out, and choose “Sign in with Microsoft”): requiring it from a password session could lock you out."
            : `You signed in with Microsoft from tenant ${tenant}, which the list leaves out: it would lock you out. Add that tenant to the list.`,
      });
    const after = { allowedTenantIds, requireEntra: input.requireEntra };
    const same =
      before.requireEntra === after.requireEntra &&
      before.allowedTenantIds.length === allowedTenantIds.length &&
      before.allowedTenantIds.every((id, i) => id === allowedTenantIds[i]);
    if (same) return after;
    if (!(await r.entra.setPolicy(orgId, after))) return notFound("organization");
    const tenants =
      allowedTenantIds.length === 0
        ? "accepted Microsoft sign-ins from any tenant"
        : `accepted Microsoft sign-ins from ${allowedTenantIds.length === 1 ? "tenant" : "tenants"} ${allowedTenantIds.join(", ")} only`;
    record({
      action: "organization.entra_policy",
      summary: `${after.requireEntra ? "Required Microsoft sign-in of every member" : "Allowed password sign-in"}; ${tenants}`,
      details: {
        ...after,
        before: { allowedTenantIds: before.allowedTenantIds, requireEntra: before.requireEntra },
      },
    });
    return after;
  });
}
