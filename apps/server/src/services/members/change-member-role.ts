import type { Member, Role } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, fail, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";
import { roleText } from "./invite-member.js";

/** An organization always keeps a partner admin. */
export function lastAdmin(): never {
  return fail({
    code: "conflict",
    reason: "members.last_admin",
    message: "This is the only partner admin: make someone else partner admin first.",
  });
}

/**
 * Changes a member's role. The partner admins are locked first, so two admins demoting each other at
 * the same moment leave one (the second is refused: the last partner admin stays one).
 */
export async function changeMemberRole(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly userId: string;
    readonly role: Role;
    readonly expected?: ((version: number) => boolean) | undefined;
  },
): Promise<Result<{ member: Member; before: Role }>> {
  const { orgId } = access;
  const { userId, role } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const admins = await r.users.adminIdsForUpdate(orgId);
    const version = await r.versions.member(orgId, userId, { lock: true });
    if (version === null) return notFound("member");
    checkVersion("member", version, input.expected);
    const before = await r.users.roleIn(orgId, userId);
    if (before === undefined) return notFound("member");
    if (before === "partner_admin" && role !== "partner_admin" && admins.length === 1) lastAdmin();
    await r.users.setRole(orgId, userId, role);
    const member = (await r.users.members(orgId)).find((x) => x.userId === userId);
    if (member === undefined) return notFound("member");
    if (before !== role)
      record({
        action: "member.role_changed",
        summary: `Changed the role of ${member.name} from ${roleText(before)} to ${roleText(role)}`,
        details: { userId, from: before, to: role },
      });
    return { member, before };
  });
}
