import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { CustomerProject, CustomerProjectInput, CustomerProjectPatch } from "../../api/audit-schemas.js";
import { errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { errors } from "../../http/app-error.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { recordEvidenceChange } from "../../services/evidence-service.js";

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

function duplicate(tenant: string, project: string) {
  return errors.conflict(
    "project.duplicate",
    `The register already has a project "${project}" for customer ${tenant}.`,
  );
}

export function registerCustomerProjectRoutes(routes: SecuredRoutes): void {
  routes.add(listProjects, { kind: "org", action: "projects.read" }, async (c, auth) => {
    return c.json(await repositories(c.var.ctx.db).customerProjects.list(orgOf(auth).orgId), 200);
  });

  routes.add(createProject, { kind: "org", action: "customer-projects.write" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const input = c.req.valid("json");
    const created = await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const result = await r.customerProjects.create(orgId, input);
      if (result === "duplicate") throw duplicate(input.customerTenantId, input.project);
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "project.created",
        `Added the project "${input.project}" of ${input.customerName ?? input.customerTenantId} (completed ${input.completionDate})`,
        { projectId: result.id },
      );
      return result;
    });
    return c.json(created, 201);
  });

  routes.add(updateProject, { kind: "org", action: "customer-projects.write" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { projectId } = c.req.valid("param");
    const patch = c.req.valid("json");
    const updated = await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const before = await r.customerProjects.get(orgId, projectId);
      if (before === null) throw errors.notFound("customer project");
      const result = await r.customerProjects.update(orgId, projectId, patch);
      if (result === "duplicate")
        throw duplicate(patch.customerTenantId ?? before.customerTenantId, patch.project ?? before.project);
      if (result === null) throw errors.notFound("customer project");
      const changed = Object.keys(patch).filter(
        (k) =>
          JSON.stringify((before as unknown as Record<string, unknown>)[k]) !==
          JSON.stringify((result as unknown as Record<string, unknown>)[k]),
      );
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "project.updated",
        `Changed the project "${result.project}" of ${result.customerName ?? result.customerTenantId}${changed.length > 0 ? ` (${changed.join(", ")})` : ""}`,
        { projectId, changed },
      );
      return result;
    });
    return c.json(updated, 200);
  });

  routes.add(deleteProject, { kind: "org", action: "customer-projects.write" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { projectId } = c.req.valid("param");
    await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const before = await r.customerProjects.get(orgId, projectId);
      if (before === null) throw errors.notFound("customer project");
      const outcome = await r.customerProjects.delete(orgId, projectId);
      if (outcome === "not_found") throw errors.notFound("customer project");
      if (outcome === "in_use")
        throw errors.conflict(
          "project.in_use",
          `Evidence is filed under "${before.project}": move or delete that evidence first.`,
        );
      await recordEvidenceChange(
        tx,
        orgId,
        actor,
        "project.deleted",
        `Removed the project "${before.project}" of ${before.customerName ?? before.customerTenantId}`,
        { projectId },
      );
    });
    return c.body(null, 204);
  });
}
