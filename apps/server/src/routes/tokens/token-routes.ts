import { randomUUID } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { ApiToken, errorResponses, json, OrgParams, TokenRole, Uuid } from "../../api/schemas.js";
import { newSecret, sha256Hex } from "../../auth/secrets.js";
import { errors } from "../../http/app-error.js";
import { clientAddress } from "../../http/client-address.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";

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
    return c.json(await repositories(c.var.ctx.db).tokens.list(orgOf(auth).orgId), 200);
  });

  routes.add(createToken, { kind: "org", action: "tokens.manage" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const { name, role } = c.req.valid("json");
    const secret = newSecret("sr_");
    const created = await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const token = await r.tokens.create({
        id: randomUUID(),
        orgId,
        name,
        role,
        tokenHash: sha256Hex(secret),
        prefix: secret.slice(0, 7),
        createdBy: principal.kind === "user" ? principal.user.id : "",
      });
      await r.activity.record(orgId, actor, "token.created", `Created the API token "${name}" (${role})`, {
        tokenId: token.id,
        role,
      });
      return token;
    });
    c.var.ctx.securityLog.record({
      event: "token.created",
      orgId,
      tokenId: created.id,
      byUserId: principal.kind === "user" ? principal.user.id : null,
      address: clientAddress(c as never),
    });
    return c.json({ ...created, token: secret }, 201);
  });

  routes.add(revokeToken, { kind: "org", action: "tokens.manage" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { tokenId } = c.req.valid("param");
    const revoked = await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const t = await r.tokens.revoke(orgId, tokenId);
      if (t === undefined) throw errors.notFound("active API token");
      await r.activity.record(orgId, actor, "token.revoked", `Revoked the API token "${t.name}"`, {
        tokenId,
      });
      return t;
    });
    c.var.ctx.securityLog.record({
      event: "token.revoked",
      orgId,
      tokenId,
      byUserId: actor.kind === "user" ? actor.id : null,
      address: clientAddress(c as never),
    });
    return c.json(revoked, 200);
  });
}
