import { z } from "@hono/zod-openapi";
import { AllowedActions, CalendarDate, orNull } from "./schemas.js";

/*
 * The planner's request and response schemas: the what-if scenario (the format of
 * `specready plan --what-if FILE`) and the plan @specready/core computes (`specready plan --format json`),
 * typed field by field so the web app's generated types say what it gets.
 */

const YearMonth = z.string().openapi({ description: "A month, YYYY-MM", example: "2027-01" });
const EvidenceStatus = z.enum(["draft", "ready", "approved", "changes_requested"]);

const AcrWhatIf = z
  .union([
    z.object({
      type: z.literal("add"),
      customer: z.string(),
      customerName: z.string().optional(),
      usdPerMonth: z.string().openapi({ description: 'An amount written as text, e.g. "500"' }),
      from: YearMonth,
    }),
    z.object({ type: z.literal("pal"), customer: z.string(), from: YearMonth }),
    z.object({ type: z.literal("stop"), customer: z.string(), from: YearMonth }),
  ])
  .openapi("AcrWhatIf", {
    description:
      "An ACR what-if from a month (not before the month in progress): a customer added at an amount per month, a PAL (never retroactive) or a customer stopping. A customer is its tenant id or name.",
  });

const CertificationWhatIf = z
  .object({
    person: z.string().openapi({ description: "Their PersonId" }),
    personName: z.string().optional(),
    certification: z.string(),
    earnedOn: CalendarDate,
  })
  .openapi("CertificationWhatIf", { description: "A certification someone earns on a day" });

export const Scenario = z
  .object({
    acr: z.array(AcrWhatIf),
    certifications: z.array(CertificationWhatIf),
  })
  .openapi("WhatIfScenario", {
    description:
      "A what-if scenario, the format of `specready plan --what-if FILE`, as read: both lists present (a request may leave either out); every problem is a 400 naming its field (`scenario.acr[0].from`).",
  });

export const SavedPlan = z
  .object({
    id: z.string(),
    name: z.string(),
    auditDate: CalendarDate,
    scenario: Scenario,
    active: z.boolean(),
    createdBy: z.string(),
    updatedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    allowedActions: AllowedActions,
  })
  .openapi("SavedPlan");

export const PlanAction = z
  .object({ area: z.enum(["audit", "performance", "knowledge"]), by: CalendarDate, text: z.string() })
  .openapi("PlanAction");

const AllocatedControl = z.object({
  control: z.string(),
  title: z.string(),
  projectId: z.string(),
  project: z.string(),
  state: z.enum(["ready", "review", "missing"]),
  artifactsNeeded: z.number().int(),
  artifactsApproved: z.number().int(),
  pending: z.array(z.object({ title: z.string(), status: EvidenceStatus })),
  artifactsMissing: z.number().int(),
  suggestedArtifacts: z.array(z.string()),
  todo: z.string(),
});

const ReferenceAllocation = z
  .object({
    auditDate: CalendarDate,
    evidenceWindow: z.object({ from: CalendarDate, to: CalendarDate }),
    moduleAWaived: z.boolean(),
    exact: z.boolean(),
    searchNodes: z.number().int(),
    lowerBound: z.number().int(),
    customers: z.array(
      z.object({
        tenantId: z.string(),
        name: z.string().nullable(),
        countedForAcr: z.boolean(),
        approvedControls: z.number().int(),
        agesOutOn: CalendarDate,
        validDaysAfterAudit: z.number().int(),
        controls: z.array(AllocatedControl),
      }),
    ),
    candidateCount: z.number().int(),
    uncoverable: z.array(
      z.object({ control: z.string(), required: z.number().int(), possible: z.number().int() }),
    ),
    specialtiesToChoose: z.array(z.string()),
    grid: z.array(
      z.object({
        control: z.string(),
        title: z.string(),
        required: z.number().int(),
        customers: z.array(z.object({ tenantId: z.string(), state: z.enum(["ready", "review", "missing"]) })),
      }),
    ),
    summary: z.string(),
    rule: z.string(),
  })
  .openapi("ReferenceAllocation", {
    description:
      "The fewest customers to ask for references on the audit date (`exact` says whether proven), per customer the controls, artifacts missing and the day its project ages out, and the control x customer `grid`.",
  });

