import { formatDate, formatMonth, formatNumber, formatUsd } from "../../lib/format";

/**
 * Reading a requirement's `details` generically: each requirement puts different figures and records
 * there (areas and metrics, months and customers, people and certifications, controls and projects),
 * and the explanation dialog shows them all without knowing each shape. Keys become headings, money
 * keys (`…Usd`) become amounts, dates and months are formatted, nested lists become tables.
 */

type Locale = string | readonly string[] | undefined;

/** Labels that camel-case splitting would get wrong or leave unclear. */
const KEY_LABELS: Readonly<Record<string, string>> = {
  tenantId: "Tenant ID",
  personId: "Person ID",
  id: "ID",
  line: "Line in file",
  countsAs: "Counts as",
  counts: "Counts",
  counting: "Counts",
  notCountingBecause: "Why it does not count",
  renewalOpensOn: "Renewal opens on",
  expiresOn: "Expires on",
  earnedDate: "Earned",
  deploymentDate: "Project completed",
  countsUntil: "Counts until",
  inWindow: "In the window",
  window: "Window",
  monthlyAverageUsd: "Monthly average (USD)",
  windowTotalUsd: "Window total (USD)",
  requiredWindowTotalUsd: "Window total needed (USD)",
  requiredMonthlyAverageUsd: "Monthly average needed (USD)",
  requiredCustomers: "Customers needed",
  requiredIndividuals: "Individuals needed",
  requiredCertifications: "Certifications needed",
  requiredEvidence: "Evidence required",
  required: "Customers needed",
  customerCount: "Customers counted",
  individualCount: "Certified individuals",
  minimumTotalPoints: "Points needed",
  minimumArtifactsPerCustomer: "Artifacts per customer",
  totalPoints: "Total points",
  pointsShort: "Points short",
  metricsWithoutPoints: "Metrics without points",
  qualifyingAreas: "Qualifying areas",
  moduleAWaived: "Module A waived",
  evidenceWindow: "Projects count when completed",
  ineligibleInWindow: "Not counting in the window",
  reason: "Set aside as",
  cause: "What keeps it out",
  partnerOwnTenant: "Your own tenant",
  excludedOffers: "Excluded offers (rows)",
  ineligibleAttributions: "Ineligible attributions (rows)",
  notAi: "Not AI services",
  governmentPal: "Government subscriptions through PAL",
  monthTotals: "Month totals",
  holders: "Holders per certification",
  associated: "Associated with the partner",
  amountUsd: "Amount (USD)",
  from: "From",
  to: "To",
  until: "Until",
  A: "Module A",
  B: "Module B",
};

/**
 * "windowTotalUsd" → "Window total (USD)"; "customerCount" → "Customer count". Keys that are data, not
 * field names ("DP-100", "Free Trial" in a count per certification or per offer), stay as they are.
 */
export function humanizeKey(key: string): string {
  const known = KEY_LABELS[key];
  if (known !== undefined) return known;
  if (!/^[a-z][a-zA-Z0-9_]*$/.test(key)) return key;
  const usd = /Usd$/.test(key);
  const base = usd ? key.slice(0, -3) : key;
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return usd ? `${text} (USD)` : text;
}

export type Scalar = string | number | boolean | null;

export function isScalar(value: unknown): value is Scalar {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MONTH = /^\d{4}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

function isMoneyKey(key: string): boolean {
  return /usd$/i.test(key);
}

/** One value for people: amounts in the user's currency format, dates and months in words, yes/no. */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  met: "Met",
  not_met: "Not met",
  no_data: "No data",
  waived: "Waived",
  counting: "Counts",
  expired: "Expired",
  not_yet_earned: "Not yet earned",
  not_associated: "Not associated",
  does_not_count: "Does not count",
};

/** What keeps AI ACR out (the core's `NotCountingCause`), in words. */
const CAUSE_WORDS: Readonly<Record<string, string>> = {
  attribution: "Its attribution",
  "government-attribution": "Its attribution, in a government cloud",
  "government-pal": "A government subscription already through PAL",
  "excluded-offer": "Its offer (trial, benefit, support or internal)",
  "partner-own-tenant": "Your own tenant, not a customer",
};

export function formatScalar(key: string, value: Scalar | undefined, locale?: Locale): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (key === "status" && typeof value === "string") return STATUS_WORDS[value] ?? value.replace(/_/g, " ");
  if (key === "cause" && typeof value === "string") return CAUSE_WORDS[value] ?? value;
  if (isMoneyKey(key)) return formatUsd(String(value), locale);
  if (typeof value === "number") return formatNumber(value, locale);
  if (ISO_DATE.test(value)) return formatDate(value, locale);
  if (ISO_MONTH.test(value)) return formatMonth(value, locale, "short");
  if (ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toLocaleString(locale as string | string[] | undefined);
  }
  return value;
}

/** A list of scalars in one line ("Aug 2026, Sep 2026, Oct 2026"); "none" when empty. */
export function formatScalarList(key: string, values: readonly Scalar[], locale?: Locale): string {
  if (values.length === 0) return "none";
  return values.map((v) => formatScalar(key, v, locale)).join(", ");
}

export type DetailShape =
  | { readonly kind: "scalar"; readonly value: Scalar }
  | { readonly kind: "list"; readonly values: readonly Scalar[] }
  | { readonly kind: "table"; readonly rows: readonly Record<string, unknown>[] }
  | { readonly kind: "object"; readonly value: Record<string, unknown> }
  | { readonly kind: "unknown"; readonly value: unknown };

/** How to show a value: a scalar, a one-line list, a table of records, or a nested group of fields. */
export function shapeOf(value: unknown): DetailShape {
  if (value === undefined) return { kind: "scalar", value: null };
  if (isScalar(value)) return { kind: "scalar", value };
  if (Array.isArray(value)) {
    if (value.every(isScalar)) return { kind: "list", values: value };
    if (value.every(isPlainObject)) return { kind: "table", rows: value };
    return { kind: "unknown", value };
  }
  if (isPlainObject(value)) return { kind: "object", value };
  return { kind: "unknown", value };
}

export interface TableColumns {
  /** Keys shown as columns (scalars or lists of scalars in every row that has them). */
  readonly flat: readonly string[];
  /** Keys holding records or groups, shown as expandable parts of the row. */
  readonly nested: readonly string[];
}

/** The columns of a table of records, in the order the keys first appear. */
export function tableColumns(rows: readonly Record<string, unknown>[]): TableColumns {
  const order: string[] = [];
  const nested = new Set<string>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (!order.includes(key)) order.push(key);
      const shape = shapeOf(value);
      if (shape.kind !== "scalar" && shape.kind !== "list") nested.add(key);
    }
  }
  return { flat: order.filter((k) => !nested.has(k)), nested: order.filter((k) => nested.has(k)) };
}

/** How many items a nested value holds, for its disclosure label ("Months (13)"). */
export function nestedCount(value: unknown): number | null {
  if (Array.isArray(value)) return value.length;
  if (isPlainObject(value)) return Object.keys(value).length;
  return null;
}
