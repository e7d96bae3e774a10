import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { CustomerProject, CustomerProjectInput, CustomerProjectPatch } from "../../api/audit-schemas.js";
import { errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { answerOf } from "../../http/domain-errors.js";
import { etagOf, expectedVersion } from "../../http/preconditions.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import type { AppContext } from "../../services/app-context.js";
import { createCustomerProject } from "../../services/customer-projects/create-customer-project.js";
import { deleteCustomerProject } from "../../services/customer-projects/delete-customer-project.js";
import { updateCustomerProject } from "../../services/customer-projects/update-customer-project.js";

const tags = ["Customer projects"];
const ProjectParams = OrgParams.extend({ projectId: Uuid });

const listProjects = createRoute({
  method: "get",
  path: "/orgs/{orgId}/customer-projects",
  tags,
  summary: "The customer project register: what was built for which customer, and when it completed",
  request: { params: OrgParams },
  responses: { 200: json(z.array(CustomerProject), "Projects"), ...errorResponses(401, 404) },
});

const createProject = createRoute({
  method: "post",
  path: "/orgs/{orgId}/customer-projects",
  tags,
  summary: "Add a project to the register",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: CustomerProjectInput } } },
  },
  responses: { 201: json(CustomerProject, "Added"), ...errorResponses(400, 401, 403, 404, 409) },
});

const updateProject = createRoute({
  method: "patch",
  path: "/orgs/{orgId}/customer-projects/{projectId}",
  tags,
  summary: "Change a project (its evidence follows it: a new completion date changes what counts)",
  request: {
    params: ProjectParams,
    body: { required: true, content: { "application/json": { schema: CustomerProjectPatch } } },
  },
  responses: { 200: json(CustomerProject, "Changed"), ...errorResponses(400, 401, 403, 404, 409) },
});

const deleteProject = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/customer-projects/{projectId}",
  tags,
  summary: "Remove a project that no evidence uses",
  request: { params: ProjectParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404, 409) },
});

export function registerCustomerProjectRoutes(routes: SecuredRoutes): void {
  const WHAT = "customer project";
  /** The project's ETag, read after its change (at worst newer than the answer: a needless 412, never a lost one). */
  const etag = async (ctx: AppContext, orgId: string, projectId: string) => {
    const version = await repositories(ctx.db).versions.of("project", orgId, projectId);
    return version === null ? undefined : etagOf(version);
  };

  routes.add(listProjects, { kind: "org", action: "projects.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    return c.json(
      eachWithActions(role, "project", await repositories(c.var.ctx.db).customerProjects.list(orgId)),
      200,
    );
  });

  routes.add(
    createProject,
    { kind: "org", action: "customer-projects.write" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const created = answerOf(await createCustomerProject(c.var.ctx, access, c.req.valid("json")));
      c.header("ETag", await etag(c.var.ctx, access.orgId, created.id));
      return c.json(withActions(orgOf(auth).role, "project", created), 201);
    },
    { versioned: WHAT },
  );

  routes.add(
    updateProject,
    { kind: "org", action: "customer-projects.write" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { projectId } = c.req.valid("param");
      const updated = answerOf(
        await updateCustomerProject(c.var.ctx, access, {
          projectId,
          patch: c.req.valid("json"),
          expected: expectedVersion(c),
        }),
      );
      c.header("ETag", await etag(c.var.ctx, access.orgId, projectId));
      return c.json(withActions(orgOf(auth).role, "project", updated), 200);
    },
    { versioned: WHAT },
  );

  routes.add(
    deleteProject,
    { kind: "org", action: "customer-projects.write" },
    async (c, auth) => {
      const { projectId } = c.req.valid("param");
      answerOf(
        await deleteCustomerProject(c.var.ctx, commandAccess(auth), {
          projectId,
          expected: expectedVersion(c),
        }),
      );
      return c.body(null, 204);
    },
    { versioned: WHAT },
  );
}
