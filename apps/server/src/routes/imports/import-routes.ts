import { createRoute, z } from "@hono/zod-openapi";
import { type Role, repositories } from "@specready/db";
import {
  ColumnMapping,
  errorResponses,
  Import,
  ImportJob,
  ImportKind,
  json,
  OrgParams,
  Upload,
  Uuid,
} from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { errors } from "../../errors/app-error.js";
import { answerOf } from "../../http/domain-errors.js";
import { refuseFormBody } from "../../http/form-body.js";
import { requestBody } from "../../http/request-body.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { type ImportJob as ImportJobRecord, PROGRESS_EVERY_MS } from "../../services/import-jobs.js";
import {
  cancelImport,
  checkMapping,
  confirmImport,
  discardUpload as discardUploadFile,
  receiveUpload,
  safeFileName,
  startImport,
  uploadPreview,
} from "../../services/import-service.js";
import { undoImport } from "../../services/imports/undo-import.js";

const tags = ["Imports"];

const createUpload = createRoute({
  method: "post",
  path: "/orgs/{orgId}/uploads",
  tags,
  summary: "Upload a Partner Center file (CSV or XLSX, as downloaded) and get its preview and column mapping",
  description:
    "Send the file as the raw request body. Nothing is imported yet: confirm the mapping with `POST …/uploads/{uploadId}/import`.",
  request: {
    params: OrgParams,
    query: z.object({
      kind: ImportKind,
      fileName: z.string().min(1).max(500).openapi({ example: "azure-usage.csv" }),
    }),
    body: {
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
      required: true,
    },
  },
  responses: {
    201: json(Upload, "Stored, with its preview"),
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

const Confirmations = {
  confirmReplace: z.boolean().default(false).openapi({
    description:
      "Import even though it leaves its kind with no records, or removes more than half of the rows, customers or people in effect (usage: of the months it covers)",
  }),
  confirmRepeats: z.boolean().default(false).openapi({
    description:
      "Import even though some rows repeat an earlier row of the file exactly (they are kept and counted)",
  }),
  confirmChanges: z.boolean().default(false).openapi({
    description:
      "Apply an import that was asked for with `preview` (its job lists the confirmation `changes`), after reading what it adds, changes and removes",
  }),
};

const UploadParams = OrgParams.extend({ uploadId: Uuid });

const getUpload = createRoute({
  method: "get",
  path: "/orgs/{orgId}/uploads/{uploadId}",
  tags,
  summary: "The preview of an upload again, with a column mapping to try",
  request: {
    params: UploadParams,
    query: z.object({
      mapping: z.string().max(20_000).optional().openapi({ description: "A ColumnMapping as JSON text" }),
    }),
  },
  responses: { 200: json(Upload, "The preview"), ...errorResponses(400, 401, 403, 404, 422) },
});

const discardUpload = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/uploads/{uploadId}",
  tags,
  summary:
    "Discard an upload that is not imported: its file no longer counts against the pending-uploads cap",
  request: { params: UploadParams },
  responses: { 204: { description: "Discarded" }, ...errorResponses(401, 403, 404) },
});

const runImport = createRoute({
  method: "post",
  path: "/orgs/{orgId}/uploads/{uploadId}/import",
  tags,
  summary: "Import an upload with a column mapping; runs in the background (poll the job)",
  request: {
    params: UploadParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            mapping: ColumnMapping.default({}),
            rememberMapping: z.boolean().default(true),
            preview: z.boolean().default(false).openapi({
              description:
                "Stop before applying: the job waits in `needs_confirmation` (confirmations include `changes`) with its `impact`: for certifications every row it adds, changes and removes of the people records (`impact.people`, conflicts with People-page edits flagged), for a capability score the entry it adds to the history (`impact.score`). Confirm with `confirmChanges` to apply; cancel and nothing changes",
            }),
            ...Confirmations,
          }),
        },
      },
    },
  },
  responses: { 202: json(z.object({ jobId: z.string() }), "Started"), ...errorResponses(400, 401, 403, 404) },
});

const JobParams = OrgParams.extend({ jobId: Uuid });

/** The longest a poll of a job may wait for its next change. */
const MOST_WAIT_MS = 10_000;

