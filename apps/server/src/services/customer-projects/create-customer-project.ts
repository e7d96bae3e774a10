import type { CustomerProject, CustomerProjectFields } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { fail, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** The register already has this customer's project (one row per customer and project name, any case). */
export function duplicateProject(tenant: string, project: string): never {
  return fail({
    code: "conflict",
    reason: "project.duplicate",
    message: `The register already has a project "${project}" for customer ${tenant}.`,
  });
}

/** Adds a project to the customer project register. */
export async function createCustomerProject(
  ctx: AppContext,
  access: CommandAccess,
  input: CustomerProjectFields,
): Promise<Result<CustomerProject>> {
  return mutate(ctx, access, async ({ r, record }) => {
    const result = await r.customerProjects.create(access.orgId, input);
    if (result === "duplicate") return duplicateProject(input.customerTenantId, input.project);
    record({
      action: "project.created",
      summary: `Added the project "${input.project}" of ${input.customerName ?? input.customerTenantId} (completed ${input.completionDate})`,
      details: { projectId: result.id },
    });
    return result;
  });
}
