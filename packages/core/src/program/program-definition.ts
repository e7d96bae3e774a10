import { z } from "zod";
import { parseCalendarDate } from "../calendar/calendar-date.js";
import { isDecimalText } from "../money/decimal.js";

/*
 * A specialization program and its audit checklists are versioned data (JSON files), validated here when
 * loaded. Numbers, names and texts of the rules live in those files; the code only knows the shape of a
 * rule ("a minimum monthly average over a window of N months"), never its figures.
 */

const isoDate = z.string().refine((s) => parseCalendarDate(s) === s, "must be a date YYYY-MM-DD");
const decimalText = z.string().refine(isDecimalText, 'must be a decimal number written as text, e.g. "2000"');
const nonEmpty = z.string().trim().min(1);
const names = z.array(nonEmpty).min(1);

export const requirementIds = ["designation", "performance", "knowledge", "audit"] as const;
export type RequirementId = (typeof requirementIds)[number];

const resourceSchema = z.strictObject({
  requirement: z.enum([...requirementIds, "program", "apply"]),
  title: nonEmpty,
  url: z.url(),
  listed: isoDate,
});

const controlSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]\d+\.\d+$/, "must look like A1.1"),
  title: nonEmpty,
  requiredCustomers: z.int().min(1),
  /** What the checklist counts: customers, or workloads that the product counts as customers. */
  counts: z.enum(["customers", "workloads"]).default("customers"),
  minimumArtifactsPerCustomer: z.int().min(1).nullable(),
  requiredEvidence: nonEmpty,
  acceptedDocumentation: z.array(nonEmpty).min(1),
  practiceSpecialties: z.array(nonEmpty).default([]),
});

export const checklistSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9.-]+$/, "lower-case letters, digits, dots and hyphens"),
    module: z.enum(["A", "B"]),
    title: nonEmpty,
    version: nonEmpty,
    effectiveFrom: isoDate,
    source: nonEmpty,
    controls: z.array(controlSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.controls.forEach((control, i) => {
      if (!control.id.startsWith(c.module)) {
        ctx.addIssue({
          code: "custom",
          path: ["controls", i, "id"],
          message: `control ${control.id} is not of module ${c.module}`,
        });
      }
      if (seen.has(control.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["controls", i, "id"],
          message: `control ${control.id} is listed twice`,
        });
      }
      seen.add(control.id);
    });
  });

const attributionSchema = z.strictObject({
  type: nonEmpty,
  names,
  countsForGovernment: z.boolean(),
});

const certificationSchema = z.strictObject({
  id: nonEmpty,
  title: nonEmpty,
  exam: nonEmpty,
  names,
  retirement: z
    .strictObject({ date: isoDate, successor: nonEmpty.optional(), note: nonEmpty })
    .nullable()
    .default(null),
});

const waiverSchema = z.strictObject({
  description: nonEmpty,
  modules: names,
  withinMonths: z.int().min(1),
  notBefore: isoDate.nullable().default(null),
});

export const programSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, "lower-case letters, digits and hyphens"),
    name: nonEmpty,
    alsoKnownAs: z.array(nonEmpty).default([]),
    version: nonEmpty,
    published: isoDate,
    description: nonEmpty,
    sources: z.array(nonEmpty).min(1),
    designation: z.strictObject({
      eligibleAreas: z
        .array(z.strictObject({ name: nonEmpty, aliases: z.array(nonEmpty).default([]) }))
        .min(1),
      metrics: z
        .array(z.strictObject({ name: nonEmpty, category: nonEmpty, maxPoints: z.int().min(1).nullable() }))
        .min(1),
      minimumTotalPoints: decimalText,
      everyMetricAbove: decimalText,
    }),
    performance: z.strictObject({
      serviceGroup2: names,
      windowMonths: z.int().min(1).max(24),
      minimumMonthlyAverageUsd: decimalText,
      minimumCustomers: z.int().min(1),
      eligibleAttributions: z.array(attributionSchema).min(1),
      knownIneligibleAttributions: z.array(nonEmpty).default([]),
      excludedOfferTypeTerms: z.array(nonEmpty).default([]),
      governmentCloudInstances: z.array(nonEmpty).default([]),
    }),
    knowledge: z.strictObject({
      minimumIndividuals: z.int().min(1),
      defaultValidityMonths: z.int().min(1),
      renewalWindowMonths: z.int().min(0),
      certifications: z.array(certificationSchema).min(1),
    }),
    audit: z.strictObject({
      checklists: z.strictObject({ A: nonEmpty, B: nonEmpty }),
      evidenceMaxAgeMonths: z.int().min(1),
      moduleAWaivers: z.array(waiverSchema).default([]),
      historyModules: names,
      /**
       * The audit process in order. `from` names the event a deadline counts from: `approval` (of the
       * application) or an earlier step's id; `fromWithoutGaps`, where set, is used instead when the
       * audit leaves no open action items (the gap steps do not happen then).
       */
      process: z.array(
        z.strictObject({
          id: z.string().regex(/^[a-z][a-z0-9-]*$/, "lower-case letters, digits and hyphens"),
          step: nonEmpty,
          within: z.strictObject({
            count: z.int().min(0),
            unit: z.enum(["business days", "calendar days", "hours"]),
          }),
          after: nonEmpty,
          from: nonEmpty,
          fromWithoutGaps: nonEmpty.optional(),
          /** Only when the audit leaves open action items. */
          onlyWithGaps: z.boolean().default(false),
        }),
      ),
      feesUsd: z.record(z.string(), decimalText),
    }),
    resources: z.array(resourceSchema).default([]),
    interpretations: z
      .array(z.strictObject({ requirement: z.enum(requirementIds), text: nonEmpty }))
      .default([]),
  })
  .superRefine((p, ctx) => {
    const steps = new Set<string>(["approval"]);
    p.audit.process.forEach((step, i) => {
      for (const key of ["from", "fromWithoutGaps"] as const) {
        const ref = step[key];
        if (ref !== undefined && !steps.has(ref))
          ctx.addIssue({
            code: "custom",
            path: ["audit", "process", i, key],
            message: `"${ref}" is neither "approval" nor the id of an earlier step`,
          });
      }
      if (steps.has(step.id))
        ctx.addIssue({
          code: "custom",
          path: ["audit", "process", i, "id"],
          message: `${step.id} is listed twice`,
        });
      steps.add(step.id);
    });
    const ids = new Set<string>();
    p.knowledge.certifications.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({
          code: "custom",
          path: ["knowledge", "certifications", i, "id"],
          message: `${c.id} is listed twice`,
        });
      ids.add(c.id);
    });
    const namesSeen = new Map<string, string>();
    for (const c of p.knowledge.certifications) {
      for (const n of c.names) {
        const key = n.toLowerCase();
        const other = namesSeen.get(key);
        if (other !== undefined && other !== c.id) {
          ctx.addIssue({
            code: "custom",
            path: ["knowledge", "certifications"],
            message: `the name "${n}" is given to both ${other} and ${c.id}`,
          });
        }
        namesSeen.set(key, c.id);
      }
    }
  });

