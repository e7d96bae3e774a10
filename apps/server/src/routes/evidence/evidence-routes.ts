import { createRoute, z } from "@hono/zod-openapi";
import { evidenceItemCounts } from "@specready/core";
import {
  type EvidenceItem as RepositoryItem,
  type EvidenceReview as RepositoryReview,
  type EvidenceRevision as RepositoryRevision,
  repositories,
} from "@specready/db";
import {
  ControlId,
  EvidenceCreate,
  EvidenceDetail,
  EvidenceItem,
  EvidencePatch,
  EvidenceRevision,
  EvidenceStatus,
  ReviewAction,
} from "../../api/audit-schemas.js";
import { errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { AppError, errors } from "../../errors/app-error.js";
import { answerOf } from "../../http/domain-errors.js";
import { refuseFormBody } from "../../http/form-body.js";
import { etagOf, expectedVersion } from "../../http/preconditions.js";
import { requestBody } from "../../http/request-body.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import type { AppContext } from "../../services/app-context.js";
import { evidenceVersions } from "../../services/audit-workspace-service.js";
import { addEvidenceRevision } from "../../services/evidence/add-evidence-revision.js";
import { createEvidence as createEvidenceCommand } from "../../services/evidence/create-evidence.js";
import { createFileEvidence as createFileEvidenceCommand } from "../../services/evidence/create-file-evidence.js";
import { deleteEvidence as deleteEvidenceCommand } from "../../services/evidence/delete-evidence.js";
import { openEvidenceRevision } from "../../services/evidence/open-evidence-revision.js";
import { reviewEvidence } from "../../services/evidence/review-evidence.js";
import { updateEvidence as updateEvidenceCommand } from "../../services/evidence/update-evidence.js";
import { approvalRule, policyOf } from "../../services/evidence-review-service.js";
import { evidenceTooLarge, storeEvidenceFile } from "../../services/evidence-service.js";
import { safeFileName } from "../../services/import-service.js";
import type { CommandAccess } from "../../services/mutation/command-access.js";

const tags = ["Evidence"];
const EvidenceParams = OrgParams.extend({ evidenceId: Uuid });
const binary = { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } };
const FileName = z.string().min(1).max(500).openapi({ example: "solution-design.docx" });
const ControlList = z
  .string()
  .max(400)
  .transform((text, ctx) => {
    const ids = text
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    for (const id of ids) {
      if (!ControlId.safeParse(id).success) {
        ctx.addIssue({ code: "custom", message: `${id} is not a control id such as B2.1` });
        return z.NEVER;
      }
    }
    if (ids.length === 0) {
      ctx.addIssue({ code: "custom", message: "link the evidence to at least one control" });
      return z.NEVER;
    }
    return ids;
  })
  .openapi({ example: "B2.1,B3.1", description: "Control ids, comma-separated" });

const listEvidence = createRoute({
  method: "get",
  path: "/orgs/{orgId}/evidence",
  tags,
  summary: "Evidence items, newest first; filter by control, status, project, or what is asked of you",
  request: {
    params: OrgParams,
    query: z.object({
      control: ControlId.optional(),
      status: EvidenceStatus.optional(),
      projectId: Uuid.optional(),
      mine: z.enum(["1", "0"]).optional().openapi({ description: "1: only items you created" }),
    }),
  },
  responses: { 200: json(z.array(EvidenceItem), "Items"), ...errorResponses(400, 401, 403, 404) },
});

const createEvidence = createRoute({
  method: "post",
  path: "/orgs/{orgId}/evidence",
  tags,
  summary: "Add a link or a note as evidence (files: POST …/evidence/files)",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: EvidenceCreate } } },
  },
  responses: { 201: json(EvidenceDetail, "Added"), ...errorResponses(400, 401, 403, 404) },
});

