import { z } from "@hono/zod-openapi";
import {
  type AuditPlanView,
  type AuditReadiness as CoreAuditReadiness,
  type ControlReadiness as CoreControlReadiness,
  TENANT_ID_EXAMPLE,
  tenantIdProblem,
} from "@specready/core";
import { AuditWaiver, ChecklistRef, ChecklistUse, conforms } from "./evaluation-schemas.js";
import { AllowedActions, CalendarDate, orNull, Uuid } from "./schemas.js";

/*
 * The schemas of the audit workspace: the customer project register, evidence and its revisions and
 * reviews, control readiness, the audit plan, findings, gap reports and results.
 */

const Text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === "" ? null : v));

/**
 * A date of the audit workspace: a calendar date from 2000 to 2099, as the evaluation's as-of date is.
 * The rules add months and business days to these dates; a typo such as 9999-12-31 would otherwise
 * leave the calendar and break the organization's readiness, plan and dashboard until removed.
 */
export const WorkspaceDate = CalendarDate.refine(
  (d) => d >= "2000-01-01" && d <= "2099-12-31",
  "must be a date from 2000-01-01 to 2099-12-31",
).openapi({ example: "2026-11-24", format: "date" });

export const ControlId = z
  .string()
  .regex(/^[A-Z]\d+\.\d+$/, "must be a control id such as B2.1")
  .openapi({ example: "B2.1" });

export const ProjectStage = z.enum(["production", "pilot"]);

export const CustomerProject = z
  .object({
    id: z.string(),
    customerTenantId: z.string(),
    customerName: z.string().nullable(),
    project: z.string(),
    workload: z.string().nullable(),
    aiServices: z.array(z.string()),
    completionDate: CalendarDate,
    greenfield: z.boolean().nullable(),
    stage: ProjectStage.nullable(),
    evidenceCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    allowedActions: AllowedActions,
  })
  .openapi("CustomerProject");

/** A customer's Microsoft Entra tenant id: a GUID, as Partner Center shows it. */
export const TenantId = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = tenantIdProblem(value);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  })
  .openapi({ example: TENANT_ID_EXAMPLE, description: "The customer's tenant ID (a GUID)" });

const projectFields = {
  customerTenantId: TenantId,
  customerName: OptionalText(200),
  project: Text(200),
  workload: OptionalText(200),
  aiServices: z.array(Text(100)).max(50),
  completionDate: WorkspaceDate,
  greenfield: z.boolean().nullable(),
  stage: ProjectStage.nullable(),
};

export const CustomerProjectInput = z
  .object({
    ...projectFields,
    aiServices: projectFields.aiServices.default([]),
    greenfield: projectFields.greenfield.default(null),
    stage: projectFields.stage.default(null),
  })
  .openapi("CustomerProjectInput");

/**
 * A change of a project: only the fields sent change. (Not `CustomerProjectInput.partial()`: its
 * defaults would fill the fields left out, and a new date would clear the AI services and stage.)
 */
export const CustomerProjectPatch = z.object(projectFields).partial().openapi("CustomerProjectPatch");

export const EvidenceStatus = z
  .enum(["draft", "ready", "approved", "changes_requested"])
  .openapi("EvidenceStatus");
export const EvidenceKind = z.enum(["file", "link", "note"]).openapi("EvidenceKind");

export const EvidenceRevision = z
  .object({
    revision: z.number().int(),
    fileName: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    mediaType: z.string(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
  })
  .openapi("EvidenceRevision");

export const EvidenceApproval = z
  .object({
    revision: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The revision approved; null for a link or a note" }),
    sha256: z.string().openapi({
      description:
        "SHA-256 of what was approved: the revision's bytes, or a link's address or note's text (UTF-8)",
    }),
    by: z.string(),
    at: z.string(),
    selfApproved: z.boolean().openapi({ description: "Approved by the author of that content" }),
  })
  .openapi("EvidenceApproval");

export const EvidenceItem = z
  .object({
    id: z.string(),
    kind: EvidenceKind,
    title: z.string(),
    artifactType: z.string(),
    controls: z.array(z.string()),
    project: z.object({
      id: z.string(),
      customerTenantId: z.string(),
      customerName: z.string().nullable(),
      project: z.string(),
      completionDate: CalendarDate,
    }),
    url: z.string().nullable(),
    note: z.string().nullable(),
    status: EvidenceStatus,
    currentRevision: orNull(EvidenceRevision),
    revisionCount: z.number().int(),
    createdBy: z.string(),
    createdById: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The latest review comment when changes were requested. */
    lastComment: z.string().nullable(),
    authorName: z.string().openapi({
      description:
        "Who produced the content as it is now: the uploader of the current revision, or who wrote the link's address or the note's text",
    }),
    approval: orNull(EvidenceApproval),
    counts: z.boolean().openapi({
      description: "Counts for the audit: approved for its content as it is now",
    }),
    allowedActions: AllowedActions,
  })
  .openapi("EvidenceItem");

export const EvidenceReview = z
  .object({
    fromStatus: orNull(EvidenceStatus),
    toStatus: EvidenceStatus,
    comment: z.string().nullable(),
    actor: z.string(),
    at: z.string(),
    revision: z.number().int().nullable(),
    sha256: z.string().nullable(),
    selfApproved: z.boolean(),
  })
  .openapi("EvidenceReview");

export const EvidenceDetail = EvidenceItem.extend({
  revisions: z.array(EvidenceRevision),
  reviews: z.array(EvidenceReview),
  approvalRule: z
    .object({ allowed: z.boolean(), reason: z.string().nullable(), selfApproval: z.boolean() })
    .openapi({ description: "Whether the caller may approve the item, and why not" }),
}).openapi("EvidenceDetail");

// Stored as the URL parser writes it: a pasted address with spaces or non-ASCII characters is kept
// percent-encoded (the database accepts no whitespace in a link), and its length is checked as stored.
const HttpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) address" })
  .transform((v) => new URL(v).href)
  .pipe(z.string().max(2000, "must be at most 2000 characters once encoded"))
  .openapi({ example: "https://contoso.sharepoint.com/sites/ai/design.docx" });

