import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** Withdraws an open invitation: its link stops working. */
export async function withdrawInvitation(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly invitationId: string },
): Promise<Result<void>> {
  const { invitationId } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const gone = await r.invitations.withdraw(access.orgId, invitationId);
    if (gone === undefined) return notFound("open invitation");
    record({
      action: "member.invitation_withdrawn",
      summary: `Withdrew the invitation of ${gone.email}`,
      details: { invitationId, email: gone.email },
    });
  });
}