const AcrForecast = z
  .object({
    asOf: CalendarDate,
    requiredMonthlyAverageUsd: z.number(),
    requiredCustomers: z.number().int(),
    method: z.string(),
    lastActualMonth: YearMonth,
    months: z.array(
      z.object({
        month: YearMonth,
        actual: z.boolean(),
        usd: z.number(),
        lowUsd: z.number(),
        highUsd: z.number(),
      }),
    ),
    performance: z.array(
      z.object({
        month: YearMonth,
        window: z.array(YearMonth),
        averageUsd: z.number(),
        lowAverageUsd: z.number(),
        highAverageUsd: z.number(),
        customers: z.number().int(),
        met: z.boolean(),
        metOnLow: z.boolean(),
        metOnHigh: z.boolean(),
        shownOn: CalendarDate.nullable(),
        forecast: z.boolean(),
      }),
    ),
    firstMetMonth: YearMonth.nullable(),
    lapseMonth: YearMonth.nullable(),
    metAgainMonth: YearMonth.nullable(),
    customers: z.array(
      z.object({
        tenantId: z.string(),
        name: z.string().nullable(),
        runRateUsd: z.number(),
        trendUsd: z.number(),
        errorUsd: z.number(),
        months: z.array(
          z.object({ month: YearMonth, usd: z.number(), lowUsd: z.number(), highUsd: z.number() }),
        ),
        whatIfs: z.array(z.string()),
      }),
    ),
    whatIfs: z.array(z.string()),
    summary: z.string(),
  })
  .openapi("AcrForecast", {
    description:
      "Actual and forecast months with a low/high band, per month the performance judged on its window (`met`, `shownOn` in Partner Center), `firstMetMonth`, `lapseMonth`, per-customer run rates.",
  });

const CertificationPlan = z
  .object({
    checks: z.array(
      z.object({
        date: CalendarDate,
        label: z.string(),
        individualsNow: z.number().int(),
        metWithoutActions: z.boolean(),
        individuals: z.number().int(),
        holders: z.record(z.string(), z.number().int()),
        met: z.boolean(),
      }),
    ),
    actions: z.array(
      z.object({
        personId: z.string().nullable(),
        personName: z.string().nullable(),
        kind: z.enum(["associate", "renew", "earn"]),
        certification: z.string(),
        exam: z.string().nullable(),
        opensOn: CalendarDate.nullable(),
        by: CalendarDate,
        reason: z.string(),
      }),
    ),
    timeline: z.array(
      z.object({
        personId: z.string(),
        personName: z.string().nullable(),
        certification: z.string(),
        from: CalendarDate.nullable(),
        to: CalendarDate.nullable(),
        kind: z.enum(["held", "renewed", "planned", "what-if"]),
      }),
    ),
    blocked: z.array(z.object({ certification: z.string(), date: CalendarDate, reason: z.string() })),
    summary: z.string(),
    rule: z.string(),
  })
  .openapi("CertificationPlan", {
    description:
      "Checks on the audit date and its next anniversary, actions (renew, link a Learn profile, sit an exam) with dates, and the timeline of who holds what.",
  });

export const Plan = z
  .object({
    program: z.string(),
    asOf: CalendarDate,
    auditDate: CalendarDate,
    scenario: Scenario,
    allocation: ReferenceAllocation,
    forecast: AcrForecast,
    certifications: CertificationPlan,
    actions: z.array(PlanAction),
    nextActions: z.array(PlanAction),
  })
  .openapi("Plan", {
    description: "The same object as `specready plan --format json` prints for the same data.",
  });

export const SavePlanInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100),
  auditDate: CalendarDate,
  scenario: z.unknown().optional().openapi({ description: "A `WhatIfScenario` (default: none)" }),
  active: z.boolean().default(true),
});

export const PreviewInput = z.object({ auditDate: CalendarDate, scenario: z.unknown().optional() });

export const SavedPlanWithPlan = z.object({ saved: SavedPlan, plan: Plan });

export const ActivePlan = orNull(
  z
    .object({ saved: SavedPlan, nextActions: z.array(PlanAction), problem: z.string().nullable() })
    .openapi("ActivePlan"),
);
