import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate } from "../calendar/calendar-date.js";
import { type ReminderPreferences, type ReminderSnapshot, remindersDue } from "./reminders-due.js";

const ADMIN = "u-admin";
const CONTRIB = "u-contrib";

function buildSnapshot(overrides: Partial<ReminderSnapshot> = {}): ReminderSnapshot {
  return {
    orgName: "Adatum",
    members: [
      { userId: ADMIN, email: "admin@adatum.example", name: "Avery", role: "partner_admin" },
      { userId: CONTRIB, email: "morgan@adatum.example", name: "Morgan", role: "contributor" },
      { userId: "u-view", email: "viewer@adatum.example", name: "Vi", role: "viewer" },
    ],
    certifications: [],
    auditDate: null,
    projects: [],
    performanceChanges: [],
    evidence: [],
    openFindings: [],
    auditSteps: [],
    ...overrides,
  };
}

const none = new Map<string, ReminderPreferences>();
const settings = { reviewWaitDays: 5 };

/** The keys due on each day from `from` for `days` days. */
function keysByDay(s: ReminderSnapshot, from: CalendarDate, days: number, prefs = none) {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < days; i++) {
    const today = addDays(from, i);
    const keys = remindersDue(s, today, prefs, settings).reminders.map((r) => r.key);
    if (keys.length > 0) out[today] = keys;
  }
  return out;
}

