import { addMonthsToMonth, type CalendarDate, monthOf, type YearMonth } from "../calendar/calendar-date.js";
import { roundDecimal } from "../money/decimal.js";
import {
  hasKnownKnowledge,
  isOneRuleProgram,
  type KnowledgeProgram,
  type OneRuleProgram,
  type Program,
} from "../program/program-definition.js";

/** A program the planner can plan for: one monthly-average ACR rule and a knowledge rule in its data. */
export type PlannableProgram = OneRuleProgram & KnowledgeProgram;

export function isPlannable(program: Program): program is PlannableProgram {
  return isOneRuleProgram(program) && hasKnownKnowledge(program);
}

/** Why a program cannot be planned for, in words (null when it can). */
export function notPlannableReason(program: Program): string | null {
  if (isPlannable(program)) return null;
  return `the planner plans for programs with one monthly-average ACR rule and a certification rule in program data (the AI Platform specialization); ${program.id} is not one of them`;
}

import type { AuditHistoryRecord, CertificationRecord } from "../records/input-records.js";
import { moduleAWaiverAt } from "../rules/audit.js";
import { acrWindow, customerWindowTotal } from "../rules/performance.js";
import type { UsageSummary } from "../rules/usage-summary.js";
import { type AcrForecast, forecastAcr } from "./acr-forecast.js";
import { type CertificationPlan, planCertifications } from "./certification-plan.js";
import {
  allocateReferences,
  type PlannerRegister,
  type ReferenceAllocation,
} from "./reference-allocation.js";
import type { WhatIfScenario } from "./what-if.js";

/** One thing to do, with the date it is due. */
export interface PlanAction {
  readonly area: "audit" | "performance" | "knowledge";
  readonly by: CalendarDate;
  readonly text: string;
}

export interface Plan {
  readonly program: string;
  readonly asOf: CalendarDate;
  readonly auditDate: CalendarDate;
  readonly scenario: WhatIfScenario;
  readonly allocation: ReferenceAllocation;
  readonly forecast: AcrForecast;
  readonly certifications: CertificationPlan;
  /** Every action, soonest first. */
  readonly actions: readonly PlanAction[];
  /** The three next actions. */
  readonly nextActions: readonly PlanAction[];
}

export interface PlanInputs {
  readonly usage?: UsageSummary | undefined;
  readonly certifications?: readonly CertificationRecord[] | undefined;
  readonly register: PlannerRegister;
  readonly auditHistory?: readonly AuditHistoryRecord[] | undefined;
}

/** Lower-cased tenant ids with a positive window sum on a month, actuals and forecast together. */
function acrCustomersIn(
  program: Program,
  usage: UsageSummary | undefined,
  forecast: AcrForecast,
  month: YearMonth,
): Set<string> {
  const window = acrWindow(program, `${month}-01`);
  const actual = window.filter((m) => m <= forecast.lastActualMonth);
  const ahead = new Set(window.filter((m) => m > forecast.lastActualMonth));
  const out = new Set<string>();
  for (const c of forecast.customers) {
    const key = c.tenantId.toLowerCase();
    const past = usage?.customers.get(key);
    let cents = 0;
    for (const m of c.months) if (ahead.has(m.month)) cents += Math.round(m.usd * 100);
    // Forecast months are never negative: a positive actual part or a positive forecast part is enough
    // only when the other is not a larger credit, so the sum decides.
    const actualCents =
      past === undefined ? 0 : Number(roundDecimal(customerWindowTotal(past, actual), 2).units);
    if (actualCents + cents > 0) out.add(key);
  }
  return out;
}

/**
 * The plan for an audit date: the reference allocation on it (against the checklist the given program
 * measures), the ACR forecast through the later of a year ahead and three months past the audit, and the
 * certification plan through the audit's next anniversary, with the scenario's what-ifs applied.
 */
export function buildPlan(
  program: PlannableProgram,
  inputs: PlanInputs,
  options: {
    readonly asOf: CalendarDate;
    readonly auditDate: CalendarDate;
    readonly scenario: WhatIfScenario;
    readonly nodeLimit?: number | undefined;
  },
): Plan {
  const { asOf, auditDate, scenario } = options;
  const a = addMonthsToMonth(monthOf(auditDate), 3);
  const b = addMonthsToMonth(monthOf(asOf), 12);
  const through = [a, b].sort()[1] as YearMonth;
  const forecast = forecastAcr(program, inputs.usage, asOf, through, scenario.acr);
  const auditMonth = [monthOf(auditDate), monthOf(asOf)].sort()[1] as YearMonth;
  const allocation = allocateReferences(program, inputs.register, {
    auditDate,
    moduleAWaived: moduleAWaiverAt(program, inputs.auditHistory ?? [], auditDate) !== null,
    acrCustomers: acrCustomersIn(program, inputs.usage, forecast, auditMonth),
    nodeLimit: options.nodeLimit,
  });
  const certifications = planCertifications(
    program,
    inputs.certifications ?? [],
    asOf,
    auditDate,
    scenario.certifications,
  );
  const actions: PlanAction[] = [];
  for (const c of certifications.actions) {
    const who = c.personName ?? c.personId ?? "Someone new";
    const text =
      c.kind === "earn"
        ? `${who}: sit ${c.exam} (${c.certification}) by ${c.by}.`
        : c.kind === "renew"
          ? `${who}: renew ${c.certification}${c.opensOn === null ? "" : ` (open from ${c.opensOn})`} by ${c.by}.`
          : `${who}: link the Microsoft Learn profile to Partner Center so ${c.certification} counts.`;
    actions.push({ area: "knowledge", by: c.by, text });
  }
  for (const customer of allocation.customers) {
    for (const control of customer.controls) {
      if (control.state === "ready") continue;
      actions.push({
        area: "audit",
        by: auditDate,
        text: `${customer.name ?? customer.tenantId}, ${control.control}: ${control.todo}`,
      });
    }
  }
  if (forecast.lapseMonth !== null) {
    actions.push({
      area: "performance",
      by: `${forecast.lapseMonth}-01`,
      text: `Performance lapses in ${forecast.lapseMonth} on the forecast: grow AI ACR or link more customers (PAL) before then.`,
    });
  } else if (forecast.firstMetMonth === null) {
    actions.push({
      area: "performance",
      by: auditDate,
      text: "Performance is not met on the forecast before the audit: grow AI ACR or link more customers (PAL).",
    });
  }
  const order = { performance: 0, knowledge: 1, audit: 2 } as const;
  actions.sort((x, y) => (x.by < y.by ? -1 : x.by > y.by ? 1 : order[x.area] - order[y.area]));
  return {
    program: program.id,
    asOf,
    auditDate,
    scenario,
    allocation,
    forecast,
    certifications,
    actions,
    nextActions: actions.slice(0, 3),
  };
}
