import { z } from "@hono/zod-openapi";
import type {
  AuditDetails,
  AuditPendingFigures,
  ChangeEvent,
  DashboardCharts,
  DesignationDetails,
  KnowledgeDetails,
  PerformanceDetails,
  VersionsUsed,
} from "@specready/core";

/*
 * The schemas of what the core computes and the API returns as it is: the evaluation's details, change
 * events and versions, and the dashboard's charts. Each is checked against the core's type when the
 * server compiles (`conforms`), so a field the core adds cannot go missing from the OpenAPI document,
 * nor from the web app's types generated from it.
 */

/** Keeps the schema's own type, and fails to compile when its output is not the core's type `T`. */
export const conforms =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S): S =>
    schema;

const Day = z.string().openapi({ format: "date", example: "2026-11-24" });
const Month = z.string().openapi({ description: "A calendar month YYYY-MM", example: "2026-11" });
/** Exact money: a decimal string, never a float. */
const Usd = z.string().openapi({ description: "A decimal amount in US dollars", example: "1234.50" });
const Points = z.string().openapi({ description: "A decimal number of points", example: "70" });
const RequirementStatus = z.enum(["met", "not_met", "no_data", "unknown"]).openapi("RequirementStatus");
const ControlStatus = z.enum(["met", "not_met", "waived"]).openapi("ControlStatus");
const CertificationStatus = z.enum([
  "counting",
  "not_associated",
  "not_yet_earned",
  "expired",
  "does_not_count",
]);
const Counts = z.record(z.string(), z.number().int());

export const ChangeEventSchema = conforms<ChangeEvent>()(
  z
    .object({
      date: Day,
      requirement: z.enum(["designation", "performance", "knowledge", "audit"]),
      status: RequirementStatus,
      statusChanges: z.boolean(),
      message: z.string(),
    })
    .openapi("ChangeEvent"),
);

export const ChecklistRef = z
  .object({
    id: z.string(),
    module: z.enum(["A", "B"]),
    title: z.string(),
    version: z.string(),
    effectiveFrom: Day,
    effectiveTo: Day.nullable(),
    controlData: z.enum(["complete", "summary"]),
  })
  .openapi("ChecklistRef");

export const ChecklistUse = z
  .object({
    module: z.enum(["A", "B"]),
    date: Day,
    inEffect: z.union([ChecklistRef, z.null()]),
    measuredAgainst: ChecklistRef,
    reason: z.string(),
  })
  .openapi("ChecklistUse");

export const VersionsUsedSchema = conforms<VersionsUsed>()(
  z
    .object({
      program: z.object({
        id: z.string(),
        name: z.string(),
        version: z.string(),
        alsoKnownAs: z.array(z.string()),
        effectiveFrom: Day.nullable(),
        effectiveTo: Day.nullable(),
        provisional: z.object({ label: z.string(), reason: z.string() }).nullable(),
      }),
      reading: z.string(),
      selectedBy: z.enum(["date", "pinned"]),
      pinnedBy: z.enum(["cli", "organization"]).nullable(),
      reason: z.string(),
      checklists: z.array(ChecklistUse),
      warnings: z.array(z.string()),
    })
    .openapi("VersionsUsed"),
);

export const DesignationDetailsSchema = conforms<DesignationDetails>()(
  z
    .object({
      qualifyingAreas: z.array(z.string()),
      minimumTotalPoints: Points,
      areas: z.array(
        z.object({
          area: z.string(),
          totalPoints: Points,
          met: z.boolean(),
          metrics: z.array(
            z.object({
              metric: z.string(),
              category: z.string(),
              points: Points,
              line: z.number().int().nullable(),
            }),
          ),
          metricsWithoutPoints: z.array(z.string()),
          pointsShort: Points,
        }),
      ),
      basis: z.enum(["designation", "capability-score"]),
      designations: z
        .array(
          z.object({
            area: z.string(),
            status: z.string(),
            attainedDate: Day.nullable(),
            anniversaryDate: Day.nullable(),
            active: z.boolean(),
            renewalWindow: z.object({ from: Day, to: Day }).nullable(),
            score: z.object({ totalPoints: Points, qualifies: z.boolean() }).nullable(),
            line: z.number().int(),
          }),
        )
        .optional(),
    })
    .openapi("DesignationDetails"),
);

