/*
 * The demo partner's story as data: packages/ingest/demo-partner/*.json (shipped with the package).
 * Changing the story is editing those files; this module types them, checks that they hold together
 * (every service, customer and control they name exists) when first loaded, and reads their relative
 * dates. `build-demo-partner.ts` turns them into files dated around an as-of day.
 */

import { addDays, addMonths, addYears, type CalendarDate } from "@specready/core";
import auditEvidenceJson from "@specready/ingest/demo-partner/audit-evidence.json" with { type: "json" };
import auditHistoryJson from "@specready/ingest/demo-partner/audit-history.json" with { type: "json" };
import capabilityJson from "@specready/ingest/demo-partner/capability-score.json" with { type: "json" };
import certificationsJson from "@specready/ingest/demo-partner/certifications.json" with { type: "json" };
import customersJson from "@specready/ingest/demo-partner/customers.json" with { type: "json" };
import partnerJson from "@specready/ingest/demo-partner/partner.json" with { type: "json" };
import servicesJson from "@specready/ingest/demo-partner/services.json" with { type: "json" };
import usageEventsJson from "@specready/ingest/demo-partner/usage-events.json" with { type: "json" };
import workspaceJson from "@specready/ingest/demo-partner/workspace.json" with { type: "json" };

/** An Azure service as the usage report spells it. */
export interface DemoService {
  readonly levels: readonly [string, string, string, string];
  readonly group: string;
  readonly group3: string;
  readonly units: string;
  /** USD per unit, to derive a plausible UsageQuantity from the amount. */
  readonly unitPrice: number;
  readonly os?: string;
  readonly coreSoftware?: string;
}

export interface DemoAiPlan {
  /** Services the customer's regular AI consumption is spread over, with their weight and subscription. */
  readonly services: readonly { service: string; weight: number; sub: number }[];
  /** USD per full month, index 0 = offset -12 ... index 11 = offset -1; 0 = no AI that month. */
  readonly monthly: readonly number[];
  /** USD for a whole current month at today's run rate (the partial month is a share of it). */
  readonly runRate: number;
}

export interface DemoCustomerSpec {
  readonly key: string;
  readonly name: string;
  readonly industry: string;
  readonly vertical: string;
  readonly segment: string;
  readonly market: string;
  readonly attribution: string;
  readonly adminType?: string;
  readonly offerType: string;
  readonly cloud: string;
  readonly subscriptions: number;
  /** Recurring non-AI consumption: service, USD per month, subscription index. */
  readonly other: readonly { service: string; monthly: number; sub: number }[];
  readonly ai?: DemoAiPlan;
}

/** Extra rows of a customer in some full months (see usage-events.json). */
export interface DemoUsageEvent {
  readonly customer: string;
  readonly offsets: readonly number[];
  readonly rows?: readonly {
    service: string;
    sub: number;
    cents: number;
    set?: Readonly<Record<string, string>>;
  }[];
  readonly repeat?: { serviceGroup2: string; set: Readonly<Record<string, string>> };
}

export interface DemoCertification {
  readonly person: string;
  readonly name: string;
  readonly certification: string;
  readonly earned: string;
  readonly expires?: string;
  readonly associated?: "true" | "false" | "";
  readonly earnedFormat?: "iso" | "us";
  readonly expiryFormat?: "iso" | "us";
}

export interface DemoProjectSpec {
  readonly customer: string;
  readonly completed: string;
  readonly usDates?: boolean;
  readonly controls: readonly string[];
  readonly project: string;
  readonly workload: string;
  readonly aiServices: readonly string[];
  readonly greenfield: boolean;
  readonly stage: "production" | "pilot";
}

export type DemoReviewStatus = "draft" | "ready" | "approved" | "changes_requested";

export interface DemoData {
  readonly partner: { pgaId: string; id: string; name: string; locationId: string };
  readonly services: Readonly<Record<string, DemoService>>;
  readonly customers: readonly DemoCustomerSpec[];
  readonly usageEvents: readonly DemoUsageEvent[];
  readonly exams: Readonly<Record<string, string>>;
  readonly certifications: readonly DemoCertification[];
  readonly capability: {
    metrics: readonly string[];
    areas: readonly { area: string; points: readonly number[] }[];
  };
  readonly projects: readonly DemoProjectSpec[];
  readonly shortNames: Readonly<Record<string, string>>;
  readonly documents: Readonly<Record<string, readonly string[]>>;
  readonly artifactTypes: Readonly<Record<string, string>>;
  readonly reviews: readonly {
    customer: string;
    control: string;
    status: DemoReviewStatus;
    comment?: string;
  }[];
  readonly links: readonly { customer: string; control: string; url: string }[];
  readonly specialties: Readonly<Record<string, string>>;
  readonly plan: { applicationBusinessDays: number; auditBusinessDays: number };
  readonly audits: readonly {
    module: string;
    result: string;
    date: string;
    dateFormat?: "iso" | "us";
    auditor: string;
    notes: string;
  }[];
}

