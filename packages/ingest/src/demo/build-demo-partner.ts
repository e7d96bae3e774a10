/**
 * The demo partner "Adatum Consulting": five input files that tell a realistic, fixed story whatever the
 * as-of date (everything is dated relative to it):
 * - designation met (Data & AI (Azure) 76 points, all five metrics > 0; Digital & App Innovation short);
 * - performance met but close: the window's biggest month (a fine-tuning burst) leaves the window next
 *   month, so it lapses unless the current month brings enough;
 * - knowledge not met: three DP-100 holders, but the only AI-102 expired a month ago (each certification
 *   as it can truly be held on the date: an exam retired by then was earned earlier and renewed while it
 *   could be, or the person holds its successor);
 * - audit not met, counting approved evidence only: most controls met (Module A's second customer ages
 *   out soon), A3.3 and B4.1 waiting for evidence under review (a draft, a submitted item), B2.2 and
 *   B3.1 short of customers (one item sent back, one customer's deployment documents missing), and the
 *   last A+B pass too old to waive Module A.
 *
 * The story is data (packages/ingest/demo-partner/*.json, see `demo-data.ts`); this file dates it.
 * Pure and deterministic: amounts and identifiers come from PRNG streams keyed by what they describe
 * (customer, month offset), never by the as-of date, so the figures are the same at every as-of date and
 * only the dates move. Only the partial current month depends on the day of the month.
 */

import {
  addBusinessDays,
  addDays,
  addMonths,
  addMonthsToMonth,
  addYears,
  type CalendarDate,
  type CredentialLifecycle,
  credentialsFileSchema,
  csvText,
  dateParts,
  daysInMonth,
  firstDayOf,
  formatAmount,
  monthOf,
  type YearMonth,
} from "@specready/core";
import credentialsJson from "@specready/core/credentials/microsoft-credentials.json" with { type: "json" };
import { PARTNER_CENTER_USAGE_COLUMNS } from "../inputs/partner-center-columns.js";
import {
  type DemoCustomerSpec,
  type DemoData,
  type DemoReviewStatus,
  type DemoService,
  demoData,
  relativeDate,
} from "./demo-data.js";

export interface DemoFile {
  name: string;
  content: string;
}

export const DEMO_FILE_NAMES = [
  "azure-usage.csv",
  "certifications.csv",
  "capability-score.csv",
  "audit-evidence.csv",
  "audit-history.csv",
] as const;

/** The column layout of the Partner Center Insights Azure usage download, in its order. */
export const AZURE_USAGE_COLUMNS = PARTNER_CENTER_USAGE_COLUMNS;

type UsageColumn = (typeof AZURE_USAGE_COLUMNS)[number];
type UsageRow = Partial<Record<UsageColumn, string>>;

const CERTIFICATION_COLUMNS = [
  "PersonId",
  "PersonName",
  "Certification",
  "EarnedDate",
  "ExpirationDate",
  "Associated",
] as const;
const CAPABILITY_COLUMNS = ["SolutionArea", "Metric", "Points"] as const;
const EVIDENCE_COLUMNS = [
  "Module",
  "Control",
  "CustomerTenantId",
  "CustomerName",
  "DeploymentDate",
  "Evidence",
] as const;
const HISTORY_COLUMNS = ["Module", "Result", "Date", "Auditor", "Notes"] as const;

