import type { ReminderDelivery } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { fail, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * "Retry now": a failed (or waiting) reminder is due again at once, its attempts counted afresh; the
 * next scheduler tick of any server sends it. A sent one is not sent again.
 */
export async function retryDelivery(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly deliveryId: string },
): Promise<Result<ReminderDelivery>> {
  return mutate(ctx, access, async ({ r, record }) => {
    const d = await r.reminders.get(access.orgId, input.deliveryId);
    if (d === null) return notFound("delivery");
    if (d.status === "sent" || d.status === "sending")
      fail({
        code: "conflict",
        reason: "reminders.not_retryable",
        message: `This reminder is ${d.status === "sent" ? "already sent" : "being sent now"}: there is nothing to retry.`,
      });
    const again = await r.reminders.retryNow(access.orgId, d.id, ctx.now());
    if (again === null) return notFound("delivery");
    record({
      action: "reminders.delivery_retried",
      summary: `Asked to send again: ${d.subject}`,
      details: { deliveryId: d.id, channel: d.channel },
    });
    return again;
  });
}
