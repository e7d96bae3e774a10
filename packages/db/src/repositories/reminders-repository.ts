import type { Sql } from "../sql.js";

export interface ReminderPreferencesRow {
  readonly userId: string;
  readonly disabledKinds: readonly string[];
  readonly digest: boolean;
}

export interface ReminderSettingsRow {
  readonly reviewWaitDays: number;
  /** A secret: never logged, answered masked. */
  readonly teamsWebhookUrl: string | null;
}

export type DeliveryStatus = "pending" | "sending" | "sent" | "failed";

/** One message of the outbox. */
export interface ReminderDelivery {
  readonly id: string;
  readonly orgId: string;
  readonly dedupeKey: string;
  readonly channel: "email" | "teams";
  readonly userId: string | null;
  readonly kind: string;
  readonly subject: string;
  readonly payload: unknown;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly sentAt: string | null;
  readonly createdAt: string;
}

export interface NewDelivery {
  readonly dedupeKey: string;
  readonly channel: "email" | "teams";
  readonly userId: string | null;
  readonly kind: string;
  readonly subject: string;
  readonly payload: object;
}

const DELIVERY = `id::text as id, org_id as "orgId", dedupe_key as "dedupeKey", channel, user_id as "userId",
  kind, subject, payload, status, attempts, next_attempt_at as "nextAttemptAt", last_error as "lastError",
  sent_at as "sentAt", created_at as "createdAt"`;

/** Reminder preferences, the organization's reminder settings, and the outbox of reminders to send. */
export class RemindersRepository {
  constructor(private readonly sql: Sql) {}

  async preferences(orgId: string): Promise<ReminderPreferencesRow[]> {
    return this.sql.query<ReminderPreferencesRow>(
      `select user_id as "userId", disabled_kinds as "disabledKinds", digest
       from reminder_preferences where org_id = $1`,
      [orgId],
    );
  }

  async setPreferences(
    orgId: string,
    userId: string,
    p: { disabledKinds: readonly string[]; digest: boolean },
  ): Promise<void> {
    await this.sql.query(
      `insert into reminder_preferences (org_id, user_id, disabled_kinds, digest) values ($1, $2, $3, $4)
       on conflict (org_id, user_id) do update
         set disabled_kinds = excluded.disabled_kinds, digest = excluded.digest, updated_at = now()`,
      [orgId, userId, p.disabledKinds, p.digest],
    );
  }

  async settings(orgId: string): Promise<ReminderSettingsRow> {
    const [row] = await this.sql.query<ReminderSettingsRow>(
      `select review_wait_days as "reviewWaitDays", teams_webhook_url as "teamsWebhookUrl"
       from reminder_settings where org_id = $1`,
      [orgId],
    );
    return row ?? { reviewWaitDays: 5, teamsWebhookUrl: null };
  }

  async setSettings(orgId: string, s: ReminderSettingsRow): Promise<void> {
    await this.sql.query(
      `insert into reminder_settings (org_id, review_wait_days, teams_webhook_url) values ($1, $2, $3)
       on conflict (org_id) do update set review_wait_days = excluded.review_wait_days,
         teams_webhook_url = excluded.teams_webhook_url, updated_at = now()`,
      [orgId, s.reviewWaitDays, s.teamsWebhookUrl],
    );
  }

  /**
   * Adds the messages not in the outbox yet (by their dedupe key) and answers how many were new: a
   * reminder computed again, by this server or another, is never queued twice.
   */
  async enqueue(orgId: string, now: Date, deliveries: readonly NewDelivery[]): Promise<number> {
    let added = 0;
    for (const d of deliveries) {
      const rows = await this.sql.query(
        `insert into reminder_deliveries
           (org_id, dedupe_key, channel, user_id, kind, subject, payload, next_attempt_at, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         on conflict (org_id, dedupe_key) do nothing returning id`,
        [
          orgId,
          d.dedupeKey,
          d.channel,
          d.userId,
          d.kind,
          d.subject.slice(0, 1000),
          d.payload,
          now.toISOString(),
        ],
      );
      added += rows.length;
    }
    return added;
  }

