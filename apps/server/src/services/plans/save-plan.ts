import type { CalendarDate, Plan } from "@specready/core";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import type { Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";
import { computePlan, type SavedPlanView, view } from "./plan-queries.js";

/**
 * Saves a scenario under its name (replacing the plan of that name; an active plan replaces the active
 * one), checked as `computePlan` checks it, with the plan's headline figures in the activity log.
 */
export async function savePlan(
  ctx: AppContext,
  access: CommandAccess,
  input: { name: string; auditDate: CalendarDate; scenario?: unknown; active: boolean },
): Promise<Result<{ saved: SavedPlanView; plan: Plan; replaced: boolean }>> {
  const computed = await computePlan(ctx, access.orgId, input.auditDate, input.scenario);
  if (!computed.ok) return computed;
  const plan = computed.value;
  return mutate(ctx, access, async ({ r, record }) => {
    const saved = await r.savedPlans.save(
      access.orgId,
      {
        name: input.name,
        auditDate: input.auditDate,
        scenario: plan.scenario as unknown as Record<string, unknown>,
        active: input.active,
      },
      access.actor.name,
    );
    record({
      action: saved.replaced ? "plan.updated" : "plan.saved",
      summary:
        `${saved.replaced ? "Updated" : "Saved"} the plan "${input.name}" for the audit on ${input.auditDate}` +
        `${input.active ? " (active)" : ""}: ask ${plan.allocation.customers.length} customers for references` +
        (plan.forecast.lapseMonth === null ? "" : `, performance lapses in ${plan.forecast.lapseMonth}`) +
        `, ${plan.scenario.acr.length + plan.scenario.certifications.length} what-ifs.`,
      details: {
        planId: saved.plan.id,
        name: input.name,
        auditDate: input.auditDate,
        active: input.active,
        scenario: plan.scenario as unknown as Record<string, unknown>,
        customers: plan.allocation.customers.map((c) => c.tenantId),
      },
    });
    return { saved: view(saved.plan), plan, replaced: saved.replaced };
  });
}