const STEP = /^([+-]\d+)([dmy])$/;

/**
 * A date of the story relative to the as-of date: steps applied left to right, "-2m +3d" is two
 * months earlier (clamped to the month's end, as the core's calendar does), then three days later.
 */
export function relativeDate(asOf: CalendarDate, steps: string): CalendarDate {
  let date = asOf;
  for (const step of steps.trim().split(/\s+/)) {
    const m = STEP.exec(step);
    if (m === null) throw new Error(`demo partner: "${steps}" is not a relative date (like "-2m +3d")`);
    const n = Number(m[1]);
    date = m[2] === "d" ? addDays(date, n) : m[2] === "m" ? addMonths(date, n) : addYears(date, n);
  }
  return date;
}

/** Drops the "$comment" keys the data files explain themselves with. */
function withoutComment<T>(record: Record<string, unknown>): T {
  const { $comment: _, ...rest } = record;
  return rest as T;
}

function check(ok: boolean, file: string, what: string): void {
  if (!ok) throw new Error(`demo partner: demo-partner/${file} ${what}`);
}

/** Every name the files use for another file's entry exists, and every relative date reads. */
function validate(data: DemoData): DemoData {
  const customers = new Set(data.customers.map((c) => c.key));
  const service = (file: string, key: string) =>
    check(data.services[key] !== undefined, file, `names the service "${key}", not in services.json`);
  for (const c of data.customers) {
    for (const o of c.other) service("customers.json", o.service);
    for (const s of c.ai?.services ?? []) service("customers.json", s.service);
    check(c.subscriptions > 0, "customers.json", `gives ${c.key} no subscription`);
  }
  for (const e of data.usageEvents) {
    check(customers.has(e.customer), "usage-events.json", `names the customer "${e.customer}"`);
    for (const r of e.rows ?? []) service("usage-events.json", r.service);
  }
  for (const c of data.certifications) {
    relativeDate("2025-01-01", c.earned);
    if (c.expires !== undefined) relativeDate("2025-01-01", c.expires);
  }
  for (const p of data.projects) {
    check(customers.has(p.customer), "audit-evidence.json", `names the customer "${p.customer}"`);
    relativeDate("2025-01-01", p.completed);
    for (const control of p.controls)
      for (const document of data.documents[control] ?? [])
        check(
          data.artifactTypes[document] !== undefined,
          "audit-evidence.json",
          `gives no artifact type for "${document}"`,
        );
  }
  for (const a of data.audits) relativeDate("2025-01-01", a.date);
  return data;
}

let loaded: DemoData | undefined;

/** The demo partner's data files, checked once. */
export function demoData(): DemoData {
  if (loaded !== undefined) return loaded;
  const evidence = auditEvidenceJson as unknown as Record<string, unknown> & {
    reviews: { items: DemoData["reviews"] };
  };
  loaded = validate({
    partner: withoutComment(partnerJson),
    services: (servicesJson as unknown as { services: DemoData["services"] }).services,
    customers: (customersJson as unknown as { customers: DemoData["customers"] }).customers,
    usageEvents: (usageEventsJson as unknown as { events: DemoData["usageEvents"] }).events,
    exams: (certificationsJson as unknown as { exams: DemoData["exams"] }).exams,
    certifications: (certificationsJson as unknown as { certifications: DemoData["certifications"] })
      .certifications,
    capability: withoutComment(capabilityJson),
    projects: evidence.projects as DemoData["projects"],
    shortNames: withoutComment(evidence.shortNames as Record<string, unknown>),
    documents: evidence.documents as DemoData["documents"],
    artifactTypes: evidence.artifactTypes as DemoData["artifactTypes"],
    reviews: evidence.reviews.items,
    links: evidence.links as DemoData["links"],
    specialties: evidence.specialties as DemoData["specialties"],
    plan: withoutComment(evidence.plan as Record<string, unknown>),
    audits: (auditHistoryJson as unknown as { audits: DemoData["audits"] }).audits,
  });
  return loaded;
}

/** A person of the demo's organization. */
export interface DemoPerson {
  readonly name: string;
  readonly email: string;
}

/** What the workspace seeds besides the Partner Center files (workspace.json). */
export interface DemoWorkspace {
  readonly organization: string;
  /** The partner admin, who reviews the evidence. */
  readonly admin: DemoPerson;
  /** The contributor, who files it. */
  readonly contributor: DemoPerson;
  readonly evidenceFiles: {
    /** A security export: "{customer}" in a cell stands for the project's customer name. */
    readonly csv: { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };
    /** A monitoring workbook export (its title is added per project). */
    readonly json: { readonly version: string; readonly items: readonly unknown[] };
    readonly pdf: { readonly footnote: string };
  };
}

/** The demo workspace's organization, people and evidence file contents. */
export function demoWorkspace(): DemoWorkspace {
  return withoutComment(workspaceJson);
}
