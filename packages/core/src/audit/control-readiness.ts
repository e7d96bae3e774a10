import {
  addDays,
  type CalendarDate,
  daysBetween,
  isWithin,
  lastDayWithin,
} from "../calendar/calendar-date.js";
import type { ControlDefinition, Program } from "../program/program-definition.js";
import { programControls } from "../program/program-definition.js";
import { type AuditDetails, type AuditFigures, type ControlStatus, evidenceWindow } from "../rules/audit.js";
import { listInWords, plural } from "../rules/resources.js";
import { approvedAndIfApproved } from "./audit-pending.js";
import {
  type AuditWorkspace,
  artifactsNeeded,
  countsUnder,
  type EvidenceCounting,
  type EvidenceStatus,
  evidenceItemCounts,
  itemsFor,
  specialtyMissing,
  type WorkspaceEvidenceItem,
  type WorkspaceProject,
} from "./audit-workspace.js";

/** A project whose evidence is near its twelve-month edge is flagged this many days ahead. */
export const AGE_OUT_NOTICE_DAYS = 30;

export interface ProjectReadiness {
  readonly projectId: string;
  readonly project: string;
  readonly completionDate: CalendarDate;
  /** Completed within the twelve months before the audit date (both ends included). */
  readonly inWindow: boolean;
  /** The first day the project no longer counts (completion + twelve months, the day after). */
  readonly agesOutOn: CalendarDate;
  /** Evidence items that count (under the readiness's way of counting: approved ones, or all in the what-if). */
  readonly artifacts: number;
  /** Linked items that are not approved (for their current content) and so do not count yet. */
  readonly pendingArtifacts: number;
  readonly artifactsNeeded: number;
  /**
   * In window with enough counting artifacts: the customer counts through this project (once a practice
   * specialty is chosen, where the control asks for one).
   */
  readonly complete: boolean;
  readonly artifactTypes: readonly string[];
  readonly items: readonly {
    readonly id: string;
    readonly title: string;
    readonly kind: WorkspaceEvidenceItem["kind"];
    readonly artifactType: string;
    readonly status: EvidenceStatus;
    /** Approved for its current content: it counts. */
    readonly approved: boolean;
  }[];
  /** Why it does not count, in words; null when it counts. */
  readonly note: string | null;
}

export interface CustomerReadiness {
  readonly tenantId: string;
  readonly name: string | null;
  readonly counts: boolean;
  /** Does not count, but would once its evidence pending review is approved. */
  readonly pending: boolean;
  readonly projects: readonly ProjectReadiness[];
  /** Rows of an imported audit-evidence file for this customer and control (no files here). */
  readonly importedRows: number;
}

export interface ControlReadiness {
  readonly id: string;
  readonly module: "A" | "B";
  readonly title: string;
  readonly requiredEvidence: string;
  readonly acceptedDocumentation: readonly string[];
  readonly status: ControlStatus;
  readonly required: number;
  /** Counting customers, as the readiness engine counts them (waived or not). */
  readonly customerCount: number;
  readonly artifactsNeeded: number;
  readonly specialty: { readonly options: readonly string[]; readonly chosen: string | null } | null;
  readonly customers: readonly CustomerReadiness[];
  /** What is still missing, one sentence each; empty when met or waived. */
  readonly missing: readonly string[];
  /** Things to act on before the audit date (projects ageing out, planned completions). */
  readonly warnings: readonly string[];
  /** Review status of the items linked to the control. */
  readonly review: Readonly<Record<EvidenceStatus, number>>;
  /** What is waiting for review: how it would change the control once approved. */
  readonly pending: ControlPending;
}

/** A control's evidence that does not count yet, and what approving it would do. */
export interface ControlPending {
  /** Linked items not approved for their current content. */
  readonly items: number;
  /** Customers that would count once those items are approved, beyond those counting now. */
  readonly customers: number;
  /** Counting customers if everything pending were approved. */
  readonly customerCountIfApproved: number;
  readonly statusIfApproved: ControlStatus;
}

export interface AuditReadiness {
  /** The date readiness is measured on: the planned audit date, or the date asked for. */
  readonly date: CalendarDate;
  readonly today: CalendarDate;
  /**
   * `approved`: the figures count approved evidence only (the audit's). `if_all_approved`: a what-if,
   * as if everything pending review were approved.
   */
  readonly counting: EvidenceCounting;
  readonly status: "met" | "not_met";
  /** The status if everything pending review were approved. */
  readonly statusIfApproved: "met" | "not_met";
  /** Evidence items of the register that do not count yet (not approved for their current content). */
  readonly pendingItems: number;
  readonly moduleAWaived: boolean;
  readonly waiver: AuditDetails["waiver"];
  readonly evidenceWindow: { readonly from: CalendarDate; readonly to: CalendarDate };
  readonly checklists: { readonly A: string; readonly B: string };
  readonly controls: readonly ControlReadiness[];
  readonly summary: string;
  /** The rule in words. */
  readonly rule: string;
}

