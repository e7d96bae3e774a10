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
import type { OrgAccess } from "../../http/app-env.js";
import { AppError, errors } from "../../http/app-error.js";
import { refuseFormBody } from "../../http/form-body.js";
import { requestBody } from "../../http/request-body.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { evidenceVersions } from "../../services/audit-workspace-service.js";
import { approvalRule, policyOf, reviewEvidence } from "../../services/evidence-review-service.js";
import {
  canonicalArtifactType,
  checkEvidenceMeta,
  commitWithFile,
  evidenceTooLarge,
  newEvidenceId,
  recordEvidenceChange,
  storeEvidenceFile,
  verifiedDownload,
} from "../../services/evidence-service.js";
import { safeFileName } from "../../services/import-service.js";
import { StorageNotFoundError } from "../../storage/evidence-store.js";

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
  /** The item with its revisions, reviews, and whether the caller may approve it (and why not). */
  const detail = async (db: Parameters<typeof repositories>[0], access: OrgAccess, id: string) => {
    const r = repositories(db);
    const item = await r.evidence.get(access.orgId, id);
    if (item === null) throw errors.notFound("evidence item");
    const [revisions, reviews, policy] = await Promise.all([
      r.evidence.listRevisions(access.orgId, id),
      r.evidence.reviews(access.orgId, id),
      policyOf(db, access.orgId),
    ]);
    const rule = approvalRule(access, item, policy);
    return {
      ...shownItem(item),
      revisions: revisions.map(shownRevision),
      reviews: reviews.map(shownReview),
      approvalRule: { allowed: rule.allowed, reason: rule.reason, selfApproval: rule.selfApproval },
    };
  };

  routes.add(listEvidence, { kind: "org", action: "evidence.read" }, async (c, auth) => {
    const { orgId, principal } = orgOf(auth);
    const q = c.req.valid("query");
    const createdBy =
      q.mine === "1"
        ? principal.kind === "user"
          ? principal.user.id
          : "00000000-0000-0000-0000-000000000000"
        : undefined;
    const items = await repositories(c.var.ctx.db).evidence.list(orgId, {
      control: q.control,
      status: q.status,
      projectId: q.projectId,
      createdBy,
    });
    return c.json(items.map(shownItem), 200);
  });

  routes.add(createEvidence, { kind: "org", action: "evidence.write" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const input = c.req.valid("json");
    const ctx = c.var.ctx;
    const id = newEvidenceId();
    await ctx.db.transaction(async (tx) => {
      const controls = await checkEvidenceMeta(ctx, tx, orgId, input);
      await repositories(tx).evidence.create(orgId, {
        id,
        kind: input.kind,
        title: input.title,
        artifactType: canonicalArtifactType(ctx, controls, input.artifactType),
        projectId: input.projectId,
        url: input.kind === "link" ? input.url : null,
        note: input.kind === "note" ? input.note : null,
        controls,
        createdBy: principal.kind === "user" ? principal.user.id : null,
        createdByName: actor.name,
      });
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "evidence.created",
        `Added the ${input.kind} "${input.title}" for ${controls.join(", ")}`,
        {
          evidenceId: id,
          kind: input.kind,
          controls,
        },
      );
    });
    return c.json(await detail(ctx.db, orgOf(auth), id), 201);
  });

  routes.add(createFileEvidence, { kind: "org", action: "evidence.write" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const q = c.req.valid("query");
    const ctx = c.var.ctx;
    checkUploadHeaders(c, ctx.config.evidenceLimitBytes);
    const meta = {
      title: q.title,
      artifactType: q.artifactType,
      projectId: q.projectId,
      controls: q.controls,
    };
    // Checked before the body is read, so a wrong control or project costs no upload.
    const controls = await checkEvidenceMeta(ctx, ctx.db, orgId, meta);
    const fileName = safeFileName(q.fileName);
    const id = newEvidenceId();
    const file = await storeEvidenceFile(ctx, orgId, id, 1, fileName, requestBody(c));
    await commitWithFile(ctx, file, async (tx) => {
      const r = repositories(tx);
      // The project may have gone while the file was streaming in.
      await checkEvidenceMeta(ctx, tx, orgId, meta);
      const uploadedBy = principal.kind === "user" ? principal.user.id : null;
      await r.evidence.create(orgId, {
        id,
        kind: "file",
        title: q.title,
        artifactType: canonicalArtifactType(ctx, controls, q.artifactType),
        projectId: q.projectId,
        url: null,
        note: null,
        controls,
        createdBy: uploadedBy,
        createdByName: actor.name,
      });
      await r.evidence.addRevision(orgId, {
        evidenceId: id,
        storageKey: file.key,
        fileName,
        size: file.size,
        sha256: file.sha256,
        mediaType: file.mediaType,
        uploadedBy,
        uploadedByName: actor.name,
      });
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "evidence.created",
        `Uploaded "${q.title}" (${fileName}) for ${controls.join(", ")}`,
        {
          evidenceId: id,
          kind: "file",
          controls,
          fileName,
          size: file.size,
          sha256: file.sha256,
        },
      );
    });
    return c.json(await detail(ctx.db, orgOf(auth), id), 201);
  });

  routes.add(getEvidence, { kind: "org", action: "evidence.read" }, async (c, auth) => {
    return c.json(await detail(c.var.ctx.db, orgOf(auth), c.req.valid("param").evidenceId), 200);
  });

  routes.add(updateEvidence, { kind: "org", action: "evidence.write" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const { evidenceId } = c.req.valid("param");
    const patch = c.req.valid("json");
    const ctx = c.var.ctx;
    await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const item = await r.evidence.get(orgId, evidenceId);
      if (item === null) throw errors.notFound("evidence item");
      if (patch.url !== undefined && item.kind !== "link")
        throw errors.invalidRequest([
          { path: "url", message: `only a link has an address; this item is a ${item.kind}` },
        ]);
      if (patch.note !== undefined && item.kind !== "note")
        throw errors.invalidRequest([
          { path: "note", message: `only a note has a text; this item is a ${item.kind}` },
        ]);
      const meta = {
        title: patch.title ?? item.title,
        artifactType: patch.artifactType ?? item.artifactType,
        projectId: patch.projectId ?? item.project.id,
        controls: patch.controls ?? item.controls,
      };
      const controls = await checkEvidenceMeta(ctx, tx, orgId, meta);
      const artifactType = canonicalArtifactType(ctx, controls, meta.artifactType);
      // A new address or text is the editor's content from now on: by default they may not approve it.
      const rewritten =
        (patch.url !== undefined && patch.url !== item.url) ||
        (patch.note !== undefined && patch.note !== item.note);
      await r.evidence.update(orgId, evidenceId, {
        ...patch,
        artifactType,
        controls,
        author: rewritten
          ? { id: principal.kind === "user" ? principal.user.id : null, name: actor.name }
          : undefined,
      });
      // What really changed (a form sends every field, most as they were).
      const before: Record<string, unknown> = {
        title: item.title,
        artifactType: item.artifactType,
        projectId: item.project.id,
        controls: [...item.controls].sort(),
        url: item.url,
        note: item.note,
      };
      const after: Record<string, unknown> = {
        ...before,
        ...patch,
        artifactType,
        controls: [...controls].sort(),
      };
      const changed = Object.keys(patch).filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      // A reviewed item that now proves something else goes back to draft, as a new revision does:
      // what was approved is not what is there now. A new title changes nothing proven.
      const proving = changed.filter((k) => k !== "title");
      if (proving.length > 0 && (item.status === "approved" || item.status === "ready")) {
        await r.evidence.setStatus(orgId, evidenceId, item.status, "draft", {
          comment: `Changed after review (${proving.join(", ")})`,
          actorId: principal.kind === "user" ? principal.user.id : null,
          actorName: actor.name,
        });
      }
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "evidence.updated",
        `Changed "${meta.title}" (${changed.join(", ") || "nothing"})`,
        {
          evidenceId,
          changed,
        },
      );
    });
    return c.json(await detail(ctx.db, orgOf(auth), evidenceId), 200);
  });

  routes.add(deleteEvidence, { kind: "org", action: "evidence.write" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { evidenceId } = c.req.valid("param");
    const ctx = c.var.ctx;
    const keys = await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const item = await r.evidence.get(orgId, evidenceId);
      if (item === null) throw errors.notFound("evidence item");
      const removed = await r.evidence.delete(orgId, evidenceId);
      if (removed === null) throw errors.notFound("evidence item");
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "evidence.deleted",
        `Deleted "${item.title}" with ${removed.length} file revision(s)`,
        {
          evidenceId,
          title: item.title,
          revisions: removed.length,
        },
      );
      return removed;
    });
    // The rows are gone: the files go after the commit (a crash here leaves orphans the check finds).
    for (const key of keys) await ctx.evidenceStore.delete(key).catch(() => {});
    return c.body(null, 204);
  });

  routes.add(addRevision, { kind: "org", action: "evidence.write" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const { evidenceId } = c.req.valid("param");
    const ctx = c.var.ctx;
    const item = await repositories(ctx.db).evidence.get(orgId, evidenceId);
    if (item === null) throw errors.notFound("evidence item");
    if (item.kind !== "file")
      throw errors.conflict(
        "evidence.not_a_file",
        `"${item.title}" is a ${item.kind}; only files have revisions.`,
      );
    checkUploadHeaders(c, ctx.config.evidenceLimitBytes);
    const fileName = safeFileName(c.req.valid("query").fileName);
    const file = await storeEvidenceFile(
      ctx,
      orgId,
      evidenceId,
      item.revisionCount + 1,
      fileName,
      requestBody(c),
    );
    const revision = await commitWithFile(ctx, file, async (tx) => {
      const r = repositories(tx);
      const current = await r.evidence.get(orgId, evidenceId);
      if (current === null) throw errors.notFound("evidence item");
      const row = await r.evidence.addRevision(orgId, {
        evidenceId,
        storageKey: file.key,
        fileName,
        size: file.size,
        sha256: file.sha256,
        mediaType: file.mediaType,
        uploadedBy: principal.kind === "user" ? principal.user.id : null,
        uploadedByName: actor.name,
      });
      if (row === null) throw errors.notFound("evidence item");
      // A reviewed item that changes goes back to draft: what was approved is not what is there now.
      if (current.status === "approved" || current.status === "ready") {
        await r.evidence.setStatus(orgId, evidenceId, current.status, "draft", {
          comment: `Revision ${row.revision} uploaded after review`,
          actorId: principal.kind === "user" ? principal.user.id : null,
          actorName: actor.name,
        });
      }
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "evidence.revised",
        `Uploaded revision ${row.revision} of "${current.title}" (${fileName})`,
        {
          evidenceId,
          revision: row.revision,
          fileName,
          size: file.size,
          sha256: file.sha256,
        },
      );
      return row;
    });
    return c.json(shownRevision(revision), 201);
  });

  routes.add(downloadRevision, { kind: "org", action: "evidence.download" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { evidenceId, revision } = c.req.valid("param");
    const ctx = c.var.ctx;
    const r = repositories(ctx.db);
    const row = await r.evidence.getRevision(orgId, evidenceId, revision);
    if (row === null) throw errors.notFound("revision");
    let stream: Awaited<ReturnType<typeof ctx.evidenceStore.open>>;
    try {
      stream = await ctx.evidenceStore.open(row.storageKey);
    } catch (error) {
      if (error instanceof StorageNotFoundError)
        throw new AppError(
          404,
          "evidence.file_missing",
          `The file of revision ${revision} is missing from the evidence storage; run \`specready storage check\`.`,
        );
      throw error;
    }
    await r.activity.record(
      orgId,
      actor,
      "evidence.downloaded",
      `Downloaded revision ${revision} of ${row.fileName}`,
      {
        evidenceId,
        revision,
        sha256: row.sha256,
      },
    );
    const { Readable } = await import("node:stream");
    const verified = verifiedDownload(stream, row);
    return new Response(Readable.toWeb(verified) as ReadableStream, {
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

  routes.add(reviewEvidenceRoute, { kind: "org", action: "evidence.submit" }, async (c, auth) => {
    const access = orgOf(auth);
    const { evidenceId } = c.req.valid("param");
    await reviewEvidence(c.var.ctx, access, evidenceId, c.req.valid("json"));
    return c.json(await detail(c.var.ctx.db, access, evidenceId), 200);
  });
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
