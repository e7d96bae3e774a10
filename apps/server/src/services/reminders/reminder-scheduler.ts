import {
  type CalendarDate,
  REMINDER_KIND_LABELS,
  type ReminderKind,
  type ReminderPreferences,
  remindersDue,
  todayFrom,
} from "@specready/core";
import { type NewDelivery, type ReminderDelivery, repositories } from "@specready/db";
import { reminderMail } from "../../mail/mail-texts.js";
import type { AppContext } from "../app-context.js";
import { reminderSnapshot } from "./reminder-snapshot.js";
import { adaptiveCardMessage, postToTeams } from "./teams-webhook.js";
import { type UnsubscribeTopic, unsubscribeToken } from "./unsubscribe-token.js";

/** What an outbox row holds to be sent: the words, and for whom. */
interface DeliveryPayload {
  readonly topic: UnsubscribeTopic;
  readonly subject: string;
  readonly lines: readonly string[];
}

/** The first retry waits this long; each next one twice as long, up to `MAX_BACKOFF_MS`. */
export const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
/** A sender that took a message and did not answer within this many seconds is taken to be gone. */
const LEASE_SECONDS = 120;

/** The wait before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/** What one scheduling pass did. */
export interface ScheduleOutcome {
  /** Messages put in the outbox that were not there yet. */
  readonly added: number;
  /** Organizations whose reminders were computed. */
  readonly computed: number;
  /**
   * Organizations skipped because nothing their reminders depend on changed since this server last
   * computed them (the same day, data version, reminder settings and members' preferences).
   */
  readonly unchanged: number;
}

/**
 * Per server (context): for each organization, what its reminders were last computed from. Reminders
 * are a function of the day, the organization's data (its data version, bumped by every change) and its
 * reminder settings and preferences: when all are as they were, the messages are the ones already queued.
 */
const lastComputed = new WeakMap<AppContext, Map<string, string>>();

/**
 * Computes the reminders due today in every organization and puts the messages in the outbox: an e-mail
 * per recipient when a mail server is configured, and a Teams card per reminder when the organization
 * set a webhook. Each message's key is unique, so running this again (the next tick, another server,
 * after a restart) adds nothing already queued; an organization whose inputs did not change since this
 * server's last pass is not computed again.
 */
export async function scheduleReminders(
  ctx: AppContext,
  today: CalendarDate = todayFrom(ctx.now()),
): Promise<ScheduleOutcome> {
  const r = repositories(ctx.db).reminders;
  const organizations = repositories(ctx.db).organizations;
  let seen = lastComputed.get(ctx);
  if (seen === undefined) {
    seen = new Map();
    lastComputed.set(ctx, seen);
  }
  let added = 0;
  let computed = 0;
  let unchanged = 0;
  for (const orgId of await r.organizationIds()) {
    const settings = await r.settings(orgId);
    if (ctx.mailer === undefined && settings.teamsWebhookUrl === null) continue;
    const org = await organizations.get(orgId);
    if (org === undefined) continue;
    const storedPreferences = await r.preferences(orgId);
    const inputs = JSON.stringify([
      today,
      org.dataVersion,
      ctx.mailer !== undefined,
      settings,
      storedPreferences,
    ]);
    if (seen.get(orgId) === inputs) {
      unchanged++;
      continue;
    }
    const snapshot = await reminderSnapshot(ctx, orgId, today);
    if (snapshot === null) continue;
    computed++;
    const preferences = new Map<string, ReminderPreferences>(
      storedPreferences.map((p) => [
        p.userId,
        { disabledKinds: p.disabledKinds as ReminderKind[], digest: p.digest },
      ]),
    );
    const due = remindersDue(snapshot, today, preferences, { reviewWaitDays: settings.reviewWaitDays });
    const out: NewDelivery[] = [];
    const payload = (p: DeliveryPayload) => p;
    if (ctx.mailer !== undefined) {
      for (const reminder of due.reminders)
        for (const userId of reminder.recipients)
          out.push({
            dedupeKey: `email:${userId}:${reminder.key}`,
            channel: "email",
            userId,
            kind: reminder.kind,
            subject: reminder.subject,
            payload: payload({ topic: reminder.kind, subject: reminder.subject, lines: [reminder.text] }),
          });
      for (const digest of due.digests)
        out.push({
          dedupeKey: `email:${digest.userId}:${digest.key}`,
          channel: "email",
          userId: digest.userId,
          kind: "digest",
          subject: digest.subject,
          payload: payload({
            topic: "digest",
            subject: digest.subject,
            lines: ["What is open for you this week:", "", ...digest.lines.map((l) => `- ${l.text}`)],
          }),
        });
    }
    if (settings.teamsWebhookUrl !== null) {
      for (const reminder of due.reminders)
        out.push({
          dedupeKey: `teams:${reminder.key}`,
          channel: "teams",
          userId: null,
          kind: reminder.kind,
          subject: reminder.subject,
          payload: payload({ topic: reminder.kind, subject: reminder.subject, lines: [reminder.text] }),
        });
      if (due.orgDigest !== null)
        out.push({
          dedupeKey: `teams:${due.orgDigest.key}`,
          channel: "teams",
          userId: null,
          kind: "digest",
          subject: due.orgDigest.subject,
          payload: payload({
            topic: "digest",
            subject: due.orgDigest.subject,
            lines: due.orgDigest.lines.map((l) => `• ${l.text}`),
          }),
        });
    }
    added += await r.enqueue(orgId, ctx.now(), out);
    seen.set(orgId, inputs);
  }
  return { added, computed, unchanged };
}

