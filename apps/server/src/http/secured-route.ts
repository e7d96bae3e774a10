import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import type { Context } from "hono";
import { type Action, actionText, allows } from "../auth/policy.js";
import { AppError, errors } from "../errors/app-error.js";
import type { CommandAccess } from "../services/mutation/command-access.js";
import { type AppEnv, actorOf, type OrgAccess, type Principal } from "./app-env.js";
import { versionedRoute } from "./preconditions.js";

/** Who may call a route: anyone, anyone signed in (or with a token), or an organization's roles. */
export type Access =
  | { readonly kind: "public" }
  | { readonly kind: "signed-in"; readonly users?: true }
  | { readonly kind: "org"; readonly action: Action };

export interface Authorized {
  readonly principal: Principal | undefined;
  readonly org: OrgAccess | undefined;
}

/** Checks access; for an organization's routes, the `orgId` path parameter decides the organization. */
export async function authorize(
  c: Context<AppEnv>,
  access: Access,
  orgId: string | undefined,
): Promise<Authorized> {
  const principal = c.var.principal;
  if (access.kind === "public") return { principal, org: undefined };
  if (principal === undefined) throw errors.authRequired();
  if (access.kind === "signed-in") {
    if (access.users && principal.kind !== "user")
      throw errors.forbidden("this needs a signed-in person, not an API token");
    return { principal, org: undefined };
  }
  if (orgId === undefined) throw errors.notFound("organization");
  let role: OrgAccess["role"] | undefined;
  if (principal.kind === "token") {
    role = principal.token.orgId === orgId ? principal.token.role : undefined;
  } else {
    const access = await repositories(c.var.ctx.db).users.accessIn(
      orgId,
      principal.user.id,
      principal.entraTenantId,
    );
    role = access?.role;
    // The organization requires an Entra sign-in, or accepts Entra sign-ins from its own tenants only.
    if (access?.entraMissing === true)
      throw new AppError(
        403,
        "auth.entra_required",
        "This organization requires signing in with Microsoft (Entra ID): sign out, then choose “Sign in with Microsoft”.",
      );
    if (access?.entraTenantRefused === true)
      throw new AppError(
        403,
        "auth.entra_tenant_refused",
        `This organization accepts Microsoft sign-ins from its own Entra tenants only, not from tenant ${principal.entraTenantId}: sign in with an account of the organization's tenant.`,
      );
    // The organization requires two-factor sign-in: a member without it sets it up first.
    if (access?.twoFactorMissing === true)
      throw new AppError(
        403,
        "auth.two_factor_required",
        "This organization requires two-factor sign-in: set it up under Two-factor sign-in, then come back.",
      );
  }
  // Not a member: the organization is as unknown as one that does not exist.
  if (role === undefined) throw errors.notFound("organization");
  if (!allows(role, access.action))
    throw errors.forbidden(actionText[access.action]).inOrganization(orgId, actorOf(principal));
  return { principal, org: { orgId, role, actor: actorOf(principal), principal } };
}

/**
 * The API's routes, each registered as a short pipeline: the request is validated against the route's
 * schemas (by OpenAPIHono), then authorized against the policy table, then handled. `catalog` lists
 * every route with its access rule: the authorization matrix tests walk it.
 */
export class SecuredRoutes {
  readonly catalog: { method: string; path: string; access: Access }[] = [];

  constructor(readonly app: OpenAPIHono<AppEnv>) {}

  add<R extends RouteConfig>(
    route: R,
    access: Access,
    handler: (c: Parameters<RouteHandler<R, AppEnv>>[0], auth: Authorized) => Promise<Response> | Response,
    options: {
      /** The resource carries a version (in words: "evidence item"): ETag on answers, If-Match on changes. */
      readonly versioned?: string;
    } = {},
  ): void {
    this.catalog.push({ method: route.method.toUpperCase(), path: route.path, access });
    if (options.versioned !== undefined) route = versionedRoute(route, options.versioned);
    // The OpenAPI document says how each route authenticates: public ones need nothing, person-only
    // ones the session cookie, the rest the cookie or an API token (the document's default).
    if (access.kind === "public") route = { ...route, security: [] };
    else if (access.kind === "signed-in" && access.users) route = { ...route, security: [{ session: [] }] };
    const wrapped = async (c: Parameters<RouteHandler<R, AppEnv>>[0]) => {
      const orgId = (c.req.param() as Record<string, string | undefined>).orgId;
      const auth = await authorize(c as unknown as Context<AppEnv>, access, orgId);
      return handler(c, auth);
    };
    this.app.openapi(route, wrapped as unknown as RouteHandler<R, AppEnv>);
  }
}

/** The organization access of an org route (set by `secured`). */
export function orgOf(auth: Authorized): OrgAccess {
  if (auth.org === undefined) throw new Error("orgOf called on a route without an organization");
  return auth.org;
}

/** Who runs a command, from an organization route's access. */
export function commandAccess(auth: Authorized): CommandAccess {
  const { orgId, role, actor, principal } = orgOf(auth);
  return { orgId, role, actor, userId: principal.kind === "user" ? principal.user.id : null };
}
