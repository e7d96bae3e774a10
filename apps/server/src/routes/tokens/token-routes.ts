import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { ApiToken, errorResponses, json, OrgParams, TokenRole, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { clientAddress } from "../../http/client-address.js";
import { answerOf } from "../../http/domain-errors.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { createApiToken } from "../../services/tokens/create-api-token.js";
import { revokeApiToken } from "../../services/tokens/revoke-api-token.js";

const tags = ["API tokens"];

const listTokens = createRoute({
  method: "get",
  path: "/orgs/{orgId}/tokens",
  tags,
  summary: "The organization's API tokens (never their secrets)",
  request: { params: OrgParams },
  responses: { 200: json(z.array(ApiToken), "Tokens"), ...errorResponses(401, 403, 404) },
});

const createToken = createRoute({
  method: "post",
  path: "/orgs/{orgId}/tokens",
  tags,
  summary: "Create an API token for scripts; its secret is shown once",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ name: z.string().trim().min(1).max(100), role: TokenRole.default("viewer") }),
        },
      },
    },
  },
  responses: {
    201: json(ApiToken.extend({ token: z.string() }), "The token with its secret"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const revokeToken = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/tokens/{tokenId}",
  tags,
  summary: "Revoke an API token",
  request: { params: OrgParams.extend({ tokenId: Uuid }) },
  responses: { 200: json(ApiToken, "Revoked"), ...errorResponses(401, 403, 404) },
});

export function registerTokenRoutes(routes: SecuredRoutes): void {
  routes.add(listTokens, { kind: "org", action: "tokens.manage" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    return c.json(eachWithActions(role, "token", await repositories(c.var.ctx.db).tokens.list(orgId)), 200);
  });

  routes.add(createToken, { kind: "org", action: "tokens.manage" }, async (c, auth) => {
    const access = commandAccess(auth);
    const { secret, ...created } = answerOf(await createApiToken(c.var.ctx, access, c.req.valid("json")));
    c.var.ctx.securityLog.record({
      event: "token.created",
      orgId: access.orgId,
      tokenId: created.id,
      byUserId: access.userId,
      address: clientAddress(c as never),
    });
    return c.json(withActions(orgOf(auth).role, "token", { ...created, token: secret }), 201);
  });

  routes.add(revokeToken, { kind: "org", action: "tokens.manage" }, async (c, auth) => {
    const access = commandAccess(auth);
    const { tokenId } = c.req.valid("param");
    const revoked = answerOf(await revokeApiToken(c.var.ctx, access, { tokenId }));
    c.var.ctx.securityLog.record({
      event: "token.revoked",
      orgId: access.orgId,
      tokenId,
      byUserId: access.actor.kind === "user" ? access.actor.id : null,
      address: clientAddress(c as never),
    });
    return c.json(withActions(orgOf(auth).role, "token", revoked), 200);
  });
}
