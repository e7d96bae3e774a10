import { createRoute, z } from "@hono/zod-openapi";
import { REMINDER_KIND_LABELS, REMINDER_KINDS } from "@specready/core";
import { type ReminderDelivery, repositories } from "@specready/db";
import { errorResponses, json, OrgParams } from "../../api/schemas.js";
import { escapeHtml } from "../../binder/escape-html.js";
import { errors } from "../../errors/app-error.js";
import { answerOf } from "../../http/domain-errors.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { retryDelivery } from "../../services/reminders/retry-delivery.js";
import {
  preferencesView,
  setReminderPreferences,
} from "../../services/reminders/set-reminder-preferences.js";
import { setReminderSettings, settingsView } from "../../services/reminders/set-reminder-settings.js";
import { readUnsubscribeToken } from "../../services/reminders/unsubscribe-token.js";

const tags = ["Reminders"];

const Kind = z.enum(REMINDER_KINDS).openapi("ReminderKind");

const Preferences = z
  .object({
    kinds: z.array(z.object({ kind: Kind, label: z.string(), enabled: z.boolean() })),
    digest: z.boolean().openapi({ description: "The weekly digest (Mondays)" }),
  })
  .openapi("ReminderPreferences");

const Settings = z
  .object({
    reviewWaitDays: z.number().int(),
    teamsWebhook: z
      .object({ masked: z.string() })
      .nullable()
      .openapi({ description: "The Teams incoming webhook, its address masked (a secret); null when none" }),
    email: z.boolean().openapi({ description: "Whether the server sends e-mail (SPECREADY_SMTP_URL)" }),
  })
  .openapi("ReminderSettings");

const Delivery = z
  .object({
    id: z.string(),
    channel: z.enum(["email", "teams"]),
    recipient: z.string().nullable().openapi({ description: "The member's e-mail address; null for Teams" }),
    kind: z.string(),
    subject: z.string(),
    status: z.enum(["pending", "sending", "sent", "failed"]),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().openapi({ description: "When it is tried again (pending only)" }),
    lastError: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ReminderDelivery");

const Deliveries = z
  .object({
    counts: z.object({ pending: z.number(), sending: z.number(), sent: z.number(), failed: z.number() }),
    deliveries: z.array(Delivery),
  })
  .openapi("ReminderDeliveries");

const getPreferences = createRoute({
  method: "get",
  path: "/orgs/{orgId}/reminders/preferences",
  tags,
  summary: "Your reminders in this organization: each kind on or off, and the weekly digest",
  request: { params: OrgParams },
  responses: { 200: json(Preferences, "Your preferences"), ...errorResponses(401, 403, 404) },
});

const putPreferences = createRoute({
  method: "put",
  path: "/orgs/{orgId}/reminders/preferences",
  tags,
  summary: "Choose your reminders: the kinds switched off, and the weekly digest; logged",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({ disabledKinds: z.array(Kind).max(REMINDER_KINDS.length), digest: z.boolean() })
            .strict(),
        },
      },
    },
  },
  responses: { 200: json(Preferences, "Your preferences"), ...errorResponses(400, 401, 403, 404) },
});

const getSettings = createRoute({
  method: "get",
  path: "/orgs/{orgId}/reminders/settings",
  tags,
  summary: "The organization's reminder settings: review wait, Teams channel (masked)",
  request: { params: OrgParams },
  responses: { 200: json(Settings, "The settings"), ...errorResponses(401, 403, 404) },
});

const putSettings = createRoute({
  method: "put",
  path: "/orgs/{orgId}/reminders/settings",
  tags,
  summary:
    "Set after how many days evidence waiting for review is reminded of, and the Microsoft Teams incoming webhook; logged (never the address)",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              reviewWaitDays: z.number().int().min(1).max(90),
              teamsWebhookUrl: z.string().trim().min(1).max(2000).nullable().optional().openapi({
                description:
                  "The webhook's address: https on *.webhook.office.com, outlook.office.com/webhook/…, *.logic.azure.com or *.powerplatform.com (Teams incoming webhook, Workflows/Power Automate, Logic Apps); null removes it; absent keeps it",
              }),
            })
            .strict(),
        },
      },
    },
  },
  responses: { 200: json(Settings, "The settings"), ...errorResponses(400, 401, 403, 404) },
});

