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
import { repositories, type SavedPlan } from "@specready/db";
import type { AppContext } from "../app-context.js";
import { loadAuditWorkspace } from "../audit-workspace-service.js";
import { loadReadinessInputs } from "../evaluation-service.js";
import { type DomainError, ok, type Result } from "../mutation/domain-error.js";
import { selectionFor } from "../program-service.js";

/*
 * Planning: the plan of an audit date under a what-if scenario, computed from the organization's data as
 * it is (the same inputs the evaluation reads, the evidence register with its review statuses), and the
 * scenarios a partner admin saves by name (`save-plan.ts`, `delete-plan.ts`); the active one's next three
 * actions are on the dashboard.
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

export function view(p: SavedPlan): SavedPlanView {
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
 * (known customers, no month in the past, known certifications); problems are `invalid`, naming each field.
 */
export async function computePlan(
  ctx: AppContext,
  orgId: string,
  auditDate: CalendarDate,
  scenarioJson: unknown,
): Promise<Result<Plan>> {
  const asOf = todayFrom(ctx.now());
  if (auditDate < asOf)
    return invalid([{ path: "auditDate", message: `${auditDate} is before today (${asOf})` }]);
  const parsed = parseWhatIf(scenarioJson ?? {});
  if (!parsed.ok)
    return invalid(parsed.problems.map((p) => ({ path: `scenario.${p.field}`, message: p.message })));
  // The version the organization evaluates with today; the audit against the checklist of the audit date.
  const { program: chosen } = await selectionFor(ctx, orgId, asOf);
  const { program } = programOnDate(chosen, auditDate);
  if (!isPlannable(program))
    return invalid([{ path: "program", message: notPlannableReason(program) ?? "" }]);
  const [inputs, workspace, projects] = await Promise.all([
    loadReadinessInputs(ctx.db, program, orgId),
    loadAuditWorkspace(ctx.db, orgId),
    repositories(ctx.db).customerProjects.list(orgId),
  ]);
  const problems = checkWhatIf(program, parsed.scenario, inputs.usage, asOf);
  if (problems.length > 0)
    return invalid(problems.map((p) => ({ path: `scenario.${p.field}`, message: p.message })));
  const aiServices = new Map(projects.map((p) => [p.id, p.aiServices.length > 0 ? p.aiServices : null]));
  return ok(
    buildPlan(
      program,
      {
        usage: inputs.usage,
        certifications: inputs.certifications,
        register: registerFromWorkspace(program, workspace, aiServices),
        auditHistory: inputs.auditHistory,
      },
      { asOf, auditDate, scenario: parsed.scenario },
    ),
  );
}

function invalid<T>(issues: { path: string; message: string }[]): Result<T> {
  return { ok: false, error: { code: "invalid", issues } };
}

export async function listPlans(ctx: AppContext, orgId: string): Promise<SavedPlanView[]> {
  return (await repositories(ctx.db).savedPlans.list(orgId)).map(view);
}

/** A saved plan with the plan computed from today's data. */
export async function savedPlan(
  ctx: AppContext,
  orgId: string,
  id: string,
): Promise<Result<{ saved: SavedPlanView; plan: Plan }>> {
  const found = await repositories(ctx.db).savedPlans.get(orgId, id);
  if (found === undefined) return { ok: false, error: { code: "not_found", what: "plan" } };
  const saved = view(found);
  const plan = await computePlan(ctx, orgId, laterOf(saved.auditDate, todayFrom(ctx.now())), saved.scenario);
  return plan.ok ? ok({ saved, plan: plan.value }) : plan;
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
  const plan = await computePlan(ctx, orgId, laterOf(saved.auditDate, todayFrom(ctx.now())), saved.scenario);
  if (plan.ok) return { saved, nextActions: plan.value.nextActions, problem: null };
  return {
    saved,
    nextActions: [],
    problem: `The plan cannot be computed on today's data: ${describe(plan.error)}`,
  };
}

/** A domain error in words, for a plan shown in a card rather than answered as an error. */
function describe(error: DomainError): string {
  switch (error.code) {
    case "invalid":
      return error.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    case "not_found":
      return `no such ${error.what}`;
    case "stale":
      return `the ${error.what} changed meanwhile`;
    default:
      return error.message;
  }
}
