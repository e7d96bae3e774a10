import { createRoute, z } from "@hono/zod-openapi";
import {
  ActivePlan,
  Plan,
  PreviewInput,
  SavedPlan,
  SavedPlanWithPlan,
  SavePlanInput,
} from "../../api/plan-schemas.js";
import { errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { answerOf } from "../../http/domain-errors.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { deletePlan } from "../../services/plans/delete-plan.js";
import { activePlan, computePlan, listPlans, savedPlan } from "../../services/plans/plan-queries.js";
import { savePlan } from "../../services/plans/save-plan.js";

const tags = ["Plans"];
const PlanParams = OrgParams.extend({ planId: Uuid });

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
        "application/json": { schema: PreviewInput },
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
    200: json(ActivePlan, "The active plan, or null when none is"),
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
    201: json(SavedPlanWithPlan, "Saved"),
    200: json(SavedPlanWithPlan, "Replaced the plan of that name"),
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
    200: json(SavedPlanWithPlan, "The plan"),
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
    const { orgId, role } = orgOf(auth);
    return c.json(eachWithActions(role, "savedPlan", await listPlans(c.var.ctx, orgId)), 200);
  });

  // Before /plans/{planId}: "preview" and "active" are not ids.
  routes.add(previewRoute, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    const body = c.req.valid("json");
    return c.json(
      answerOf(await computePlan(c.var.ctx, orgOf(auth).orgId, body.auditDate, body.scenario)),
      200,
    );
  });

  routes.add(activeRoute, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    const active = await activePlan(c.var.ctx, orgId);
    return c.json(
      active === null ? null : { ...active, saved: withActions(role, "savedPlan", active.saved) },
      200,
    );
  });

  routes.add(saveRoute, { kind: "org", action: "plans.save" }, async (c, auth) => {
    const access = commandAccess(auth);
    const result = answerOf(await savePlan(c.var.ctx, access, c.req.valid("json")));
    return c.json(
      { saved: withActions(access.role, "savedPlan", result.saved), plan: result.plan },
      result.replaced ? 200 : 201,
    );
  });

  routes.add(getRoute, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    const found = answerOf(await savedPlan(c.var.ctx, orgId, c.req.valid("param").planId));
    return c.json({ saved: withActions(role, "savedPlan", found.saved), plan: found.plan }, 200);
  });

  routes.add(deleteRoute, { kind: "org", action: "plans.save" }, async (c, auth) => {
    answerOf(await deletePlan(c.var.ctx, commandAccess(auth), { planId: c.req.valid("param").planId }));
    return c.body(null, 204);
  });
}
