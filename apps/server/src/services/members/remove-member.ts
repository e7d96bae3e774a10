import type { Role } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";
import { lastAdmin } from "./change-member-role.js";

/** Removes a member (never the last partner admin: the partner admins are locked first). */
export async function removeMember(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly userId: string; readonly expected?: ((version: number) => boolean) | undefined },
): Promise<Result<{ role: Role }>> {
  const { orgId } = access;
  const { userId } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const admins = await r.users.adminIdsForUpdate(orgId);
    const version = await r.versions.member(orgId, userId, { lock: true });
    if (version === null) return notFound("member");
    checkVersion("member", version, input.expected);
    const m = (await r.users.members(orgId)).find((x) => x.userId === userId);
    if (m === undefined) return notFound("member");
    if (m.role === "partner_admin" && admins.length === 1) lastAdmin();
    await r.users.removeMember(orgId, userId);
    record({
      action: "member.removed",
      summary: `Removed ${m.name} (${m.email})`,
      details: { userId, role: m.role },
    });
    // Their sessions are read again: nothing this instance kept about them outlives the removal.
    return { role: m.role };
  });
}