  /**
   * Takes up to `limit` messages due at `now` for this sender: pending ones whose time has come, and
   * ones another sender took but did not finish within its lease. Rows another sender is claiming at
   * this moment are skipped (FOR UPDATE SKIP LOCKED), so two servers never take the same message.
   */
  async claim(now: Date, leaseSeconds: number, limit: number): Promise<ReminderDelivery[]> {
    return this.sql.query<ReminderDelivery>(
      `update reminder_deliveries set status = 'sending', attempts = attempts + 1,
         claimed_until = $1::timestamptz + make_interval(secs => $2)
       where id in (
         select id from reminder_deliveries
         where (status = 'pending' and next_attempt_at <= $1)
            or (status = 'sending' and claimed_until <= $1)
         order by next_attempt_at, id
         limit $3
         for update skip locked)
       returning ${DELIVERY}`,
      [now.toISOString(), leaseSeconds, limit],
    );
  }

  /** Sent: the error of an earlier attempt stays, for "sent on the second attempt, after …". */
  async markSent(id: string, now: Date): Promise<void> {
    await this.sql.query(
      `update reminder_deliveries set status = 'sent', sent_at = $2, claimed_until = null
       where id = $1::bigint`,
      [id, now.toISOString()],
    );
  }

  /** A failed attempt: tried again at `retryAt`, or given up (`failed`) when it is null. */
  async markFailed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.sql.query(
      `update reminder_deliveries set status = $3, last_error = $2, claimed_until = null,
         next_attempt_at = coalesce($4::timestamptz, next_attempt_at)
       where id = $1::bigint`,
      [id, error.slice(0, 2000), retryAt === null ? "failed" : "pending", retryAt?.toISOString() ?? null],
    );
  }

  /** The latest messages of an organization, the newest first. */
  async list(orgId: string, limit: number): Promise<ReminderDelivery[]> {
    return this.sql.query<ReminderDelivery>(
      `select ${DELIVERY} from reminder_deliveries where org_id = $1 order by created_at desc, id desc limit $2`,
      [orgId, limit],
    );
  }

  /** Counts by status of an organization's messages. */
  async counts(orgId: string): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.sql.query<{ status: DeliveryStatus; n: number }>(
      "select status, count(*)::int as n from reminder_deliveries where org_id = $1 group by status",
      [orgId],
    );
    const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  /** A failed (or waiting) message is due again now, with its attempts counted afresh. */
  async retryNow(orgId: string, id: string, now: Date): Promise<ReminderDelivery | null> {
    const [row] = await this.sql.query<ReminderDelivery>(
      `update reminder_deliveries set status = 'pending', attempts = 0, next_attempt_at = $3
       where org_id = $1 and id = $2::bigint and status in ('failed', 'pending')
       returning ${DELIVERY}`,
      [orgId, id, now.toISOString()],
    );
    return row ?? null;
  }

  async get(orgId: string, id: string): Promise<ReminderDelivery | null> {
    const [row] = await this.sql.query<ReminderDelivery>(
      `select ${DELIVERY} from reminder_deliveries where org_id = $1 and id = $2::bigint`,
      [orgId, id],
    );
    return row ?? null;
  }

  /** The key signing unsubscribe links: made by the first caller, the same for every server after. */
  async signingKey(candidate: string): Promise<string> {
    await this.sql.query(
      "insert into reminder_signing_key (id, secret) values (1, $1) on conflict (id) do nothing",
      [candidate],
    );
    const [row] = await this.sql.query<{ secret: string }>(
      "select secret from reminder_signing_key where id = 1",
    );
    if (row === undefined) throw new Error("reminder_signing_key: no row after insert");
    return row.secret;
  }

  /** When each evidence item entered its present status (its latest review to it), by item id. */
  async evidenceStatusSince(orgId: string): Promise<Map<string, string>> {
    const rows = await this.sql.query<{ id: string; since: string }>(
      `select e.id, max(r.at) as since from evidence_items e
       join evidence_reviews r on r.evidence_id = e.id and r.org_id = e.org_id and r.to_status = e.status
       where e.org_id = $1 group by e.id`,
      [orgId],
    );
    return new Map(rows.map((r) => [r.id, r.since]));
  }

  /** The organizations with at least one member: those the scheduler looks at. */
  async organizationIds(): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      "select distinct org_id as id from memberships order by org_id",
    );
    return rows.map((r) => r.id);
  }
}
