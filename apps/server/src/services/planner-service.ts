import {
  buildPlan,
  type CalendarDate,
  checkWhatIf,
  isPlannable,
  notPlannableReason,
  type Plan,
  type PlanAction,
  parseWhatIf,
  programOnDate,
  registerFromWorkspace,
  todayFrom,
  type WhatIfScenario,
} from "@specready/core";
import { type Actor, repositories, type SavedPlan } from "@specready/db";
import { errors } from "../errors/app-error.js";
import type { AppContext } from "./app-context.js";
import { loadAuditWorkspace } from "./audit-workspace-service.js";
import { loadReadinessInputs } from "./evaluation-service.js";
import { selectionFor } from "./program-service.js";

/*
 * Planning: the plan of an audit date under a what-if scenario, computed from the organization's data as
 * it is (the same inputs the evaluation reads, the evidence register with its review statuses), and the
 * scenarios a partner admin saves by name. Saving one is in the activity log; the active one's next
 * three actions are on the dashboard.
 */

/** A saved plan as the API shows it. */
export interface SavedPlanView {
  readonly id: string;
  readonly name: string;
  readonly auditDate: CalendarDate;
  readonly scenario: WhatIfScenario;
  readonly active: boolean;
  readonly createdBy: string;
  readonly updatedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function view(p: SavedPlan): SavedPlanView {
  const parsed = parseWhatIf(p.scenario);
  return {
    id: p.id,
    name: p.name,
    auditDate: p.auditDate,
    scenario: parsed.ok ? parsed.scenario : { acr: [], certifications: [] },
    active: p.active,
    createdBy: p.createdByName,
    updatedBy: p.updatedByName,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/**
 * The plan for an audit date under a scenario: the shape is checked, then the scenario against the data
 * (known customers, no month in the past, known certifications); problems are a 400 naming each field.
 */
export async function computePlan(
  ctx: AppContext,
  orgId: string,
  auditDate: CalendarDate,
  scenarioJson: unknown,
): Promise<Plan> {
  const asOf = todayFrom(ctx.now());
  if (auditDate < asOf)
    throw errors.invalidRequest([{ path: "auditDate", message: `${auditDate} is before today (${asOf})` }]);
  const parsed = parseWhatIf(scenarioJson ?? {});
  if (!parsed.ok)
    throw errors.invalidRequest(
      parsed.problems.map((p) => ({ path: `scenario.${p.field}`, message: p.message })),
    );
  // The version the organization evaluates with today; the audit against the checklist of the audit date.
  const { program: chosen } = await selectionFor(ctx, orgId, asOf);
  const { program } = programOnDate(chosen, auditDate);
  if (!isPlannable(program))
    throw errors.invalidRequest([{ path: "program", message: notPlannableReason(program) ?? "" }]);
  const [inputs, workspace, projects] = await Promise.all([
    loadReadinessInputs(ctx.db, program, orgId),
    loadAuditWorkspace(ctx.db, orgId),
    repositories(ctx.db).customerProjects.list(orgId),
  ]);
  const problems = checkWhatIf(program, parsed.scenario, inputs.usage, asOf);
  if (problems.length > 0)
    throw errors.invalidRequest(problems.map((p) => ({ path: `scenario.${p.field}`, message: p.message })));
  const aiServices = new Map(projects.map((p) => [p.id, p.aiServices.length > 0 ? p.aiServices : null]));
  return buildPlan(
    program,
    {
      usage: inputs.usage,
      certifications: inputs.certifications,
      register: registerFromWorkspace(program, workspace, aiServices),
      auditHistory: inputs.auditHistory,
    },
    { asOf, auditDate, scenario: parsed.scenario },
  );
}

export async function listPlans(ctx: AppContext, orgId: string): Promise<SavedPlanView[]> {
  return (await repositories(ctx.db).savedPlans.list(orgId)).map(view);
}

/** A saved plan with the plan computed from today's data. */
export async function savedPlan(
  ctx: AppContext,
  orgId: string,
  id: string,
): Promise<{ saved: SavedPlanView; plan: Plan }> {
  const found = await repositories(ctx.db).savedPlans.get(orgId, id);
  if (found === undefined) throw errors.notFound("plan");
  const saved = view(found);
  return {
    saved,
    plan: await computePlan(ctx, orgId, laterOf(saved.auditDate, todayFrom(ctx.now())), saved.scenario),
  };
}

function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a < b ? b : a;
}

/**
 * The active plan and its next three actions, for the dashboard; null when no plan is active. A plan
 * whose what-ifs no longer fit the data (a customer gone from a new import) says so instead.
 */
export async function activePlan(
  ctx: AppContext,
  orgId: string,
): Promise<{ saved: SavedPlanView; nextActions: readonly PlanAction[]; problem: string | null } | null> {
  const found = await repositories(ctx.db).savedPlans.active(orgId);
  if (found === undefined) return null;
  const saved = view(found);
  try {
    const plan = await computePlan(
      ctx,
      orgId,
      laterOf(saved.auditDate, todayFrom(ctx.now())),
      saved.scenario,
    );
    return { saved, nextActions: plan.nextActions, problem: null };
  } catch (error) {
    const message = (error as Error).message;
    return { saved, nextActions: [], problem: `The plan cannot be computed on today's data: ${message}` };
  }
}

/**
 * Saves a scenario under its name (replacing the plan of that name), checked as `computePlan` checks it,
 * and records it in the activity log with the plan's headline figures.
 */
export async function savePlan(
  ctx: AppContext,
  orgId: string,
  actor: Actor,
  input: { name: string; auditDate: CalendarDate; scenario?: unknown; active: boolean },
): Promise<{ saved: SavedPlanView; plan: Plan; replaced: boolean }> {
  const plan = await computePlan(ctx, orgId, input.auditDate, input.scenario);
  const result = await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    const saved = await r.savedPlans.save(
      orgId,
      {
        name: input.name,
        auditDate: input.auditDate,
        scenario: plan.scenario as unknown as Record<string, unknown>,
        active: input.active,
      },
      actor.name,
    );
    const words =
      `${saved.replaced ? "Updated" : "Saved"} the plan "${input.name}" for the audit on ${input.auditDate}` +
      `${input.active ? " (active)" : ""}: ask ${plan.allocation.customers.length} customers for references` +
      (plan.forecast.lapseMonth === null ? "" : `, performance lapses in ${plan.forecast.lapseMonth}`) +
      `, ${plan.scenario.acr.length + plan.scenario.certifications.length} what-ifs.`;
    await r.activity.record(orgId, actor, saved.replaced ? "plan.updated" : "plan.saved", words, {
      planId: saved.plan.id,
      name: input.name,
      auditDate: input.auditDate,
      active: input.active,
      scenario: plan.scenario,
      customers: plan.allocation.customers.map((c) => c.tenantId),
    });
    return saved;
  });
  return { saved: view(result.plan), plan, replaced: result.replaced };
}

export async function deletePlan(ctx: AppContext, orgId: string, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    const found = await r.savedPlans.get(orgId, id);
    if (found === undefined || !(await r.savedPlans.delete(orgId, id))) throw errors.notFound("plan");
    await r.activity.record(orgId, actor, "plan.deleted", `Deleted the plan "${found.name}".`, {
      planId: id,
      name: found.name,
    });
  });
}
