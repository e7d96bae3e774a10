import { createRoute, z } from "@hono/zod-openapi";
import { DEFAULT_SPECIALIZATION, parseCalendarDate, todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import type { Context } from "hono";
import { CalendarDate, Dashboard, Evaluation, errorResponses, json, OrgParams } from "../../api/schemas.js";
import { errors } from "../../errors/app-error.js";
import type { AppEnv } from "../../http/app-env.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import type { AppContext } from "../../services/app-context.js";
import { type EncodedJson, readinessOf } from "../../services/evaluation-service.js";
import { selectionFor } from "../../services/program-service.js";
import { specializationReadiness } from "../../services/specializations/specialization-readiness.js";

const tags = ["Readiness"];
const AsOfQuery = z.object({
  asOf: CalendarDate.optional().openapi({
    param: { name: "asOf", in: "query" },
    description: "Evaluate at this date (default: today, UTC)",
  }),
});

const DashboardQuery = AsOfQuery.extend({
  specialization: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/)
    .optional()
    .openapi({
      param: { name: "specialization", in: "query" },
      description:
        "A specialization the organization pursues (default: the AI Platform, `ai-platform-azure`)",
    }),
});

const getEvaluation = createRoute({
  method: "get",
  path: "/orgs/{orgId}/evaluation",
  tags,
  summary: "The readiness evaluation, identical to `specready check --format json` on the same data",
  request: { params: OrgParams, query: AsOfQuery },
  responses: { 200: json(Evaluation, "The evaluation"), ...errorResponses(400, 401, 404) },
});

const getDashboard = createRoute({
  method: "get",
  path: "/orgs/{orgId}/dashboard",
  tags,
  summary: "The evaluation and the data of the dashboard's charts, for one specialization pursued",
  request: { params: OrgParams, query: DashboardQuery },
  responses: { 200: json(Dashboard, "Evaluation and charts"), ...errorResponses(400, 401, 404) },
});

async function readiness(
  ctx: AppContext,
  orgId: string,
  asOfText: string | undefined,
  specialization?: string | undefined,
) {
  let asOf = todayFrom(ctx.now());
  if (asOfText !== undefined) {
    const d = parseCalendarDate(asOfText);
    // A bounded range: every date is an evaluation to compute and cache.
    if (d === undefined || d < "2000-01-01" || d > "2099-12-31")
      throw errors.invalidRequest([
        { path: "asOf", message: `${asOfText} is not a calendar date from 2000-01-01 to 2099-12-31` },
      ]);
    asOf = d;
  }
  if (specialization !== undefined && specialization !== DEFAULT_SPECIALIZATION)
    return specializationReadiness(ctx, orgId, specialization, asOf);
  // The organization's data version, read on every request (one row): a change made through any server
  // sharing the database is in the next evaluation on every one of them.
  const org = await repositories(ctx.db).organizations.get(orgId);
  if (org === undefined) throw errors.notFound("organization");
  // The version in effect on the date, or the one the organization pinned (as `specready check` chooses).
  return readinessOf(ctx, org, asOf, () => selectionFor(ctx, orgId, asOf));
}

/** Sends a cached JSON body, gzip-compressed when the client accepts it (browsers and fetch do). */
function sendJson(c: Context<AppEnv>, body: EncodedJson): Response {
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    Vary: "Accept-Encoding",
  };
  if (/\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
    headers["Content-Encoding"] = "gzip";
    return c.body(body.gzip as Uint8Array<ArrayBuffer>, 200, headers);
  }
  return c.body(body.bytes as Uint8Array<ArrayBuffer>, 200, headers);
}

export function registerEvaluationRoutes(routes: SecuredRoutes): void {
  routes.add(getEvaluation, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    const r = await readiness(c.var.ctx, orgOf(auth).orgId, c.req.valid("query").asOf);
    return sendJson(c as never, r.evaluationJson);
  });

  routes.add(getDashboard, { kind: "org", action: "evaluation.read" }, async (c, auth) => {
    const { asOf, specialization } = c.req.valid("query");
    const r = await readiness(c.var.ctx, orgOf(auth).orgId, asOf, specialization);
    return sendJson(c as never, r.dashboardJson);
  });
}
