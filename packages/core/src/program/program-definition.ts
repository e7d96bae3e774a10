import { z } from "zod";
import { parseCalendarDate } from "../calendar/calendar-date.js";
import { isDecimalText } from "../money/decimal.js";
import { type PerformanceSubRule, performanceSubRuleSchema, type UsageFilter } from "./performance-rules.js";

/*
 * A specialization program and its audit checklists are versioned data (JSON files), validated here when
 * loaded. Numbers, names and texts of the rules live in those files; the code only knows the shape of a
 * rule ("a minimum monthly average over a window of N months"), never its figures.
 */

const isoDate = z.string().refine((s) => parseCalendarDate(s) === s, "must be a date YYYY-MM-DD");
const decimalText = z.string().refine(isDecimalText, 'must be a decimal number written as text, e.g. "2000"');
const nonEmpty = z.string().trim().min(1);
const names = z.array(nonEmpty).min(1);
const sourceKey = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lower-case letters, digits, dots and hyphens");

/**
 * Where a fact of the data comes from: `paths` name members of the file (dot-separated, `*` for every
 * element of an array or every key of a record), `sources` are keys of the source registry.
 */
const citationSchema = z.strictObject({
  paths: z.array(nonEmpty).min(1),
  sources: z.array(sourceKey).min(1),
  note: nonEmpty.optional(),
});

/** Who published a source: Microsoft, Microsoft's text read from a copy elsewhere, or a third party. */
export const sourcePublishers = ["microsoft", "microsoft-copy", "third-party"] as const;
export type SourcePublisher = (typeof sourcePublishers)[number];

const sourceSchema = z.strictObject({
  key: sourceKey,
  title: nonEmpty,
  url: z.url(),
  publisher: z.enum(sourcePublishers),
  /** The day the text was read for the data. */
  retrieved: isoDate,
  /** Where the text was read when it is not the address itself (a copy of Microsoft's page). */
  via: z.url().optional(),
  note: nonEmpty.optional(),
});

/** A file of the source registry: every source the program data cites, by key. */
export const sourcesFileSchema = z.strictObject({ sources: z.array(sourceSchema) });
export type SourceEntry = z.infer<typeof sourceSchema>;

const credentialSchema = z.strictObject({
  /** The exam code, which is how the program data names a certification ("DP-100"). */
  id: nonEmpty,
  exam: nonEmpty,
  certification: nonEmpty,
  /** The last day the exam can be taken (null: no retirement known). */
  retires: isoDate.nullable(),
  /** The last day the renewal assessment can be taken (null: no retirement known). */
  renewalRetires: isoDate.nullable(),
  successor: z
    .strictObject({ id: nonEmpty, certification: nonEmpty, sameCertification: z.boolean() })
    .nullable(),
  /** Whether Microsoft's own text says so, or only third parties. */
  confidence: z.enum(["microsoft", "third-party"]),
  sources: z.array(sourceKey).min(1),
  note: nonEmpty.optional(),
});

/** A file of the credential registry: exams and certifications with their lifecycle. */
export const credentialsFileSchema = z.strictObject({ credentials: z.array(credentialSchema) });
export type CredentialLifecycle = z.infer<typeof credentialSchema>;

/** The specialization of program data that names none: the product's first, AI Platform on Microsoft Azure. */
export const DEFAULT_SPECIALIZATION = "ai-platform-azure";

/** Marks a requirement the sources do not give: evaluated as unknown, never as met or not met. */
const unknownKnowledge = z.strictObject({
  /** Why, and where to look ("not in program data — check Partner Center"). */
  notInProgramData: nonEmpty,
  /** Certifications' validity and renewal window: Microsoft Learn's, the same for every specialization. */
  defaultValidityMonths: z.int().min(1),
  renewalWindowMonths: z.int().min(0),
});

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
  /**
   * How old a customer's project may be to count for this control, in months (the checklist's "within
   * the last 12 months" or "24 months"); absent: the program's `audit.evidenceMaxAgeMonths`.
   */
  evidenceMaxAgeMonths: z.int().min(1).max(60).optional(),
});

