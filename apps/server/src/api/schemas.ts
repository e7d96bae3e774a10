import { z } from "@hono/zod-openapi";
import { parseCalendarDate } from "@specready/core";
import { importKinds, roles, tokenRoles } from "@specready/db";
import { actions } from "../auth/allowed-actions.js";
import {
  AuditPendingSchema,
  ChangeEventSchema,
  DashboardChartsSchema,
  JsonValue,
  RequirementResult,
  VersionsUsedSchema,
} from "./evaluation-schemas.js";

/*
 * The request and response schemas, defined once: OpenAPIHono validates requests with them and the
 * OpenAPI document at /api/openapi.json is generated from them.
 */

/**
 * A named schema or null. (`Named.nullable()` would make the component itself nullable in the
 * document, and drop the null where it is used: the web app's generated types would be wrong.)
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "auth.forbidden" }),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      problems: z.array(z.lazy(() => Problem)).optional(),
      problemTotal: z.number().int().optional(),
    }),
  })
  .openapi("Error");

export const Problem = z
  .object({
    file: z.string(),
    line: z.number().int().optional(),
    column: z.string().optional(),
    code: z.string(),
    message: z.string(),
  })
  .openapi("Problem");

export const Role = z.enum(roles).openapi("Role");
export const TokenRole = z.enum(tokenRoles).openapi("TokenRole");
export const ImportKind = z.enum(importKinds).openapi("ImportKind");
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date YYYY-MM-DD", abort: true })
  // The shape alone lets 2025-02-30 through, which PostgreSQL then refuses with a 500.
  .refine((text) => parseCalendarDate(text) !== undefined, "is not a calendar date")
  .openapi({ example: "2026-11-24", format: "date" });
export const Uuid = z.uuid({ message: "must be an id (UUID)" });

export const OrgParams = z.object({ orgId: Uuid.openapi({ param: { name: "orgId", in: "path" } }) });

export const Email = z.email({ message: "must be an email address" }).max(254);
export const Password = z.string().min(12, "must be at least 12 characters").max(200);
export const PersonName = z.string().trim().min(1, "must not be empty").max(200);

/** What the caller may do to a resource, from the policy table the routes authorize against. */
export const AllowedActions = z.array(z.enum(actions as [string, ...string[]])).openapi("AllowedActions", {
  description:
    "The actions of the policy table the caller may take on this resource now (role and state); the web app shows only these",
});

export const User = z.object({ id: z.string(), email: z.string(), name: z.string() }).openapi("User");
export const OrganizationSummary = z
  .object({ id: z.string(), name: z.string(), role: Role, allowedActions: AllowedActions })
  .openapi("OrganizationSummary");
export const Session = z
  .object({ user: User, organizations: z.array(OrganizationSummary), csrfToken: z.string() })
  .openapi("Session");