function customerKey(tenantId: string): string {
  return tenantId.toLowerCase();
}

/**
 * Each control's readiness on a date (the planned audit date): counting customers against required,
 * artifacts per project against the minimum, the specialty chosen, what is missing, what is pending
 * review and what will age out. Only approved evidence counts (`evidenceItemCounts`); with `counting`
 * `if_all_approved` the figures are the what-if in which everything pending review is approved. Status
 * and counts come from the readiness engine's audit rule over `workspaceAuditEvidence`, so this page,
 * the dashboard and `specready check` on the binder's check data never disagree.
 */
export function controlReadiness(
  program: Program,
  workspace: AuditWorkspace,
  date: CalendarDate,
  today: CalendarDate,
  counting: EvidenceCounting = "approved",
): AuditReadiness {
  const { approved: approvedFigures, ifApproved } = approvedAndIfApproved(program, workspace, date);
  const figures = counting === "approved" ? approvedFigures : ifApproved;
  const window = evidenceWindow(program, date);
  const projectsById = new Map(workspace.projects.map((p) => [p.id, p]));
  const controls = programControls(program).map((control) =>
    readinessOf(
      program,
      control,
      workspace,
      projectsById,
      { figures, approvedFigures, ifApproved, counting },
      date,
      today,
      window,
    ),
  );
  const pendingItems = workspace.evidence.filter((e) => !evidenceItemCounts(e)).length;
  const shortControls = controls.filter((c) => c.status === "not_met");
  const metOnceApproved = controls.filter(
    (c) => approvedFigures.controlStatus.get(c.id) === "not_met" && c.pending.statusIfApproved !== "not_met",
  );
  let pendingText = "";
  if (pendingItems > 0) {
    pendingText =
      counting === "approved"
        ? ` ${plural(pendingItems, "evidence item")} pending review ${pendingItems === 1 ? "does" : "do"} not count yet` +
          (metOnceApproved.length > 0
            ? `; approving ${pendingItems === 1 ? "it" : "them"} would make ${listInWords(metOnceApproved.map((c) => c.id))} met.`
            : ".")
        : ` What-if: ${plural(pendingItems, "evidence item")} pending review ${pendingItems === 1 ? "is" : "are"} counted as if approved.`;
  }
  const summary =
    (figures.waiver === null ? "" : `Module A is waived until ${figures.waiver.until}. `) +
    (shortControls.length === 0
      ? `Every control to audit is ready for ${date}.`
      : `${plural(shortControls.length, "control")} not ready for ${date}: ${shortControls.map((c) => c.id).join(", ")}.`) +
    pendingText;
  return {
    date,
    today,
    counting,
    status: figures.status === "met" ? "met" : "not_met",
    statusIfApproved: ifApproved.status === "met" ? "met" : "not_met",
    pendingItems,
    moduleAWaived: figures.waiver !== null,
    waiver: figures.waiver,
    evidenceWindow: window,
    checklists: { A: program.moduleA.id, B: program.moduleB.id },
    controls,
    summary,
    rule:
      `A customer counts for a control when one of its projects completed between ${window.from} and ${date} ` +
      "(the twelve months before the audit date, both included) has at least the control's minimum of approved evidence items " +
      "(one where the checklist sets none), and a control that asks for a practice specialty has one chosen. " +
      "An item counts only while it is approved for its current revision (a link or a note: its current address or text); " +
      "a draft, an item waiting for review or sent back, and a new revision not approved yet do not count. " +
      "Rows of an imported audit-evidence file count as the readiness check counts them." +
      (counting === "if_all_approved"
        ? " These figures are a what-if: every item pending review is counted as if it were approved."
        : ""),
  };
}

interface Figures {
  /** The figures shown: approved ones, or the what-if's. */
  readonly figures: AuditFigures;
  readonly approvedFigures: AuditFigures;
  readonly ifApproved: AuditFigures;
  readonly counting: EvidenceCounting;
}