export const checklistSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9.-]+$/, "lower-case letters, digits, dots and hyphens"),
    module: z.enum(["A", "B"]),
    /**
     * The specialization a Module B checklist belongs to (`specialization` of its programs). Module A is
     * shared by every Azure specialization audited with it and names none. A Module B checklist without
     * it belongs to the AI Platform specialization, for which the first checklists were written.
     */
    specialization: z
      .string()
      .regex(/^[a-z0-9-]+$/, "lower-case letters, digits and hyphens")
      .optional(),
    title: nonEmpty,
    version: nonEmpty,
    /** The first day audits use it. */
    effectiveFrom: isoDate,
    /** The last day audits use it, as far as the sources say (null: no end known). */
    effectiveTo: isoDate.nullable().default(null),
    /** When Microsoft made it available for preview, before it was required. */
    previewFrom: isoDate.optional(),
    /**
     * `complete`: every control with its customers and evidence, so readiness can be measured against
     * it. `summary`: the version's name, dates and changes only; readiness on its dates is measured
     * against the nearest complete version.
     */
    controlData: z.enum(["complete", "summary"]).default("complete"),
    source: nonEmpty,
    /** What changed from the previous version, in the sources' words. */
    changes: z.array(nonEmpty).default([]),
    citations: z.array(citationSchema).default([]),
    controls: z.array(controlSchema).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.controlData === "complete" && c.controls.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["controls"],
        message: "a checklist with complete control data lists its controls",
      });
    if (c.effectiveTo !== null && c.effectiveTo < c.effectiveFrom)
      ctx.addIssue({ code: "custom", path: ["effectiveTo"], message: "is before effectiveFrom" });
    if (c.module === "A" && c.specialization !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["specialization"],
        message: "Module A is shared by every specialization audited with it: name no specialization",
      });
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
  /**
   * Other certifications this program version counts in this one's place (a successor), each with its
   * own names. A holder of one counts as a holder of `id`.
   */
  alsoAccepted: z.array(z.strictObject({ id: nonEmpty, title: nonEmpty, names })).default([]),
});

const waiverSchema = z.strictObject({
  description: nonEmpty,
  modules: names,
  withinMonths: z.int().min(1),
  notBefore: isoDate.nullable().default(null),
});

/**
 * Members of the one-rule form programs were written in before the rule language: refused with the way
 * to write the same rule.
 */
const oneRuleFormMember = z
  .never({
    error:
      'the performance rule is written in performance.rules: e.g. {"id": "ai-acr", "title": "…", "filter": {"column": "ServiceGroup2", "in": ["AI"]}, "aggregate": "monthly-average", "minimumUsd": "2000", "minimumCustomers": 3}',
  })
  .optional();

/**
 * How the performance rules are evaluated, as the loaded program carries them: either the general
 * sub-rule engine over `rules`, or — when the rules are one monthly average of ServiceGroup2 groups with
 * no nested minimums or caveats (the AI Platform rule) — the detailed engine, which also reports each
 * customer's months and what changes next month. The detailed engine reads `serviceGroup2`,
 * `minimumMonthlyAverageUsd` and `minimumCustomers`, derived here from that one rule; a property test
 * proves both engines agree on it (sub-rule-performance.test.ts).
 */
export type PerformanceForm =
  | {
      readonly rules: PerformanceSubRule[];
      readonly serviceGroup2?: undefined;
      readonly minimumMonthlyAverageUsd?: undefined;
      readonly minimumCustomers?: undefined;
      readonly monthlyAverageRule?: undefined;
    }
  | {
      readonly rules?: undefined;
      readonly serviceGroup2: string[];
      readonly minimumMonthlyAverageUsd: string;
      readonly minimumCustomers: number;
      /** The rule as the program file writes it. */
      readonly monthlyAverageRule: PerformanceSubRule;
    };

/** The ServiceGroup2 groups a filter selects, when it is a single condition on ServiceGroup2. */
function serviceGroup2Groups(filter: UsageFilter): string[] | undefined {
  if (!("column" in filter) || filter.column !== "ServiceGroup2") return undefined;
  if ("equals" in filter) return [filter.equals];
  if ("in" in filter) return [...filter.in];
  return undefined;
}

function withMonthlyAverageForm<
  P extends {
    rules: PerformanceSubRule[];
    serviceGroup2?: undefined;
    minimumMonthlyAverageUsd?: undefined;
    minimumCustomers?: undefined;
  },