export const Application = z
  .object({
    submittedOn: CalendarDate,
    reference: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .openapi("Application");

export const ReviewPolicy = z
  .object({
    allowSelfApproval: z.boolean().openapi({
      description:
        "Whether the author of an item's current content may approve it (off by default: a second partner admin approves)",
    }),
    changedBy: z.string().nullable(),
    changedAt: z.string().nullable(),
  })
  .openapi("ReviewPolicy");

export const Organization = z
  .object({
    id: z.string(),
    name: z.string(),
    role: Role,
    application: orNull(Application),
    dataVersion: z.number().int(),
    reviewPolicy: ReviewPolicy,
    requireTwoFactor: z.boolean().openapi({ description: "Every member signs in with a code as well" }),
    entraPolicy: z
      .object({ allowedTenantIds: z.array(z.string()), requireEntra: z.boolean() })
      .openapi({ description: "The Microsoft (Entra ID) sign-in rules (PUT /orgs/{orgId}/entra-policy)" }),
    allowedActions: AllowedActions,
  })
  .openapi("Organization");

export const InputWarning = z
  .object({ code: z.string(), file: z.string().optional(), message: z.string(), count: z.number().int() })
  .openapi("InputWarning");

export const Import = z
  .object({
    id: z.string(),
    kind: ImportKind,
    fileName: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    rows: z.number().int(),
    months: z.array(z.string()),
    programId: z.string(),
    mapping: z.record(z.string(), z.string()),
    warnings: z.array(InputWarning),
    status: z.enum(["active", "reverted"]),
    createdAt: z.string(),
    createdBy: z.object({ id: z.string().nullable(), name: z.string() }),
    revertedAt: z.string().nullable(),
    allowedActions: AllowedActions,
  })
  .openapi("Import");

export const ColumnMapping = z
  .record(z.string(), z.string().min(1).max(500))
  .openapi("ColumnMapping", { example: { ACR_USD: "Revenue (USD)" } });

export const Upload = z
  .object({
    id: z.string(),
    kind: ImportKind,
    fileName: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    preview: z.object({
      header: z.array(z.string()),
      rows: z.array(z.array(z.string())),
      columns: z.array(
        z.object({
          name: z.string(),
          required: z.boolean(),
          description: z.string(),
          header: z.string().nullable(),
          matchedBy: z.enum(["mapping", "name"]).nullable(),
        }),
      ),
      missingRequired: z.array(z.string()),
      savedMapping: z.boolean(),
      truncated: z.boolean().openapi({
        description: "Some header or cell is longer than 200 characters and shown cut, ending in …",
      }),
    }),
  })
  .openapi("Upload");

const Status = z.enum(["met", "not_met", "no_data", "unknown"]);

const CertificationValues = z.object({
  personName: z.string().optional(),
  earnedDate: z.string().optional(),
  expirationDate: z.string().optional(),
  associated: z.boolean().optional(),
});

export const CertificationsPreview = z
  .object({
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
    unchanged: z.number().int(),
    conflicts: z.number().int(),
    lines: z
      .array(
        z.object({
          action: z.enum(["add", "change", "remove"]),
          personId: z.string(),
          certification: z.string(),
          before: CertificationValues.optional().openapi({ description: "The records now (change, remove)" }),
          after: CertificationValues.optional().openapi({
            description: "What the file makes of it (add, change)",
          }),
          fields: z.array(z.enum(["personName", "earnedDate", "expirationDate", "associated"])).optional(),
          conflict: z.boolean().openapi({
            description:
              "The row was added or changed on the People page since the last import: the file overwrites that",
          }),
          editedBy: z.string().optional(),
        }),
      )
      .openapi({ description: "At most 50 lines: conflicts first, then by person and certification" }),
    more: z.number().int().openapi({ description: "Lines left out of `lines`" }),
  })
  .openapi("CertificationsPreview");

export const ScorePreview = z
  .object({
    shownOn: z.string().openapi({ description: "The date of the history entry the import adds" }),
    fileName: z.string(),
    areas: z.array(
      z.object({
        area: z.string(),
        before: z.string().nullable().openapi({ description: "Total points before (null: none)" }),
        after: z.string().nullable(),
        metBefore: z.boolean(),
        metAfter: z.boolean(),
      }),
    ),
  })
  .openapi("ScorePreview");

export const ImportImpact = z
  .object({
    kind: ImportKind,
    replaces: z.enum(["kind", "months", "merge"]),
    measures: z.array(
      z.object({
        name: z.enum(["rows", "customers", "people"]),
        before: z.number().int(),
        after: z.number().int(),
      }),
    ),
    emptiesKind: z.boolean(),
    halved: z.array(z.enum(["rows", "customers", "people"])),
    needsConfirmation: z.boolean(),
    months: z
      .array(
        z.object({
          month: z.string(),
          replaces: z.boolean(),
          rowsBefore: z.number().int(),
          rowsAfter: z.number().int(),
          customersBefore: z.number().int(),
          customersAfter: z.number().int(),
          eligibleAcrBefore: z.string(),
          eligibleAcrAfter: z.string(),
          eligibleAcrChange: z.string(),
        }),
      )
      .optional(),
    eligibleAcrChange: z.string().optional(),
    message: z.string().nullable(),
    conflicts: z.array(z.string()).optional().openapi({
      description: "Certifications only: People-page edits the file would change or remove, in words",
    }),
    people: CertificationsPreview.optional().openapi({
      description: "Certifications only: what the file adds, changes and removes of the people records",
    }),
    score: ScorePreview.optional().openapi({
      description: "Capability score only: the entry the file adds to the score's history",
    }),
  })
  .openapi("ImportImpact");

export const ReadinessChange = z
  .object({
    asOf: z.string(),
    before: z.object({ ready: z.boolean(), eligibleToApply: z.boolean() }),
    after: z.object({ ready: z.boolean(), eligibleToApply: z.boolean() }),
    requirements: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        before: z.object({ status: Status, summary: z.string() }),
        after: z.object({ status: Status, summary: z.string() }),
        changed: z.boolean(),
      }),
    ),
    changed: z.boolean(),
  })
  .openapi("ReadinessChange");

