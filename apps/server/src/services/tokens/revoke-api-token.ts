import type { ApiToken } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** Revokes an API token: no request with it is let in once this answers. */
export async function revokeApiToken(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly tokenId: string },
): Promise<Result<ApiToken>> {
  const { tokenId } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const t = await r.tokens.revoke(access.orgId, tokenId);
    if (t === undefined) return notFound("active API token");
    record({ action: "token.revoked", summary: `Revoked the API token "${t.name}"`, details: { tokenId } });
    return t;
  });
}