export const EvidenceCommon = z.object({
  title: Text(300),
  artifactType: Text(200),
  projectId: Uuid,
  controls: z.array(ControlId).min(1, "link the evidence to at least one control").max(20),
});

export const EvidenceCreate = z
  .discriminatedUnion("kind", [
    EvidenceCommon.extend({ kind: z.literal("link"), url: HttpUrl }),
    EvidenceCommon.extend({ kind: z.literal("note"), note: Text(20_000) }),
  ])
  .openapi("EvidenceCreate");

export const EvidencePatch = z
  .object({
    title: Text(300).optional(),
    artifactType: Text(200).optional(),
    projectId: Uuid.optional(),
    controls: z.array(ControlId).min(1).max(20).optional(),
    url: HttpUrl.optional(),
    note: Text(20_000).optional(),
  })
  .openapi("EvidencePatch");

export const ReviewAction = z
  .object({
    action: z.enum(["submit", "approve", "request_changes", "reopen"]),
    comment: z.string().trim().max(5000).optional(),
    revision: z.number().int().min(1).max(1_000_000).optional().openapi({
      description: "For approve: the revision looked at; refused (409) when a newer one came in",
    }),
  })
  .openapi("ReviewAction");

const ProjectReadiness = z
  .object({
    projectId: z.string(),
    project: z.string(),
    completionDate: CalendarDate,
    inWindow: z.boolean(),
    agesOutOn: CalendarDate,
    artifacts: z.number().int(),
    pendingArtifacts: z.number().int(),
    artifactsNeeded: z.number().int(),
    complete: z.boolean(),
    artifactTypes: z.array(z.string()),
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: EvidenceKind,
        artifactType: z.string(),
        status: EvidenceStatus,
        approved: z.boolean(),
      }),
    ),
    note: z.string().nullable(),
  })
  .openapi("ProjectReadiness");

export const ControlReadiness = conforms<CoreControlReadiness>()(
  z
    .object({
      id: z.string(),
      module: z.enum(["A", "B"]),
      title: z.string(),
      requiredEvidence: z.string(),
      status: z.enum(["met", "not_met", "waived"]),
      required: z.number().int(),
      customerCount: z.number().int(),
      artifactsNeeded: z.number().int(),
      acceptedDocumentation: z.array(z.string()),
      specialty: z.object({ options: z.array(z.string()), chosen: z.string().nullable() }).nullable(),
      missing: z.array(z.string()),
      warnings: z.array(z.string()),
      customers: z.array(
        z.object({
          tenantId: z.string(),
          name: z.string().nullable(),
          counts: z.boolean(),
          pending: z.boolean(),
          projects: z.array(ProjectReadiness),
          importedRows: z.number().int(),
        }),
      ),
      review: z.object({
        draft: z.number().int(),
        ready: z.number().int(),
        approved: z.number().int(),
        changes_requested: z.number().int(),
      }),
      pending: z.object({
        items: z.number().int(),
        customers: z.number().int(),
        customerCountIfApproved: z.number().int(),
        statusIfApproved: z.enum(["met", "not_met", "waived"]),
      }),
    })
    .openapi("ControlReadiness"),
);

export const AuditReadiness = conforms<CoreAuditReadiness & { planned: boolean }>()(
  z
    .object({
      date: CalendarDate,
      today: CalendarDate,
      counting: z.enum(["approved", "if_all_approved"]).openapi({
        description:
          "approved: the audit's figures; if_all_approved: the what-if with everything pending review approved",
      }),
      status: z.enum(["met", "not_met"]),
      statusIfApproved: z.enum(["met", "not_met"]),
      pendingItems: z.number().int(),
      moduleAWaived: z.boolean(),
      waiver: AuditWaiver,
      summary: z.string(),
      rule: z.string(),
      evidenceWindow: z.object({ from: CalendarDate, to: CalendarDate }),
      checklists: z.object({ A: z.string(), B: z.string() }),
      controls: z.array(ControlReadiness),
      planned: z.boolean().openapi({
        description:
          "True when the date is the planned audit date; false when there is no plan (today is used)",
      }),
    })
    .openapi("AuditReadiness"),
);

