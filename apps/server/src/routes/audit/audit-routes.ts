import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import { programControls } from "@specready/core";
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
import { actionText, allows } from "../../auth/policy.js";
import { errors } from "../../http/app-error.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import {
  checkResult,
  listResults as listAuditResults,
  recordResult,
  withdrawResult as withdrawAuditResult,
} from "../../services/audit-result-service.js";
import { auditPlan, auditReadiness } from "../../services/audit-workspace-service.js";
import { binderCountsText, binderFileName, streamBinder } from "../../services/binder-service.js";
import { recordEvidenceChange } from "../../services/evidence-service.js";

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
    const { orgId, actor } = orgOf(auth);
    const { controlId } = c.req.valid("param");
    const { specialty } = c.req.valid("json");
    const ctx = c.var.ctx;
    const control = programControls(ctx.program).find((x) => x.id === controlId);
    if (control === undefined) throw errors.notFound("control");
    if (control.practiceSpecialties.length === 0)
      throw errors.invalidRequest([
        { path: "controlId", message: `${controlId} does not ask for a practice specialty` },
      ]);
    if (specialty !== null && !control.practiceSpecialties.includes(specialty))
      throw errors.invalidRequest([
        {
          path: "specialty",
          message: `must be one of ${control.practiceSpecialties.map((s) => `"${s}"`).join(", ")}`,
        },
      ]);
    await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      if (specialty === null) await r.audit.clearSpecialty(orgId, controlId);
      else await r.audit.setSpecialty(orgId, controlId, specialty, actor.name);
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "audit.specialty",
        specialty === null
          ? `Cleared the practice specialty of ${controlId}`
          : `Chose "${specialty}" for ${controlId}`,
        { controlId, specialty },
      );
    });
    return c.json(await auditReadiness(ctx, orgId), 200);
  });

  routes.add(getPlan, { kind: "org", action: "audit.read" }, async (c, auth) => {
    return c.json(await auditPlan(c.var.ctx, orgOf(auth).orgId), 200);
  });

  routes.add(putPlan, { kind: "org", action: "audit.plan" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const input = c.req.valid("json");
    const ctx = c.var.ctx;
    if (input.applicationDate !== null && input.auditDate !== null && input.auditDate < input.applicationDate)
      throw errors.invalidRequest([
        { path: "auditDate", message: `must not be before the application date ${input.applicationDate}` },
      ]);
    await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      await r.audit.upsertPlan(orgId, { ...input, updatedByName: actor.name });
      await r.activity.record(
        orgId,
        actor,
        "audit.plan",
        `Planned the application for ${input.applicationDate ?? "(no date)"} and the audit (${input.modules}) for ${input.auditDate ?? "(no date)"}`,
        input,
      );
    });
    return c.json(await auditPlan(ctx, orgId), 200);
  });

  routes.add(listFindings, { kind: "org", action: "audit.read" }, async (c, auth) => {
    return c.json(await repositories(c.var.ctx.db).audit.listFindings(orgOf(auth).orgId), 200);
  });

  routes.add(createFinding, { kind: "org", action: "audit.findings.record" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const input = c.req.valid("json");
    const ctx = c.var.ctx;
    if (!programControls(ctx.program).some((x) => x.id === input.controlId))
      throw errors.invalidRequest([
        { path: "controlId", message: `${input.controlId} is not a control of the checklists` },
      ]);
    const finding = await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const created = await r.audit.createFinding(orgId, {
        controlId: input.controlId,
        text: input.text,
        createdByName: actor.name,
      });
      await r.activity.record(orgId, actor, "audit.finding", `Finding on ${input.controlId}: ${input.text}`, {
        findingId: created.id,
        controlId: input.controlId,
      });
      return created;
    });
    return c.json(finding, 201);
  });

  routes.add(patchFinding, { kind: "org", action: "audit.findings.update" }, async (c, auth) => {
    const { orgId, actor, role } = orgOf(auth);
    const { findingId } = c.req.valid("param");
    const patch = c.req.valid("json");
    const ctx = c.var.ctx;
    if (patch.status !== undefined && !allows(role, "audit.findings.record"))
      throw errors.forbidden(actionText["audit.findings.record"]);
    if (patch.response !== undefined && !allows(role, "audit.findings.respond"))
      throw errors.forbidden(actionText["audit.findings.respond"]);
    const finding = await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      let current = await r.audit.getFinding(orgId, findingId);
      // Another organization's finding is unknown here, whatever the request says.
      if (current === null) throw errors.notFound("finding");
      if (patch.status === undefined && patch.response === undefined)
        throw errors.invalidRequest([{ path: "status", message: "send a status or a response" }]);
      if (patch.status === "resolved" && current.status === "open")
        current = await r.audit.resolveFinding(orgId, findingId, actor.name);
      else if (patch.status === "open" && current.status === "resolved")
        current = await r.audit.reopenFinding(orgId, findingId);
      if (patch.response !== undefined)
        current = await r.audit.respondToFinding(orgId, findingId, patch.response);
      if (current === null) throw errors.notFound("finding");
      await r.activity.record(
        orgId,
        actor,
        "audit.finding.updated",
        `Finding on ${current.controlId} ${patch.status === undefined ? "answered" : patch.status === "resolved" ? "resolved" : "reopened"}`,
        { findingId, ...patch },
      );
      return current;
    });
    return c.json(finding, 200);
  });

  routes.add(listGapReports, { kind: "org", action: "audit.read" }, async (c, auth) => {
    return c.json(await repositories(c.var.ctx.db).audit.listGapReports(orgOf(auth).orgId), 200);
  });

  routes.add(createGapReport, { kind: "org", action: "audit.gap-report" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const input = c.req.valid("json");
    const report = await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const open = (await r.audit.listFindings(orgId)).filter((f) => f.status === "open");
      if (open.length === 0)
        throw errors.conflict(
          "audit.no_open_findings",
          "There are no open findings: a gap report lists open action items.",
        );
      const created = await r.audit.createGapReport(orgId, {
        issuedOn: input.issuedOn,
        summary: input.summary ?? null,
        findings: open.map((f) => ({
          id: f.id,
          controlId: f.controlId,
          text: f.text,
          createdBy: f.createdBy,
          createdAt: f.createdAt,
        })),
        issuedByName: actor.name,
      });
      await r.activity.record(
        orgId,
        actor,
        "audit.gap_report",
        `Issued the gap report of ${input.issuedOn} with ${open.length} open finding(s)`,
        {
          gapReportId: created.id,
          findings: open.length,
        },
      );
      return created;
    });
    return c.json(report, 201);
  });

  routes.add(listResults, { kind: "org", action: "audit.read" }, async (c, auth) => {
    return c.json(await listAuditResults(c.var.ctx, orgOf(auth).orgId), 200);
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
    return c.json(await recordResult(c.var.ctx, orgOf(auth), c.req.valid("json")), 201);
  });

  routes.add(withdrawResult, { kind: "org", action: "audit.result" }, async (c, auth) => {
    const { resultId } = c.req.valid("param");
    return c.json(
      await withdrawAuditResult(c.var.ctx, orgOf(auth), resultId, c.req.valid("json").reason),
      200,
    );
  });

  routes.add(getBinder, { kind: "org", action: "audit.binder" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const ctx = c.var.ctx;
    const org = await repositories(ctx.db).organizations.get(orgId);
    if (org === undefined) throw errors.notFound("organization");
    const includePending = c.req.valid("query").pending === "1";
    const { stream, counts } = await streamBinder(ctx, orgId, org.name, actor.name, { includePending });
    // The counts are the manifest's: one line per file in the binder's evidence folders.
    await repositories(ctx.db).activity.record(
      orgId,
      actor,
      "audit.binder",
      `Downloaded the evidence binder (${binderCountsText(counts)}${includePending ? ", evidence pending review included" : ", approved evidence only"})`,
      { ...counts, includePending },
    );
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="${binderFileName(org.name, ctx.now())}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
