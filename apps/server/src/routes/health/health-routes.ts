import { createRoute, z } from "@hono/zod-openapi";
import { json } from "../../api/schemas.js";
import type { SecuredRoutes } from "../../http/secured-route.js";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Whether the server and its database answer",
  responses: {
    200: json(z.object({ status: z.literal("ok") }), "The database is reachable"),
    503: json(z.object({ status: z.literal("unavailable") }), "The database is unreachable"),
  },
});

export function registerHealthRoutes(routes: SecuredRoutes): void {
  routes.add(health, { kind: "public" }, async (c) => {
    const ok = await c.var.ctx.db.ping();
    c.header("Cache-Control", "no-store");
    return ok ? c.json({ status: "ok" as const }, 200) : c.json({ status: "unavailable" as const }, 503);
  });
}
