import type { AuditPlanModules } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, invalid, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

export interface AuditPlanInput {
  readonly applicationDate: string | null;
  readonly auditDate: string | null;
  readonly modules: AuditPlanModules;
}

/**
 * Saves the plan of the application and the audit: only over the version the person saw, with
 * `expected` (a plan never saved is version 0, ETag "v0").
 */
export async function saveAuditPlan(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly plan: AuditPlanInput; readonly expected?: ((version: number) => boolean) | undefined },
): Promise<Result<void>> {
  const { orgId, actor } = access;
  const { plan } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    if (plan.applicationDate !== null && plan.auditDate !== null && plan.auditDate < plan.applicationDate)
      invalid([
        { path: "auditDate", message: `must not be before the application date ${plan.applicationDate}` },
      ]);
    checkVersion("audit plan", await r.versions.plan(orgId, { lock: true }), input.expected);
    await r.audit.upsertPlan(orgId, { ...plan, updatedByName: actor.name });
    record({
      action: "audit.plan",
      summary: `Planned the application for ${plan.applicationDate ?? "(no date)"} and the audit (${plan.modules}) for ${plan.auditDate ?? "(no date)"}`,
      details: { applicationDate: plan.applicationDate, auditDate: plan.auditDate, modules: plan.modules },
    });
  });
}
