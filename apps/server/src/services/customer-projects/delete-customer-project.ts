import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, fail, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** Removes a project no evidence is filed under (only the version the person saw, with `expected`). */
export async function deleteCustomerProject(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly projectId: string; readonly expected?: ((version: number) => boolean) | undefined },
): Promise<Result<void>> {
  const { orgId } = access;
  const { projectId } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const version = await r.versions.lock("project", orgId, projectId);
    if (version === null) return notFound("customer project");
    checkVersion("customer project", version, input.expected);
    const before = await r.customerProjects.get(orgId, projectId);
    if (before === null) return notFound("customer project");
    const outcome = await r.customerProjects.delete(orgId, projectId);
    if (outcome === "not_found") return notFound("customer project");
    if (outcome === "in_use")
      fail({
        code: "conflict",
        reason: "project.in_use",
        message: `Evidence is filed under "${before.project}": move or delete that evidence first.`,
      });
    record({
      action: "project.deleted",
      summary: `Removed the project "${before.project}" of ${before.customerName ?? before.customerTenantId}`,
      details: { projectId },
    });
  });
}