describe("remindersDue", () => {
  // 2027-03-01 is a Monday.
  const cert = {
    personId: "morgan@adatum.example",
    personName: "Morgan Lee",
    certification: "Azure AI Engineer Associate",
    expiresOn: "2027-05-30",
    renewableUntil: "2027-05-30",
    counting: true,
  };

  it("reminds of a certification 60 days and 14 days before it expires, to its holder and the admins", () => {
    const s = buildSnapshot({ certifications: [cert] });
    expect(remindersDue(s, "2027-03-30", none, settings).reminders).toEqual([]); // 61 days ahead
    const at60 = remindersDue(s, "2027-03-31", none, settings).reminders;
    expect(at60.map((r) => r.key)).toEqual([
      "certification_expiring:morgan@adatum.example:Azure AI Engineer Associate:2027-05-30:60",
    ]);
    expect(at60[0]?.recipients).toEqual([CONTRIB, ADMIN]);
    expect(at60[0]?.text).toContain("Renew it with the free assessment on Microsoft Learn by 2027-05-30");
    expect(remindersDue(s, "2027-05-15", none, settings).reminders[0]?.key).toMatch(/:60$/);
    expect(remindersDue(s, "2027-05-16", none, settings).reminders[0]?.key).toMatch(/:14$/);
    expect(remindersDue(s, "2027-05-31", none, settings).reminders).toEqual([]); // expired
  });

  it('says "cannot be renewed" when the renewal assessment has retired', () => {
    const s = buildSnapshot({ certifications: [{ ...cert, renewableUntil: null }] });
    const r = remindersDue(s, "2027-05-20", none, settings).reminders[0];
    expect(r?.subject).toContain("(cannot be renewed)");
    expect(r?.text).toContain("It cannot be renewed");
  });

  it("gives a certification first seen 10 days ahead only the 14-day reminder", () => {
    const s = buildSnapshot({ certifications: [cert] });
    expect(remindersDue(s, "2027-05-20", none, settings).reminders.map((r) => r.key)).toEqual([
      "certification_expiring:morgan@adatum.example:Azure AI Engineer Associate:2027-05-30:14",
    ]);
  });

  it("reminds of a project ageing out 30 days ahead, only when that is before the audit", () => {
    const s = buildSnapshot({
      auditDate: "2027-06-15",
      projects: [
        { id: "p1", name: "Contoso RAG", agesOutOn: "2027-05-01" },
        { id: "p2", name: "Fabrikam vision", agesOutOn: "2027-06-16" }, // after the audit
      ],
    });
    expect(keysByDay(s, "2027-03-30", 40)).toEqual(
      Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [
          addDays("2027-04-01", i),
          ["project_ageing_out:p1:2027-05-01"],
        ]),
      ),
    );
  });

  it('reminds 30 days before a month leaving the ACR window turns performance "not met"', () => {
    const s = buildSnapshot({
      performanceChanges: [
        {
          date: "2027-05-01",
          requirement: "performance",
          status: "not_met",
          statusChanges: true,
          message: "x",
        },
        { date: "2027-05-01", requirement: "performance", status: "met", statusChanges: false, message: "y" },
      ],
    });
    expect(remindersDue(s, "2027-03-31", none, settings).reminders).toEqual([]);
    const due = remindersDue(s, "2027-04-01", none, settings).reminders;
    expect(due.map((r) => [r.key, r.recipients])).toEqual([["acr_window:performance:2027-05-01", [ADMIN]]]);
  });

  it("reminds of evidence waiting for review from the set number of days, to reviewers other than its author", () => {
    const s = buildSnapshot({
      evidence: [
        { id: "e1", title: "Architecture", status: "ready", since: "2027-03-01", authorUserId: CONTRIB },
      ],
    });
    expect(remindersDue(s, "2027-03-05", none, settings).reminders).toEqual([]);
    const due = remindersDue(s, "2027-03-06", none, settings).reminders;
    expect(due.map((r) => [r.key, r.recipients])).toEqual([["review_waiting:e1:2027-03-01", [ADMIN]]]);
    expect(remindersDue(s, "2027-03-03", none, { reviewWaitDays: 2 }).reminders).toHaveLength(1);
  });

  it("tells the author when changes are requested of them", () => {
    const s = buildSnapshot({
      evidence: [
        { id: "e2", title: "SOW", status: "changes_requested", since: "2027-03-02", authorUserId: CONTRIB },
      ],
    });
    const due = remindersDue(s, "2027-03-02", none, settings).reminders;
    expect(due.map((r) => [r.key, r.recipients])).toEqual([["changes_requested:e2:2027-03-02", [CONTRIB]]]);
  });

  it("reminds of an open finding to admins and contributors, not viewers", () => {
    const s = buildSnapshot({
      openFindings: [{ id: "f1", controlId: "B1.1", text: "No sign-off", openedOn: "2027-03-02" }],
    });
    expect(remindersDue(s, "2027-03-02", none, settings).reminders[0]?.recipients).toEqual([ADMIN, CONTRIB]);
  });

  it("reminds of the gap-report acknowledgement and gap review 7 days and 1 day ahead", () => {
    const s = buildSnapshot({
      auditSteps: [
        { id: "acknowledgement", step: "Partner acknowledges the Gap Report", due: "2027-03-10" },
        { id: "final-report", step: "Final Report", due: "2027-03-10" }, // not the partner's
      ],
    });
    expect(remindersDue(s, "2027-03-02", none, settings).reminders).toEqual([]);
    expect(remindersDue(s, "2027-03-03", none, settings).reminders[0]?.key).toBe(
      "audit_deadline:acknowledgement:2027-03-10:7",
    );
    expect(remindersDue(s, "2027-03-09", none, settings).reminders[0]?.key).toBe(
      "audit_deadline:acknowledgement:2027-03-10:1",
    );
    expect(remindersDue(s, "2027-03-10", none, settings).reminders[0]?.text).toContain("today");
    expect(remindersDue(s, "2027-03-11", none, settings).reminders).toEqual([]);
  });

  it("leaves out people who switched a kind off, and keeps who it concerns", () => {
    const s = buildSnapshot({ certifications: [cert] });
    const prefs = new Map([[CONTRIB, { disabledKinds: ["certification_expiring" as const], digest: true }]]);
    const r = remindersDue(s, "2027-05-20", prefs, settings).reminders[0];
    expect(r?.recipients).toEqual([ADMIN]);
    expect(r?.concerns).toEqual([CONTRIB, ADMIN]);
  });

  it("sends each person a digest of what is open for them on Mondays only, unless switched off", () => {
    const s = buildSnapshot({
      certifications: [cert],
      evidence: [
        { id: "e2", title: "SOW", status: "changes_requested", since: "2027-03-02", authorUserId: CONTRIB },
      ],
    });
    expect(remindersDue(s, "2027-03-09", none, settings).digests).toEqual([]); // Tuesday
    const monday = remindersDue(s, "2027-03-08", none, settings);
    expect(monday.digests.map((d) => [d.userId, d.key, d.lines.map((l) => l.kind)])).toEqual([
      [ADMIN, "digest:2027-03-08", ["certification_expiring"]],
      [CONTRIB, "digest:2027-03-08", ["certification_expiring", "changes_requested"]],
    ]);
    expect(monday.orgDigest?.lines).toHaveLength(2);
    const off = new Map([[ADMIN, { disabledKinds: [], digest: false }]]);
    expect(remindersDue(s, "2027-03-08", off, settings).digests.map((d) => d.userId)).toEqual([CONTRIB]);
  });
});