>(perf: P): Omit<P, keyof PerformanceForm> & PerformanceForm {
  const { rules, serviceGroup2: _a, minimumMonthlyAverageUsd: _b, minimumCustomers: _c, ...rest } = perf;
  const only = rules.length === 1 ? rules[0] : undefined;
  const groups = only === undefined ? undefined : serviceGroup2Groups(only.filter);
  if (
    only === undefined ||
    groups === undefined ||
    only.aggregate !== "monthly-average" ||
    only.minimums.length > 0 ||
    only.caveats.length > 0
  )
    return { ...rest, rules };
  return {
    ...rest,
    serviceGroup2: groups,
    minimumMonthlyAverageUsd: only.minimumUsd,
    minimumCustomers: only.minimumCustomers,
    monthlyAverageRule: only,
  };
}

export const programSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, "lower-case letters, digits and hyphens"),
    /** The program version this one is written against: its members are taken unless given here. */
    extends: z.string().optional(),
    /**
     * Which specialization the version is of: versions of one specialization replace each other by date,
     * and its Module B checklists name it. Absent: the AI Platform specialization.
     */
    specialization: z
      .string()
      .regex(/^[a-z0-9-]+$/, "lower-case letters, digits and hyphens")
      .default(DEFAULT_SPECIALIZATION),
    name: nonEmpty,
    alsoKnownAs: z.array(nonEmpty).default([]),
    version: nonEmpty,
    published: isoDate,
    /**
     * The dates the version is in effect (to: null while no successor is known). A version without it is
     * never chosen by date, only when pinned.
     */
    effective: z.strictObject({ from: isoDate, to: isoDate.nullable() }).optional(),
    /** A reading Microsoft has not published: never chosen by default, labelled wherever it is shown. */
    provisional: z.strictObject({ label: nonEmpty, reason: nonEmpty }).optional(),
    /**
     * The program whose reading this version gives on the contract's inputs (its measurements are the
     * same; only names, checklist versions in effect, advice and forecasts differ): when the version is
     * chosen by date, an evaluation reports that program as its `program`, as the contract fixes it.
     */
    measuresAs: z.string().optional(),
    description: nonEmpty,
    /** What changed from the version before, in words. */
    changes: z.array(nonEmpty).default([]),
    notes: z.array(nonEmpty).default([]),
    sources: z.array(nonEmpty).min(1),
    citations: z.array(citationSchema).default([]),
    designation: z.strictObject({
      eligibleAreas: z
        .array(z.strictObject({ name: nonEmpty, aliases: z.array(nonEmpty).default([]) }))
        .min(1),
      metrics: z
        .array(z.strictObject({ name: nonEmpty, category: nonEmpty, maxPoints: z.int().min(1).nullable() }))
        .min(1),
      minimumTotalPoints: decimalText,
      everyMetricAbove: decimalText,
      /**
       * The statuses Partner Center shows on the Solutions Partner page: those of an active designation
       * (it holds until its anniversary date), and the others.
       */
      activeStatuses: names.default(["Enrolled", "Enrolled (Renewal due)"]),
      otherStatuses: z.array(nonEmpty).default(["Qualified", "In progress"]),
      /**
       * To renew, the area must qualify on at least one day from the first day of the month this many
       * months before the anniversary month to the last day of the anniversary month.
       */
      renewalQualificationMonths: z.int().min(0).max(24).default(5),
    }),
    performance: z
      .strictObject({
        windowMonths: z.int().min(1).max(24),
        /** The sub-rules, every one of which must be met. */
        rules: z
          .array(performanceSubRuleSchema, {
            error: (issue) =>
              issue.input === undefined
                ? "required: the list of sub-rules, every one of which must be met (see docs/programs.md)"
                : undefined,
          })
          .min(1),
        serviceGroup2: oneRuleFormMember,
        minimumMonthlyAverageUsd: oneRuleFormMember,
        minimumCustomers: oneRuleFormMember,
        eligibleAttributions: z.array(attributionSchema).min(1),
        knownIneligibleAttributions: z.array(nonEmpty).default([]),
        excludedOfferTypeTerms: z.array(nonEmpty).default([]),
        governmentCloudInstances: z.array(nonEmpty).default([]),
        /** Which of the usage report's duplicate flags sets a row aside. */
        duplicateFlag: z
          .strictObject({
            column: z.enum(["IsACRDuplicateAtMPNLevel", "IsACRDuplicateAtPGALevel"]),
            level: nonEmpty,
            note: nonEmpty.optional(),
          })
          .default({ column: "IsACRDuplicateAtMPNLevel", level: "PartnerID (MPN)" }),
        /**
         * When Partner Center shows a month's ACR: in the usage report download after this day of the next
         * month, and in the specialization's progress by this day of the next month.
         */
        dataAvailability: z
          .strictObject({
            usageReportFinalAfterDay: z.int().min(1).max(28),
            specializationProgressByDay: z.int().min(1).max(28),
          })
          .optional(),
      })
      .superRefine((perf, ctx) => {
        const ruleIds = new Set<string>();
        perf.rules.forEach((r, i) => {
          for (const id of [r.id, ...r.minimums.map((m) => `${r.id}/${m.id}`)]) {
            if (ruleIds.has(id))
              ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `${id} is listed twice` });
            ruleIds.add(id);
          }
        });
      })
      .transform(withMonthlyAverageForm),
    knowledge: z
      .strictObject({
        minimumIndividuals: z.int().min(1),
        defaultValidityMonths: z.int().min(1),
        renewalWindowMonths: z.int().min(0),
        certifications: z.array(certificationSchema).min(1),
      })
      .or(unknownKnowledge),
    audit: z.strictObject({
      /**
       * The checklist ids the version measures against on every date, or `by-date`: the checklist in
       * effect on the date is named, and controls are measured against the nearest complete version.
       */
      checklists: z.union([z.strictObject({ A: nonEmpty, B: nonEmpty }), z.literal("by-date")]),
      /**
       * Set when the sources give only a summary of the specialization's Module B (its name, dates and
       * some changes, not its controls): Module B is then shown as unknown, and the audit is at best
       * unknown; Module A is measured as for every specialization.
       */
      moduleBNotInProgramData: nonEmpty.optional(),
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
    if (p.effective?.to != null && p.effective.to < p.effective.from)
      ctx.addIssue({ code: "custom", path: ["effective", "to"], message: "is before effective.from" });
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
    if (!("certifications" in p.knowledge)) return;
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
      for (const n of [...c.names, ...c.alsoAccepted.flatMap((a) => a.names)]) {
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
export type CertificationDefinition = Extract<
  ProgramData["knowledge"],
  { certifications: unknown }
>["certifications"][number];
export type Resource = ProgramData["resources"][number];
export type Citation = z.infer<typeof citationSchema>;

/** A program with its checklists resolved: what the rules evaluate against. */
export interface Program extends ProgramData {
  /**
   * The checklists readiness is measured against. A version that names its checklists by date holds the
   * latest complete ones here; `programOnDate` gives the ones for a date.
   */
  readonly moduleA: ChecklistDefinition;
  readonly moduleB: ChecklistDefinition;
  /**
   * Every checklist version installed, oldest first per module: the one live on an audit date is
   * picked from these (checklists are shared by the Azure specializations and change twice a year).
   */
  readonly checklistVersions: readonly ChecklistDefinition[];
  /** The lifecycle of every exam and certification the credential registry knows, by exam code. */
  readonly credentials: ReadonlyMap<string, CredentialLifecycle>;
}

/** A problem found while loading program data: which file, where in it, what is wrong. */
export interface ProgramDataProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

export type ProgramLoadResult =
  | {
      readonly ok: true;
      readonly programs: readonly Program[];
      /** The source registry, by key: what `citations` refer to. */
      readonly sources: ReadonlyMap<string, SourceEntry>;
    }
  | { readonly ok: false; readonly problems: readonly ProgramDataProblem[] };

/** A data file as the edge read it: its name and parsed JSON. */
export interface DataFile {
  readonly file: string;
  readonly json: unknown;
}

/** The registries next to the program and checklist files: sources, and credential lifecycles. */
export interface RegistryFiles {
  readonly sources?: readonly DataFile[];
  readonly credentials?: readonly DataFile[];
}

function problemsOf(file: string, error: z.ZodError): ProgramDataProblem[] {
  return error.issues.map((issue) => ({
    file,
    path: issue.path.length === 0 ? "(top)" : issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** Members a version never takes from the version it extends: they describe the version itself. */
const OWN_MEMBERS = new Set([
  "id",
  "extends",
  "effective",
  "provisional",
  "measuresAs",
  "changes",
  "notes",
  "citations",
]);
/** Sections merged member by member: a version restates only the members it changes. */
const SECTIONS = new Set(["designation", "performance", "knowledge", "audit"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A version written against another: the base's members, then the version's own. In the sections
 * designation, performance, knowledge and audit each member given replaces the base's member; any other
 * member given replaces the base's whole. Citations add up.
 */
function mergeProgramJson(
  base: Record<string, unknown>,
  own: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) if (!OWN_MEMBERS.has(k)) merged[k] = v;
  for (const [k, v] of Object.entries(own)) {
    const before = merged[k];
    merged[k] = SECTIONS.has(k) && isRecord(v) && isRecord(before) ? { ...before, ...v } : v;
  }
  const citations = (x: Record<string, unknown>) => (Array.isArray(x.citations) ? x.citations : []);
  merged.citations = [...citations(base), ...citations(own)];
  return merged;
}

/**
 * How data files are parsed: without zod's compiled fast path. Each file is parsed once per process,
 * and compiling that path (with `new Function`, per schema) costs more than the one parse it speeds up:
 * about 10 ms of every `specready check`, measured. The checks and messages are the same.
 */
const ONCE = { jitless: true } as const;

function parseRegistries(
  registries: RegistryFiles,
  problems: ProgramDataProblem[],
): { sources: Map<string, SourceEntry>; credentials: Map<string, CredentialLifecycle> } {
  const sources = new Map<string, SourceEntry>();
  for (const f of registries.sources ?? []) {
    const parsed = sourcesFileSchema.safeParse(f.json, ONCE);
    if (!parsed.success) {
      problems.push(...problemsOf(f.file, parsed.error));
      continue;
    }
    parsed.data.sources.forEach((s, i) => {
      if (sources.has(s.key))
        problems.push({
          file: f.file,
          path: `sources.${i}.key`,
          message: `source ${s.key} is defined twice`,
        });
      else sources.set(s.key, s);
    });
  }
  const credentials = new Map<string, CredentialLifecycle>();
  for (const f of registries.credentials ?? []) {
    const parsed = credentialsFileSchema.safeParse(f.json, ONCE);
    if (!parsed.success) {
      problems.push(...problemsOf(f.file, parsed.error));
      continue;
    }
    parsed.data.credentials.forEach((c, i) => {
      if (credentials.has(c.id))
        problems.push({
          file: f.file,
          path: `credentials.${i}.id`,
          message: `credential ${c.id} is defined twice`,
        });
      else credentials.set(c.id, c);
      c.sources.forEach((key, k) => {
        if (registries.sources !== undefined && !sources.has(key))
          problems.push({
            file: f.file,
            path: `credentials.${i}.sources.${k}`,
            message: `no source with the key ${key} in the source registry`,
          });
      });
    });
  }
  return { sources, credentials };
}

function checkCitations(
  file: string,
  citations: readonly Citation[],
  sources: ReadonlyMap<string, SourceEntry> | undefined,
  problems: ProgramDataProblem[],
): void {
  if (sources === undefined) return;
  citations.forEach((c, i) => {
    c.sources.forEach((key, k) => {
      if (!sources.has(key))
        problems.push({
          file,
          path: `citations.${i}.sources.${k}`,
          message: `no source with the key ${key} in the source registry`,
        });
    });
  });
}

/** The latest complete checklist of a module (by effectiveFrom), or undefined when there is none. */
function latestComplete(
  checklists: readonly ChecklistDefinition[],
  module: "A" | "B",
): ChecklistDefinition | undefined {
  return checklists.filter((c) => c.module === module && c.controlData === "complete").at(-1);
}

/**
 * Validates program and checklist files and links each program to its checklists. Returns every
 * problem of every file, not only the first, so a broken definition is fixed in one pass. A program file
 * may extend another (`extends`); `registries` give the sources its citations name and the lifecycle of
 * the certifications it counts.
 */
/**
 * Evidence is linked to controls by id, and the Module B evidence of one specialization must never count
 * for another's: a Module B control id may be used by one specialization only (versions of its own
 * checklist share ids, as control B2.2 runs through V1.3–V1.7).
 */
function checkModuleBControlIds(
  checklistFiles: readonly DataFile[],
  checklists: ReadonlyMap<string, ChecklistDefinition>,
  problems: ProgramDataProblem[],
): void {
  const owner = new Map<string, string>();
  const fileOf = new Map<string, string>();
  for (const f of checklistFiles)
    if (isRecord(f.json) && typeof f.json.id === "string") fileOf.set(f.json.id, f.file);
  const sorted = [...checklists.values()]
    .filter((c) => c.module === "B")
    .sort(
      // The AI Platform's checklists first, then by id: the problem is named at the later specialization.
      (x, y) =>
        Number((x.specialization ?? DEFAULT_SPECIALIZATION) !== DEFAULT_SPECIALIZATION) -
          Number((y.specialization ?? DEFAULT_SPECIALIZATION) !== DEFAULT_SPECIALIZATION) ||
        x.id.localeCompare(y.id),
    );
  for (const c of sorted) {
    const specialization = c.specialization ?? DEFAULT_SPECIALIZATION;
    c.controls.forEach((control, i) => {
      const other = owner.get(control.id);
      if (other !== undefined && other !== specialization)
        problems.push({
          file: fileOf.get(c.id) ?? c.id,
          path: `controls.${i}.id`,
          message: `${control.id} is also a Module B control of ${other}: evidence is linked to controls by id, so two specializations' Module B checklists cannot list the same control id (their evidence would count for both)`,
        });
      else owner.set(control.id, specialization);
    });
  }
}

export function loadPrograms(
  programFiles: readonly DataFile[],
  checklistFiles: readonly DataFile[],
  registries: RegistryFiles = {},
): ProgramLoadResult {
  const problems: ProgramDataProblem[] = [];
  const { sources, credentials } = parseRegistries(registries, problems);
  const knownSources = registries.sources === undefined ? undefined : sources;
  const checklists = new Map<string, ChecklistDefinition>();
  for (const f of checklistFiles) {
    const parsed = checklistSchema.safeParse(f.json, ONCE);
    if (!parsed.success) {
      problems.push(...problemsOf(f.file, parsed.error));
    } else if (checklists.has(parsed.data.id)) {
      problems.push({ file: f.file, path: "id", message: `checklist ${parsed.data.id} is defined twice` });
    } else {
      checklists.set(parsed.data.id, parsed.data);
      checkCitations(f.file, parsed.data.citations, knownSources, problems);
    }
  }
  const checklistVersions = [...checklists.values()].sort(
    (x, y) => x.module.localeCompare(y.module) || x.effectiveFrom.localeCompare(y.effectiveFrom),
  );
  checkModuleBControlIds(checklistFiles, checklists, problems);

  // The raw files by id, so a version can be merged onto the one it extends whatever the file order.
  const raw = new Map<string, { file: string; json: Record<string, unknown> }>();
  const rawOrder: string[] = [];
  for (const f of programFiles) {
    if (!isRecord(f.json) || typeof f.json.id !== "string") {
      const parsed = programSchema.safeParse(f.json, ONCE);
      if (!parsed.success) problems.push(...problemsOf(f.file, parsed.error));
      continue;
    }
    if (raw.has(f.json.id)) {
      problems.push({ file: f.file, path: "id", message: `program ${f.json.id} is defined twice` });
      continue;
    }
    raw.set(f.json.id, { file: f.file, json: f.json });
    rawOrder.push(f.json.id);
  }
  const merged = new Map<string, Record<string, unknown> | null>();
  const resolve = (id: string, chain: readonly string[]): Record<string, unknown> | null => {
    const done = merged.get(id);
    if (done !== undefined) return done;
    const entry = raw.get(id) as { file: string; json: Record<string, unknown> };
    const base = entry.json.extends;
    let result: Record<string, unknown> | null = entry.json;
    if (base !== undefined) {
      if (typeof base !== "string" || !raw.has(base)) {
        problems.push({
          file: entry.file,
          path: "extends",
          message: `no program version with id ${String(base)}`,
        });
        result = null;
      } else if (chain.includes(base)) {
        problems.push({
          file: entry.file,
          path: "extends",
          message: `${[...chain, id, base].join(" -> ")} extends itself`,
        });
        result = null;
      } else {
        const baseJson = resolve(base, [...chain, id]);
        result = baseJson === null ? null : mergeProgramJson(baseJson, entry.json);
      }
    }
    merged.set(id, result);
    return result;
  };

  const programs: Program[] = [];
  for (const id of rawOrder) {
    const { file } = raw.get(id) as { file: string };
    const json = resolve(id, []);
    if (json === null) continue;
    const parsed = programSchema.safeParse(json, ONCE);
    if (!parsed.success) {
      problems.push(...problemsOf(file, parsed.error));
      continue;
    }
    const data = parsed.data;
    checkCitations(file, data.citations, knownSources, problems);
    const picked = data.audit.checklists;
    // Module A is shared by every specialization; Module B checklists are the specialization's own.
    const ownChecklists = checklistVersions.filter(
      (c) => c.module === "A" || (c.specialization ?? DEFAULT_SPECIALIZATION) === data.specialization,
    );
    const summaryB = data.audit.moduleBNotInProgramData !== undefined;
    let moduleA: ChecklistDefinition | undefined;
    let moduleB: ChecklistDefinition | undefined;
    if (picked === "by-date") {
      moduleA = latestComplete(ownChecklists, "A");
      moduleB = latestComplete(ownChecklists, "B");
      if (moduleA === undefined)
        problems.push({
          file,
          path: "audit.checklists",
          message: "no Module A checklist with complete control data",
        });
      if (moduleB === undefined)
        problems.push({
          file,
          path: "audit.checklists",
          message: "no Module B checklist with complete control data",
        });
    } else {
      moduleA = checklists.get(picked.A);
      moduleB = checklists.get(picked.B);
      for (const [m, c, ref] of [
        ["A", moduleA, picked.A],
        ["B", moduleB, picked.B],
      ] as const) {
        if (c?.module !== m) {
          problems.push({
            file,
            path: `audit.checklists.${m}`,
            message: `no Module ${m} checklist with id ${ref}`,
          });
        } else if (m === "B" && (c.specialization ?? DEFAULT_SPECIALIZATION) !== data.specialization) {
          problems.push({
            file,
            path: "audit.checklists.B",
            message: `checklist ${ref} is of the specialization ${c.specialization ?? DEFAULT_SPECIALIZATION}, not ${data.specialization}`,
          });
          moduleB = undefined;
        } else if (m === "B" && summaryB) {
          if (c.controlData === "complete")
            problems.push({
              file,
              path: "audit.moduleBNotInProgramData",
              message: `checklist ${ref} holds its controls: measure against them rather than marking Module B unknown`,
            });
        } else if (c.controlData !== "complete") {
          problems.push({
            file,
            path: `audit.checklists.${m}`,
            message: `checklist ${ref} holds no complete control data to measure against`,
          });
          if (m === "A") moduleA = undefined;
          else moduleB = undefined;
        }
      }
    }
    if (moduleA && moduleB && moduleA.module === "A" && moduleB.module === "B") {
      programs.push({ ...data, moduleA, moduleB, checklistVersions: ownChecklists, credentials });
    }
  }
  for (const p of programs) {
    if (p.measuresAs !== undefined && !programs.some((q) => q.id === p.measuresAs))
      problems.push({
        file: raw.get(p.id)?.file ?? p.id,
        path: "measuresAs",
        message: `no program version with id ${p.measuresAs}`,
      });
  }
  if (problems.length > 0) return { ok: false, problems };
  programs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, programs, sources };
}

/** The knowledge rule of a program whose sources give it (undefined: not in program data). */
export type KnownKnowledge = Extract<ProgramData["knowledge"], { certifications: unknown }>;

export function knownKnowledge(program: ProgramData): KnownKnowledge | undefined {
  return "certifications" in program.knowledge ? program.knowledge : undefined;
}

/** A program whose performance is the one-rule form (a monthly average of ServiceGroup2 groups). */
export type OneRuleProgram = Program & {
  readonly performance: Program["performance"] & {
    readonly serviceGroup2: string[];
    readonly minimumMonthlyAverageUsd: string;
    readonly minimumCustomers: number;
    readonly rules?: undefined;
  };
};

export function isOneRuleProgram(program: Program): program is OneRuleProgram {
  const p = program.performance;
  return (
    p.rules === undefined &&
    p.serviceGroup2 !== undefined &&
    p.minimumMonthlyAverageUsd !== undefined &&
    p.minimumCustomers !== undefined
  );
}

/** The performance sub-rules as the program file writes them, whichever form they are evaluated in. */
export function performanceRules(program: Program): readonly PerformanceSubRule[] {
  const p = program.performance;
  return p.rules ?? [p.monthlyAverageRule];
}

/** A program whose knowledge rule is in its data. */
export type KnowledgeProgram = Program & { readonly knowledge: KnownKnowledge };

export function hasKnownKnowledge(program: Program): program is KnowledgeProgram {
  return "certifications" in program.knowledge;
}

/** Every control of a program, Module A first, in checklist order. */
export function programControls(program: Program): readonly ControlDefinition[] {
  return [...program.moduleA.controls, ...program.moduleB.controls];
}