export const AuditPlanInput = z
  .object({
    applicationDate: WorkspaceDate.nullable(),
    auditDate: WorkspaceDate.nullable(),
    modules: z.enum(["B", "A+B"]),
  })
  .openapi("AuditPlanInput");

export const AuditPlan = conforms<AuditPlanView & { updatedBy: string | null; updatedAt: string | null }>()(
  z
    .object({
      applicationDate: CalendarDate.nullable(),
      auditDate: CalendarDate.nullable(),
      modules: z.enum(["B", "A+B"]),
      checklists: z.object({ A: orNull(ChecklistRef), B: orNull(ChecklistRef) }).openapi({
        description:
          "The checklist version of each module live on the audit date (null: none in the program data)",
      }),
      measuredAgainst: z.array(ChecklistUse),
      timeline: z.array(
        z.object({
          id: z.string(),
          step: z.string(),
          within: z.object({ count: z.number().int(), unit: z.string() }),
          basis: z.string(),
          due: CalendarDate.nullable(),
          planned: CalendarDate.nullable(),
          onlyWithGaps: z.boolean(),
        }),
      ),
      fees: z.array(z.object({ modules: z.string(), usd: z.string(), applies: z.boolean() })),
      warnings: z.array(z.string()),
      rule: z.string(),
      updatedBy: z.string().nullable(),
      updatedAt: z.string().nullable(),
      allowedActions: AllowedActions,
    })
    .openapi("AuditPlan"),
);

export const Finding = z
  .object({
    id: z.string(),
    controlId: z.string(),
    text: z.string(),
    status: z.enum(["open", "resolved"]),
    response: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    allowedActions: AllowedActions,
  })
  .openapi("Finding");

export const FindingCreate = z.object({ controlId: ControlId, text: Text(5000) }).openapi("FindingCreate");
export const FindingPatch = z
  .object({
    status: z.enum(["open", "resolved"]).optional(),
    response: z.string().trim().max(5000).optional(),
  })
  .openapi("FindingPatch");

export const GapReport = z
  .object({
    id: z.string(),
    issuedOn: CalendarDate,
    summary: z.string().nullable(),
    findings: z
      .array(
        z.object({
          id: z.string(),
          controlId: z.string(),
          text: z.string(),
          createdBy: z.string(),
          createdAt: z.string(),
        }),
      )
      .openapi({ description: "The findings open when it was issued, as they stood then" }),
    issuedBy: z.string(),
    issuedAt: z.string(),
  })
  .openapi("GapReport");

export const GapReportCreate = z
  .object({ issuedOn: WorkspaceDate, summary: z.string().trim().max(5000).optional() })
  .openapi("GapReportCreate");

export const AuditResult = z
  .object({
    id: z.string(),
    module: z.enum(["A", "B", "A+B"]),
    result: z.enum(["Pass", "No Pass"]),
    date: CalendarDate,
    checklistVersion: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    openFindings: z.number().int().openapi({ description: "Findings open (and acknowledged) when recorded" }),
    withdrawn: z
      .object({ by: z.string(), at: z.string(), reason: z.string() })
      .nullable()
      .openapi({ description: "Set once withdrawn: it stays in the history and no longer counts" }),
    ifWithdrawn: z.string().nullable().optional().openapi({
      description: "What withdrawing it would do to the Module A waiver (standing results)",
    }),
    effect: z.string().optional().openapi({ description: "What recording or withdrawing it did" }),
    allowedActions: AllowedActions,
  })
  .openapi("AuditResult");

export const AuditResultCreate = z
  .object({
    module: z.enum(["A", "B", "A+B"]),
    result: z.enum(["Pass", "No Pass"]),
    date: WorkspaceDate,
    checklistVersion: Text(100),
    acknowledgeOpenFindings: z.boolean().optional().openapi({
      description: "Record although findings are still open (required while any is)",
    }),
  })
  .openapi("AuditResultCreate");

export const AuditResultPreview = z
  .object({
    effect: z.string().openapi({ description: "What recording it will do, by the Module A waiver rule" }),
    waiverUntil: CalendarDate.nullable().openapi({
      description: "The Module A waiver's last day after recording",
    }),
    changesWaiver: z.boolean(),
    openFindings: z.array(z.object({ id: z.string(), controlId: z.string(), text: z.string() })),
    applicationDate: z.object({ date: CalendarDate, source: z.string() }).nullable(),
  })
  .openapi("AuditResultPreview");

export const AuditResultWithdraw = z.object({ reason: Text(2000) }).openapi("AuditResultWithdraw");

export const OrphanReport = z
  .object({
    checkedAt: z.string(),
    orphans: z.array(z.object({ key: z.string(), size: z.number(), lastModified: z.string() })),
    missing: z.array(z.string()),
  })
  .openapi("OrphanReport");
