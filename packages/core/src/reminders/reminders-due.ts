import {
  addDays,
  type CalendarDate,
  compareDates,
  dayOfWeek,
  daysBetween,
} from "../calendar/calendar-date.js";

/*
 * Reminders and the weekly digest, computed from what the rest of the core already says: the knowledge
 * rule's certifications (expiry, and `renewableUntil` null when the renewal assessment has retired),
 * control readiness's `agesOutOn` of each project, the evaluation's change dates (a performance
 * requirement turning "not met" the day a month leaves the ACR window), the audit plan's business-day
 * deadlines, and the evidence register. Nothing is re-derived here: this file only decides who is told
 * what, on which day, and gives each reminder a key that never changes, so the server sends it once.
 */

/** The kinds a person can switch on or off, each on its own. */
export const REMINDER_KINDS = [
  "certification_expiring",
  "project_ageing_out",
  "acr_window",
  "review_waiting",
  "changes_requested",
  "open_finding",
  "audit_deadline",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Days ahead of a certification's expiry when its holder is told (the latest threshold reached wins). */
export const CERTIFICATION_NOTICE_DAYS = [60, 14] as const;
/** Days ahead of a project ageing out (the day it no longer counts) before the planned audit. */
export const PROJECT_NOTICE_DAYS = 30;
/** Days ahead of a month leaving the ACR window that turns a performance requirement "not met". */
export const ACR_NOTICE_DAYS = 30;
/** Days ahead of an audit process deadline (gap-report acknowledgement, gap review). */
export const DEADLINE_NOTICE_DAYS = [7, 1] as const;
/** The audit steps whose deadlines the partner has to meet. */
export const PARTNER_DEADLINE_STEPS = ["acknowledgement", "gap-review"] as const;
/** The digest goes out on this day of the week (0 Sunday … 6 Saturday): Monday. */
export const DIGEST_WEEKDAY = 1;
/** The review-wait threshold when the organization set none. */
export const DEFAULT_REVIEW_WAIT_DAYS = 5;

export type MemberRole = "partner_admin" | "contributor" | "auditor" | "viewer";

export interface ReminderMember {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: MemberRole;
}

/** What an organization holds that reminders are about, as the core's other functions computed it. */
export interface ReminderSnapshot {
  readonly orgName: string;
  readonly members: readonly ReminderMember[];
  /** Each certification row of the knowledge rule's `people` (`CertificationHeld`). */
  readonly certifications: readonly {
    readonly personId: string;
    readonly personName: string | null;
    readonly certification: string;
    readonly expiresOn: CalendarDate | null;
    /** Null when it can no longer be renewed (its renewal assessment retired). */
    readonly renewableUntil: CalendarDate | null;
    readonly counting: boolean;
  }[];
  readonly auditDate: CalendarDate | null;
  /** Projects of control readiness on the audit date, each with the day it no longer counts. */
  readonly projects: readonly {
    readonly id: string;
    readonly name: string;
    readonly agesOutOn: CalendarDate;
  }[];
  /** The evaluation's change events (its `timeline`) of performance requirements. */
  readonly performanceChanges: readonly {
    readonly date: CalendarDate;
    readonly requirement: string;
    readonly status: string;
    readonly statusChanges: boolean;
    readonly message: string;
  }[];
  readonly evidence: readonly {
    readonly id: string;
    readonly title: string;
    readonly status: "draft" | "ready" | "approved" | "changes_requested";
    /** The day it entered its status. */
    readonly since: CalendarDate;
    readonly authorUserId: string | null;
  }[];
  readonly openFindings: readonly {
    readonly id: string;
    readonly controlId: string;
    readonly text: string;
    readonly openedOn: CalendarDate;
  }[];
  /** The audit plan's timeline steps (`auditPlanView(...).timeline`). */
  readonly auditSteps: readonly {
    readonly id: string;
    readonly step: string;
    readonly due: CalendarDate | null;
  }[];
}

/** One person's switches; a member without a row gets every kind and the digest. */
export interface ReminderPreferences {
  readonly disabledKinds: readonly ReminderKind[];
  readonly digest: boolean;
}

export interface ReminderSettings {
  /** Evidence waiting for review this many days or more is reminded of. */
  readonly reviewWaitDays: number;
}

/** A reminder about one item, due today, with the people it goes to. */
export interface Reminder {
  readonly kind: ReminderKind;
  /** Never changes for this item and threshold: `kind:item:date`. The server sends each key once. */
  readonly key: string;
  readonly itemId: string;
  readonly subject: string;
  /** What it is about, why today, and what to do, in plain words. */
  readonly text: string;
  /** Everyone it concerns (the organization's channel gets it whatever their switches). */
  readonly concerns: readonly string[];
  /** Those of `concerns` who have this kind on. */
  readonly recipients: readonly string[];
}

export interface Digest {
  readonly userId: string;
  readonly key: string;
  readonly subject: string;
  /** One line per open item, grouped by kind. */
  readonly lines: readonly { readonly kind: ReminderKind; readonly text: string }[];
}

export interface RemindersDue {
  readonly today: CalendarDate;
  readonly reminders: readonly Reminder[];
  /** Per person, on the digest day: everything open that concerns them (empty ones left out). */
  readonly digests: readonly Digest[];
  /** The organization's digest (for its Teams channel), on the digest day; null otherwise or empty. */
  readonly orgDigest: Digest | null;
}

const ADMINS: readonly MemberRole[] = ["partner_admin"];
const WORKERS: readonly MemberRole[] = ["partner_admin", "contributor"];

interface Candidate {
  readonly kind: ReminderKind;
  readonly key: string;
  readonly itemId: string;
  readonly subject: string;
  readonly text: string;
  readonly concerns: readonly string[];
  /** Due today (a threshold reached); false: only open, for the digest. */
  readonly due: boolean;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/**
 * The reminders due on `today` and, on Mondays, the digests. A reminder is due from its threshold day
 * until its event (so a server stopped on the day sends it the next day it runs); its `key` names the
 * threshold reached, so each is sent once. Only the latest threshold reached counts: a certification
 * added 10 days before its expiry gets the 14-day reminder, not also the 60-day one.
 */
export function remindersDue(
  snapshot: ReminderSnapshot,
  today: CalendarDate,
  preferences: ReadonlyMap<string, ReminderPreferences>,
  settings: ReminderSettings,
): RemindersDue {
  const roleMembers = (roles: readonly MemberRole[]) =>
    snapshot.members.filter((m) => roles.includes(m.role)).map((m) => m.userId);
  const byEmail = new Map(snapshot.members.map((m) => [m.email.toLowerCase(), m.userId]));
  const candidates: Candidate[] = [];

  for (const c of snapshot.certifications) {
    if (!c.counting || c.expiresOn === null || c.expiresOn < today) continue;
    const daysLeft = daysBetween(today, c.expiresOn);
    const threshold = [...CERTIFICATION_NOTICE_DAYS].sort((a, b) => a - b).find((d) => daysLeft <= d);
    const holder = byEmail.get(c.personId.toLowerCase());
    const who = c.personName ?? c.personId;
    const renewal =
      c.renewableUntil === null
        ? "It cannot be renewed: its renewal assessment has retired, so it stops counting on that day unless another counting certification replaces it."
        : `Renew it with the free assessment on Microsoft Learn by ${c.renewableUntil}; renewing adds a year.`;
    candidates.push({
      kind: "certification_expiring",
      key: `certification_expiring:${c.personId.toLowerCase()}:${c.certification}:${c.expiresOn}:${threshold ?? "open"}`,
      itemId: `${c.personId}:${c.certification}`,
      subject: `${who}'s ${c.certification} expires on ${c.expiresOn}, in ${plural(daysLeft, "day")}${c.renewableUntil === null ? " (cannot be renewed)" : ""}`,
      text: `${who}'s ${c.certification} expires on ${c.expiresOn}, in ${plural(daysLeft, "day")}. ${renewal}`,
      // The holder when they are a member, and the partner admins, who answer for the knowledge rule.
      concerns: [...new Set([...(holder === undefined ? [] : [holder]), ...roleMembers(ADMINS)])],
      due: threshold !== undefined,
    });
  }

  if (snapshot.auditDate !== null) {
    for (const p of snapshot.projects) {
      if (p.agesOutOn <= today || p.agesOutOn > snapshot.auditDate) continue;
      const daysLeft = daysBetween(today, p.agesOutOn);
      candidates.push({
        kind: "project_ageing_out",
        key: `project_ageing_out:${p.id}:${p.agesOutOn}`,
        itemId: p.id,
        subject: `${p.name} ages out on ${p.agesOutOn}, before the audit on ${snapshot.auditDate}`,
        text: `The project ${p.name} no longer counts from ${p.agesOutOn} (twelve months after its completion), ${plural(daysLeft, "day")} from now and before the planned audit on ${snapshot.auditDate}. Bring the audit forward or file evidence of a more recent project.`,
        concerns: roleMembers(WORKERS),
        due: daysLeft <= PROJECT_NOTICE_DAYS,
      });
    }
  }

  for (const e of snapshot.performanceChanges) {
    if (!e.statusChanges || e.status !== "not_met" || e.date <= today) continue;
    const daysLeft = daysBetween(today, e.date);
    candidates.push({
      kind: "acr_window",
      key: `acr_window:${e.requirement}:${e.date}`,
      itemId: e.requirement,
      subject: `Performance turns "not met" on ${e.date} (${e.requirement})`,
      text: `On ${e.date}, in ${plural(daysLeft, "day")}, a month leaves the ACR window and ${e.requirement} turns "not met" on current data: ${e.message}`,
      concerns: roleMembers(ADMINS),
      due: daysLeft <= ACR_NOTICE_DAYS,
    });
  }

  for (const e of snapshot.evidence) {
    if (e.status === "ready") {
      const waited = daysBetween(e.since, today);
      const reviewers = roleMembers(ADMINS).filter((id) => id !== e.authorUserId);
      candidates.push({
        kind: "review_waiting",
        key: `review_waiting:${e.id}:${e.since}`,
        itemId: e.id,
        subject: `"${e.title}" has waited ${plural(waited, "day")} for review`,
        text: `The evidence item "${e.title}" is ready for review since ${e.since} (${plural(waited, "day")}; the organization reminds after ${plural(settings.reviewWaitDays, "day")}). Until it is approved it does not count.`,
        concerns: reviewers.length > 0 ? reviewers : roleMembers(ADMINS),
        due: waited >= settings.reviewWaitDays,
      });
    } else if (e.status === "changes_requested" && e.authorUserId !== null) {
      candidates.push({
        kind: "changes_requested",
        key: `changes_requested:${e.id}:${e.since}`,
        itemId: e.id,
        subject: `Changes requested on "${e.title}"`,
        text: `A reviewer requested changes to your evidence item "${e.title}" on ${e.since}. Add a new revision and mark it ready again; until then it does not count.`,
        concerns: [e.authorUserId],
        due: true,
      });
    }
  }

  for (const f of snapshot.openFindings) {
    candidates.push({
      kind: "open_finding",
      key: `open_finding:${f.id}`,
      itemId: f.id,
      subject: `Open audit finding on ${f.controlId}`,
      text: `The auditor's finding on control ${f.controlId}, open since ${f.openedOn}: ${f.text.length > 300 ? `${f.text.slice(0, 299)}…` : f.text}`,
      concerns: roleMembers(WORKERS),
      due: true,
    });
  }

  for (const s of snapshot.auditSteps) {
    if (!(PARTNER_DEADLINE_STEPS as readonly string[]).includes(s.id) || s.due === null || s.due < today)
      continue;
    const daysLeft = daysBetween(today, s.due);
    const threshold = [...DEADLINE_NOTICE_DAYS].sort((a, b) => a - b).find((d) => daysLeft <= d);
    candidates.push({
      kind: "audit_deadline",
      key: `audit_deadline:${s.id}:${s.due}:${threshold ?? "open"}`,
      itemId: s.id,
      subject: `Audit deadline ${daysLeft === 0 ? "today" : `in ${plural(daysLeft, "day")}`} (${s.due}): ${s.step}`,
      text: `${s.step}: due by ${s.due}, ${daysLeft === 0 ? "today" : `in ${plural(daysLeft, "day")}`} (the program's process, business days Monday to Friday).`,
      concerns: roleMembers(ADMINS),
      due: threshold !== undefined,
    });
  }

  const wants = (userId: string, kind: ReminderKind) =>
    !(preferences.get(userId)?.disabledKinds ?? []).includes(kind);
  const reminders: Reminder[] = candidates
    .filter((c) => c.due)
    .map((c) => ({
      kind: c.kind,
      key: c.key,
      itemId: c.itemId,
      subject: c.subject,
      text: c.text,
      concerns: c.concerns,
      recipients: c.concerns.filter((u) => wants(u, c.kind)),
    }))
    .sort((a, b) => compareDates(a.key, b.key));

  let digests: Digest[] = [];
  let orgDigest: Digest | null = null;
  if (dayOfWeek(today) === DIGEST_WEEKDAY) {
    const order = (k: ReminderKind) => REMINDER_KINDS.indexOf(k);
    const sorted = [...candidates].sort(
      (a, b) => order(a.kind) - order(b.kind) || compareDates(a.key, b.key),
    );
    const week = `${today}..${addDays(today, 6)}`;
    digests = snapshot.members
      .filter((m) => preferences.get(m.userId)?.digest ?? true)
      .map((m) => {
        const lines = sorted
          .filter((c) => c.concerns.includes(m.userId) && wants(m.userId, c.kind))
          .map((c) => ({ kind: c.kind, text: c.subject }));
        return {
          userId: m.userId,
          key: `digest:${today}`,
          subject: `${snapshot.orgName}: ${plural(lines.length, "open item")} this week (${week})`,
          lines,
        };
      })
      .filter((d) => d.lines.length > 0);
    if (sorted.length > 0)
      orgDigest = {
        userId: "",
        key: `digest:${today}`,
        subject: `${snapshot.orgName}: ${plural(sorted.length, "open item")} this week (${week})`,
        lines: sorted.map((c) => ({ kind: c.kind, text: c.subject })),
      };
  }
  return { today, reminders, digests, orgDigest };
}

/** The words a person sees for a kind, in Settings and in the unsubscribe page. */
export const REMINDER_KIND_LABELS: Readonly<Record<ReminderKind, string>> = {
  certification_expiring: "Certifications expiring (60 and 14 days ahead)",
  project_ageing_out: "Projects ageing out before the planned audit",
  acr_window: 'A month leaving the ACR window turns performance "not met"',
  review_waiting: "Evidence waiting for review",
  changes_requested: "Changes requested of you",
  open_finding: "Open audit findings",
  audit_deadline: "Audit deadlines (gap-report acknowledgement, gap review)",
};
