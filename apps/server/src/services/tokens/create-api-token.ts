import { randomUUID } from "node:crypto";
import type { ApiToken, TokenRole } from "@specready/db";
import { newSecret, sha256Hex } from "../../auth/secrets.js";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import type { Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** Creates an API token; answers it with its secret, shown this once. */
export async function createApiToken(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly name: string; readonly role: TokenRole },
): Promise<Result<ApiToken & { secret: string }>> {
  const { name, role } = input;
  const secret = newSecret("sr_");
  return mutate(ctx, access, async ({ r, record }) => {
    const token = await r.tokens.create({
      id: randomUUID(),
      orgId: access.orgId,
      name,
      role,
      tokenHash: sha256Hex(secret),
      prefix: secret.slice(0, 7),
      createdBy: access.userId ?? "",
    });
    record({
      action: "token.created",
      summary: `Created the API token "${name}" (${role})`,
      details: { tokenId: token.id, role },
    });
    return { ...token, secret };
  });
}