export function buildDemoPartner(asOf: CalendarDate): DemoFile[] {
  const data = demoData();
  const customers = buildCustomers(data, asOf);
  return [
    // Partner Center's download has a byte-order mark; the partner's own spreadsheets have none.
    { name: "azure-usage.csv", content: toCsv(AZURE_USAGE_COLUMNS, usageRows(data, asOf, customers), true) },
    { name: "certifications.csv", content: toCsv(CERTIFICATION_COLUMNS, certificationRows(data, asOf)) },
    { name: "capability-score.csv", content: toCsv(CAPABILITY_COLUMNS, capabilityRows(data)) },
    { name: "audit-evidence.csv", content: toCsv(EVIDENCE_COLUMNS, evidenceRows(data, asOf, customers)) },
    { name: "audit-history.csv", content: toCsv(HISTORY_COLUMNS, historyRows(data, asOf)) },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

/** FNV-1a: turns a stream's key into a 32-bit seed. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for invented figures. */
class Random {
  private state: number;

  constructor(key: string) {
    this.state = hashKey(`adatum-demo|${key}`);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A number in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  digits(count: number): string {
    let s = String(this.int(1, 9));
    while (s.length < count) s += String(this.int(0, 9));
    return s;
  }

  hex(count: number): string {
    let s = "";
    while (s.length < count) s += this.int(0, 15).toString(16);
    return s;
  }

  /** A version-4 shaped GUID, as tenant and subscription ids are. */
  guid(): string {
    const variant = "89ab"[this.int(0, 3)] ?? "8";
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Customers

/** Month offsets from the as-of month: -12 .. -1 are the full months, 0 the current month to date. */
const FIRST_OFFSET = -12;

interface Subscription {
  id: string;
  startDate: CalendarDate;
  firstUseDate: CalendarDate;
}

interface Customer extends DemoCustomerSpec {
  tenantId: string;
  tpid: string;
  enrollment: string;
  subs: Subscription[];
}

/** The customers with their identifiers and subscriptions, drawn from streams keyed by the customer. */
function buildCustomers(data: DemoData, asOf: CalendarDate): Map<string, Customer> {
  const firstMonthStart = firstDayOf(addMonthsToMonth(monthOf(asOf), FIRST_OFFSET));
  const customers = new Map<string, Customer>();
  for (const spec of data.customers) {
    const rng = new Random(`customer|${spec.key}`);
    const tenantId = rng.guid();
    const tpid = rng.digits(7);
    const enrollment = spec.offerType === "Enterprise Agreement" ? rng.digits(8) : "";
    const subs: Subscription[] = [];
    for (let i = 0; i < spec.subscriptions; i++) {
      const startDate = addDays(addMonths(firstMonthStart, -rng.int(4, 30)), rng.int(0, 27));
      subs.push({ id: rng.guid(), startDate, firstUseDate: addDays(startDate, rng.int(1, 20)) });
    }
    customers.set(spec.key, { ...spec, tenantId, tpid, enrollment, subs });
  }
  return customers;
}

function customer(customers: Map<string, Customer>, key: string): Customer {
  const c = customers.get(key);
  if (c === undefined) throw new Error(`demo partner: unknown customer ${key}`);
  return c;
}

// ---------------------------------------------------------------------------------------------------
// azure-usage.csv

/**
 * The share of the current month already in the report: Partner Center data lands 48-72 hours late, so
 * on the 1st or 2nd nothing of the month is there yet.
 */
function currentMonthShare(asOf: CalendarDate): number {
  const { year, month, day } = dateParts(asOf);
  return Math.max(0, day - 2) / daysInMonth(year, month);
}

function usageRows(data: DemoData, asOf: CalendarDate, customers: Map<string, Customer>): string[][] {
  const asOfMonth = monthOf(asOf);
  const share = currentMonthShare(asOf);
  const lastOffset = share > 0 ? 0 : -1;
  const rows: UsageRow[] = [];
  for (let offset = FIRST_OFFSET; offset <= lastOffset; offset++) {
    const month = addMonthsToMonth(asOfMonth, offset);
    const scale = offset === 0 ? share : 1;
    for (const c of customers.values()) {
      rows.push(...otherRows(data, c, month, offset, scale));
      rows.push(...aiRows(data, c, month, offset, scale));
      rows.push(...eventRows(data, c, month, offset, scale, rows));
    }
  }
  return rows.map((row) => AZURE_USAGE_COLUMNS.map((column) => row[column] ?? ""));
}

function otherRows(data: DemoData, c: Customer, month: YearMonth, offset: number, scale: number): UsageRow[] {
  const rng = new Random(`other|${c.key}|${offset}`);
  const rows: UsageRow[] = [];
  for (const item of c.other) {
    // Usage drifts month to month and grows slowly over the year.
    const growth = 1 + (offset - FIRST_OFFSET) * 0.01;
    const cents = Math.round(item.monthly * 100 * growth * rng.between(0.85, 1.15) * scale);
    if (cents > 0) rows.push(usageRow(data, c, subscriptionOf(c, item.sub), month, item.service, cents));
  }
  return rows;
}

/** Cents of a customer's regular AI consumption in a month (0 when it has none). */
function aiTargetCents(c: Customer, offset: number, scale: number): number {
  const plan = c.ai;
  if (plan === undefined) return 0;
  const usd = offset === 0 ? plan.runRate : (plan.monthly[offset - FIRST_OFFSET] ?? 0);
  if (usd <= 0) return 0;
  const jitter = new Random(`ai-jitter|${c.key}|${offset}`).int(-1200, 1200);
  return Math.round((usd * 100 + jitter) * scale);
}

function aiRows(data: DemoData, c: Customer, month: YearMonth, offset: number, scale: number): UsageRow[] {
  const plan = c.ai;
  if (plan === undefined) return [];
  const total = aiTargetCents(c, offset, scale);
  if (total <= 0) return [];
  const rng = new Random(`ai|${c.key}|${offset}`);
  const weights = plan.services.map((s) => s.weight * rng.between(0.85, 1.15));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const rows: UsageRow[] = [];
  let left = total;
  plan.services.forEach((item, i) => {
    // The last service takes the remainder so the month adds up to the plan to the cent.
    const last = i === plan.services.length - 1;
    const cents = last ? left : Math.round((total * (weights[i] ?? 0)) / weightSum);
    left -= cents;
    rows.push(usageRow(data, c, subscriptionOf(c, item.sub), month, item.service, cents));
  });
  return rows;
}

/** The one-off rows of usage-events.json that fall on this customer and full month. */
function eventRows(
  data: DemoData,
  c: Customer,
  month: YearMonth,
  offset: number,
  scale: number,
  earlier: readonly UsageRow[],
): UsageRow[] {
  if (scale < 1) return [];
  const event = data.usageEvents.find((e) => e.customer === c.key && e.offsets.includes(offset));
  if (event === undefined) return [];
  const rows: UsageRow[] = (event.rows ?? []).map((r) => ({
    ...usageRow(data, c, subscriptionOf(c, r.sub), month, r.service, r.cents),
    ...r.set,
  }));
  const repeat = event.repeat;
  if (repeat !== undefined) {
    const original = earlier.find(
      (r) =>
        r.CustomerTenantId === c.tenantId && r.Month === month && r.ServiceGroup2 === repeat.serviceGroup2,
    );
    if (original !== undefined) rows.push({ ...original, ...repeat.set });
  }
  return rows;
}

function subscriptionOf(c: Customer, index: number): Subscription {
  const sub = c.subs[index] ?? c.subs[0];
  if (sub === undefined) throw new Error(`demo partner: ${c.key} has no subscription`);
  return sub;
}

const PAL = "Partner admin link";
const CSP_TIER_2 = "CSP Tier 2";

function usageRow(
  data: DemoData,
  c: Customer,
  sub: Subscription,
  month: YearMonth,
  key: string,
  cents: number,
): UsageRow {
  const service = data.services[key] as DemoService;
  const partner = data.partner;
  const isPal = c.attribution === PAL;
  const isTier2 = c.attribution === CSP_TIER_2;
  return {
    PGAPartnerID: partner.pgaId,
    PartnerID: partner.id,
    PartnerName: partner.name,
    PartnerLocationID: partner.locationId,
    SubscriptionId: sub.id,
    SubscriptionStartDate: sub.startDate,
    FirstUseDate: sub.firstUseDate,
    SubscriptionState: "Active",
    Month: month,
    ServiceLevel1: service.levels[0],
    ServiceLevel2: service.levels[1],
    ServiceLevel3: service.levels[2],
    ServiceLevel4: service.levels[3],
    ServiceGroup2: service.group,
    ServiceGroup3: service.group3,
    ComputeOS: service.os ?? "",
    ComputeCoreSoftware: service.coreSoftware ?? "",
    UsageUnits: service.units,
    UsageQuantity: formatQuantity(cents / 100 / service.unitPrice),
    CustomerName: c.name,
    CustomerTenantId: c.tenantId,
    CustomerTpid: c.tpid,
    CustomerSegment: c.segment,
    CustomerMarket: c.market,
    PartnerAttributionType: c.attribution,
    SalesChannel: isTier2 ? "Reseller" : "Direct",
    EnrollmentNumber: c.enrollment,
    AdminType: isPal ? (c.adminType ?? "Owner") : "",
    AssociationType: "Customer",
    IsACRDuplicateAtPGALevel: "0",
    IsACRDuplicateAtPGAAttachTypeLevel: "0",
    IsACRDuplicateAtMPNLevel: "0",
    ResellerID: isTier2 ? partner.id : "",
    ResellerName: isTier2 ? partner.name : "",
    IndustryName: c.industry,
    VerticalName: c.vertical,
    CloudInstance: c.cloud,
    OfferType: c.offerType,
    ACR_USD: formatUsd(cents),
  };
}

function formatQuantity(quantity: number): string {
  return quantity >= 100 ? String(Math.round(quantity)) : quantity.toFixed(2);
}

/** Two decimals; amounts of 1,000 and more with thousands separators, as the download shows them. */
function formatUsd(cents: number): string {
  return formatAmount({ units: BigInt(cents), scale: 2 });
}

// ---------------------------------------------------------------------------------------------------
// certifications.csv

/** A certification of the story, dated, before it is made to agree with the exams' lifecycle. */
interface StoryCertification {
  readonly person: string;
  readonly name: string;
  /** The certification as written in the file. */
  readonly certification: string;
  readonly earned: CalendarDate;
  /** The expiry the story needs; written to the file when `writeExpiry`, else it is earned + 1 year. */
  readonly expires: CalendarDate;
  readonly writeExpiry: boolean;
  readonly associated: "true" | "false" | "";
  /** How the dates are written: as Partner Center exports them, or as a US spreadsheet does. */
  readonly earnedFormat: "iso" | "us";
  readonly expiryFormat: "iso" | "us";
}

const CREDENTIALS: ReadonlyMap<string, CredentialLifecycle> = new Map(
  credentialsFileSchema.parse(credentialsJson).credentials.map((c) => [c.id, c]),
);

/**
 * The story's certification as it can truly be held on the as-of date: an exam can be taken up to its
 * retirement day and renewed (a year at a time, in the six months before the expiry) up to its renewal
 * assessment's. A certification the story dates after the retirement was earned whole years earlier and
 * renewed since; when no renewal could reach the expiry the story needs, the person holds the successor
 * certification instead (which the specialization's published rules do not count).
 */
function asHeld(exams: DemoData["exams"], c: StoryCertification): StoryCertification {
  const exam = exams[c.certification];
  const life = exam === undefined ? undefined : CREDENTIALS.get(exam);
  if (life?.retires == null || c.earned <= life.retires) return c;
  for (let years = 1; years <= 3; years++) {
    const earned = addYears(c.earned, -years);
    if (earned > life.retires) continue;
    // Each renewal before the expiry the story needs: its window opens six months before an expiry.
    let renewable = true;
    for (let k = 1; k <= years; k++) {
      const opens = addMonths(addYears(earned, k), -6);
      if (life.renewalRetires !== null && opens > life.renewalRetires) renewable = false;
    }
    if (renewable) return { ...c, earned, writeExpiry: true };
    break;
  }
  const successor = life.successor;
  return successor === null ? c : { ...c, certification: successor.certification };
}

function certificationRows(data: DemoData, asOf: CalendarDate): string[][] {
  const story = data.certifications.map((c): StoryCertification => {
    const earned = relativeDate(asOf, c.earned);
    return {
      person: c.person,
      name: c.name,
      certification: c.certification,
      earned,
      expires: c.expires === undefined ? addYears(earned, 1) : relativeDate(asOf, c.expires),
      writeExpiry: c.expires !== undefined,
      associated: c.associated ?? "true",
      earnedFormat: c.earnedFormat ?? "iso",
      expiryFormat: c.expiryFormat ?? "iso",
    };
  });
  const written = (date: CalendarDate, format: "iso" | "us") => (format === "us" ? usDate(date) : date);
  return story
    .map((c) => asHeld(data.exams, c))
    .map((c) => [
      c.person,
      c.name,
      c.certification,
      written(c.earned, c.earnedFormat),
      c.writeExpiry ? written(c.expires, c.expiryFormat) : "",
      c.associated,
    ]);
}

// ---------------------------------------------------------------------------------------------------
// capability-score.csv

function capabilityRows(data: DemoData): string[][] {
  const { metrics, areas } = data.capability;
  return areas.flatMap(({ area, points }) =>
    metrics.map((metric, i) => [area, metric, String(points[i] ?? 0)]),
  );
}

// ---------------------------------------------------------------------------------------------------
// audit-evidence.csv

/** Where a document's review stands (approved unless audit-evidence.json says otherwise). */
function demoReview(
  data: DemoData,
  customer: string,
  control: string,
): { status: DemoReviewStatus; comment?: string } {
  const review = data.reviews.find((r) => r.customer === customer && r.control === control);
  if (review === undefined) return { status: "approved" };
  return review.comment === undefined
    ? { status: review.status }
    : { status: review.status, comment: review.comment };
}

/**
 * The approved evidence of the register (`buildDemoRegister`), as a partner's own audit-evidence file
 * lists it: what counts, so `specready check` on the demo agrees with the workspace seeded from it.
 */
function evidenceRows(data: DemoData, asOf: CalendarDate, customers: Map<string, Customer>): string[][] {
  const rows: { control: string; row: string[] }[] = [];
  for (const project of data.projects) {
    const c = customer(customers, project.customer);
    const shortName = data.shortNames[c.key] ?? c.name;
    const completed = relativeDate(asOf, project.completed);
    const date = project.usDates ? usDate(completed) : completed;
    for (const control of project.controls) {
      if (demoReview(data, project.customer, control).status !== "approved") continue;
      const module = control.slice(0, 1);
      // Registers mix the checklist's numbering with and without the module letter.
      const written = module === "A" && control < "A2" ? control.slice(1) : control;
      const shown = module === "B" && control >= "B4" ? control.slice(1) : written;
      for (const document of data.documents[control] ?? []) {
        rows.push({ control, row: [module, shown, c.tenantId, c.name, date, `${shortName} - ${document}`] });
      }
    }
  }
  // Grouped by control, as an audit binder is organized.
  return rows.sort((a, b) => (a.control < b.control ? -1 : a.control > b.control ? 1 : 0)).map((r) => r.row);
}

// ---------------------------------------------------------------------------------------------------
// The workspace's evidence register (what `specready serve` seeds instead of audit-evidence.csv)

/** A project of the demo's customer project register. */
export interface DemoProject {
  readonly key: string;
  readonly customerTenantId: string;
  readonly customerName: string;
  readonly project: string;
  readonly workload: string;
  readonly aiServices: readonly string[];
  readonly completionDate: CalendarDate;
  readonly greenfield: boolean;
  readonly stage: "production" | "pilot";
}

/** A piece of evidence of the demo: a file (its name says its type), or a link. */
export interface DemoEvidence {
  /** The project's key. */
  readonly project: string;
  readonly title: string;
  readonly control: string;
  /** One of the control's accepted documentation types (audit-checklist.md). */
  readonly artifactType: string;
  readonly file?: { readonly name: string; readonly kind: "pdf" | "csv" | "json" } | undefined;
  readonly url?: string | undefined;
  /** Where the review stands, with what the reviewer asked for when changes are requested. */
  readonly status: "draft" | "ready" | "approved" | "changes_requested";
  readonly comment?: string | undefined;
}

export interface DemoRegister {
  readonly projects: readonly DemoProject[];
  readonly evidence: readonly DemoEvidence[];
  /** Control id -> the practice specialty chosen (B1.1, B2.1). */
  readonly specialties: Readonly<Record<string, string>>;
  readonly plan: { readonly applicationDate: CalendarDate; readonly auditDate: CalendarDate };
}

/**
 * The demo partner's evidence register: the projects behind audit-evidence.csv, one evidence item per
 * document there (the same customers, dates and controls, so the readiness is the same), with review
 * statuses, the practice specialties chosen and the audit plan of audit-evidence.json.
 */
export function buildDemoRegister(asOf: CalendarDate): DemoRegister {
  const data = demoData();
  const customers = buildCustomers(data, asOf);
  const projectsOut: DemoProject[] = [];
  const evidence: DemoEvidence[] = [];
  for (const project of data.projects) {
    const c = customer(customers, project.customer);
    projectsOut.push({
      key: project.customer,
      customerTenantId: c.tenantId,
      customerName: c.name,
      project: project.project,
      workload: project.workload,
      aiServices: project.aiServices,
      completionDate: relativeDate(asOf, project.completed),
      greenfield: project.greenfield,
      stage: project.stage,
    });
    for (const control of project.controls) {
      const link = data.links.find((l) => l.customer === project.customer && l.control === control);
      for (const document of data.documents[control] ?? []) {
        const artifactType = data.artifactTypes[document];
        if (artifactType === undefined) throw new Error(`demo partner: no artifact type for ${document}`);
        const title = document.replace(/\.[a-z]+$/, "");
        const extension = document.slice(document.lastIndexOf(".") + 1);
        const review = demoReview(data, project.customer, control);
        if (link !== undefined) {
          evidence.push({
            project: project.customer,
            title,
            control,
            artifactType,
            url: link.url,
            ...review,
          });
          continue;
        }
        const kind = extension === "csv" ? "csv" : extension === "json" ? "json" : "pdf";
        evidence.push({
          project: project.customer,
          title,
          control,
          artifactType,
          file: { name: `${title}.${kind}`, kind },
          ...review,
        });
      }
    }
  }
  return {
    projects: projectsOut,
    evidence,
    specialties: { ...data.specialties },
    plan: {
      applicationDate: addBusinessDays(asOf, data.plan.applicationBusinessDays),
      auditDate: addBusinessDays(asOf, data.plan.auditBusinessDays),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// audit-history.csv

function historyRows(data: DemoData, asOf: CalendarDate): string[][] {
  return data.audits.map((a) => {
    const date = relativeDate(asOf, a.date);
    return [a.module, a.result, a.dateFormat === "us" ? usDate(date) : date, a.auditor, a.notes];
  });
}

// ---------------------------------------------------------------------------------------------------
// CSV text

function usDate(date: CalendarDate): string {
  const { year, month, day } = dateParts(date);
  return `${month}/${day}/${year}`;
}

/** The product's one CSV writer (formula-safe text, plain numbers such as credits left as numbers). */
function toCsv(header: readonly string[], rows: readonly (readonly string[])[], bom = false): string {
  return csvText([header, ...rows], { bom });
}
