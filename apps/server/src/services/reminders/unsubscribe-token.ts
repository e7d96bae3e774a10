import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { REMINDER_KINDS, type ReminderKind } from "@specready/core";
import { type Database, repositories } from "@specready/db";

/** What an unsubscribe link switches off: one kind, or the digest. */
export type UnsubscribeTopic = ReminderKind | "digest";

export interface UnsubscribeClaim {
  readonly orgId: string;
  readonly userId: string;
  readonly topic: UnsubscribeTopic;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let cached: { db: Database; key: Promise<string> } | undefined;

/** The database's signing key (made once, shared by every server on the database). */
function signingKey(db: Database): Promise<string> {
  if (cached?.db !== db)
    cached = { db, key: repositories(db).reminders.signingKey(randomBytes(32).toString("base64url")) };
  return cached.key;
}

function mac(key: string, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

/**
 * A link token that switches one kind of reminder off for one person in one organization, without
 * signing in: `<org>.<user>.<topic>.<HMAC-SHA256>`. It does nothing else, and cannot be made for
 * another person without the database's key.
 */
export async function unsubscribeToken(db: Database, claim: UnsubscribeClaim): Promise<string> {
  const payload = `${claim.orgId}.${claim.userId}.${claim.topic}`;
  return `${payload}.${mac(await signingKey(db), payload)}`;
}

/** The claim of a token, or undefined when it is not one this database signed. */
export async function readUnsubscribeToken(
  db: Database,
  token: string,
): Promise<UnsubscribeClaim | undefined> {
  const parts = token.split(".");
  if (parts.length !== 4) return undefined;
  const [orgId, userId, topic, signature] = parts as [string, string, string, string];
  if (!UUID.test(orgId) || !UUID.test(userId)) return undefined;
  if (topic !== "digest" && !(REMINDER_KINDS as readonly string[]).includes(topic)) return undefined;
  const expected = Buffer.from(mac(await signingKey(db), `${orgId}.${userId}.${topic}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { orgId, userId, topic: topic as UnsubscribeTopic };
}
