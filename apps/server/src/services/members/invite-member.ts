import { randomUUID } from "node:crypto";
import type { Role } from "@specready/db";
import { newSecret, sha256Hex } from "../../auth/secrets.js";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { fail, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

const INVITATION_DAYS = 7;
export const roleText = (role: string) => role.replace("_", " ");

/** Invites someone by e-mail address with a role; answers the invitation with its one-time secret. */
export async function inviteMember(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly email: string; readonly role: Role },
): Promise<
  Result<{ id: string; email: string; role: Role; createdAt: string; expiresAt: string; secret: string }>
> {
  const { orgId } = access;
  const { email, role } = input;
  const secret = newSecret();
  const id = randomUUID();
  const expiresAt = new Date(ctx.now().getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  return mutate(ctx, access, async ({ r, record }) => {
    const existing = await r.users.byEmail(email);
    if (existing !== undefined && (await r.users.roleIn(orgId, existing.id)) !== undefined)
      fail({
        code: "conflict",
        reason: "members.already_member",
        message: `${email} is already a member; change their role instead.`,
      });
    await r.invitations.create({
      id,
      orgId,
      email,
      role,
      tokenHash: sha256Hex(secret),
      createdBy: access.userId ?? "",
      expiresAt,
    });
    record({
      action: "member.invited",
      summary: `Invited ${email} as ${roleText(role)}`,
      details: { invitationId: id, email, role },
    });
    return { id, email, role, createdAt: ctx.now().toISOString(), expiresAt, secret };
  });
}
