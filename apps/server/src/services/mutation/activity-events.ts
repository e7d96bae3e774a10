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
  event("organization.review_policy", { allowSelfApproval: z.boolean(), before: z.boolean() }),
  event("organization.two_factor_policy", { required: z.boolean(), before: z.boolean() }),
  event("program.settings", { before: ProgramSettings, after: ProgramSettings }),
  event("application.submitted", { submittedOn: CalendarDate, reference: z.string().nullable() }),
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
