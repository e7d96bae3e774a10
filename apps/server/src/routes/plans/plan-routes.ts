import { createRoute, z } from "@hono/zod-openapi";
import { CalendarDate, errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import {
  activePlan,
  computePlan,
  deletePlan,
  listPlans,
  savedPlan,
  savePlan,
} from "../../services/planner-service.js";

const tags = ["Plans"];
const PlanParams = OrgParams.extend({ planId: Uuid });

const Scenario = z
  .object({
    acr: z.array(z.record(z.string(), z.unknown())).optional().openapi({
      description:
        'ACR what-ifs, each from a month (YYYY-MM, not before the month in progress): `{type: "add", customer, customerName?, usdPerMonth: "500", from}`, `{type: "pal", customer, from}` (never retroactive), `{type: "stop", customer, from}`. A customer is its tenant id or name.',
    }),
    certifications: z.array(z.record(z.string(), z.unknown())).optional().openapi({
      description:
        "Certifications someone earns: `{person, personName?, certification, earnedOn: YYYY-MM-DD}`.",
    }),
  })
  .openapi("WhatIfScenario", {
    description:
      "A what-if scenario, the format of `specready plan --what-if FILE`; every problem is a 400 naming its field (`scenario.acr[0].from`).",
  });

const SavedPlan = z
  .object({
    id: z.string(),
    name: z.string(),
    auditDate: CalendarDate,
    scenario: Scenario,
    active: z.boolean(),
    createdBy: z.string(),
    updatedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("SavedPlan");

const PlanAction = z
  .object({ area: z.enum(["audit", "performance", "knowledge"]), by: CalendarDate, text: z.string() })
  .openapi("PlanAction");

const Plan = z
  .object({
    program: z.string(),
    asOf: CalendarDate,
    auditDate: CalendarDate,
    scenario: Scenario,
    allocation: z.record(z.string(), z.unknown()).openapi({
      description:
        "`ReferenceAllocation` of @specready/core: the fewest customers to ask for references on the audit date (`exact` says whether proven), per customer the controls, artifacts missing and the day its project ages out, and the control x customer `grid`.",
    }),
    forecast: z.record(z.string(), z.unknown()).openapi({
      description:
        "`AcrForecast` of @specready/core: actual and forecast months with a low/high band, per month the performance judged on its window (`met`, `shownOn` in Partner Center), `firstMetMonth`, `lapseMonth`, per-customer run rates.",
    }),
    certifications: z.record(z.string(), z.unknown()).openapi({
      description:
        "`CertificationPlan` of @specready/core: checks on the audit date and its next anniversary, actions (renew, link a Learn profile, sit an exam) with dates, and the timeline of who holds what.",
    }),
    actions: z.array(PlanAction),
    nextActions: z.array(PlanAction),
  })
  .openapi("Plan", {
    description: "The same object as `specready plan --format json` prints for the same data.",
  });

const SavePlanInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100),
  auditDate: CalendarDate,
  scenario: z.unknown().optional().openapi({ description: "A `WhatIfScenario` (default: none)" }),
  active: z.boolean().default(true),
});

const listRoute = createRoute({
  method: "get",
  path: "/orgs/{orgId}/plans",
  tags,
  summary: "The saved plans, the active one first",
  request: { params: OrgParams },
  responses: { 200: json(z.array(SavedPlan), "Saved plans"), ...errorResponses(401, 404) },
});

const previewRoute = createRoute({
  method: "post",
  path: "/orgs/{orgId}/plans/preview",
  tags,
  summary: "The plan for an audit date under a scenario, from today's data, without saving it",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ auditDate: CalendarDate, scenario: z.unknown().optional() }),
        },
      },
    },
  },
  responses: { 200: json(Plan, "The plan"), ...errorResponses(400, 401, 404) },
});

const activeRoute = createRoute({
  method: "get",
  path: "/orgs/{orgId}/plans/active",
  tags,
  summary: "The active plan and its next three actions (the dashboard's), or null",
  request: { params: OrgParams },
  responses: {
    200: json(
      z
        .object({ saved: SavedPlan, nextActions: z.array(PlanAction), problem: z.string().nullable() })
        .nullable()
        .openapi("ActivePlan"),
      "The active plan, or null when none is",
    ),
    ...errorResponses(401, 404),
  },
});

const saveRoute = createRoute({
  method: "post",
  path: "/orgs/{orgId}/plans",
  tags,
  summary:
    "Save a scenario under a name (replacing the plan of that name); an active plan replaces the active one",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: SavePlanInput } } },
  },
  responses: {
    201: json(z.object({ saved: SavedPlan, plan: Plan }), "Saved"),
    200: json(z.object({ saved: SavedPlan, plan: Plan }), "Replaced the plan of that name"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/orgs/{orgId}/plans/{planId}",
  tags,
  summary: "A saved plan, computed from today's data",
  request: { params: PlanParams },
  responses: {
    200: json(z.object({ saved: SavedPlan, plan: Plan }), "The plan"),
    ...errorResponses(400, 401, 404),
  },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/plans/{planId}",
  tags,
  summary: "Delete a saved plan",
  request: { params: PlanParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
});

export function registerPlanRoutes(routes: SecuredRoutes): void {
  routes.add(listRoute, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    return c.json(await listPlans(c.var.ctx, orgOf(auth).orgId), 200);
  });

  // Before /plans/{planId}: "preview" and "active" are not ids.
  routes.add(previewRoute, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    const body = c.req.valid("json");
    return c.json(await computePlan(c.var.ctx, orgOf(auth).orgId, body.auditDate, body.scenario), 200);
  });

  routes.add(activeRoute, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    return c.json(await activePlan(c.var.ctx, orgOf(auth).orgId), 200);
  });

  routes.add(saveRoute, { kind: "org", action: "plans.save" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const result = await savePlan(c.var.ctx, orgId, actor, c.req.valid("json"));
    return c.json({ saved: result.saved, plan: result.plan }, result.replaced ? 200 : 201);
  });

  routes.add(getRoute, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    return c.json(await savedPlan(c.var.ctx, orgOf(auth).orgId, c.req.valid("param").planId), 200);
  });

  routes.add(deleteRoute, { kind: "org", action: "plans.save" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    await deletePlan(c.var.ctx, orgId, actor, c.req.valid("param").planId);
    return c.body(null, 204);
  });
}
