import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, json, OrgParams } from "../../api/schemas.js";
import { answerOf } from "../../http/domain-errors.js";
import { commandAccess, type SecuredRoutes } from "../../http/secured-route.js";
import { MAX_ENTRA_TENANTS, setEntraPolicy } from "../../services/organization/set-entra-policy.js";

export const EntraPolicy = z
  .object({
    allowedTenantIds: z.array(z.string()).openapi({
      description:
        "After a Microsoft sign-in, only people of these Entra tenants (GUIDs) may use the organization; empty: any tenant",
    }),
    requireEntra: z
      .boolean()
      .openapi({ description: "Members must sign in with Microsoft: a password session is refused" }),
  })
  .openapi("EntraPolicy");

const putEntraPolicy = createRoute({
  method: "put",
  path: "/orgs/{orgId}/entra-policy",
  tags: ["Organizations"],
  summary:
    "Set the Microsoft (Entra ID) sign-in rules: the tenants accepted, and whether Microsoft sign-in is required (only from a Microsoft sign-in of an accepted tenant); logged",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            allowedTenantIds: z.array(z.string().max(100)).max(MAX_ENTRA_TENANTS * 4),
            requireEntra: z.boolean(),
          }),
        },
      },
    },
  },
  responses: {
    200: json(EntraPolicy, "The rules"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function registerEntraPolicyRoutes(routes: SecuredRoutes): void {
  routes.add(putEntraPolicy, { kind: "org", action: "entra-policy.change" }, async (c, auth) => {
    const access = commandAccess(auth);
    const principal = auth.principal;
    const policy = answerOf(
      await setEntraPolicy(c.var.ctx, access, {
        ...c.req.valid("json"),
        signedInFromTenant: principal?.kind === "user" ? principal.entraTenantId : null,
      }),
    );
    c.var.ctx.securityLog.record({
      event: "entra.policy_changed",
      orgId: access.orgId,
      userId: access.userId ?? "",
      requireEntra: policy.requireEntra,
      tenants: policy.allowedTenantIds.length,
    });
    return c.json(policy, 200);
  });
}