const getDeliveries = createRoute({
  method: "get",
  path: "/orgs/{orgId}/reminders/deliveries",
  tags,
  summary: "Recent reminder e-mails and Teams cards: sent, waiting for a retry (with the error), failed",
  request: { params: OrgParams },
  responses: { 200: json(Deliveries, "The latest 100"), ...errorResponses(401, 403, 404) },
});

const retryRoute = createRoute({
  method: "post",
  path: "/orgs/{orgId}/reminders/deliveries/{deliveryId}/retry",
  tags,
  summary: "Retry now: a failed or waiting reminder is sent at the next scheduler tick; logged",
  request: {
    params: OrgParams.extend({
      deliveryId: z
        .string()
        .regex(/^\d{1,18}$/, "must be a delivery id")
        .openapi({ param: { name: "deliveryId", in: "path" } }),
    }),
  },
  responses: { 200: json(Delivery, "The delivery, due again"), ...errorResponses(401, 403, 404, 409) },
});

const TokenParams = z.object({
  token: z
    .string()
    .min(1)
    .max(300)
    .openapi({ param: { name: "token", in: "path" } }),
});

const unsubscribePage = createRoute({
  method: "get",
  path: "/unsubscribe/{token}",
  tags,
  summary:
    "The page of an e-mail's unsubscribe link: says what it switches off, with the button (no sign-in)",
  request: { params: TokenParams },
  responses: {
    200: { description: "The page", content: { "text/html": { schema: z.string() } } },
    ...errorResponses(404),
  },
});

