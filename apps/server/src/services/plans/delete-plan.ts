import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** Deletes a saved plan. */
export async function deletePlan(
  ctx: AppContext,
  access: CommandAccess,
  input: { planId: string },
): Promise<Result<void>> {
  const { orgId } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const found = await r.savedPlans.get(orgId, input.planId);
    if (found === undefined || !(await r.savedPlans.delete(orgId, input.planId))) return notFound("plan");
    record({
      action: "plan.deleted",
      summary: `Deleted the plan "${found.name}".`,
      details: { planId: input.planId, name: found.name },
    });
  });
}
