import { addMonths, type CalendarDate } from "../calendar/calendar-date.js";
import type { CredentialLifecycle, Program } from "./program-definition.js";

/*
 * Exams retire. After its retirement day an exam can no longer be taken, so its certification can no
 * longer be earned; once the renewal assessment retires it can no longer be renewed either. Holders keep
 * a certification until it expires. The retirement day itself is the last day the exam (or the renewal
 * assessment) can be taken.
 */

/** The lifecycle the credential registry holds for an exam code, if any. */
export function lifecycleOf(program: Program, id: string): CredentialLifecycle | undefined {
  return program.credentials.get(id);
}

/** Whether the certification can still be earned on a date (true when no retirement is known). */
export function canBeEarnedOn(c: CredentialLifecycle | undefined, date: CalendarDate): boolean {
  return c?.retires == null || date <= c.retires;
}

/** Whether a renewal assessment can still be taken on a date (true when no retirement is known). */
export function canBeRenewedOn(c: CredentialLifecycle | undefined, date: CalendarDate): boolean {
  return c?.renewalRetires == null || date <= c.renewalRetires;
}

/** Whether the exam has retired by a date (the day after its retirement day, or later). */
export function hasRetired(c: CredentialLifecycle | undefined, date: CalendarDate): boolean {
  return c?.retires != null && date > c.retires;
}

/**
 * The last day a renewal of a certification expiring on `expiresOn` can be taken from `from` on: its
 * window opens `renewalWindowMonths` before the expiry and closes on the expiry, or earlier when the
 * renewal assessment retires. Null when no renewal is possible any more.
 */
export function renewalClosesOn(
  program: Program,
  c: CredentialLifecycle | undefined,
  expiresOn: CalendarDate,
  from: CalendarDate,
): CalendarDate | null {
  const opens = addMonths(expiresOn, -program.knowledge.renewalWindowMonths);
  const closes = c?.renewalRetires != null && c.renewalRetires < expiresOn ? c.renewalRetires : expiresOn;
  const earliest = opens > from ? opens : from;
  return earliest <= closes ? closes : null;
}

/**
 * The latest expiry a certification can reach by renewing from `from` on: each renewal, taken in its
 * window, extends the expiry by the validity period, until the renewal assessment retires. Null when
 * renewals have no known end (the expiry can always be extended).
 */
export function latestReachableExpiry(
  program: Program,
  c: CredentialLifecycle | undefined,
  expiresOn: CalendarDate,
  from: CalendarDate,
): CalendarDate | null {
  if (c?.renewalRetires == null) return null;
  let expiry = expiresOn;
  // Each step needs a renewal window that opens before the assessment retires: a few steps at most.
  for (let i = 0; i < 50 && renewalClosesOn(program, c, expiry, from) !== null; i++) {
    expiry = addMonths(expiry, program.knowledge.defaultValidityMonths);
  }
  return expiry;
}

/** Who says so: "third-party reports" or "Microsoft". */
export function lifecycleConfidence(c: CredentialLifecycle): string {
  return c.confidence === "microsoft" ? "Microsoft" : "third-party reports; verify on Microsoft Learn";
}
