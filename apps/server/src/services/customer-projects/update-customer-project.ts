import type { CustomerProject, CustomerProjectPatch } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";
import { duplicateProject } from "./create-customer-project.js";

/**
 * Changes a project of the register, locked for the change (only the version the person saw, with
 * `expected`). Its evidence follows it: a new completion date changes what counts.
 */
export async function updateCustomerProject(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly projectId: string;
    readonly patch: CustomerProjectPatch;
    readonly expected?: ((version: number) => boolean) | undefined;
  },
): Promise<Result<CustomerProject>> {
  const { orgId } = access;
  const { projectId, patch } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const version = await r.versions.lock("project", orgId, projectId);
    if (version === null) return notFound("customer project");
    checkVersion("customer project", version, input.expected);
    const before = await r.customerProjects.get(orgId, projectId);
    if (before === null) return notFound("customer project");
    const result = await r.customerProjects.update(orgId, projectId, patch);
    if (result === "duplicate")
      return duplicateProject(
        patch.customerTenantId ?? before.customerTenantId,
        patch.project ?? before.project,
      );
    if (result === null) return notFound("customer project");
    const changed = Object.keys(patch).filter(
      (k) =>
        JSON.stringify((before as unknown as Record<string, unknown>)[k]) !==
        JSON.stringify((result as unknown as Record<string, unknown>)[k]),
    );
    record({
      action: "project.updated",
      summary: `Changed the project "${result.project}" of ${result.customerName ?? result.customerTenantId}${changed.length > 0 ? ` (${changed.join(", ")})` : ""}`,
      details: { projectId, changed },
    });
    return result;
  });
}
