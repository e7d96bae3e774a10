import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { errorResponses, json, OrgParams } from "../../api/schemas.js";
import { errors } from "../../errors/app-error.js";
import { answerOf } from "../../http/domain-errors.js";
import { commandAccess, type SecuredRoutes } from "../../http/secured-route.js";
import { setTwoFactorPolicy } from "../../services/organization/set-two-factor-policy.js";

const putTwoFactorPolicy = createRoute({
  method: "put",
  path: "/orgs/{orgId}/two-factor-policy",
  tags: ["Organizations"],
  summary:
    "Require two-factor sign-in of every member (members without it set it up at their next visit); logged",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ required: z.boolean() }) } },
    },
  },
  responses: {
    200: json(z.object({ requireTwoFactor: z.boolean() }).openapi("TwoFactorPolicy"), "The policy"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerTwoFactorPolicyRoutes(routes: SecuredRoutes): void {
  routes.add(putTwoFactorPolicy, { kind: "org", action: "two-factor.require" }, async (c, auth) => {
    const access = commandAccess(auth);
    const { required } = c.req.valid("json");
    const me =
      access.userId === null
        ? undefined
        : await repositories(c.var.ctx.db).accountSecurity.twoFactor(access.userId);
    if (required && me?.enabledAt === undefined)
      throw errors.conflict(
        "two_factor.enrol_first",
        "Set up two-factor sign-in for yourself first (Two-factor sign-in, in your account menu): requiring it without would lock you out.",
      );
    const policy = answerOf(await setTwoFactorPolicy(c.var.ctx, access, { required }));
    c.var.ctx.securityLog.record({
      event: "two_factor.policy_changed",
      orgId: access.orgId,
      userId: access.userId ?? "",
      required: policy.requireTwoFactor,
    });
    return c.json(policy, 200);
  });
}