export const PerformanceDetailsSchema = conforms<PerformanceDetails>()(
  z
    .object({
      window: z.array(Month),
      monthlyAverageUsd: z.number(),
      customerCount: z.number().int(),
      windowTotalUsd: Usd,
      requiredWindowTotalUsd: Usd,
      requiredMonthlyAverageUsd: Usd,
      requiredCustomers: z.number().int(),
      monthTotals: z.array(z.object({ month: Month, amountUsd: Usd })),
      customers: z.array(
        z.object({
          tenantId: z.string(),
          name: z.string().nullable(),
          windowTotalUsd: Usd,
          counts: z.boolean(),
          partnerOwnTenant: z.boolean(),
          months: z.array(z.object({ month: Month, amountUsd: Usd, inWindow: z.boolean() })),
          ineligibleInWindow: z.array(
            z.object({
              reason: z.string(),
              amountUsd: Usd,
              cause: z.enum([
                "attribution",
                "government-attribution",
                "government-pal",
                "excluded-offer",
                "partner-own-tenant",
              ]),
            }),
          ),
        }),
      ),
      rows: z.object({
        total: z.number().int(),
        eligible: z.number().int(),
        notAi: z.number().int(),
        duplicates: z.number().int(),
        governmentPal: z.number().int(),
        excludedOffers: Counts,
        ineligibleAttributions: Counts,
      }),
    })
    .openapi("PerformanceDetails"),
);

export const KnowledgeDetailsSchema = conforms<KnowledgeDetails>()(
  z
    .object({
      individualCount: z.number().int(),
      holders: Counts,
      requiredIndividuals: z.number().int(),
      requiredCertifications: z.array(z.string()),
      people: z.array(
        z.object({
          personId: z.string(),
          name: z.string().nullable(),
          counts: z.boolean(),
          certifications: z.array(
            z.object({
              certification: z.string(),
              countsAs: z.string().nullable(),
              credential: z.string().nullable(),
              earnedDate: Day.nullable(),
              expiresOn: Day.nullable(),
              associated: z.boolean().nullable(),
              counting: z.boolean(),
              notCountingBecause: z.string().nullable(),
              renewalOpensOn: Day.nullable(),
              renewableUntil: Day.nullable(),
              line: z.number().int(),
            }),
          ),
        }),
      ),
      lifecycle: z.array(
        z.object({
          certification: z.string(),
          retires: Day.nullable(),
          retired: z.boolean(),
          canBeEarned: z.boolean(),
          successor: z
            .object({ id: z.string(), certification: z.string(), accepted: z.boolean() })
            .nullable(),
          currentHolders: z.number().int(),
          lastDayHeld: Day.nullable(),
          confidence: z.string().nullable(),
          sources: z.array(z.string()),
        }),
      ),
      cannotBeMetFrom: Day.nullable(),
    })
    .openapi("KnowledgeDetails"),
);

export const AuditWaiver = z
  .object({
    module: z.string(),
    date: Day,
    until: Day,
    basis: z.string(),
    line: z.number().int(),
  })
  .nullable();

export const AuditDetailsSchema = conforms<AuditDetails>()(
  z
    .object({
      moduleAWaived: z.boolean(),
      controls: z.array(
        z.object({
          id: z.string(),
          status: ControlStatus,
          customerCount: z.number().int(),
          required: z.number().int(),
          module: z.string(),
          title: z.string(),
          requiredEvidence: z.string(),
          minimumArtifactsPerCustomer: z.number().int().nullable(),
          customers: z.array(
            z.object({
              tenantId: z.string(),
              name: z.string().nullable(),
              deploymentDate: Day,
              countsUntil: Day.nullable(),
              counts: z.boolean(),
              notCountingBecause: z.string().nullable(),
              evidence: z.array(
                z.object({ evidence: z.string().nullable(), deploymentDate: Day, line: z.number().int() }),
              ),
            }),
          ),
          missing: z.string().nullable(),
        }),
      ),
      checklists: z.object({ A: z.string(), B: z.string() }),
      waiver: AuditWaiver,
      evidenceWindow: z.object({ from: Day, to: Day }),
    })
    .openapi("AuditDetails"),
);

/** The fields every requirement result has; `details` depends on the requirement. */
const requirementFields = {
  title: z.string(),
  status: RequirementStatus,
  summary: z.string(),
  rule: z.string(),
  interpretation: z.string().optional(),
  gaps: z.array(z.object({ code: z.string(), message: z.string() })),
  changes: z.array(ChangeEventSchema),
  resources: z.array(z.object({ title: z.string(), url: z.string() })),
};

