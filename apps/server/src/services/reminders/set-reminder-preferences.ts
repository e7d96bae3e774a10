import { REMINDER_KINDS, type ReminderKind } from "@specready/core";
import type { Actor } from "@specready/db";
import type { AppContext } from "../app-context.js";
import { notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

export interface ReminderPreferencesView {
  readonly kinds: readonly { readonly kind: ReminderKind; readonly enabled: boolean }[];
  readonly digest: boolean;
}

export function preferencesView(
  p: { disabledKinds: readonly string[]; digest: boolean } | undefined,
): ReminderPreferencesView {
  const off = new Set(p?.disabledKinds ?? []);
  return {
    kinds: REMINDER_KINDS.map((kind) => ({ kind, enabled: !off.has(kind) })),
    digest: p?.digest ?? true,
  };
}

/**
 * Sets which reminders one member gets by e-mail: each kind on or off, and the weekly digest. From
 * Settings (the member themselves) or from an unsubscribe link (one kind off, no sign-in); logged.
 */
export async function setReminderPreferences(
  ctx: AppContext,
  who: { orgId: string; actor: Actor; userId: string; role?: undefined | import("@specready/db").Role },
  input: {
    readonly disabledKinds: readonly ReminderKind[];
    readonly digest: boolean;
    readonly via: "settings" | "unsubscribe";
  },
): Promise<Result<ReminderPreferencesView>> {
  return mutate(ctx, who, async ({ r, record }) => {
    if ((await r.users.roleIn(who.orgId, who.userId)) === undefined) return notFound("member");
    const before = preferencesView(
      (await r.reminders.preferences(who.orgId)).find((p) => p.userId === who.userId),
    );
    const disabledKinds = REMINDER_KINDS.filter((k) => input.disabledKinds.includes(k));
    const after = preferencesView({ disabledKinds, digest: input.digest });
    if (JSON.stringify(before) === JSON.stringify(after)) return after;
    await r.reminders.setPreferences(who.orgId, who.userId, { disabledKinds, digest: input.digest });
    const off = disabledKinds.length === 0 ? "every kind on" : `off: ${disabledKinds.join(", ")}`;
    record({
      action: "reminders.preferences",
      summary: `${input.via === "unsubscribe" ? "Unsubscribed by link" : "Changed reminders"} (${off}; digest ${input.digest ? "on" : "off"})`,
      details: { userId: who.userId, disabledKinds, digest: input.digest, via: input.via },
    });
    return after;
  });
}
