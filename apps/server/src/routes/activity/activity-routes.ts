import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { ActivityEntry, CalendarDate, errorResponses, json, OrgParams } from "../../api/schemas.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";

const listActivity = createRoute({
  method: "get",
  path: "/orgs/{orgId}/activity",
  tags: ["Activity"],
  summary: "Every change, newest first, filtered and paged",
  request: {
    params: OrgParams,
    query: z.object({
      action: z.string().max(100).optional().openapi({ example: "import.created" }),
      actor: z.string().max(200).optional().openapi({ description: "Part of the actor's name" }),
      from: CalendarDate.optional(),
      to: CalendarDate.optional(),
      before: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .openapi({ description: "The `next` cursor of the previous page" }),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: {
    200: json(
      z.object({
        entries: z.array(ActivityEntry),
        next: z.number().int().nullable(),
        actions: z.array(z.string()),
      }),
      "A page of the log",
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerActivityRoutes(routes: SecuredRoutes): void {
  routes.add(listActivity, { kind: "org", action: "activity.read" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const r = repositories(c.var.ctx.db);
    const page = await r.activity.list(orgId, c.req.valid("query"));
    return c.json({ ...page, actions: await r.activity.actions(orgId) }, 200);
  });
}
