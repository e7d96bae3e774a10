import { importKinds } from "@specready/db";
import { z } from "zod";

/*
 * The activity log's events: a closed, typed union (Documenso's audit trail). Each event names its
 * action, says in words what happened (the summary people read), and carries details whose shape is
 * fixed per action and versioned (`v`, stored as the entry's event_version): a reader of old entries
 * knows which shape it holds. Only the mutation path (`mutate`, `recordActivity`) writes them.
 */

const Uuid = z.guid();
const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Role = z.enum(["partner_admin", "contributor", "auditor", "viewer"]);
const ProgramSettings = z
  .object({ pinnedProgramId: z.string().nullable(), includeProvisional: z.boolean() })
  .strict();
const ImportKind = z.enum(importKinds);
const ImpactMeasure = z.object({ name: z.string(), before: z.number(), after: z.number() }).strict();
const ProblemPlace = z.object({ code: z.string(), line: z.number().int().nullable() }).strict();
const EvidenceStatus = z.enum(["draft", "ready", "approved", "changes_requested"]);

function event<A extends string, D extends z.ZodRawShape>(action: A, details: D) {
  return z.object({
    action: z.literal(action),
    v: z.literal(1).default(1),
    summary: z.string().min(1).max(10_000),
    details: z.object(details).strict(),
  });
}

const reviewDetails = {
  evidenceId: Uuid,
  from: EvidenceStatus,
  to: EvidenceStatus,
  revision: z.number().int().nullable().optional(),
  sha256: Sha256.nullable().optional(),
  selfApproved: z.boolean().optional(),
};

const planDetails = {
  planId: Uuid,
  name: z.string(),
  auditDate: CalendarDate,
  active: z.boolean(),
  // The what-if scenario as saved (the format of `specready plan --what-if FILE`).
  scenario: z.record(z.string(), z.unknown()),
  customers: z.array(z.string()),
};

