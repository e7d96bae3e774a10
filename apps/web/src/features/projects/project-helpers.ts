import { addMonths, lastDayWithin } from "@specready/core/calendar";
import { tenantIdProblem } from "@specready/core/tenant-id";
import { type CsvValue, csvFileName } from "../../lib/csv";
import type { CustomerProject, CustomerProjectInput, ProjectStage } from "./api";

/** How long a completed project counts as audit evidence (the program's evidence window). */
export const EVIDENCE_MONTHS = 12;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The last day a project counts for an audit: completion + twelve months, as the rules count it
 * (`lastDayWithin`: a project completed on 2023-02-28 still counts on 2024-02-29). Text that is not a
 * date is returned as is.
 */
export function countsUntil(completionDate: string): string {
  return ISO_DATE.test(completionDate) ? lastDayWithin(completionDate, EVIDENCE_MONTHS) : completionDate;
}

export type ProjectAge = "counting" | "older" | "future";

export interface ProjectAgeing {
  readonly status: ProjectAge;
  /** The last day the project counts. */
  readonly countsUntil: string;
}

/**
 * Whether a project counts for an audit held on `date`: completed in the twelve months before it,
 * both ends included. A completion date after `date` does not count yet.
 */
export function projectAgeing(completionDate: string, date: string): ProjectAgeing {
  const until = countsUntil(completionDate);
  if (completionDate > date) return { status: "future", countsUntil: until };
  return {
    status: completionDate >= addMonths(date, -EVIDENCE_MONTHS) ? "counting" : "older",
    countsUntil: until,
  };
}

export type ProjectSortKey =
  | "customer"
  | "tenantId"
  | "project"
  | "workload"
  | "aiServices"
  | "completionDate"
  | "greenfield"
  | "stage"
  | "evidence"
  | "countsUntil";

export type SortDirection = "ascending" | "descending";

export function customerLabel(p: Pick<CustomerProject, "customerName" | "customerTenantId">): string {
  return p.customerName?.trim() || p.customerTenantId;
}

function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** Matches part of the customer (name or tenant ID), project, workload or an AI service, ignoring case and accents. */
export function filterProjects(
  projects: readonly CustomerProject[],
  text: string,
): readonly CustomerProject[] {
  const needle = fold(text.trim());
  if (needle === "") return projects;
  return projects.filter((p) =>
    [p.customerName, p.customerTenantId, p.project, p.workload, ...p.aiServices].some(
      (v) => v !== null && v !== undefined && fold(v).includes(needle),
    ),
  );
}

function sortValue(p: CustomerProject, key: ProjectSortKey): string | number | undefined {
  switch (key) {
    case "customer":
      return customerLabel(p);
    case "tenantId":
      return p.customerTenantId;
    case "project":
      return p.project;
    case "workload":
      return p.workload || undefined;
    case "aiServices":
      return p.aiServices.length > 0 ? p.aiServices.join(", ") : undefined;
    case "completionDate":
      return p.completionDate;
    case "greenfield":
      return p.greenfield === null ? undefined : p.greenfield ? 1 : 0;
    case "stage":
      return p.stage ?? undefined;
    case "evidence":
      return p.evidenceCount;
    case "countsUntil":
      return countsUntil(p.completionDate);
  }
}

/**
 * A sorted copy: text in the user's language order (numbers inside text by value), empty values last
 * in both directions, ties by customer then project so the order never depends on the server's.
 */
export function sortProjects(
  projects: readonly CustomerProject[],
  key: ProjectSortKey,
  direction: SortDirection,
  locale?: string,
): CustomerProject[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
  const sign = direction === "ascending" ? 1 : -1;
  const tie = (a: CustomerProject, b: CustomerProject) =>
    collator.compare(customerLabel(a), customerLabel(b)) ||
    collator.compare(a.project, b.project) ||
    a.id.localeCompare(b.id);
  return projects
    .map((p) => ({ p, v: sortValue(p, key) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) {
        if (a.v === b.v) return tie(a.p, b.p);
        return a.v === undefined ? 1 : -1;
      }
      const c =
        typeof a.v === "number" && typeof b.v === "number"
          ? a.v - b.v
          : collator.compare(String(a.v), String(b.v));
      return c !== 0 ? sign * c : tie(a.p, b.p);
    })
    .map((x) => x.p);
}

/** Distinct customers, by tenant ID (case does not matter: GUIDs). */
export function customerCount(projects: readonly Pick<CustomerProject, "customerTenantId">[]): number {
  return new Set(projects.map((p) => p.customerTenantId.trim().toLowerCase())).size;
}

export function yesNo(value: boolean | null): string {
  return value === null ? "" : value ? "Yes" : "No";
}