export const ImportJob = z
  .object({
    id: z.string(),
    uploadId: z.string(),
    kind: ImportKind,
    fileName: z.string(),
    state: z.enum(["reading", "needs_confirmation", "saving", "done", "failed", "cancelled"]),
    bytesDone: z.number(),
    bytesTotal: z.number(),
    rows: z.number().int(),
    repeats: z
      .object({
        rows: z.number().int(),
        repeated: z.number().int(),
        complete: z.boolean(),
        message: z.string().nullable(),
      })
      .optional()
      .openapi({ description: "Rows that repeat an earlier row of the file exactly (kept and counted)" }),
    impact: ImportImpact.optional(),
    readiness: ReadinessChange.optional().openapi({
      description: "Readiness today before and after the import (as it would be, while it waits)",
    }),
    confirmations: z.array(z.enum(["replace", "repeats", "changes"])).optional(),
    code: z.string().optional(),
    import: Import.optional(),
    problems: z.array(Problem).optional(),
    problemTotal: z.number().int().optional(),
    message: z.string().optional(),
    version: z.number().int().optional().openapi({
      description:
        "Goes up at each change of the job: give it back as `after` when polling (`?wait=&after=`), and a change made since is answered at once",
    }),
  })
  .openapi("ImportJob");

export const Evaluation = z
  .object({
    program: z.string(),
    programName: z.string(),
    programVersion: z.string(),
    asOf: CalendarDate,
    ready: z.boolean(),
    eligibleToApply: z.boolean(),
    requirements: z.array(RequirementResult),
    timeline: z.array(ChangeEventSchema),
    warnings: z.array(InputWarning),
    inputs: z.array(z.object({ kind: z.string(), file: z.string(), rows: z.number().int() })),
    versions: VersionsUsedSchema,
  })
  .openapi("Evaluation", {
    description: "The same object as `specready check --format json` prints for the same data.",
  });

export const Dashboard = z
  .object({
    evaluation: Evaluation,
    charts: DashboardChartsSchema,
    auditPending: orNull(AuditPendingSchema).openapi({
      description: "null without an evidence register",
    }),
  })
  .openapi("Dashboard");

export const Member = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: Role,
    joinedAt: z.string(),
    allowedActions: AllowedActions,
  })
  .openapi("Member");

export const Invitation = z
  .object({
    id: z.string(),
    email: z.string(),
    role: Role,
    createdAt: z.string(),
    expiresAt: z.string(),
    emailedAt: z
      .string()
      .nullable()
      .openapi({ description: "When the link went to the address by e-mail; null: it was copied by hand" }),
    allowedActions: AllowedActions,
  })
  .openapi("Invitation");

export const ActivityEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({
      kind: z.enum(["user", "token", "system"]),
      id: z.string().nullable(),
      name: z.string(),
    }),
    action: z.string(),
    summary: z.string(),
    details: z.record(z.string(), JsonValue).openapi({ description: "What the action changed, by action" }),
  })
  .openapi("ActivityEntry");

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    role: TokenRole,
    prefix: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    allowedActions: AllowedActions,
  })
  .openapi("ApiToken");

/** The JSON error responses a route can give, for its OpenAPI description. */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503)[]) {
  const text: Record<number, string> = {
    400: "The request is invalid (`request.invalid`, with `issues`)",
    401: "Not signed in (`auth.required`)",
    403: "The role does not allow it (`auth.forbidden`), or the CSRF token is missing (`auth.csrf`)",
    404: "Unknown id, or another organization's (`not_found`)",
    409: "Conflicts with the current state",
    413: "The upload is larger than the limit (`upload.too_large`)",
    415: "The body is not of a type the route takes (`request.unsupported_media_type`)",
    422: "The file has problems (`import.invalid`, with `problems`)",
    429: "Too many sign-in attempts (`auth.rate_limited`), or, where a new password is set, another from the same network or for the same account is still being checked (`password.check_busy`); see Retry-After",
    503: "The database, the mail server (`mail.unavailable`) or Microsoft's sign-in service (`entra.unavailable`) is unreachable, or a new password could not be checked (`password.check_unavailable`)",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: text[s] as string, content: { "application/json": { schema: ErrorBody } } },
    ]),
  );
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}
