import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, json, OrgParams } from "../../api/schemas.js";
import { answerOf } from "../../http/domain-errors.js";
import { expectedVersion } from "../../http/preconditions.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { versionedSettingsView } from "../../http/versioned-settings.js";
import type { AppContext } from "../../services/app-context.js";
import { setSpecializations } from "../../services/specializations/set-specializations.js";
import { specializationsView } from "../../services/specializations/specialization-readiness.js";

const tags = ["Specializations"];

const RequirementState = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(["met", "not_met", "no_data", "unknown"]),
  summary: z.string(),
});

const SpecializationSummary = z
  .object({
    specialization: z.string(),
    name: z.string(),
    programId: z.string(),
    programVersion: z.string(),
    ready: z.boolean(),
    eligibleToApply: z.boolean(),
    requirements: z.array(RequirementState),
  })
  .openapi("SpecializationSummary");

const Specializations = z
  .object({
    installed: z.array(z.object({ specialization: z.string(), name: z.string() })).openapi({
      description: "The specializations the program data defines, the AI Platform first",
    }),
    pursued: z.array(z.string()).openapi({ description: "The specializations the organization pursues" }),
    summary: z.array(SpecializationSummary).openapi({
      description:
        "Each pursued specialization's requirements today, from the same usage, certifications and evidence",
    }),
  })
  .openapi("Specializations");

const getSpecializations = createRoute({
  method: "get",
  path: "/orgs/{orgId}/specializations",
  tags,
  summary: "The specializations pursued, and a summary of each one's readiness today",
  request: { params: OrgParams },
  responses: { 200: json(Specializations, "The specializations"), ...errorResponses(401, 404) },
});

const putSpecializations = createRoute({
  method: "put",
  path: "/orgs/{orgId}/specializations",
  tags,
  summary: "Choose the specializations the organization pursues",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            specializations: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
          }),
        },
      },
    },
  },
  responses: { 200: json(Specializations, "The specializations"), ...errorResponses(400, 401, 403, 404) },
});

export function registerSpecializationRoutes(routes: SecuredRoutes): void {
  const view = (ctx: AppContext, orgId: string) => versionedSettingsView(ctx, orgId, specializationsView);

  routes.add(
    getSpecializations,
    { kind: "org", action: "organization.read" },
    async (c, auth) => {
      const { etag, body } = await view(c.var.ctx, orgOf(auth).orgId);
      c.header("ETag", etag);
      return c.json(body, 200);
    },
    { versioned: "organization's settings" },
  );

  routes.add(
    putSpecializations,
    { kind: "org", action: "program.configure" },
    async (c, auth) => {
      const ctx = c.var.ctx;
      const access = commandAccess(auth);
      answerOf(
        await setSpecializations(ctx, access, {
          specializations: c.req.valid("json").specializations,
          expected: expectedVersion(c),
        }),
      );
      const { etag, body } = await view(ctx, access.orgId);
      c.header("ETag", etag);
      return c.json(body, 200);
    },
    { versioned: "organization's settings" },
  );
}
