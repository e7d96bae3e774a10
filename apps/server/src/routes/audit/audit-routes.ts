import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import {
  AuditPlan,
  AuditPlanInput,
  AuditReadiness,
  AuditResult,
  AuditResultCreate,
  AuditResultPreview,
  AuditResultWithdraw,
  ControlId,
  Finding,
  FindingCreate,
  FindingPatch,
  GapReport,
  GapReportCreate,
  WorkspaceDate,
} from "../../api/audit-schemas.js";
import { errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { answerOf } from "../../http/domain-errors.js";
import { etagOf, expectedVersion } from "../../http/preconditions.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import type { AppContext } from "../../services/app-context.js";
import { issueGapReport } from "../../services/audit/issue-gap-report.js";
import { openBinder } from "../../services/audit/open-binder.js";
import { recordFinding } from "../../services/audit/record-finding.js";
import { saveAuditPlan } from "../../services/audit/save-audit-plan.js";
import { setPracticeSpecialty } from "../../services/audit/set-practice-specialty.js";
import { updateFinding } from "../../services/audit/update-finding.js";
import {
  checkResult,
  listResults as listAuditResults,
  recordResult,
  withdrawResult as withdrawAuditResult,
} from "../../services/audit-result-service.js";
import { auditPlan, auditReadiness } from "../../services/audit-workspace-service.js";

const tags = ["Audit"];

const getReadiness = createRoute({
  method: "get",
  path: "/orgs/{orgId}/audit/readiness",
  tags,
  summary:
    "Each control's readiness on the planned audit date (or `date`): customers, artifacts, specialty, what is missing",
  request: {
    params: OrgParams,
    query: z.object({
      date: WorkspaceDate.optional(),
      ifApproved: z.enum(["1", "0"]).optional().openapi({
        description: "1: the what-if, counting every item pending review as if it were approved",
      }),
    }),
  },
  responses: { 200: json(AuditReadiness, "Control readiness"), ...errorResponses(400, 401, 403, 404) },
});

const setSpecialty = createRoute({
  method: "put",
  path: "/orgs/{orgId}/audit/specialties/{controlId}",
  tags,
  summary: "Choose the practice specialty a control covers (B1.1, B2.1); null clears it",
  request: {
    params: OrgParams.extend({ controlId: ControlId }),
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ specialty: z.string().max(300).nullable() }) } },
    },
  },
  responses: {
    200: json(AuditReadiness, "Control readiness after the change"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const getPlan = createRoute({
  method: "get",
  path: "/orgs/{orgId}/audit/plan",
  tags,
  summary:
    "The audit plan: dates, the checklist versions live on the audit date, the process deadlines and fees",
  request: { params: OrgParams },
  responses: { 200: json(AuditPlan, "The plan"), ...errorResponses(401, 403, 404) },
});

const putPlan = createRoute({
  method: "put",
  path: "/orgs/{orgId}/audit/plan",
  tags,
  summary: "Set the planned application and audit dates and the modules audited",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: AuditPlanInput } } },
  },
  responses: { 200: json(AuditPlan, "The plan"), ...errorResponses(400, 401, 403, 404) },
});

const listFindings = createRoute({
  method: "get",
  path: "/orgs/{orgId}/audit/findings",
  tags,
  summary: "The auditor's findings (open action items) per control",
  request: { params: OrgParams },
  responses: { 200: json(z.array(Finding), "Findings"), ...errorResponses(401, 403, 404) },
});

const createFinding = createRoute({
  method: "post",
  path: "/orgs/{orgId}/audit/findings",
  tags,
  summary: "Record a finding on a control (the auditor)",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: FindingCreate } } },
  },
  responses: { 201: json(Finding, "Recorded"), ...errorResponses(400, 401, 403, 404) },
});

const patchFinding = createRoute({
  method: "patch",
  path: "/orgs/{orgId}/audit/findings/{findingId}",
  tags,
  summary: "Resolve or reopen a finding (the auditor), or respond to it (partner admins and contributors)",
  request: {
    params: OrgParams.extend({ findingId: Uuid }),
    body: { required: true, content: { "application/json": { schema: FindingPatch } } },
  },
  responses: { 200: json(Finding, "Changed"), ...errorResponses(400, 401, 403, 404) },
});

const listGapReports = createRoute({
  method: "get",
  path: "/orgs/{orgId}/audit/gap-reports",
  tags,
  summary: "The gap reports issued, newest first",
  request: { params: OrgParams },
  responses: { 200: json(z.array(GapReport), "Gap reports"), ...errorResponses(401, 403, 404) },
});