export const STAGE_LABELS: Readonly<Record<ProjectStage, string>> = {
  production: "Production",
  pilot: "Pilot",
};

export function stageLabel(stage: ProjectStage | null): string {
  return stage === null ? "" : STAGE_LABELS[stage];
}

/**
 * The register as rows for Excel, with whether each project counts for an audit on `date` (the planned
 * audit date, or today). Cells are made formula-safe by toCsv.
 */
export function projectsCsvRows(projects: readonly CustomerProject[], date: string): CsvValue[][] {
  return [
    [
      "Customer tenant ID",
      "Customer name",
      "Project",
      "Workload",
      "AI services",
      "Completion date",
      "Greenfield",
      "Stage",
      "Evidence items",
      "Counts until",
      `Counts for an audit on ${date}`,
    ],
    ...projects.map((p) => {
      const age = projectAgeing(p.completionDate, date);
      return [
        p.customerTenantId,
        p.customerName ?? "",
        p.project,
        p.workload ?? "",
        p.aiServices.join("; "),
        p.completionDate,
        yesNo(p.greenfield),
        stageLabel(p.stage),
        p.evidenceCount,
        age.countsUntil,
        age.status === "counting" ? "Yes" : age.status === "future" ? "Not yet" : "No",
      ];
    }),
  ];
}

/** "specready-customer-projects-adatum-2025-09-10.csv" */
export function projectsCsvFileName(orgName: string, today: string): string {
  return csvFileName("customer-projects", orgName, today);
}

/** What the add/edit form holds: text as typed, choices as their option values. */
export interface ProjectForm {
  readonly customerTenantId: string;
  readonly customerName: string;
  readonly project: string;
  readonly workload: string;
  /** Comma-, semicolon- or line-separated, as people paste them from a spreadsheet. */
  readonly aiServices: string;
  readonly completionDate: string;
  readonly greenfield: "" | "yes" | "no";
  readonly stage: "" | ProjectStage;
}

export const PROJECT_FORM_FIELDS = [
  "customerTenantId",
  "customerName",
  "project",
  "workload",
  "aiServices",
  "completionDate",
  "greenfield",
  "stage",
] as const satisfies readonly (keyof ProjectForm)[];

export const EMPTY_PROJECT_FORM: ProjectForm = {
  customerTenantId: "",
  customerName: "",
  project: "",
  workload: "",
  aiServices: "",
  completionDate: "",
  greenfield: "",
  stage: "",
};

export function formFromProject(p: CustomerProject): ProjectForm {
  return {
    customerTenantId: p.customerTenantId,
    customerName: p.customerName ?? "",
    project: p.project,
    workload: p.workload ?? "",
    aiServices: p.aiServices.join(", "),
    completionDate: p.completionDate,
    greenfield: p.greenfield === null ? "" : p.greenfield ? "yes" : "no",
    stage: p.stage ?? "",
  };
}

/** "Azure OpenAI, AI Search; azure openai" → ["Azure OpenAI", "AI Search"] (trimmed, no repeats ignoring case). */
export function parseServices(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,;\n]/)) {
    const s = part.trim();
    if (s === "" || seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  return out;
}

/**
 * What the form can tell before asking the API: a customer tenant ID that is not a GUID (the API
 * refuses it too, naming the field). Empty fields are left to the API's own messages.
 */
export function formProblems(form: ProjectForm): Partial<Record<keyof ProjectForm, string>> {
  const tenant = form.customerTenantId.trim();
  const problem = tenant === "" ? null : tenantIdProblem(tenant);
  return problem === null ? {} : { customerTenantId: problem };
}

/** The request body: text trimmed, empty optional text as null (the API decides what is valid). */
export function inputFromForm(form: ProjectForm): CustomerProjectInput {
  const optional = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    customerTenantId: form.customerTenantId.trim(),
    customerName: optional(form.customerName),
    project: form.project.trim(),
    workload: optional(form.workload),
    aiServices: parseServices(form.aiServices),
    completionDate: form.completionDate.trim(),
    greenfield: form.greenfield === "" ? null : form.greenfield === "yes",
    stage: form.stage === "" ? null : form.stage,
  };
}

/**
 * How a project stands on the date measured, in a badge's words (the page says which date: the planned
 * audit date, or today). "Aged out" only for a project that has aged out by today as well: one that
 * still counts today but not on the planned audit date ages out before the audit.
 */
export function ageingLabel(age: ProjectAgeing, planned: boolean, today: string): string {
  if (age.status === "counting") return planned ? "Counts" : "Counts today";
  if (age.status === "older") return age.countsUntil >= today ? "Ages out before the audit" : "Aged out";
  return planned ? "Completes too late" : "Not completed yet";
}
