import type { ControlReadiness, CustomerReadiness, ProjectReadiness } from "../../api/types";
import { formatDate, formatNumber, isCalendarDate, type Locale, plural } from "../../lib/format";

export type ControlStatus = ControlReadiness["status"];

export const CONTROL_STATUS_LABELS: Readonly<Record<ControlStatus, string>> = {
  met: "Met",
  not_met: "Not met",
  waived: "Waived",
};

export function controlStatusLabel(status: string): string {
  return (CONTROL_STATUS_LABELS as Record<string, string>)[status] ?? status.replace(/_/g, " ");
}

/**
 * "1 of 2 evidence items approved, 1 pending review": a project's approved evidence for a control against
 * its minimum (only approved items count), with what waits for review beside it.
 */
export function evidenceAgainstNeeded(
  p: Pick<ProjectReadiness, "artifacts" | "artifactsNeeded"> & { readonly pendingArtifacts?: number },
  locale?: Locale,
): string {
  const pending = p.pendingArtifacts ?? 0;
  return `${formatNumber(p.artifacts, locale)} of ${plural(p.artifactsNeeded, "evidence item", undefined, locale)} approved${
    pending > 0 ? `, ${formatNumber(pending, locale)} pending review` : ""
  }`;
}

/** "B2.1 Solution Design": a control's heading everywhere it is shown. */
export function controlHeading(c: Pick<ControlReadiness, "id" | "title">): string {
  return `${c.id} ${c.title}`;
}

/** Counting customers against those required, 0–1 (a waived control is not measured). */
export function coverageFraction(c: Pick<ControlReadiness, "customerCount" | "required">): number {
  if (c.required <= 0) return 1;
  return Math.max(0, Math.min(1, c.customerCount / c.required));
}

/** "Customers 2 of 3". */
export function customersText(c: Pick<ControlReadiness, "customerCount" | "required">): string {
  return `Customers ${c.customerCount} of ${c.required}`;
}

/**
 * What is pending review beside the approved figure: "1 more pending review" (customers that would count
 * once their evidence is approved), or "2 items pending review" when none would add a customer; null
 * when nothing is pending.
 */
export function pendingText(c: Pick<ControlReadiness, "pending">): string | null {
  if (c.pending.customers > 0) return `${c.pending.customers} more pending review`;
  if (c.pending.items > 0)
    return `${c.pending.items} ${c.pending.items === 1 ? "item" : "items"} pending review`;
  return null;
}

export interface ModuleGroup<C> {
  readonly module: "A" | "B";
  readonly controls: readonly C[];
}

/** The controls by module, in checklist order (A before B), modules without controls left out. */
export function byModule<C extends { readonly module: "A" | "B" }>(controls: readonly C[]): ModuleGroup<C>[] {
  return (["A", "B"] as const)
    .map((module) => ({ module, controls: controls.filter((c) => c.module === module) }))
    .filter((g) => g.controls.length > 0);
}

const REVIEW_ORDER = ["approved", "ready", "changes_requested", "draft"] as const;
const REVIEW_WORDS: Readonly<Record<(typeof REVIEW_ORDER)[number], string>> = {
  approved: "approved",
  ready: "ready for review",
  changes_requested: "with changes requested",
  draft: "draft",
};

/** "3 approved, 1 ready for review, 2 draft"; "No evidence linked yet" when there is none. */
export function reviewSummary(review: Readonly<Record<string, number>>): string {
  const parts = REVIEW_ORDER.filter((s) => (review[s] ?? 0) > 0).map(
    (s) => `${review[s]} ${REVIEW_WORDS[s]}`,
  );
  return parts.length === 0 ? "No evidence linked yet" : parts.join(", ");
}

/**
 * How a project stands for a control, in a sentence: why it does not count (the rules' note), or until
 * when it does ("Counts; ages out on Mar 15, 2026").
 */
export function projectStanding(
  p: Pick<ProjectReadiness, "note" | "complete" | "agesOutOn">,
  locale?: Locale,
): string {
  if (p.note !== null) return `${p.note.charAt(0).toUpperCase()}${p.note.slice(1)}.`;
  return p.complete ? `Counts; ages out on ${formatDate(p.agesOutOn, locale)}.` : "Does not count yet.";
}

/** Which controls the page lists (`?show=`): all, those not met, or those with warnings. */
export type ControlFilter = "all" | "not_met" | "warnings";

export function controlFilterFromSearch(search: URLSearchParams): ControlFilter {
  const show = search.get("show");
  return show === "not_met" || show === "warnings" ? show : "all";
}

export function filterControls<C extends Pick<ControlReadiness, "status" | "warnings">>(
  controls: readonly C[],
  show: ControlFilter,
): C[] {
  if (show === "not_met") return controls.filter((c) => c.status === "not_met");
  if (show === "warnings") return controls.filter((c) => c.warnings.length > 0);
  return [...controls];
}

/** The `?date=` of the controls pages, when it is a real calendar date. */
export function dateFromSearch(search: URLSearchParams): string | null {
  const d = search.get("date")?.trim() ?? "";
  return isCalendarDate(d) ? d : null;
}

/** How a customer stands for one control, as the coverage grid draws it. */
export type CoverageState = "counts" | "pending" | "short" | "outside" | "none";