export const ActivityEvent = z.discriminatedUnion("action", [
  event("evidence.created", {
    evidenceId: Uuid,
    kind: z.enum(["file", "link", "note"]),
    controls: z.array(z.string()),
    fileName: z.string().optional(),
    size: z.number().int().optional(),
    sha256: Sha256.optional(),
  }),
  event("evidence.updated", { evidenceId: Uuid, changed: z.array(z.string()) }),
  event("evidence.deleted", { evidenceId: Uuid, title: z.string(), revisions: z.number().int() }),
  event("evidence.revised", {
    evidenceId: Uuid,
    revision: z.number().int(),
    fileName: z.string(),
    size: z.number().int(),
    sha256: Sha256,
  }),
  event("evidence.downloaded", { evidenceId: Uuid, revision: z.number().int(), sha256: Sha256 }),
  event("evidence.submit", reviewDetails),
  event("evidence.approve", reviewDetails),
  event("evidence.request_changes", reviewDetails),
  event("evidence.reopen", reviewDetails),
  event("project.created", { projectId: Uuid }),
  event("project.updated", { projectId: Uuid, changed: z.array(z.string()) }),
  event("project.deleted", { projectId: Uuid }),
  event("audit.specialty", { controlId: z.string(), specialty: z.string().nullable() }),
  event("audit.plan", {
    applicationDate: CalendarDate.nullable(),
    auditDate: CalendarDate.nullable(),
    modules: z.enum(["B", "A+B"]),
  }),
  event("audit.finding", { findingId: Uuid, controlId: z.string() }),
  event("audit.finding.updated", {
    findingId: Uuid,
    status: z.enum(["open", "resolved"]).optional(),
    response: z.string().optional(),
  }),
  event("audit.gap_report", { gapReportId: Uuid, findings: z.number().int() }),
  event("audit.result", {
    resultId: Uuid,
    module: z.enum(["A", "B", "A+B"]),
    result: z.enum(["Pass", "No Pass"]),
    date: CalendarDate,
    checklistVersion: z.string(),
    openFindings: z.number().int(),
    waiverUntil: CalendarDate.nullable(),
  }),
  event("audit.result.withdrawn", {
    resultId: Uuid,
    reason: z.string(),
    waiverUntil: CalendarDate.nullable(),
  }),
  event("member.invited", { invitationId: Uuid, email: z.string(), role: Role }),
  event("member.invitation_withdrawn", { invitationId: Uuid, email: z.string() }),
  event("member.role_changed", { userId: Uuid, from: Role, to: Role }),
  event("member.removed", { userId: Uuid, role: Role }),
  event("token.created", { tokenId: Uuid, role: z.string() }),
  event("token.revoked", { tokenId: Uuid }),
  event("organization.entra_policy", {
    allowedTenantIds: z.array(z.string()),
    requireEntra: z.boolean(),
    before: z.object({ allowedTenantIds: z.array(z.string()), requireEntra: z.boolean() }).strict(),
  }),
  event("organization.review_policy", { allowSelfApproval: z.boolean(), before: z.boolean() }),
  event("organization.two_factor_policy", { required: z.boolean(), before: z.boolean() }),
  event("reminders.preferences", {
    userId: Uuid,
    disabledKinds: z.array(z.string()),
    digest: z.boolean(),
    via: z.enum(["settings", "unsubscribe"]),
  }),
  event("reminders.settings", {
    reviewWaitDays: z.number().int(),
    teamsWebhook: z.enum(["set", "kept", "removed", "none"]),
  }),
  event("reminders.delivery_retried", { deliveryId: z.string(), channel: z.enum(["email", "teams"]) }),
  event("program.settings", { before: ProgramSettings, after: ProgramSettings }),
  event("organization.specializations", { before: z.array(z.string()), after: z.array(z.string()) }),
  event("application.submitted", { submittedOn: CalendarDate, reference: z.string().nullable() }),
  event("person.created", { personRef: Uuid, personId: z.string(), certifications: z.number().int() }),
  event("person.updated", {
    personRef: Uuid,
    before: z.object({ personId: z.string(), name: z.string().nullable() }).strict(),
  }),
  event("person.deleted", { personRef: Uuid, personId: z.string(), certifications: z.array(z.string()) }),
  event("person.certification_added", { personRef: Uuid, certificationId: Uuid, certification: z.string() }),
  event("person.certification_updated", {
    personRef: Uuid,
    certificationId: Uuid,
    changed: z.array(z.enum(["certification", "earnedOn", "expiresOn", "associated"])),
  }),
  event("person.certification_deleted", {
    personRef: Uuid,
    certificationId: Uuid,
    certification: z.string(),
  }),
  event("capability_score.recorded", {
    entryId: Uuid,
    shownOn: CalendarDate,
    solutionArea: z.string(),
    points: z.record(z.string(), z.string()),
  }),
  event("capability_score.deleted", {
    entryId: Uuid,
    shownOn: CalendarDate,
    solutionArea: z.string().nullable(),
    points: z.record(z.string(), z.string()),
  }),
  event("plan.saved", planDetails),
  event("plan.updated", planDetails),
  event("plan.deleted", { planId: Uuid, name: z.string() }),
  event("import.created", {
    importId: Uuid,
    kind: ImportKind,
    fileName: z.string(),
    rows: z.number().int(),
    months: z.array(z.string()),
    sha256: Sha256,
    mapping: z.record(z.string(), z.string()),
    repeatedRows: z.number().int(),
    people: z
      .object({
        added: z.number().int(),
        changed: z.number().int(),
        removed: z.number().int(),
        unchanged: z.number().int(),
        conflicts: z.number().int(),
      })
      .strict()
      .optional(),
    replaced: z.array(ImpactMeasure),
    confirmed: z
      .object({ replace: z.boolean(), repeats: z.boolean(), changes: z.boolean().optional() })
      .strict(),
    readiness: z
      .object({
        asOf: CalendarDate,
        requirements: z.array(z.object({ id: z.string(), before: z.string(), after: z.string() }).strict()),
      })
      .strict(),
  }),
  event("import.failed", {
    kind: ImportKind,
    fileName: z.string(),
    size: z.number().int(),
    sha256: Sha256,
    reason: z.string(),
    problemTotal: z.number().int(),
    problemCodes: z.record(z.string(), z.number().int()),
    firstProblems: z.array(ProblemPlace),
  }),
  // An upload refused on arrival (its problems), or an import not confirmed (how, and what it would have replaced).
  event("import.refused", {
    kind: ImportKind,
    fileName: z.string(),
    size: z.number().int().nullable(),
    sha256: Sha256.optional(),
    reason: z.string(),
    problemCodes: z.record(z.string(), z.number().int()).optional(),
    firstProblems: z.array(ProblemPlace).optional(),
    how: z.enum(["declined", "expired"]).optional(),
    rows: z.number().int().optional(),
    repeatedRows: z.number().int().optional(),
    replaced: z.array(ImpactMeasure).optional(),
  }),
  event("import.reverted", { importId: Uuid, kind: ImportKind, fileName: z.string() }),
  z.object({
    action: z.literal("audit.binder"),
    v: z.literal(1).default(1),
    summary: z.string().min(1).max(10_000),
    // The manifest's counts per folder, and whether evidence pending review was included.
    details: z.record(z.string(), z.union([z.number().int(), z.boolean()])),
  }),
]);
export type ActivityEvent = z.input<typeof ActivityEvent>;
export type ActivityAction = ActivityEvent["action"];

/** The event as it is stored, checked against its action's shape (a wrong shape is a programming error). */
export function parseActivityEvent(event: ActivityEvent): z.output<typeof ActivityEvent> {
  return ActivityEvent.parse(event);
}