function readinessOf(
  program: Program,
  control: ControlDefinition,
  workspace: AuditWorkspace,
  projectsById: ReadonlyMap<string, WorkspaceProject>,
  all: Figures,
  date: CalendarDate,
  today: CalendarDate,
  window: { from: CalendarDate; to: CalendarDate },
): ControlReadiness {
  const { figures, counting } = all;
  const needed = artifactsNeeded(control);
  const months = control.evidenceMaxAgeMonths ?? program.audit.evidenceMaxAgeMonths;
  const linked = workspace.evidence.filter((e) => e.controls.includes(control.id));
  const review: Record<EvidenceStatus, number> = { draft: 0, ready: 0, approved: 0, changes_requested: 0 };
  for (const e of linked) review[e.status]++;
  // In the what-if every item with content counts; otherwise only approved ones.
  const counted = (i: WorkspaceEvidenceItem) => countsUnder(i, counting);
  // Items that do not count but would once approved (in the what-if they count already).
  const waitingOf = (p: ProjectReadiness) => (counting === "approved" ? p.pendingArtifacts : 0);

  // Customers with evidence for this control, through the register or an imported file.
  const customers = new Map<
    string,
    {
      tenantId: string;
      name: string | null;
      projects: (ProjectReadiness & { completeIfApproved: boolean })[];
      imported: number;
      importedCounts: boolean;
    }
  >();
  const entry = (tenantId: string, name: string | null) => {
    const key = customerKey(tenantId);
    let c = customers.get(key);
    if (c === undefined) {
      c = { tenantId, name, projects: [], imported: 0, importedCounts: false };
      customers.set(key, c);
    }
    if (c.name === null && name !== null) c.name = name;
    return c;
  };
  const noSpecialty = specialtyMissing(control, workspace);
  const projectIds = [...new Set(linked.map((e) => e.projectId))];
  for (const id of projectIds) {
    const p = projectsById.get(id);
    if (p === undefined) continue;
    const items = itemsFor(workspace, control.id, p.id);
    const artifacts = items.filter(counted).length;
    const pendingArtifacts = items.filter((i) => !evidenceItemCounts(i)).length;
    const inWindow = isWithin(p.completionDate, window.from, window.to);
    const agesOutOn = addDays(lastDayWithin(p.completionDate, months), 1);
    const complete = inWindow && artifacts >= needed;
    const completeIfApproved =
      inWindow && items.filter((i) => countsUnder(i, "if_all_approved")).length >= needed;
    let note: string | null = null;
    if (!inWindow) {
      note =
        p.completionDate > date
          ? `completes on ${p.completionDate}, after the audit date`
          : `completed on ${p.completionDate}, more than ${plural(months, "month")} before ${date} (${agesOutOn <= today ? "aged out" : "ages out"} on ${agesOutOn})`;
    } else if (artifacts < needed) {
      note =
        counting === "approved"
          ? `${artifacts} of ${plural(needed, "evidence item")} approved` +
            (pendingArtifacts > 0 ? `; ${pendingArtifacts} more pending review` : "")
          : `${artifacts} of ${plural(needed, "evidence item")}, pending review included`;
    } else if (noSpecialty) {
      note = "counts once a practice specialty is chosen for this control";
    }
    entry(p.customerTenantId, p.customerName).projects.push({
      projectId: p.id,
      project: p.project,
      completionDate: p.completionDate,
      inWindow,
      agesOutOn,
      artifacts,
      pendingArtifacts,
      artifactsNeeded: needed,
      complete,
      completeIfApproved,
      artifactTypes: [...new Set(items.map((i) => i.artifactType))].sort(),
      items: items.map((i) => ({
        id: i.id,
        title: i.title,
        kind: i.kind,
        artifactType: i.artifactType,
        status: i.status,
        approved: evidenceItemCounts(i),
      })),
      note,
    });
  }
  for (const r of workspace.importedEvidence ?? []) {
    if (r.control !== control.id) continue;
    const c = entry(r.customerTenantId, r.customerName ?? null);
    c.imported++;
    if (isWithin(r.deploymentDate, window.from, window.to)) c.importedCounts = true;
  }

  const list: CustomerReadiness[] = [...customers.values()].map((c) => {
    const counts = c.importedCounts || (!noSpecialty && c.projects.some((p) => p.complete));
    const countsIfApproved =
      c.importedCounts || (!noSpecialty && c.projects.some((p) => p.completeIfApproved));
    return {
      tenantId: c.tenantId,
      name: c.name,
      counts,
      pending: !counts && countsIfApproved && counting === "approved",
      projects: c.projects
        .sort(
          (a, b) => b.completionDate.localeCompare(a.completionDate) || a.project.localeCompare(b.project),
        )
        .map(({ completeIfApproved: _, ...p }) => p),
      importedRows: c.imported,
    };
  });
  list.sort(
    (x, y) =>
      Number(y.counts) - Number(x.counts) ||
      Number(y.pending) - Number(x.pending) ||
      (x.name ?? x.tenantId).localeCompare(y.name ?? y.tenantId),
  );

  const status = figures.controlStatus.get(control.id) ?? "not_met";
  const count = figures.counts.get(control.id) ?? 0;
  const approvedCount = all.approvedFigures.counts.get(control.id) ?? 0;
  const countIfApproved = all.ifApproved.counts.get(control.id) ?? 0;
  const pendingCustomers = counting === "approved" ? countIfApproved - approvedCount : 0;
  const name = (c: { name: string | null; tenantId: string }) => c.name ?? c.tenantId;

  const specialtyOptions = listInWords(
    control.practiceSpecialties.map((s) => `"${s}"`),
    "or",
  );
  const missing: string[] = [];
  if (status === "not_met") {
    if (noSpecialty) missing.push(`Choose the practice specialty this control covers: ${specialtyOptions}.`);
    // Customers ready but for approval: what they wait for.
    for (const c of list.filter((k) => k.pending)) {
      const p = c.projects.find(
        (x) => x.inWindow && x.artifacts < needed && x.artifacts + waitingOf(x) >= needed,
      );
      if (p === undefined) continue;
      missing.push(
        `${name(c)} counts once ${plural(p.pendingArtifacts, "evidence item")} pending review for "${p.project}" ${p.pendingArtifacts === 1 ? "is" : "are"} approved (${p.artifacts} of ${needed} approved).`,
      );
    }
    // Without a specialty no project counts, yet the customers with complete projects are ready: the
    // customers still to find are those beyond them, not the whole requirement.
    const ready = noSpecialty
      ? list.filter((c) => c.counts || c.projects.some((p) => p.complete)).length
      : count;
    const waiting = list.filter((c) => c.pending).length;
    const short = control.requiredCustomers - ready - waiting;
    if (short > 0) {
      missing.push(
        `${short === 1 ? "One more customer" : `${short} more customers`} with a project completed between ${window.from} and ${date} and ${plural(needed, "approved evidence item")} for it (${ready} of ${control.requiredCustomers} ${noSpecialty ? "ready, counting once the specialty is chosen" : "counting"}${waiting > 0 ? `, ${waiting} more pending review` : ""}).`,
      );
    }
    // A customer already ready through one complete project needs nothing more for another.
    const thin = list.filter(
      (c) =>
        !c.counts &&
        !c.pending &&
        !c.projects.some((p) => p.complete) &&
        c.projects.some((p) => p.inWindow && p.artifacts < needed),
    );
    for (const c of thin) {
      const p = c.projects.find((x) => x.inWindow && x.artifacts < needed) as ProjectReadiness;
      const more = needed - p.artifacts - waitingOf(p);
      if (more <= 0) continue;
      missing.push(
        `${name(c)}: ${more} more evidence ${more === 1 ? "item" : "items"} for "${p.project}" (${p.artifacts} of ${needed} ${counting === "approved" ? "approved" : "filed"}${waitingOf(p) > 0 ? `, ${waitingOf(p)} pending review` : ""}; accepted: ${listInWords(control.acceptedDocumentation, "or")}).`,
      );
    }
  }

  const warnings: string[] = [];
  for (const c of list) {
    for (const p of c.projects) {
      if (!p.inWindow && p.completionDate <= date && p.agesOutOn > today) {
        warnings.push(
          `${name(c)}'s project "${p.project}" ages out on ${p.agesOutOn}, before your planned audit date ${date}: it will not count.`,
        );
      } else if (p.inWindow) {
        const margin = daysBetween(date, p.agesOutOn);
        if (margin <= AGE_OUT_NOTICE_DAYS) {
          warnings.push(
            `${name(c)}'s project "${p.project}" ages out on ${p.agesOutOn}, ${plural(margin, "day")} after the audit date: a later audit date loses it.`,
          );
        }
        if (p.completionDate > today) {
          warnings.push(
            `${name(c)}'s project "${p.project}" is planned to complete on ${p.completionDate}: it counts only if it does.`,
          );
        }
      }
    }
  }
  if (status === "met" && noSpecialty) {
    // Met through rows of an imported audit-evidence file, which the readiness check counts as they
    // are; the auditor still asks which specialty the evidence covers.
    warnings.unshift(
      `The checklist asks for a practice specialty for this control: choose ${specialtyOptions} before the audit.`,
    );
  }
  // A waived control is not audited: nothing is missing and nothing ageing out matters for it.
  if (status === "waived") {
    missing.length = 0;
    warnings.length = 0;
  }

  return {
    id: control.id,
    module: control.id.startsWith("A") ? "A" : "B",
    title: control.title,
    requiredEvidence: control.requiredEvidence,
    acceptedDocumentation: control.acceptedDocumentation,
    status,
    required: control.requiredCustomers,
    customerCount: count,
    artifactsNeeded: needed,
    specialty:
      control.practiceSpecialties.length === 0
        ? null
        : {
            options: control.practiceSpecialties,
            chosen: noSpecialty ? null : (workspace.specialties[control.id] ?? null),
          },
    customers: list,
    missing,
    warnings,
    review,
    pending: {
      items: linked.filter((e) => !evidenceItemCounts(e)).length,
      customers: pendingCustomers,
      customerCountIfApproved: countIfApproved,
      statusIfApproved: all.ifApproved.controlStatus.get(control.id) ?? "not_met",
    },
  };
}
