import { z } from "@hono/zod-openapi";
import { AllowedActions, CalendarDate } from "./schemas.js";

/* The request and response schemas of the People page, the capability score form and getting started. */

const PersonIdText = z.string().trim().min(1, "must not be empty").max(320).openapi({
  description: "The PersonId Partner Center shows (an e-mail or an individual id)",
  example: "ana@contoso.example",
});
const NameText = z.string().trim().max(200).nullable();
const CertificationName = z.string().trim().min(1, "must not be empty").max(200).openapi({
  description: "An exam or certification of the program's list, or any other as free text",
  example: "AI-103",
});

export const CertificationInput = z
  .object({
    certification: CertificationName,
    earnedOn: CalendarDate.nullable().default(null),
    expiresOn: CalendarDate.nullable().default(null),
    associated: z.boolean().nullable().default(null).openapi({
      description:
        "Whether the Microsoft Learn profile is associated with the partner; null: not said (counts as yes)",
    }),
  })
  .strict()
  .refine((c) => c.earnedOn === null || c.expiresOn === null || c.earnedOn <= c.expiresOn, {
    message: "expiresOn must not be before earnedOn",
    path: ["expiresOn"],
  })
  .openapi("CertificationInput");

export const CertificationPatch = z
  .object({
    certification: CertificationName.optional(),
    earnedOn: CalendarDate.nullable().optional(),
    expiresOn: CalendarDate.nullable().optional(),
    associated: z.boolean().nullable().optional(),
  })
  .strict()
  .openapi("CertificationPatch");

export const PersonInput = z
  .object({
    personId: PersonIdText,
    name: NameText.optional(),
    certifications: z.array(CertificationInput).max(50).default([]),
  })
  .strict()
  .openapi("PersonInput");

export const PersonPatch = z
  .object({ personId: PersonIdText.optional(), name: NameText.optional() })
  .strict()
  .openapi("PersonPatch");

export const CertificationStatus = z
  .enum(["counting", "not_associated", "not_yet_earned", "expired", "does_not_count"])
  .openapi("CertificationStatus");

export const PersonCertification = z
  .object({
    id: z.string(),
    certification: z.string(),
    earnedOn: z.string().nullable(),
    expiresOn: z.string().nullable(),
    associated: z.boolean().nullable(),
    /** The expiry the rules use: expiresOn, else earned plus the program's validity. */
    effectiveExpiry: z.string().nullable(),
    status: CertificationStatus,
    /** The program certification it counts as (its exam code), or null. */
    countsAs: z.string().nullable(),
    origin: z.enum(["import", "workspace"]),
    importId: z.string().nullable(),
    sourceLine: z.number().int().nullable(),
    editedAt: z.string().nullable(),
    editedByName: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("PersonCertification");

export const Person = z
  .object({
    id: z.string(),
    personId: z.string(),
    name: z.string().nullable(),
    editedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    certifications: z.array(PersonCertification),
    allowedActions: AllowedActions,
  })
  .openapi("Person");

export const CertificationChoice = z
  .object({
    id: z.string().openapi({ example: "AI-103" }),
    title: z.string(),
    /** The program certification it counts as in the version in effect today, or null. */
    countsAs: z.string().nullable(),
  })
  .openapi("CertificationChoice");

export const PeopleList = z
  .object({
    asOf: z.string(),
    programId: z.string(),
    minimumIndividuals: z.number().int().nullable(),
    people: z.array(Person),
    choices: z.array(CertificationChoice),
    /** Rows added or changed on the People page since the last import (the next import shows them). */
    editedRows: z.number().int(),
  })
  .openapi("PeopleList");

export const ScoreEntryInput = z
  .object({
    shownOn: CalendarDate.openapi({ description: "The day Partner Center showed these points" }),
    solutionArea: z.string().trim().min(1).max(200).openapi({ example: "Data & AI (Azure)" }),
    points: z
      .record(z.string().max(100), z.string().trim().min(1).max(20))
      .openapi({ description: "Metric name -> points as shown", example: { "Net customer adds": "18" } }),
  })
  .strict()
  .openapi("ScoreEntryInput");

export const ScoreEntry = z
  .object({
    id: z.string(),
    shownOn: z.string(),
    kind: z.enum(["form", "import"]),
    solutionArea: z.string().nullable(),
    points: z.record(z.string(), z.string()),
    importId: z.string().nullable(),
    importFileName: z.string().nullable(),
    createdByName: z.string(),
    createdAt: z.string(),
    allowedActions: AllowedActions,
  })
  .openapi("ScoreEntry");

export const ScoreHistoryPoint = z
  .object({
    entryId: z.string(),
    shownOn: z.string(),
    kind: z.enum(["form", "import"]),
    label: z.string(),
    areas: z.array(
      z.object({
        area: z.string(),
        totalPoints: z.string(),
        met: z.boolean(),
        pointsShort: z.string(),
        metricsWithoutPoints: z.array(z.string()),
      }),
    ),
  })
  .openapi("ScoreHistoryPoint");

export const CapabilityScoreView = z
  .object({
    areas: z.array(z.string()),
    metrics: z.array(z.object({ name: z.string(), category: z.string(), maxPoints: z.number().nullable() })),
    minimumTotalPoints: z.string(),
    everyMetricAbove: z.string(),
    entries: z.array(ScoreEntry),
    history: z.array(ScoreHistoryPoint),
    /** The score in effect, by area and metric, as the evaluation reads it. */
    inEffect: z.array(z.object({ solutionArea: z.string(), metric: z.string(), points: z.string() })),
    /** Each eligible area's designation anniversary, when the designation input gives one. */
    anniversaries: z.array(z.object({ area: z.string(), anniversaryDate: z.string() })),
  })
  .openapi("CapabilityScoreView");

export const GettingStartedStep = z
  .object({
    kind: z.enum(["azure-usage", "certifications", "capability-score", "audit-evidence"]),
    title: z.string(),
    where: z.array(z.string()).nullable(),
    report: z.string().nullable(),
    form: z.enum(["people", "capability-score", "evidence"]).nullable(),
    range: z.string().nullable(),
    replaces: z.string().nullable(),
    note: z.string().nullable(),
    sources: z.array(z.object({ key: z.string(), title: z.string(), url: z.string() })),
    done: z.boolean(),
    /** What the workspace holds for this input, in words ("3 people, 4 certification rows"). */
    status: z.string(),
  })
  .openapi("GettingStartedStep");

export const GettingStarted = z
  .object({ steps: z.array(GettingStartedStep), done: z.number().int(), total: z.number().int() })
  .openapi("GettingStarted");
