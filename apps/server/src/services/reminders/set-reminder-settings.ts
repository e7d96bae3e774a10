import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { invalid, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";
import { maskWebhookUrl, webhookUrlProblem } from "./teams-webhook.js";

export interface ReminderSettingsView {
  readonly reviewWaitDays: number;
  /** The Teams webhook, masked (the address is a secret); null when none is set. */
  readonly teamsWebhook: { readonly masked: string } | null;
  /** Whether this server can send e-mail (SPECREADY_SMTP_URL). */
  readonly email: boolean;
}

export function settingsView(
  ctx: AppContext,
  s: { reviewWaitDays: number; teamsWebhookUrl: string | null },
): ReminderSettingsView {
  return {
    reviewWaitDays: s.reviewWaitDays,
    teamsWebhook: s.teamsWebhookUrl === null ? null : { masked: maskWebhookUrl(s.teamsWebhookUrl) },
    email: ctx.mailer !== undefined,
  };
}

/**
 * The organization's reminder settings: after how many days evidence waiting for review is reminded
 * of, and its Microsoft Teams incoming webhook (`teamsWebhookUrl`: a new address, null to remove it,
 * undefined to keep it). The address is checked (https on Microsoft's webhook hosts, `webhookUrlProblem`;
 * loopback only where the operator allows it), nothing is stored when it is refused, and it is never
 * written to the activity log.
 */
export async function setReminderSettings(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly reviewWaitDays: number; readonly teamsWebhookUrl?: string | null | undefined },
): Promise<Result<ReminderSettingsView>> {
  if (typeof input.teamsWebhookUrl === "string") {
    const problem = webhookUrlProblem(input.teamsWebhookUrl, ctx.config.teamsAllowHttpLoopback);
    if (problem !== undefined)
      return {
        ok: false,
        error: { code: "invalid", issues: [{ path: "teamsWebhookUrl", message: problem }] },
      };
  }
  return mutate(ctx, access, async ({ r, record }) => {
    const before = await r.reminders.settings(access.orgId);
    const teamsWebhookUrl =
      input.teamsWebhookUrl === undefined ? before.teamsWebhookUrl : input.teamsWebhookUrl;
    if (input.reviewWaitDays < 1 || input.reviewWaitDays > 90)
      invalid([{ path: "reviewWaitDays", message: "must be from 1 to 90 days" }]);
    const after = { reviewWaitDays: input.reviewWaitDays, teamsWebhookUrl };
    if (before.reviewWaitDays === after.reviewWaitDays && before.teamsWebhookUrl === after.teamsWebhookUrl)
      return settingsView(ctx, after);
    await r.reminders.setSettings(access.orgId, after);
    const teamsWebhook =
      teamsWebhookUrl === null
        ? before.teamsWebhookUrl === null
          ? "none"
          : "removed"
        : teamsWebhookUrl === before.teamsWebhookUrl
          ? "kept"
          : "set";
    record({
      action: "reminders.settings",
      summary: `Reminder settings: evidence waiting ${after.reviewWaitDays} days for review is reminded of; Teams channel ${teamsWebhook === "none" ? "not set" : teamsWebhook}`,
      details: { reviewWaitDays: after.reviewWaitDays, teamsWebhook },
    });
    return settingsView(ctx, after);
  });
}
