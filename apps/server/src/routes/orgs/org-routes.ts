import { createRoute, z } from "@hono/zod-openapi";
import { parseCalendarDate } from "@specready/core";
import { repositories } from "@specready/db";
import {
  Application,
  CalendarDate,
  errorResponses,
  json,
  Organization,
  OrganizationSummary,
  OrgParams,
  PersonName,
  ReviewPolicy,
} from "../../api/schemas.js";
import { withActions } from "../../auth/allowed-actions.js";
import { errors } from "../../errors/app-error.js";
import { answerOf } from "../../http/domain-errors.js";
import { etagOf, expectedVersion } from "../../http/preconditions.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { policyOf } from "../../services/evidence-review-service.js";
import { recordApplication } from "../../services/organization/record-application.js";
import { setReviewPolicy } from "../../services/organization/set-review-policy.js";
import { createOrganization } from "../../services/session-service.js";

const tags = ["Organizations"];

const listOrgs = createRoute({
  method: "get",
  path: "/orgs",
  tags,
  summary: "The organizations the caller belongs to (a token: its own)",
  responses: { 200: json(z.array(OrganizationSummary), "Organizations"), ...errorResponses(401) },
});

const createOrg = createRoute({
  method: "post",
  path: "/orgs",
  tags,
  summary: "Create an organization; the caller becomes its partner admin",
  request: {
    body: { required: true, content: { "application/json": { schema: z.object({ name: PersonName }) } } },
  },
  responses: { 201: json(OrganizationSummary, "Created"), ...errorResponses(400, 401, 403) },
});

const getOrg = createRoute({
  method: "get",
  path: "/orgs/{orgId}",
  tags,
  summary: "One organization, the caller's role in it and the recorded application",
  request: { params: OrgParams },
  responses: { 200: json(Organization, "The organization"), ...errorResponses(401, 404) },
});

const putApplication = createRoute({
  method: "put",
  path: "/orgs/{orgId}/application",
  tags,
  summary: "Record that the specialization application was submitted in Partner Center",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ submittedOn: CalendarDate, reference: z.string().trim().max(200).optional() }),
        },
      },
    },
  },
  responses: { 200: json(Application, "Recorded"), ...errorResponses(400, 401, 403, 404) },
});

const putReviewPolicy = createRoute({
  method: "put",
  path: "/orgs/{orgId}/review-policy",
  tags,
  summary:
    "Whether people may approve evidence they uploaded or wrote themselves (off by default: a second partner admin approves); logged",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ allowSelfApproval: z.boolean() }) } },
    },
  },
  responses: { 200: json(ReviewPolicy, "The policy"), ...errorResponses(400, 401, 403, 404) },
});

export function registerOrgRoutes(routes: SecuredRoutes): void {
  routes.add(listOrgs, { kind: "signed-in" }, async (c, auth) => {
    const r = repositories(c.var.ctx.db);
    const p = auth.principal;
    if (p?.kind === "token") {
      const org = await r.organizations.get(p.token.orgId);
      const role = p.token.role;
      return c.json(
        org === undefined ? [] : [withActions(role, "organization", { id: org.id, name: org.name, role })],
        200,
      );
    }
    const orgs = await r.organizations.listForUser(p?.kind === "user" ? p.user.id : "");
    return c.json(
      orgs.map((o) => withActions(o.role, "organization", o)),
      200,
    );
  });

  routes.add(createOrg, { kind: "signed-in", users: true }, async (c, auth) => {
    const { name } = c.req.valid("json");
    if (auth.principal?.kind !== "user") throw errors.authRequired();
    const user = auth.principal.user;
    const id = await c.var.ctx.db.transaction((tx) => createOrganization(tx, name, user));
    return c.json(
      withActions("partner_admin", "organization", { id, name, role: "partner_admin" as const }),
      201,
    );
  });

  routes.add(getOrg, { kind: "org", action: "organization.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    const r = repositories(c.var.ctx.db);
    const org = await r.organizations.get(orgId);
    if (org === undefined) throw errors.notFound("organization");
    return c.json(
      withActions(role, "organization", {
        id: org.id,
        name: org.name,
        role,
        application: await r.applications.get(orgId),
        dataVersion: org.dataVersion,
        reviewPolicy: await policyOf(c.var.ctx.db, orgId),
        requireTwoFactor: (await r.organizations.requiresTwoFactor(orgId)) ?? false,
        entraPolicy: (await r.entra.policy(orgId)) ?? { allowedTenantIds: [], requireEntra: false },
      }),
      200,
    );
  });

  routes.add(
    putReviewPolicy,
    { kind: "org", action: "review-policy.change" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { allowSelfApproval } = c.req.valid("json");
      const policy = answerOf(
        await setReviewPolicy(c.var.ctx, access, { allowSelfApproval, expected: expectedVersion(c) }),
      );
      const version = await repositories(c.var.ctx.db).versions.settings(access.orgId);
      if (version !== null) c.header("ETag", etagOf(version));
      return c.json(policy, 200);
    },
    { versioned: "organization's settings" },
  );

  routes.add(putApplication, { kind: "org", action: "application.record" }, async (c, auth) => {
    const body = c.req.valid("json");
    if (parseCalendarDate(body.submittedOn) === undefined) {
      throw errors.invalidRequest([
        { path: "submittedOn", message: `${body.submittedOn} is not a calendar date` },
      ]);
    }
    return c.json(answerOf(await recordApplication(c.var.ctx, commandAccess(auth), body)), 200);
  });
}