export type ChecklistDefinition = z.infer<typeof checklistSchema>;
export type ControlDefinition = ChecklistDefinition["controls"][number];
export type ProgramData = z.infer<typeof programSchema>;
export type CertificationDefinition = ProgramData["knowledge"]["certifications"][number];
export type Resource = ProgramData["resources"][number];

/** A program with its checklists resolved: what the rules evaluate against. */
export interface Program extends ProgramData {
  readonly moduleA: ChecklistDefinition;
  readonly moduleB: ChecklistDefinition;
  /**
   * Every checklist version installed, oldest first per module: the one live on an audit date is
   * picked from these (checklists are shared by the Azure specializations and change twice a year).
   */
  readonly checklistVersions: readonly ChecklistDefinition[];
}

/** A problem found while loading program data: which file, where in it, what is wrong. */
export interface ProgramDataProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export type ProgramLoadResult =
  | { readonly ok: true; readonly programs: readonly Program[] }
  | { readonly ok: false; readonly problems: readonly ProgramDataProblem[] };

/** A data file as the edge read it: its name and parsed JSON. */
export interface DataFile {
  readonly file: string;
  readonly json: unknown;
}

function problemsOf(file: string, error: z.ZodError): ProgramDataProblem[] {
  return error.issues.map((issue) => ({
    file,
    path: issue.path.length === 0 ? "(top)" : issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/**
 * Validates program and checklist files and links each program to its checklists. Returns every
 * problem of every file, not only the first, so a broken definition is fixed in one pass.
 */
export function loadPrograms(
  programFiles: readonly DataFile[],
  checklistFiles: readonly DataFile[],
): ProgramLoadResult {
  const problems: ProgramDataProblem[] = [];
  const checklists = new Map<string, ChecklistDefinition>();
  for (const f of checklistFiles) {
    const parsed = checklistSchema.safeParse(f.json);
    if (!parsed.success) {
      problems.push(...problemsOf(f.file, parsed.error));
    } else if (checklists.has(parsed.data.id)) {
      problems.push({ file: f.file, path: "id", message: `checklist ${parsed.data.id} is defined twice` });
    } else {
      checklists.set(parsed.data.id, parsed.data);
    }
  }
  const checklistVersions = [...checklists.values()].sort(
    (x, y) => x.module.localeCompare(y.module) || x.effectiveFrom.localeCompare(y.effectiveFrom),
  );
  const programs: Program[] = [];
  for (const f of programFiles) {
    const parsed = programSchema.safeParse(f.json);
    if (!parsed.success) {
      problems.push(...problemsOf(f.file, parsed.error));
      continue;
    }
    const data = parsed.data;
    if (programs.some((p) => p.id === data.id)) {
      problems.push({ file: f.file, path: "id", message: `program ${data.id} is defined twice` });
      continue;
    }
    const moduleA = checklists.get(data.audit.checklists.A);
    const moduleB = checklists.get(data.audit.checklists.B);
    if (moduleA?.module !== "A") {
      problems.push({
        file: f.file,
        path: "audit.checklists.A",
        message: `no Module A checklist with id ${data.audit.checklists.A}`,
      });
    }
    if (moduleB?.module !== "B") {
      problems.push({
        file: f.file,
        path: "audit.checklists.B",
        message: `no Module B checklist with id ${data.audit.checklists.B}`,
      });
    }
    if (moduleA && moduleB && moduleA.module === "A" && moduleB.module === "B") {
      programs.push({ ...data, moduleA, moduleB, checklistVersions });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  programs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, programs };
}

/** Every control of a program, Module A first, in checklist order. */
export function programControls(program: Program): readonly ControlDefinition[] {
  return [...program.moduleA.controls, ...program.moduleB.controls];
}