const createFileEvidence = createRoute({
  method: "post",
  path: "/orgs/{orgId}/evidence/files",
  tags,
  summary: "Upload a file as evidence (any type; the body is the file); it becomes revision 1",
  request: {
    params: OrgParams,
    query: z.object({
      title: z.string().trim().min(1).max(300),
      artifactType: z.string().trim().min(1).max(200),
      projectId: Uuid,
      controls: ControlList,
      fileName: FileName,
    }),
    body: { required: true, content: binary },
  },
  responses: {
    201: json(EvidenceDetail, "Stored"),
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

const getEvidence = createRoute({
  method: "get",
  path: "/orgs/{orgId}/evidence/{evidenceId}",
  tags,
  summary: "One evidence item with every revision and its review history",
  request: { params: EvidenceParams },
  responses: { 200: json(EvidenceDetail, "The item"), ...errorResponses(401, 403, 404) },
});

const updateEvidence = createRoute({
  method: "patch",
  path: "/orgs/{orgId}/evidence/{evidenceId}",
  tags,
  summary: "Change an item's title, artifact type, project, controls, link or note",
  request: {
    params: EvidenceParams,
    body: { required: true, content: { "application/json": { schema: EvidencePatch } } },
  },
  responses: { 200: json(EvidenceDetail, "Changed"), ...errorResponses(400, 401, 403, 404) },
});

const deleteEvidence = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/evidence/{evidenceId}",
  tags,
  summary: "Delete an item with all its revisions",
  request: { params: EvidenceParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
});

const addRevision = createRoute({
  method: "post",
  path: "/orgs/{orgId}/evidence/{evidenceId}/revisions",
  tags,
  summary: "Upload a new revision of a file item (the earlier revisions stay)",
  request: {
    params: EvidenceParams,
    query: z.object({ fileName: FileName }),
    body: { required: true, content: binary },
  },
  responses: {
    201: json(EvidenceRevision, "Stored"),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const downloadRevision = createRoute({
  method: "get",
  path: "/orgs/{orgId}/evidence/{evidenceId}/revisions/{revision}/content",
  tags,
  summary: "Download one revision's file (logged)",
  request: {
    params: EvidenceParams.extend({ revision: z.coerce.number().int().min(1).max(1_000_000) }),
  },
  responses: {
    200: { description: "The file", content: binary },
    ...errorResponses(401, 403, 404),
  },
});

const reviewEvidenceRoute = createRoute({
  method: "post",
  path: "/orgs/{orgId}/evidence/{evidenceId}/review",
  tags,
  summary:
    "Move an item through review: submit (draft → ready), approve (a partner admin other than the author of the current revision, unless the organization allows self-approval) or request changes with a comment (partner admins), reopen",
  request: {
    params: EvidenceParams,
    body: { required: true, content: { "application/json": { schema: ReviewAction } } },
  },
  responses: { 200: json(EvidenceDetail, "Reviewed"), ...errorResponses(400, 401, 403, 404, 409) },
});

/** `Content-Disposition` for a download: the name as given, quoted safely, and RFC 5987 for non-ASCII. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  // RFC 5987 allows fewer characters unencoded than encodeURIComponent leaves: ' ( ) * too.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Refuses a form body (not the file itself) and a declared length over the limit, before reading it. */
function checkUploadHeaders(
  c: { req: { header(name: string): string | undefined } },
  limitBytes: number,
): void {
  refuseFormBody(c);
  if (Number(c.req.header("content-length") ?? "0") > limitBytes)
    throw evidenceTooLarge("The file", limitBytes);
}

export function registerEvidenceRoutes(routes: SecuredRoutes): void {
  /**
   * The item with its revisions, reviews, whether the caller may approve it (and why not), and its
   * version for the ETag, read first: an ETag is never newer than the item it goes with.
   */
  const detail = async (ctx: AppContext, access: CommandAccess, id: string) => {
    const r = repositories(ctx.db);
    const version = await r.versions.of("evidence", access.orgId, id);
    const item = await r.evidence.get(access.orgId, id);
    if (item === null || version === null) throw errors.notFound("evidence item");
    const [revisions, reviews, policy] = await Promise.all([
      r.evidence.listRevisions(access.orgId, id),
      r.evidence.reviews(access.orgId, id),
      policyOf(ctx.db, access.orgId),
    ]);
    const rule = approvalRule(access, item, policy);
    return {
      etag: etagOf(version),
      body: {
        ...withActions(access.role, "evidence", shownItem(item)),
        revisions: revisions.map(shownRevision),
        reviews: reviews.map(shownReview),
        approvalRule: { allowed: rule.allowed, reason: rule.reason, selfApproval: rule.selfApproval },
      },
    };
  };
  const WHAT = "evidence item";

  routes.add(listEvidence, { kind: "org", action: "evidence.read" }, async (c, auth) => {
    const { orgId, userId } = commandAccess(auth);
    const q = c.req.valid("query");
    const createdBy = q.mine === "1" ? (userId ?? "00000000-0000-0000-0000-000000000000") : undefined;
    const items = await repositories(c.var.ctx.db).evidence.list(orgId, {
      control: q.control,
      status: q.status,
      projectId: q.projectId,
      createdBy,
    });
    return c.json(eachWithActions(orgOf(auth).role, "evidence", items.map(shownItem)), 200);
  });

  routes.add(
    createEvidence,
    { kind: "org", action: "evidence.write" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { id } = answerOf(await createEvidenceCommand(c.var.ctx, access, c.req.valid("json")));
      const { etag, body } = await detail(c.var.ctx, access, id);
      c.header("ETag", etag);
      return c.json(body, 201);
    },
    { versioned: WHAT },
  );

  routes.add(
    createFileEvidence,
    { kind: "org", action: "evidence.write" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const q = c.req.valid("query");
      const ctx = c.var.ctx;
      checkUploadHeaders(c, ctx.config.evidenceLimitBytes);
      const fileName = safeFileName(q.fileName);
      const { id } = answerOf(
        await createFileEvidenceCommand(ctx, access, {
          meta: {
            title: q.title,
            artifactType: q.artifactType,
            projectId: q.projectId,
            controls: q.controls,
          },
          fileName,
          store: (id) => storeEvidenceFile(ctx, access.orgId, id, 1, fileName, requestBody(c)),
        }),
      );
      const { etag, body } = await detail(ctx, access, id);
      c.header("ETag", etag);
      return c.json(body, 201);
    },
    { versioned: WHAT },
  );

  routes.add(
    getEvidence,
    { kind: "org", action: "evidence.read" },
    async (c, auth) => {
      const { etag, body } = await detail(c.var.ctx, commandAccess(auth), c.req.valid("param").evidenceId);
      c.header("ETag", etag);
      return c.json(body, 200);
    },
    { versioned: WHAT },
  );

  routes.add(
    updateEvidence,
    { kind: "org", action: "evidence.write" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { evidenceId } = c.req.valid("param");
      answerOf(
        await updateEvidenceCommand(c.var.ctx, access, {
          evidenceId,
          change: c.req.valid("json"),
          expected: expectedVersion(c),
        }),
      );
      const { etag, body } = await detail(c.var.ctx, access, evidenceId);
      c.header("ETag", etag);
      return c.json(body, 200);
    },
    { versioned: WHAT },
  );

  routes.add(
    deleteEvidence,
    { kind: "org", action: "evidence.write" },
    async (c, auth) => {
      const { evidenceId } = c.req.valid("param");
      answerOf(
        await deleteEvidenceCommand(c.var.ctx, commandAccess(auth), {
          evidenceId,
          expected: expectedVersion(c),
        }),
      );
      return c.body(null, 204);
    },
    { versioned: WHAT },
  );

  routes.add(
    addRevision,
    { kind: "org", action: "evidence.write" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { evidenceId } = c.req.valid("param");
      const ctx = c.var.ctx;
      const fileName = safeFileName(c.req.valid("query").fileName);
      const revision = answerOf(
        await addEvidenceRevision(ctx, access, {
          evidenceId,
          fileName,
          expected: expectedVersion(c),
          store: (revision) => {
            checkUploadHeaders(c, ctx.config.evidenceLimitBytes);
            return storeEvidenceFile(ctx, access.orgId, evidenceId, revision, fileName, requestBody(c));
          },
        }),
      );
      const version = await repositories(ctx.db).versions.of("evidence", access.orgId, evidenceId);
      if (version !== null) c.header("ETag", etagOf(version));
      return c.json(shownRevision(revision), 201);
    },
    { versioned: WHAT },
  );

  routes.add(downloadRevision, { kind: "org", action: "evidence.download" }, async (c, auth) => {
    const { evidenceId, revision } = c.req.valid("param");
    const opened = answerOf(
      await openEvidenceRevision(c.var.ctx, commandAccess(auth), { evidenceId, revision }),
    );
    if ("missing" in opened)
      throw new AppError(
        404,
        "evidence.file_missing",
        `The file of revision ${revision} is missing from the evidence storage; run \`specready storage check\`.`,
      );
    const row = opened.revision;
    const { Readable } = await import("node:stream");
    return new Response(Readable.toWeb(opened.content) as ReadableStream, {
      status: 200,
      headers: {
        // Never rendered by the browser in the app's origin: a download, with a sandbox for good measure.
        "Content-Type": "application/octet-stream",
        "Content-Disposition": attachmentHeader(row.fileName),
        "Content-Length": String(row.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, no-store",
        "X-Evidence-SHA256": row.sha256,
        "X-Evidence-Media-Type": row.mediaType,
      },
    });
  });

  routes.add(
    reviewEvidenceRoute,
    { kind: "org", action: "evidence.submit" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { evidenceId } = c.req.valid("param");
      answerOf(
        await reviewEvidence(c.var.ctx, access, {
          evidenceId,
          request: c.req.valid("json"),
          expected: expectedVersion(c),
        }),
      );
      const { etag, body } = await detail(c.var.ctx, access, evidenceId);
      c.header("ETag", etag);
      return c.json(body, 200);
    },
    { versioned: WHAT },
  );
}

/**
 * A revision as the API shows it: never the storage key (where the bytes are kept is the server's
 * business) nor the uploader's account id.
 */
function shownRevision(r: RepositoryRevision) {
  return {
    revision: r.revision,
    fileName: r.fileName,
    size: r.size,
    sha256: r.sha256,
    mediaType: r.mediaType,
    uploadedBy: r.uploadedBy,
    uploadedAt: r.uploadedAt,
  };
}

/**
 * An item as the API shows it: its approval without the approver's account id, and whether it counts
 * for the audit (approved for its content as it is now).
 */
function shownItem(item: RepositoryItem) {
  const { approval, authorId: _authorId, contentSha256: _content, ...rest } = item;
  return {
    ...rest,
    currentRevision: item.currentRevision === null ? null : shownRevision(item.currentRevision),
    approval:
      approval === null
        ? null
        : {
            revision: approval.revision,
            sha256: approval.sha256,
            by: approval.by,
            at: approval.at,
            selfApproved: approval.selfApproved,
          },
    counts: evidenceItemCounts({ ...item, ...evidenceVersions(item) }),
  };
}

/** A review as the API shows it: never the reviewer's account id. */
function shownReview({ actorId: _actorId, id: _id, ...review }: RepositoryReview) {
  return review;
}
