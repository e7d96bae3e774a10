import { repositories } from "@specready/db";
import { AppError } from "../../errors/app-error.js";
import { invitationMail } from "../../mail/mail-texts.js";
import type { Mailer } from "../../mail/mailer.js";
import type { AppContext } from "../app-context.js";
import { roleText } from "./invite-member.js";

/**
 * Sends a new invitation's link to its address, and only there: the invitation is marked as e-mailed
 * first (accepting it then proves the address, see the acceptance route), and withdrawn when the mail
 * server refuses it, so no link exists that nobody received. The error names the mail server's answer.
 */
export async function emailInvitation(
  ctx: AppContext,
  mailer: Mailer,
  input: {
    orgId: string;
    invitationId: string;
    email: string;
    role: string;
    url: string;
    expiresAt: string;
    inviterName: string;
  },
): Promise<void> {
  const r = repositories(ctx.db);
  await r.invitations.markEmailed(input.invitationId);
  const org = await r.organizations.get(input.orgId);
  try {
    await mailer.send(
      invitationMail({
        to: input.email,
        organizationName: org?.name ?? "an organization",
        inviterName: input.inviterName,
        role: roleText(input.role),
        url: input.url,
        expiresAt: input.expiresAt,
      }),
    );
  } catch (error) {
    await r.invitations.withdraw(input.orgId, input.invitationId);
    const reason = error instanceof Error ? error.message : String(error);
    ctx.securityLog.record({
      event: "mail.failed",
      purpose: "invitation",
      email: input.email,
      error: reason,
    });
    throw new AppError(
      503,
      "mail.unavailable",
      `The invitation e-mail to ${input.email} could not be sent (${reason}); nothing was created. Try again, or ask the operator to check SPECREADY_SMTP_URL.`,
    );
  }
  ctx.securityLog.record({
    event: "invitation.emailed",
    orgId: input.orgId,
    invitationId: input.invitationId,
    email: input.email,
  });
}