const createGapReport = createRoute({
  method: "post",
  path: "/orgs/{orgId}/audit/gap-reports",
  tags,
  summary: "Issue the gap report: a snapshot of the open findings (the auditor)",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: GapReportCreate } } },
  },
  responses: { 201: json(GapReport, "Issued"), ...errorResponses(400, 401, 403, 404, 409) },
});

const listResults = createRoute({
  method: "get",
  path: "/orgs/{orgId}/audit/results",
  tags,
  summary:
    "The audit results recorded here, newest first (with an imported audit-history file, the audit history)",
  request: { params: OrgParams },
  responses: { 200: json(z.array(AuditResult), "Results"), ...errorResponses(401, 403, 404) },
});

const createResult = createRoute({
  method: "post",
  path: "/orgs/{orgId}/audit/results",
  tags,
  summary:
    "Record the final result, Pass or No Pass (the auditor); dated neither in the future nor before the application, with open findings acknowledged; a pass waives Module A in later audits",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: AuditResultCreate } } },
  },
  responses: { 201: json(AuditResult, "Recorded"), ...errorResponses(400, 401, 403, 404) },
});

const previewResult = createRoute({
  method: "post",
  path: "/orgs/{orgId}/audit/results/preview",
  tags,
  summary:
    "What recording a result would do (the Module A waiver), and the findings still open, without recording it (the auditor)",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: AuditResultCreate } } },
  },
  responses: { 200: json(AuditResultPreview, "What it would do"), ...errorResponses(400, 401, 403, 404) },
});

const withdrawResult = createRoute({
  method: "post",
  path: "/orgs/{orgId}/audit/results/{resultId}/withdraw",
  tags,
  summary:
    "Withdraw a recorded result with a reason (the auditor): it stays in the history, marked withdrawn, and no longer counts",
  request: {
    params: OrgParams.extend({ resultId: Uuid }),
    body: { required: true, content: { "application/json": { schema: AuditResultWithdraw } } },
  },
  responses: { 200: json(AuditResult, "Withdrawn"), ...errorResponses(400, 401, 403, 404, 409) },
});