/** Resolves after `ms`, or at once when `signal` aborts (the client went away). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal.aborted) done();
    else signal.addEventListener("abort", done, { once: true });
  });
}

const getJob = createRoute({
  method: "get",
  path: "/orgs/{orgId}/import-jobs/{jobId}",
  tags,
  summary:
    "The progress of an import: bytes read, then the import and what it changed, what it waits to have confirmed, or every problem",
  description:
    "With `wait` (milliseconds), a job still reading or saving is answered at its next change instead of at once: its state, or its progress (about twice a second), or when `wait` has passed. With `after`, the `version` of the job the client saw last, a job changed since is answered at once. A client polling with both sees the end of an import when it happens.",
  request: {
    params: JobParams,
    query: z.object({
      wait: z.coerce
        .number()
        .int()
        .min(0)
        .max(MOST_WAIT_MS)
        .default(0)
        .openapi({ description: `Milliseconds to wait for the job's next change (at most ${MOST_WAIT_MS})` }),
      after: z.coerce.number().int().min(0).optional().openapi({
        description: "The `version` of the job last seen: a job changed since is answered at once",
      }),
    }),
  },
  responses: { 200: json(ImportJob, "The job"), ...errorResponses(401, 403, 404) },
});

const confirmJob = createRoute({
  method: "post",
  path: "/orgs/{orgId}/import-jobs/{jobId}/confirm",
  tags,
  summary:
    "Confirm an import waiting for it (state needs_confirmation); it is then committed in the background",
  description:
    "The body must confirm everything the job's `confirmations` lists: without it, 409 `import.confirm_replace`, `import.confirm_repeats` or `import.confirm_changes` and nothing changes.",
  request: {
    params: JobParams,
    body: { required: true, content: { "application/json": { schema: z.object(Confirmations) } } },
  },
  responses: { 202: json(ImportJob, "Confirmed: saving"), ...errorResponses(400, 401, 403, 404, 409) },
});

const cancelJob = createRoute({
  method: "post",
  path: "/orgs/{orgId}/import-jobs/{jobId}/cancel",
  tags,
  summary: "Cancel an import being read or waiting for its confirmation; the upload stays, to import again",
  request: { params: JobParams },
  responses: { 200: json(ImportJob, "Cancelled (or cancelling)"), ...errorResponses(401, 403, 404, 409) },
});

const listImports = createRoute({
  method: "get",
  path: "/orgs/{orgId}/imports",
  tags,
  summary: "Every import, newest first",
  request: { params: OrgParams },
  responses: { 200: json(z.array(Import), "Imports"), ...errorResponses(401, 404) },
});

const revertImport = createRoute({
  method: "post",
  path: "/orgs/{orgId}/imports/{importId}/revert",
  tags,
  summary: "Undo an import: what was in effect before it is in effect again",
  request: { params: OrgParams.extend({ importId: Uuid }) },
  responses: { 200: json(Import, "Reverted"), ...errorResponses(401, 403, 404, 409) },
});

const getMappings = createRoute({
  method: "get",
  path: "/orgs/{orgId}/column-mappings",
  tags,
  summary: "The column mappings remembered per file kind",
  request: { params: OrgParams },
  responses: {
    200: json(z.record(z.string(), ColumnMapping), "Mappings by kind"),
    ...errorResponses(401, 403, 404),
  },
});

export function registerImportRoutes(routes: SecuredRoutes): void {
  routes.add(createUpload, { kind: "org", action: "imports.create" }, async (c, auth) => {
    const { orgId, principal, actor } = orgOf(auth);
    const { kind, fileName } = c.req.valid("query");
    refuseFormBody(c);
    const uploaded = await receiveUpload(c.var.ctx, orgId, {
      kind,
      fileName: safeFileName(fileName),
      declaredLength: Number(c.req.header("content-length") ?? "0"),
      body: requestBody(c),
      actor,
      userId: principal.kind === "user" ? principal.user.id : null,
    });
    return c.json(uploaded, 201);
  });

  routes.add(getUpload, { kind: "org", action: "imports.create" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const { uploadId } = c.req.valid("param");
    const { mapping: mappingText } = c.req.valid("query");
    const upload = await repositories(c.var.ctx.db).imports.getUpload(orgId, uploadId);
    if (upload === undefined) throw errors.notFound("upload");
    let mapping: Record<string, string> | undefined;
    if (mappingText !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(mappingText);
      } catch {
        throw errors.invalidRequest([{ path: "mapping", message: "is not JSON" }]);
      }
      const checked = ColumnMapping.safeParse(parsed);
      if (!checked.success)
        throw errors.invalidRequest([{ path: "mapping", message: "must map column names to header texts" }]);
      mapping = checked.data;
      checkMapping(upload.kind, mapping);
    }
    return c.json(await uploadPreview(c.var.ctx, orgId, upload, mapping), 200);
  });

  routes.add(discardUpload, { kind: "org", action: "imports.create" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    if (!(await discardUploadFile(c.var.ctx, orgId, c.req.valid("param").uploadId)))
      throw errors.notFound("upload (it was imported already, or removed after a day)");
    return c.body(null, 204);
  });

  routes.add(runImport, { kind: "org", action: "imports.create" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const { uploadId } = c.req.valid("param");
    const { mapping, rememberMapping, preview, confirmReplace, confirmRepeats, confirmChanges } =
      c.req.valid("json");
    const ctx = c.var.ctx;
    const upload = await repositories(ctx.db).imports.getUpload(orgId, uploadId);
    if (upload === undefined)
      throw errors.notFound("upload (it was imported already, or removed after a day)");
    checkMapping(upload.kind, mapping);
    const job = await startImport(ctx, orgId, upload, {
      mapping,
      remember: rememberMapping,
      actor,
      userId: principal.kind === "user" ? principal.user.id : null,
      tokenId: principal.kind === "token" ? principal.token.id : null,
      confirmReplace,
      confirmRepeats,
      preview,
      confirmChanges,
    });
    return c.json({ jobId: job.id }, 202);
  });

  routes.add(getJob, { kind: "org", action: "imports.create" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const { jobId } = c.req.valid("param");
    const { wait, after } = c.req.valid("query");
    const { jobs } = c.var.ctx;
    const running = (j: ImportJobRecord) => j.state === "reading" || j.state === "saving";
    const unseen = (j: ImportJobRecord) => after !== undefined && (j.version ?? 0) !== after;
    const signal = c.req.raw.signal;
    let job = await jobs.find(orgId, jobId);
    if (job === undefined) throw errors.notFound("import job");
    if (wait > 0 && running(job) && !unseen(job)) {
      const until = Date.now() + wait;
      // Looked at and watched in the same turn: a change cannot come between.
      const own = jobs.get(orgId, jobId);
      if (own !== undefined && running(own)) {
        await jobs.nextChange(jobId, wait, signal);
        // Written for the other servers first (a job waiting for a confirmation is read back stored),
        // within the wait.
        await Promise.race([jobs.saved(jobId), sleep(until - Date.now(), signal)]);
      } else {
        // Another server's (or taken over by another since this one parked it): that one writes the
        // job's progress twice a second.
        await sleep(Math.min(wait, PROGRESS_EVERY_MS), signal);
      }
      job = (await jobs.find(orgId, jobId)) ?? job;
    }
    c.header("Cache-Control", "no-store");
    return c.json(presentJob(job, orgOf(auth).role), 200);
  });

  routes.add(confirmJob, { kind: "org", action: "imports.create" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const job = await confirmImport(c.var.ctx, orgId, c.req.valid("param").jobId, c.req.valid("json"), {
      actor,
      userId: principal.kind === "user" ? principal.user.id : null,
      tokenId: principal.kind === "token" ? principal.token.id : null,
    });
    return c.json(presentJob(job, orgOf(auth).role), 202);
  });

  routes.add(cancelJob, { kind: "org", action: "imports.create" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const job = await cancelImport(c.var.ctx, orgId, c.req.valid("param").jobId, actor);
    return c.json(presentJob(job, orgOf(auth).role), 200);
  });

  routes.add(listImports, { kind: "org", action: "imports.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    return c.json(eachWithActions(role, "import", await repositories(c.var.ctx.db).imports.list(orgId)), 200);
  });

  routes.add(revertImport, { kind: "org", action: "imports.revert" }, async (c, auth) => {
    const access = commandAccess(auth);
    const reverted = answerOf(await undoImport(c.var.ctx, access, c.req.valid("param")));
    return c.json(withActions(access.role, "import", reverted), 200);
  });

  routes.add(getMappings, { kind: "org", action: "mappings.read" }, async (c, auth) => {
    return c.json(await repositories(c.var.ctx.db).imports.mappings(orgOf(auth).orgId), 200);
  });
}

/** A job as the API shows it: without its organization and bookkeeping. */
function presentJob(job: ImportJobRecord, role: Role) {
  const { orgId: _org, finishedAt: _done, ...body } = job;
  return body.import === undefined ? body : { ...body, import: withActions(role, "import", body.import) };
}