/**
 * - counts: the customer counts for the control (a complete project in the window, or imported rows);
 * - pending: it would count once its evidence pending review is approved;
 * - short: a project is in the window but lacks evidence items (or the control's specialty is not chosen);
 * - outside: only projects outside the twelve months (aged out, or completing after the date);
 * - none: nothing for this control.
 */
export function coverageState(customer: CustomerReadiness | undefined): CoverageState {
  if (customer === undefined) return "none";
  if (customer.counts) return "counts";
  if (customer.pending) return "pending";
  if (customer.projects.some((p) => p.inWindow)) return "short";
  return customer.projects.length > 0 || customer.importedRows > 0 ? "outside" : "none";
}

export const COVERAGE_LABELS: Readonly<Record<CoverageState, string>> = {
  counts: "Counts",
  pending: "Counts once evidence pending review is approved",
  short: "In the window, not enough yet",
  outside: "Outside the twelve months",
  none: "Nothing",
};

export interface CoverageColumn {
  readonly tenantId: string;
  readonly label: string;
  /** Controls this customer counts for. */
  readonly counting: number;
}

export interface CoverageMatrix {
  readonly columns: readonly CoverageColumn[];
  readonly rows: readonly {
    readonly id: string;
    readonly module: "A" | "B";
    readonly title: string;
    readonly status: ControlStatus;
    readonly customerCount: number;
    readonly required: number;
    readonly cells: readonly {
      readonly state: CoverageState;
      readonly customer: CustomerReadiness | undefined;
    }[];
  }[];
}

function tenantKey(tenantId: string): string {
  return tenantId.trim().toLowerCase();
}

/**
 * Controls × customers: every customer with something for any control is a column, those counting for
 * the most controls first (then by name), so the strongest customers read first.
 */
export function coverageMatrix(controls: readonly ControlReadiness[], locale?: string): CoverageMatrix {
  const columns = new Map<string, { tenantId: string; label: string; counting: number }>();
  for (const c of controls) {
    for (const k of c.customers) {
      const key = tenantKey(k.tenantId);
      const col = columns.get(key) ?? {
        tenantId: k.tenantId,
        label: k.name?.trim() || k.tenantId,
        counting: 0,
      };
      if (col.label === col.tenantId && k.name?.trim()) col.label = k.name.trim();
      if (k.counts) col.counting++;
      columns.set(key, col);
    }
  }
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
  const ordered = [...columns.values()].sort(
    (a, b) =>
      b.counting - a.counting || collator.compare(a.label, b.label) || a.tenantId.localeCompare(b.tenantId),
  );
  return {
    columns: ordered,
    rows: controls.map((c) => {
      const byTenant = new Map(c.customers.map((k) => [tenantKey(k.tenantId), k]));
      return {
        id: c.id,
        module: c.module,
        title: c.title,
        status: c.status,
        customerCount: c.customerCount,
        required: c.required,
        cells: ordered.map((col) => {
          const customer = byTenant.get(tenantKey(col.tenantId));
          return { state: coverageState(customer), customer };
        }),
      };
    }),
  };
}

export interface CoverageGeometry {
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly countX: number;
  readonly gridLeft: number;
  readonly headerHeight: number;
  readonly cellSize: number;
  /** x of each column's left edge. */
  readonly columnX: readonly number[];
  /** y of each row's top edge. */
  readonly rowY: readonly number[];
  /** Where Module A's rows end and Module B's begin. */
  readonly moduleBreaks: readonly number[];
}

/**
 * Where the grid's parts go at a width: control labels on the left, the count, then a square per
 * customer. Cells keep a readable size; with many customers the grid asks for more width (the chart
 * then scrolls sideways) rather than shrinking the squares to dots.
 */
export function coverageGeometry(matrix: CoverageMatrix, availableWidth: number): CoverageGeometry {
  const labelWidth = Math.min(300, Math.max(170, Math.round(availableWidth * 0.34)));
  const countWidth = 56;
  const cellSize = 28;
  const longest = Math.max(0, ...matrix.columns.map((c) => Math.min(18, c.label.length)));
  const headerHeight = Math.round(Math.min(120, Math.max(40, 14 + longest * 6.2 * 0.72)));
  const gridLeft = labelWidth + countWidth;
  const columnX = matrix.columns.map((_, i) => gridLeft + i * cellSize);
  const rowY = matrix.rows.map((_, i) => headerHeight + i * cellSize);
  const moduleBreaks: number[] = [];
  matrix.rows.forEach((r, i) => {
    const previous = matrix.rows[i - 1];
    if (previous !== undefined && previous.module !== r.module)
      moduleBreaks.push(headerHeight + i * cellSize);
  });
  // Rotated labels lean right past the last column.
  const needed = gridLeft + matrix.columns.length * cellSize + headerHeight * 0.75 + 8;
  return {
    width: Math.max(availableWidth, Math.ceil(needed)),
    height: headerHeight + matrix.rows.length * cellSize + 4,
    labelWidth,
    countX: labelWidth,
    gridLeft,
    headerHeight,
    cellSize,
    columnX,
    rowY,
    moduleBreaks,
  };
}

export const MODULE_TITLES: Readonly<Record<"A" | "B", string>> = {
  A: "Module A: Azure Essentials Cloud Foundation",
  B: "Module B: AI Platform on Microsoft Azure workload",
};