const getBinder = createRoute({
  method: "get",
  path: "/orgs/{orgId}/audit/binder",
  tags,
  summary:
    "The evidence binder: one ZIP (streamed) ordered by module, control and customer, with index.html, index.pdf, manifest.csv (SHA-256 of every file) and check-data/; approved evidence only unless pending=1",
  request: {
    params: OrgParams,
    query: z.object({
      pending: z.enum(["1", "0"]).optional().openapi({
        description:
          "1: also the evidence not approved yet (draft, submitted, changes requested), each marked with its status",
      }),
      specialization: z
        .string()
        .regex(/^[a-z0-9-]{1,100}$/)
        .optional()
        .openapi({
          description:
            "A specialization the organization pursues (default: the AI Platform); Module A evidence is in each one's binder",
        }),
    }),
  },
  responses: {
    200: {
      description: "The ZIP",
      content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses(401, 403, 404),
  },
});

export function registerAuditRoutes(routes: SecuredRoutes): void {
  routes.add(getReadiness, { kind: "org", action: "audit.read" }, async (c, auth) => {
    const { date, ifApproved } = c.req.valid("query");
    return c.json(
      await auditReadiness(
        c.var.ctx,
        orgOf(auth).orgId,
        date,
        ifApproved === "1" ? "if_all_approved" : "approved",
      ),
      200,
    );
  });

  routes.add(setSpecialty, { kind: "org", action: "audit.specialty" }, async (c, auth) => {
    const access = commandAccess(auth);
    const { controlId } = c.req.valid("param");
    const { specialty } = c.req.valid("json");
    answerOf(await setPracticeSpecialty(c.var.ctx, access, { controlId, specialty }));
    return c.json(await auditReadiness(c.var.ctx, access.orgId), 200);
  });

  /** The plan with its ETag, the version read first (an ETag is never newer than what it goes with). */
  const planWithEtag = async (ctx: AppContext, orgId: string) => {
    const version = await repositories(ctx.db).versions.plan(orgId);
    return { etag: etagOf(version), plan: await auditPlan(ctx, orgId) };
  };

  routes.add(
    getPlan,
    { kind: "org", action: "audit.read" },
    async (c, auth) => {
      const { etag, plan } = await planWithEtag(c.var.ctx, orgOf(auth).orgId);
      c.header("ETag", etag);
      return c.json(withActions(orgOf(auth).role, "plan", plan), 200);
    },
    { versioned: "audit plan" },
  );

  routes.add(
    putPlan,
    { kind: "org", action: "audit.plan" },
    async (c, auth) => {
      const access = commandAccess(auth);
      answerOf(
        await saveAuditPlan(c.var.ctx, access, { plan: c.req.valid("json"), expected: expectedVersion(c) }),
      );
      const { etag, plan } = await planWithEtag(c.var.ctx, access.orgId);
      c.header("ETag", etag);
      return c.json(withActions(orgOf(auth).role, "plan", plan), 200);
    },
    { versioned: "audit plan" },
  );

  routes.add(listFindings, { kind: "org", action: "audit.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    return c.json(
      eachWithActions(role, "finding", await repositories(c.var.ctx.db).audit.listFindings(orgId)),
      200,
    );
  });

  /** A finding's ETag, read after its change (at worst newer than the answer: a needless 412, never a lost one). */
  const findingEtag = async (ctx: AppContext, orgId: string, findingId: string) => {
    const version = await repositories(ctx.db).versions.of("finding", orgId, findingId);
    return version === null ? undefined : etagOf(version);
  };

  routes.add(
    createFinding,
    { kind: "org", action: "audit.findings.record" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const finding = answerOf(await recordFinding(c.var.ctx, access, c.req.valid("json")));
      c.header("ETag", await findingEtag(c.var.ctx, access.orgId, finding.id));
      return c.json(withActions(orgOf(auth).role, "finding", finding), 201);
    },
    { versioned: "finding" },
  );

  routes.add(
    patchFinding,
    { kind: "org", action: "audit.findings.update" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { findingId } = c.req.valid("param");
      const patch = c.req.valid("json");
      const finding = answerOf(
        await updateFinding(c.var.ctx, access, {
          findingId,
          status: patch.status,
          response: patch.response,
          expected: expectedVersion(c),
        }),
      );
      c.header("ETag", await findingEtag(c.var.ctx, access.orgId, findingId));
      return c.json(withActions(orgOf(auth).role, "finding", finding), 200);
    },
    { versioned: "finding" },
  );

  routes.add(listGapReports, { kind: "org", action: "audit.read" }, async (c, auth) => {
    return c.json(await repositories(c.var.ctx.db).audit.listGapReports(orgOf(auth).orgId), 200);
  });

  routes.add(createGapReport, { kind: "org", action: "audit.gap-report" }, async (c, auth) => {
    return c.json(answerOf(await issueGapReport(c.var.ctx, commandAccess(auth), c.req.valid("json"))), 201);
  });

  routes.add(listResults, { kind: "org", action: "audit.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    return c.json(eachWithActions(role, "auditResult", await listAuditResults(c.var.ctx, orgId)), 200);
  });

  routes.add(previewResult, { kind: "org", action: "audit.result" }, async (c, auth) => {
    const ctx = c.var.ctx;
    const check = await checkResult(ctx, ctx.db, orgOf(auth).orgId, c.req.valid("json"), {
      acknowledge: false,
    });
    return c.json(
      {
        effect: check.effect.sentence,
        waiverUntil: check.effect.after?.until ?? null,
        changesWaiver: check.effect.changesWaiver,
        openFindings: [...check.openFindings],
        applicationDate: check.applicationDate,
      },
      200,
    );
  });

  routes.add(createResult, { kind: "org", action: "audit.result" }, async (c, auth) => {
    const recorded = answerOf(await recordResult(c.var.ctx, commandAccess(auth), c.req.valid("json")));
    return c.json(withActions(orgOf(auth).role, "auditResult", recorded), 201);
  });

  routes.add(
    withdrawResult,
    { kind: "org", action: "audit.result" },
    async (c, auth) => {
      const { resultId } = c.req.valid("param");
      const access = commandAccess(auth);
      const withdrawn = answerOf(
        await withdrawAuditResult(c.var.ctx, access, {
          resultId,
          reason: c.req.valid("json").reason,
          expected: expectedVersion(c),
        }),
      );
      const version = await repositories(c.var.ctx.db).versions.of("result", access.orgId, resultId);
      if (version !== null) c.header("ETag", etagOf(version));
      return c.json(withActions(orgOf(auth).role, "auditResult", withdrawn), 200);
    },
    { versioned: "audit result" },
  );

  routes.add(getBinder, { kind: "org", action: "audit.binder" }, async (c, auth) => {
    const query = c.req.valid("query");
    const includePending = query.pending === "1";
    const { stream, fileName } = answerOf(
      await openBinder(c.var.ctx, commandAccess(auth), {
        includePending,
        specialization: query.specialization,
      }),
    );
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