export interface SendOutcome {
  readonly sent: number;
  /** Failed this time, to be tried again later. */
  readonly retrying: number;
  /** Failed for the last time: shown as failed in Settings. */
  readonly failed: number;
}

/** The address people open: the public URL, else the one this server listens on. */
function appUrl(ctx: AppContext): string {
  return ctx.config.publicUrl ?? ctx.listening.url ?? "http://localhost:3000";
}

async function deliver(ctx: AppContext, d: ReminderDelivery): Promise<void> {
  const p = d.payload as DeliveryPayload;
  const r = repositories(ctx.db);
  if (d.channel === "teams") {
    const { teamsWebhookUrl } = await r.reminders.settings(d.orgId);
    if (teamsWebhookUrl === null) throw new Error("the organization no longer has a Teams webhook");
    await postToTeams(
      teamsWebhookUrl,
      adaptiveCardMessage({ title: p.subject, lines: p.lines, url: appUrl(ctx) }),
      { allowLoopback: ctx.config.teamsAllowHttpLoopback },
    );
    return;
  }
  if (ctx.mailer === undefined) throw new Error("no mail server is configured (SPECREADY_SMTP_URL)");
  const member =
    d.userId === null ? undefined : (await r.users.members(d.orgId)).find((m) => m.userId === d.userId);
  if (member === undefined || d.userId === null) throw new Error("the recipient is no longer a member");
  const token = await unsubscribeToken(ctx.db, { orgId: d.orgId, userId: d.userId, topic: p.topic });
  await ctx.mailer.send(
    reminderMail({
      to: member.email,
      subject: p.subject,
      lines: p.lines,
      appUrl: appUrl(ctx),
      topic: p.topic === "digest" ? "the weekly digest" : REMINDER_KIND_LABELS[p.topic],
      unsubscribeUrl: `${appUrl(ctx)}/api/unsubscribe/${token}`,
      preferencesUrl: `${appUrl(ctx)}/o/${encodeURIComponent(d.orgId)}/notifications`,
    }),
  );
}

/**
 * Sends what the outbox holds that is due: claims a few messages at a time (another server never gets
 * the same ones), sends each, and marks it sent, or failed with its error and the time of the next
 * attempt (backoff doubling from a minute), or failed for good after `reminderAttempts` attempts.
 */
export async function sendDueReminders(ctx: AppContext): Promise<SendOutcome> {
  const r = repositories(ctx.db).reminders;
  let sent = 0;
  let retrying = 0;
  let failed = 0;
  for (let round = 0; round < 100; round++) {
    const batch = await r.claim(ctx.now(), LEASE_SECONDS, 10);
    if (batch.length === 0) break;
    for (const d of batch) {
      try {
        await deliver(ctx, d);
        await r.markSent(d.id, ctx.now());
        sent++;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const last = d.attempts >= ctx.config.reminderAttempts;
        await r.markFailed(d.id, reason, last ? null : new Date(ctx.now().getTime() + backoffMs(d.attempts)));
        if (last) failed++;
        else retrying++;
        // The error never holds the webhook's address (postToTeams leaves it out) nor a mail password.
        if (last)
          console.error(
            `specready: reminder ${d.id} (${d.channel}) of organization ${d.orgId} failed for good after ${d.attempts} attempts: ${reason}`,
          );
      }
    }
  }
  return { sent, retrying, failed };
}

/**
 * The scheduler of this server: every `remindersIntervalSeconds`, queues what is due today and sends
 * the outbox. One tick at a time; several servers may tick at once (the outbox's keys and claims keep
 * every message sent once). Stop it before closing the database.
 */
export function startReminderScheduler(ctx: AppContext): { stop(): Promise<void> } {
  const seconds = ctx.config.remindersIntervalSeconds;
  if (seconds === 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = (async () => {
      await scheduleReminders(ctx);
      await sendDueReminders(ctx);
    })()
      .catch((error: unknown) => console.error(`specready: reminders: ${(error as Error).message}`))
      .finally(() => {
        busy = false;
      });
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, seconds * 1000);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
