import { createRoute, z } from "@hono/zod-openapi";
import { VersionsUsedSchema } from "../../api/evaluation-schemas.js";
import { errorResponses, json, OrgParams } from "../../api/schemas.js";
import { answerOf } from "../../http/domain-errors.js";
import { expectedVersion } from "../../http/preconditions.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { versionedSettingsView } from "../../http/versioned-settings.js";
import type { AppContext } from "../../services/app-context.js";
import { programSettingsView, updateProgramSettings } from "../../services/program-service.js";

const tags = ["Program versions"];

const Period = z.string().nullable();

const ProgramVersion = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string(),
    effectiveFrom: Period,
    effectiveTo: Period,
    period: z.string(),
    provisional: z.object({ label: z.string(), reason: z.string() }).nullable(),
    changes: z.array(z.string()),
  })
  .openapi("ProgramVersion");

const ProgramSettings = z
  .object({
    pinnedProgramId: z.string().nullable().openapi({
      description: "The version every evaluation uses; null: the version in effect on the evaluated date",
    }),
    includeProvisional: z.boolean().openapi({
      description: "Whether provisional versions (readings Microsoft has not published) are chosen by date",
    }),
    versions: z.array(ProgramVersion),
    today: VersionsUsedSchema.openapi({
      description:
        "The versions an evaluation of today uses with these settings (the evaluation's `versions`)",
    }),
  })
  .openapi("ProgramSettings");

const getSettings = createRoute({
  method: "get",
  path: "/orgs/{orgId}/program-settings",
  tags,
  summary: "The installed program versions and the organization's choice among them",
  request: { params: OrgParams },
  responses: { 200: json(ProgramSettings, "The settings"), ...errorResponses(401, 404) },
});

const putSettings = createRoute({
  method: "put",
  path: "/orgs/{orgId}/program-settings",
  tags,
  summary: "Pin a program version, or use the version in effect on each date; opt into provisional versions",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            pinnedProgramId: z.string().trim().min(1).max(100).nullable(),
            includeProvisional: z.boolean(),
          }),
        },
      },
    },
  },
  responses: { 200: json(ProgramSettings, "The settings"), ...errorResponses(400, 401, 403, 404) },
});

export function registerProgramSettingsRoutes(routes: SecuredRoutes): void {
  const view = (ctx: AppContext, orgId: string) => versionedSettingsView(ctx, orgId, programSettingsView);

  routes.add(
    getSettings,
    { kind: "org", action: "organization.read" },
    async (c, auth) => {
      const { etag, body } = await view(c.var.ctx, orgOf(auth).orgId);
      c.header("ETag", etag);
      return c.json(body, 200);
    },
    { versioned: "organization's settings" },
  );

  routes.add(
    putSettings,
    { kind: "org", action: "program.configure" },
    async (c, auth) => {
      const ctx = c.var.ctx;
      const access = commandAccess(auth);
      answerOf(
        await updateProgramSettings(ctx, access, { ...c.req.valid("json"), expected: expectedVersion(c) }),
      );
      const { etag, body } = await view(ctx, access.orgId);
      c.header("ETag", etag);
      return c.json(body, 200);
    },
    { versioned: "organization's settings" },
  );
}