const unsubscribe = createRoute({
  method: "post",
  path: "/unsubscribe/{token}",
  tags,
  summary:
    "Switch off the kind of reminder the link names (one click, RFC 8058 List-Unsubscribe-Post; no sign-in, the signed link is the credential)",
  request: { params: TokenParams },
  responses: {
    200: { description: "Done", content: { "text/html": { schema: z.string() } } },
    ...errorResponses(404),
  },
});

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family: 'Segoe UI', system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function registerReminderRoutes(routes: SecuredRoutes): void {
  const me = (auth: Parameters<typeof commandAccess>[0]) => {
    const access = commandAccess(auth);
    if (access.userId === null)
      throw errors.forbidden("choose reminders (a signed-in person, not an API token)");
    return { ...access, userId: access.userId };
  };

  routes.add(getPreferences, { kind: "org", action: "reminders.preferences" }, async (c, auth) => {
    const access = me(auth);
    const rows = await repositories(c.var.ctx.db).reminders.preferences(access.orgId);
    const view = preferencesView(rows.find((p) => p.userId === access.userId));
    return c.json(
      { ...view, kinds: view.kinds.map((k) => ({ ...k, label: REMINDER_KIND_LABELS[k.kind] })) },
      200,
    );
  });

  routes.add(putPreferences, { kind: "org", action: "reminders.preferences" }, async (c, auth) => {
    const access = me(auth);
    const body = c.req.valid("json");
    const view = answerOf(await setReminderPreferences(c.var.ctx, access, { ...body, via: "settings" }));
    return c.json(
      { ...view, kinds: view.kinds.map((k) => ({ ...k, label: REMINDER_KIND_LABELS[k.kind] })) },
      200,
    );
  });

  routes.add(getSettings, { kind: "org", action: "reminders.settings" }, async (c, auth) => {
    const s = await repositories(c.var.ctx.db).reminders.settings(orgOf(auth).orgId);
    return c.json(settingsView(c.var.ctx, s), 200);
  });

  routes.add(putSettings, { kind: "org", action: "reminders.settings" }, async (c, auth) => {
    const view = answerOf(await setReminderSettings(c.var.ctx, commandAccess(auth), c.req.valid("json")));
    return c.json(view, 200);
  });

  const present = async (
    orgId: string,
    list: readonly ReminderDelivery[],
    db: Parameters<typeof repositories>[0],
  ) => {
    const emails = new Map((await repositories(db).users.members(orgId)).map((m) => [m.userId, m.email]));
    return list.map((d) => ({
      id: d.id,
      channel: d.channel,
      recipient: d.userId === null ? null : (emails.get(d.userId) ?? null),
      kind: d.kind,
      subject: d.subject,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
      lastError: d.lastError,
      sentAt: d.sentAt,
      createdAt: d.createdAt,
    }));
  };

  routes.add(getDeliveries, { kind: "org", action: "reminders.deliveries" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const r = repositories(c.var.ctx.db).reminders;
    const [counts, list] = await Promise.all([r.counts(orgId), r.list(orgId, 100)]);
    return c.json({ counts, deliveries: await present(orgId, list, c.var.ctx.db) }, 200);
  });

  routes.add(retryRoute, { kind: "org", action: "reminders.deliveries" }, async (c, auth) => {
    const { deliveryId } = c.req.valid("param");
    const d = answerOf(await retryDelivery(c.var.ctx, commandAccess(auth), { deliveryId }));
    const [shown] = await present(d.orgId, [d], c.var.ctx.db);
    return c.json(shown as NonNullable<typeof shown>, 200);
  });

  const claimOf = async (ctx: Parameters<typeof readUnsubscribeToken>[0], token: string) => {
    const claim = await readUnsubscribeToken(ctx, token);
    if (claim === undefined) throw errors.notFound("unsubscribe link");
    return claim;
  };
  const topicText = (topic: string) =>
    topic === "digest"
      ? "the weekly digest"
      : REMINDER_KIND_LABELS[topic as keyof typeof REMINDER_KIND_LABELS];

  routes.add(unsubscribePage, { kind: "public" }, async (c) => {
    const { token } = c.req.valid("param");
    const claim = await claimOf(c.var.ctx.db, token);
    // A page with a button, not an action on GET: mail scanners (Safe Links) open every link.
    return c.html(
      page(
        "Unsubscribe from specready reminders",
        `<p>Stop e-mails about <strong>${escapeHtml(topicText(claim.topic))}</strong>?</p><form method="post"><button type="submit">Unsubscribe</button></form><p>You can switch reminders on again on Your reminders, in the account menu of specready.</p>`,
      ),
      200,
    );
  });

  routes.add(unsubscribe, { kind: "public" }, async (c) => {
    const { token } = c.req.valid("param");
    const ctx = c.var.ctx;
    const claim = await claimOf(ctx.db, token);
    const r = repositories(ctx.db);
    const user = await r.users.byId(claim.userId);
    if (user === undefined) throw errors.notFound("unsubscribe link");
    const current = preferencesView(
      (await r.reminders.preferences(claim.orgId)).find((p) => p.userId === claim.userId),
    );
    const disabledKinds = current.kinds
      .filter((k) => !k.enabled || k.kind === claim.topic)
      .map((k) => k.kind);
    answerOf(
      await setReminderPreferences(
        ctx,
        { orgId: claim.orgId, userId: claim.userId, actor: { kind: "user", id: user.id, name: user.name } },
        { disabledKinds, digest: claim.topic === "digest" ? false : current.digest, via: "unsubscribe" },
      ),
    );
    return c.html(
      page(
        "Unsubscribed",
        `<p>You no longer get e-mails about <strong>${escapeHtml(topicText(claim.topic))}</strong>. Switch them on again on Your reminders, in the account menu of specready.</p>`,
      ),
      200,
    );
  });
}
