import type { CustomerProjectRecord } from "@specready/core";
import { type CsvValue, csvFileName } from "../../lib/csv";

/** How long a completed project counts as audit evidence. */
export const EVIDENCE_MONTHS = 12;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Calendar arithmetic on "YYYY-MM-DD": the same day `months` later (or earlier), or that month's last
 * day when it is shorter (2024-02-29 + 12 months = 2025-02-28). Text that is not a date is returned as is.
 */
export function addMonths(date: string, months: number): string {
  const m = ISO_DATE.exec(date);
  if (m === null) return date;
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export type ProjectAge = "counting" | "older" | "future";

export interface ProjectAgeing {
  readonly status: ProjectAge;
  /** The last day the project counts: its completion date plus twelve months. */
  readonly countsThrough: string;
}

/**
 * Whether a project counts for the audit today: completed in the twelve months before today, both ends
 * included (the rules' evidence window: from today − 12 months to today). A completion date after
 * today does not count yet.
 */
export function projectAgeing(completionDate: string, today: string): ProjectAgeing {
  const countsThrough = addMonths(completionDate, EVIDENCE_MONTHS);
  if (completionDate > today) return { status: "future", countsThrough };
  return {
    status: completionDate >= addMonths(today, -EVIDENCE_MONTHS) ? "counting" : "older",
    countsThrough,
  };
}

export type ProjectSortKey =
  | "customer"
  | "project"
  | "workload"
  | "aiServices"
  | "completionDate"
  | "greenfield"
  | "stage"
  | "source";

export type SortDirection = "ascending" | "descending";

export function customerLabel(p: CustomerProjectRecord): string {
  return p.customerName?.trim() || p.customerTenantId;
}

/** Matches part of the customer (name or tenant ID), the project or the workload, ignoring case and accents. */
export function filterProjects(
  projects: readonly CustomerProjectRecord[],
  text: string,
): readonly CustomerProjectRecord[] {
  const fold = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  const needle = fold(text.trim());
  if (needle === "") return projects;
  return projects.filter((p) =>
    [p.customerName, p.customerTenantId, p.project, p.workload].some(
      (v) => v !== undefined && fold(v).includes(needle),
    ),
  );
}

function sortValue(p: CustomerProjectRecord, key: ProjectSortKey): string | number | undefined {
  switch (key) {
    case "customer":
      return customerLabel(p);
    case "project":
      return p.project;
    case "workload":
      return p.workload || undefined;
    case "aiServices":
      return p.aiServices !== undefined && p.aiServices.length > 0 ? p.aiServices.join(", ") : undefined;
    case "completionDate":
      return p.completionDate;
    case "greenfield":
      return p.greenfield === undefined ? undefined : p.greenfield ? 1 : 0;
    case "stage":
      return p.stage;
    case "source":
      return p.source.line;
  }
}

/**
 * A sorted copy: text in the user's language order (numbers inside text by value), empty values last
 * in both directions, ties kept in file order.
 */
export function sortProjects(
  projects: readonly CustomerProjectRecord[],
  key: ProjectSortKey,
  direction: SortDirection,
  locale?: string,
): CustomerProjectRecord[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
  const sign = direction === "ascending" ? 1 : -1;
  return projects
    .map((p, i) => ({ p, i, v: sortValue(p, key) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) {
        if (a.v === b.v) return a.i - b.i;
        return a.v === undefined ? 1 : -1;
      }
      const c =
        typeof a.v === "number" && typeof b.v === "number"
          ? a.v - b.v
          : collator.compare(String(a.v), String(b.v));
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.p);
}

/** Distinct customers, by tenant ID (case does not matter: GUIDs). */
export function customerCount(projects: readonly CustomerProjectRecord[]): number {
  return new Set(projects.map((p) => p.customerTenantId.trim().toLowerCase())).size;
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? "" : value ? "Yes" : "No";
}

/** The register as rows for Excel, with whether each project counts today (cells are made formula-safe by toCsv). */
export function projectsCsvRows(projects: readonly CustomerProjectRecord[], today: string): CsvValue[][] {
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
      "Counts for the audit",
      "Counts through",
      "Source file",
      "Source line",
    ],
    ...projects.map((p) => {
      const age = projectAgeing(p.completionDate, today);
      return [
        p.customerTenantId,
        p.customerName ?? "",
        p.project,
        p.workload ?? "",
        (p.aiServices ?? []).join("; "),
        p.completionDate,
        yesNo(p.greenfield),
        p.stage ?? "",
        age.status === "counting" ? "Yes" : age.status === "future" ? "Not yet" : "No",
        age.countsThrough,
        p.source.file,
        p.source.line,
      ];
    }),
  ];
}

/** "specready-projects-adatum-2025-09-10.csv" */
export function projectsCsvFileName(orgName: string, today: string): string {
  return csvFileName("projects", orgName, today);
}