export const RequirementResult = z
  .discriminatedUnion("id", [
    z.object({
      id: z.literal("designation"),
      ...requirementFields,
      details: DesignationDetailsSchema.optional(),
    }),
    z.object({
      id: z.literal("performance"),
      ...requirementFields,
      details: PerformanceDetailsSchema.optional(),
    }),
    z.object({
      id: z.literal("knowledge"),
      ...requirementFields,
      details: KnowledgeDetailsSchema.optional(),
    }),
    z.object({ id: z.literal("audit"), ...requirementFields, details: AuditDetailsSchema.optional() }),
  ])
  .openapi("RequirementResult");

export const DashboardChartsSchema = conforms<DashboardCharts>()(
  z
    .object({
      asOf: Day,
      acr: z
        .object({
          status: RequirementStatus,
          months: z.array(Month),
          window: z.array(Month),
          thresholdUsd: Usd,
          requiredCustomers: z.number().int(),
          customers: z.array(
            z.object({
              tenantId: z.string(),
              name: z.string().nullable(),
              countsInWindow: z.boolean(),
              windowSumUsd: Usd,
              amountsUsd: z.array(Usd).openapi({ description: "One amount per month of `months`" }),
              colorRank: z.number().int(),
            }),
          ),
          totalsUsd: z.array(Usd),
          windowTotalUsd: Usd,
          windowAverageUsd: Usd,
          customerCount: z.number().int(),
          hasData: z.boolean(),
        })
        .openapi("AcrChart"),
      certifications: z
        .object({
          status: RequirementStatus,
          people: z.array(
            z.object({
              personId: z.string(),
              name: z.string().nullable(),
              counts: z.boolean(),
              certifications: z.array(
                z.object({
                  certification: z.string(),
                  counted: z.string().nullable(),
                  earnedDate: Day.nullable(),
                  expiresOn: Day.nullable(),
                  renewalOpensOn: Day.nullable(),
                  renewalRetires: Day.nullable(),
                  status: CertificationStatus,
                }),
              ),
            }),
          ),
          hasData: z.boolean(),
        })
        .openapi("CertificationsChart"),
      capability: z
        .object({
          status: RequirementStatus,
          everyMetricAbove: Points,
          areas: z.array(
            z.object({
              area: z.string(),
              eligible: z.boolean(),
              totalPoints: Points,
              neededTotal: Points,
              meets: z.boolean(),
              metrics: z.array(
                z.object({
                  metric: z.string(),
                  category: z.string(),
                  points: Points,
                  maxPoints: Points.nullable(),
                  hasPoints: z.boolean(),
                }),
              ),
            }),
          ),
          hasData: z.boolean(),
        })
        .openapi("CapabilityChart"),
      audit: z
        .object({
          status: RequirementStatus,
          from: Day,
          to: Day,
          moduleAWaived: z.boolean(),
          moduleAWaivedUntil: Day.nullable(),
          controls: z.array(
            z.object({
              id: z.string(),
              module: z.string(),
              title: z.string(),
              required: z.number().int(),
              customerCount: z.number().int(),
              status: ControlStatus,
            }),
          ),
          customers: z.array(z.object({ tenantId: z.string(), name: z.string().nullable() })),
          cells: z.array(
            z.object({
              control: z.string(),
              tenantId: z.string(),
              latestDeploymentDate: Day,
              counts: z.boolean(),
            }),
          ),
          hasData: z.boolean(),
        })
        .openapi("AuditChart"),
    })
    .openapi("DashboardCharts", {
      description: "ACR by customer and month, certification expiry, capability score, audit coverage.",
    }),
);

export const AuditPendingSchema = conforms<AuditPendingFigures>()(
  z
    .object({
      date: Day,
      items: z.number().int(),
      statusIfApproved: z.enum(["met", "not_met"]),
      controls: z.array(
        z.object({
          id: z.string(),
          customerCount: z.number().int(),
          required: z.number().int(),
          pendingItems: z.number().int(),
          pendingCustomers: z.number().int(),
          statusIfApproved: ControlStatus,
        }),
      ),
    })
    .openapi("AuditPendingFigures", {
      description:
        "Per control, the customers that evidence pending review would add once approved (the evaluation counts approved evidence only).",
    }),
);

/**
 * A JSON value of the activity log's free-form details (each action writes its own fields).
 */
export const JsonValue: z.ZodType<unknown> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(JsonValue),
      z.record(z.string(), JsonValue),
    ]),
  )
  .openapi("JsonValue");
