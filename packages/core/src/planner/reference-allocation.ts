import {
  type AuditWorkspace,
  artifactsNeeded,
  type EvidenceStatus,
  evidenceItemCounts,
  specialtyMissing,
} from "../audit/audit-workspace.js";
import {
  addDays,
  type CalendarDate,
  daysBetween,
  isWithin,
  lastDayWithin,
} from "../calendar/calendar-date.js";
import type { ControlDefinition, Program } from "../program/program-definition.js";
import { programControls } from "../program/program-definition.js";
import type { AuditEvidenceRecord } from "../records/input-records.js";
import { evidenceWindow } from "../rules/audit.js";
import { listInWords, plural } from "../rules/resources.js";
import { solveCover } from "./cover-solver.js";

/*
 * Reference allocation: which customers to ask for references so that every control to audit has its
 * required customers on the planned audit date, with the fewest customers to ask. A customer can serve a
 * control when one of its projects completed within the evidence window on the audit date (twelve
 * months, both ends included) and, for a Module B control (the AI workload), the project used Azure AI
 * services (when the register says which; unknown counts as possible). Among sets of the same size the
 * planner prefers, in this order: customers whose evidence is already approved (controls they already
 * count for), projects that stay within the window longest after the audit date, and customers also
 * counted for ACR. The answer is exact (branch and bound, see `solveCover`) and says when it is not.
 */

/** A project of the register as the planner reads it. */
export interface PlannerProject {
  readonly id: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  readonly completionDate: CalendarDate;
  /** The Azure AI services used; null when the register does not say. */
  readonly aiServices: readonly string[] | null;
}

/** A piece of evidence for one project and one control. */
export interface PlannerEvidence {
  readonly projectId: string;
  readonly control: string;
  readonly title: string;
  readonly artifactType: string | null;
  /** Approved for its current content: it counts for the audit. */
  readonly counts: boolean;
  readonly status: EvidenceStatus;
}

export interface PlannerRegister {
  readonly projects: readonly PlannerProject[];
  readonly evidence: readonly PlannerEvidence[];
  /**
   * Controls asking for a practice specialty that none is chosen for (the workspace's): their evidence
   * counts only once one is. Absent for an audit-evidence file, whose rows count as they are.
   */
  readonly specialtiesToChoose?: readonly string[] | undefined;
}

export interface AllocationOptions {
  readonly auditDate: CalendarDate;
  /** Module A is waived on the audit date by an earlier pass: its controls need no customers. */
  readonly moduleAWaived: boolean;
  /** Lower-cased tenant ids of customers counted for ACR (a positive window sum). */
  readonly acrCustomers: ReadonlySet<string>;
  readonly nodeLimit?: number | undefined;
}

/** What one customer is asked for one control. */
export interface AllocatedControl {
  readonly control: string;
  readonly title: string;
  readonly projectId: string;
  readonly project: string;
  /** `ready`: approved evidence enough; `review`: enough once pending items are approved; `missing`: artifacts to add. */
  readonly state: "ready" | "review" | "missing";
  readonly artifactsNeeded: number;
  readonly artifactsApproved: number;
  /** Items linked but not counting yet, with their review status. */
  readonly pending: readonly { readonly title: string; readonly status: EvidenceStatus }[];
  /** How many artifacts still have to be added (beyond approved and pending ones). */
  readonly artifactsMissing: number;
  /** Documentation the checklist accepts that the project has not filed for this control yet. */
  readonly suggestedArtifacts: readonly string[];
  /** What to do, in words. */
  readonly todo: string;
}

export interface AllocatedCustomer {
  readonly tenantId: string;
  readonly name: string | null;
  readonly countedForAcr: boolean;
  /** Controls the customer's approved evidence already counts for. */
  readonly approvedControls: number;
  /** The first day its latest project in the window no longer counts. */
  readonly agesOutOn: CalendarDate;
  /** Days it stays valid after the audit date. */
  readonly validDaysAfterAudit: number;
  readonly controls: readonly AllocatedControl[];
}

export interface ReferenceAllocation {
  readonly auditDate: CalendarDate;
  readonly evidenceWindow: { readonly from: CalendarDate; readonly to: CalendarDate };
  readonly moduleAWaived: boolean;
  /** Whether the set is proven smallest (and best among the smallest). */
  readonly exact: boolean;
  readonly searchNodes: number;
  /** No cover can have fewer customers than this (the largest required count still to cover). */
  readonly lowerBound: number;
  readonly customers: readonly AllocatedCustomer[];
  /** Customers that could serve (a project in the window), chosen or not. */
  readonly candidateCount: number;
  /** Controls that cannot reach their count with the register's projects: not enough customers in the window. */
  readonly uncoverable: readonly {
    readonly control: string;
    readonly required: number;
    readonly possible: number;
  }[];
  /** Controls whose practice specialty is still to choose: their evidence counts only once it is. */
  readonly specialtiesToChoose: readonly string[];
  /** Per control: the customers allocated to it. */
  readonly grid: readonly {
    readonly control: string;
    readonly title: string;
    readonly required: number;
    readonly customers: readonly { readonly tenantId: string; readonly state: AllocatedControl["state"] }[];
  }[];
  readonly summary: string;
  readonly rule: string;
}

/** The register behind a workspace (server): projects, and evidence with its review status. */
export function registerFromWorkspace(
  program: Program,
  workspace: AuditWorkspace,
  aiServices: ReadonlyMap<string, readonly string[] | null> = new Map(),
): PlannerRegister {
  const evidence: PlannerEvidence[] = [];
  for (const e of workspace.evidence) {
    for (const control of e.controls)
      evidence.push({
        projectId: e.projectId,
        control,
        title: e.title,
        artifactType: e.artifactType,
        counts: evidenceItemCounts(e),
        status: e.status,
      });
  }
  const register = {
    projects: workspace.projects.map((p) => ({ ...p, aiServices: aiServices.get(p.id) ?? null })),
    evidence,
    specialtiesToChoose: programControls(program)
      .filter((c) => specialtyMissing(c, workspace))
      .map((c) => c.id),
  };
  return withImportedEvidence(register, workspace.importedEvidence ?? []);
}

/**
 * The register behind an audit-evidence file (the CLI): one project per customer and completion date,
 * every row an approved artifact (the file lists what counts, as `specready check` reads it).
 */
export function registerFromEvidenceRecords(records: readonly AuditEvidenceRecord[]): PlannerRegister {
  return withImportedEvidence({ projects: [], evidence: [] }, records);
}

function withImportedEvidence(
  register: PlannerRegister,
  records: readonly AuditEvidenceRecord[],
): PlannerRegister {
  const projects = [...register.projects];
  const evidence = [...register.evidence];
  const byKey = new Map<string, PlannerProject>();
  for (const r of records) {
    const key = `${r.customerTenantId.toLowerCase()}|${r.deploymentDate}`;
    let p = byKey.get(key);
    if (p === undefined) {
      p = {
        id: `file:${key}`,
        customerTenantId: r.customerTenantId,
        customerName: r.customerName ?? null,
        project: `Project completed ${r.deploymentDate}`,
        completionDate: r.deploymentDate,
        aiServices: null,
      };
      byKey.set(key, p);
      projects.push(p);
    }
    evidence.push({
      projectId: p.id,
      control: r.control,
      title: r.evidence ?? `${r.source.file} line ${r.source.line}`,
      artifactType: null,
      counts: true,
      status: "approved",
    });
  }
  return { ...register, projects, evidence };
}

interface Candidate {
  readonly key: string;
  readonly tenantId: string;
  readonly name: string | null;
  readonly projects: PlannerProject[];
}

/** The controls the audit needs customers for on the audit date. */
function controlsToCover(program: Program, moduleAWaived: boolean): readonly ControlDefinition[] {
  return moduleAWaived
    ? program.moduleB.controls
    : [...program.moduleA.controls, ...program.moduleB.controls];
}

function canServe(program: Program, control: ControlDefinition, project: PlannerProject): boolean {
  const moduleB = program.moduleB.controls.includes(control);
  return !moduleB || project.aiServices === null || project.aiServices.length > 0;
}

function projectStanding(
  control: ControlDefinition,
  project: PlannerProject,
  evidence: readonly PlannerEvidence[],
): { approved: number; pending: PlannerEvidence[]; types: Set<string> } {
  const items = evidence.filter((e) => e.projectId === project.id && e.control === control.id);
  const approved = items.filter((e) => e.counts).length;
  const pending = items.filter((e) => !e.counts);
  const types = new Set(items.map((e) => (e.artifactType ?? "").toLowerCase()).filter((t) => t !== ""));
  return { approved, pending, types };
}

/**
 * The smallest set of customers whose projects in the window on the audit date cover every control's
 * required customers, with each chosen customer's to-do list (see the file's comment for the rule).
 */
export function allocateReferences(
  program: Program,
  register: PlannerRegister,
  options: AllocationOptions,
): ReferenceAllocation {
  const { auditDate } = options;
  const months = program.audit.evidenceMaxAgeMonths;
  const window = evidenceWindow(program, auditDate);
  const controls = controlsToCover(program, options.moduleAWaived);
  const byCustomer = new Map<string, Candidate>();
  for (const p of register.projects) {
    if (!isWithin(p.completionDate, window.from, window.to)) continue;
    const key = p.customerTenantId.toLowerCase();
    let c = byCustomer.get(key);
    if (c === undefined) {
      c = { key, tenantId: p.customerTenantId, name: p.customerName, projects: [] };
      byCustomer.set(key, c);
    }
    if (c.name === null && p.customerName !== null) c = { ...c, name: p.customerName };
    c.projects.push(p);
    byCustomer.set(key, c);
  }
  const candidates = [...byCustomer.values()].sort(
    (a, b) => (a.name ?? a.tenantId).localeCompare(b.name ?? b.tenantId) || a.key.localeCompare(b.key),
  );
  const evidenceByProject = new Map<string, PlannerEvidence[]>();
  for (const e of register.evidence) {
    const list = evidenceByProject.get(e.projectId) ?? [];
    list.push(e);
    evidenceByProject.set(e.projectId, list);
  }
  const facts = candidates.map((c) => {
    const latest = c.projects.reduce((a, b) => (b.completionDate > a.completionDate ? b : a));
    const agesOutOn = addDays(lastDayWithin(latest.completionDate, months), 1);
    let approvedControls = 0;
    const covers: number[] = [];
    controls.forEach((control, t) => {
      const serving = c.projects.filter((p) => canServe(program, control, p));
      if (serving.length === 0) return;
      covers.push(t);
      const ready = serving.some(
        (p) =>
          projectStanding(control, p, evidenceByProject.get(p.id) ?? []).approved >= artifactsNeeded(control),
      );
      if (ready) approvedControls++;
    });
    const validDays = Math.max(0, daysBetween(auditDate, agesOutOn));
    const acr = options.acrCustomers.has(c.key);
    return { agesOutOn, approvedControls, covers, validDays, acr };
  });
  // Lexicographic preferences as one integer: approved controls, then validity, then ACR. The sums of a
  // set of customers keep that order while the set has fewer than 200 customers (validity < 100,000 days).
  const solution = solveCover({
    targets: controls.length,
    required: controls.map((c) => c.requiredCustomers),
    candidates: facts.map((f) => ({
      covers: f.covers,
      weight: f.approvedControls * 200_000_000 + Math.min(f.validDays, 99_999) * 2 + (f.acr ? 1 : 0),
    })),
    nodeLimit: options.nodeLimit,
  });
  const chosen = solution.chosen;
  // Each control takes its required customers among the chosen: those already approved first.
  const assigned = new Map<number, AllocatedControl[]>();
  const grid: ReferenceAllocation["grid"][number][] = [];
  controls.forEach((control, t) => {
    const options2 = chosen
      .filter((i) => facts[i]?.covers.includes(t))
      .map((i) => {
        const c = candidates[i] as Candidate;
        const item = bestProject(program, control, c, evidenceByProject);
        return { i, item, validDays: facts[i]?.validDays ?? 0 };
      })
      .sort(
        (a, b) =>
          rank(a.item.state) - rank(b.item.state) ||
          a.item.artifactsMissing - b.item.artifactsMissing ||
          b.validDays - a.validDays ||
          a.i - b.i,
      )
      .slice(0, control.requiredCustomers);
    for (const o of options2) {
      const list = assigned.get(o.i) ?? [];
      list.push(o.item);
      assigned.set(o.i, list);
    }
    grid.push({
      control: control.id,
      title: control.title,
      required: control.requiredCustomers,
      customers: options2.map((o) => ({
        tenantId: (candidates[o.i] as Candidate).tenantId,
        state: o.item.state,
      })),
    });
  });
  const customers: AllocatedCustomer[] = chosen.map((i) => {
    const c = candidates[i] as Candidate;
    const f = facts[i] as (typeof facts)[number];
    return {
      tenantId: c.tenantId,
      name: c.name,
      countedForAcr: f.acr,
      approvedControls: f.approvedControls,
      agesOutOn: f.agesOutOn,
      validDaysAfterAudit: f.validDays,
      controls: assigned.get(i) ?? [],
    };
  });
  const uncoverable = controls
    .map((c, t) => ({
      control: c.id,
      required: c.requiredCustomers,
      possible: c.requiredCustomers - (solution.shortfall[t] ?? 0),
    }))
    .filter((u) => u.possible < u.required);
  const work = customers.flatMap((c) => c.controls.filter((x) => x.state !== "ready"));
  const toChoose = (register.specialtiesToChoose ?? []).filter((id) => controls.some((c) => c.id === id));
  const summary =
    `Ask ${plural(customers.length, "customer")} for references for the audit on ${auditDate}: ` +
    `${listInWords(customers.map((c) => c.name ?? c.tenantId))}` +
    (solution.exact
      ? ` (the smallest possible set, proven; no set of fewer customers covers every control).`
      : ` (the best set found within the search budget of ${solution.nodes.toLocaleString("en-US")} steps; not proven smallest).`) +
    (work.length === 0
      ? " Their approved evidence already covers every control."
      : ` ${plural(work.length, "control assignment")} still need${work.length === 1 ? "s" : ""} evidence.`) +
    (uncoverable.length === 0
      ? ""
      : ` ${listInWords(uncoverable.map((u) => `${u.control} (${u.possible} of ${u.required})`))} cannot be covered: not enough customers have a project completed in the window; complete more projects before the audit.`) +
    (toChoose.length === 0
      ? ""
      : ` Choose the practice specialty of ${listInWords(toChoose)}: until one is chosen, no evidence counts for ${toChoose.length === 1 ? "it" : "them"}.`);
  return {
    auditDate,
    evidenceWindow: window,
    moduleAWaived: options.moduleAWaived,
    exact: solution.exact,
    searchNodes: solution.nodes,
    lowerBound: solution.lowerBound,
    customers,
    candidateCount: candidates.length,
    uncoverable,
    specialtiesToChoose: toChoose,
    grid,
    summary,
    rule:
      `A customer can serve a control when one of its projects was completed between ${window.from} and ${auditDate} ` +
      `(both included)${options.moduleAWaived ? "" : ""}; for a Module B control the project must have used Azure AI services when the register says which. ` +
      "The planner picks the fewest customers that give every control its required count; among sets of that size it prefers " +
      "customers whose approved evidence already counts for more controls, then projects that stay within the window longest after the audit date, " +
      "then customers also counted for ACR.",
  };
}

function rank(state: AllocatedControl["state"]): number {
  return state === "ready" ? 0 : state === "review" ? 1 : 2;
}

function bestProject(
  program: Program,
  control: ControlDefinition,
  c: Candidate,
  evidenceByProject: ReadonlyMap<string, readonly PlannerEvidence[]>,
): AllocatedControl {
  const needed = artifactsNeeded(control);
  const options = c.projects
    .filter((p) => canServe(program, control, p))
    .map((p) => ({ p, s: projectStanding(control, p, evidenceByProject.get(p.id) ?? []) }))
    .sort(
      (a, b) =>
        Math.min(b.s.approved, needed) - Math.min(a.s.approved, needed) ||
        b.s.pending.length - a.s.pending.length ||
        (a.p.completionDate > b.p.completionDate ? -1 : a.p.completionDate < b.p.completionDate ? 1 : 0),
    );
  const { p, s } = options[0] as (typeof options)[number];
  const missing = Math.max(0, needed - s.approved - s.pending.length);
  const state: AllocatedControl["state"] =
    s.approved >= needed ? "ready" : s.approved + s.pending.length >= needed ? "review" : "missing";
  const suggested = control.acceptedDocumentation.filter((d) => !s.types.has(d.toLowerCase()));
  // What each pending item needs, in the order a person deals with them.
  const byStatus = (status: EvidenceStatus) =>
    s.pending.filter((e) => e.status === status).map((e) => `"${e.title}"`);
  const steps = [
    byStatus("changes_requested").length > 0
      ? `revise ${listInWords(byStatus("changes_requested"))} as the reviewer asked and get it approved`
      : "",
    byStatus("ready").length > 0 ? `get ${listInWords(byStatus("ready"))} approved (waiting for review)` : "",
    byStatus("draft").length > 0 ? `submit ${listInWords(byStatus("draft"))} for review` : "",
    byStatus("approved").length > 0
      ? `get ${listInWords(byStatus("approved"))} approved again (changed since its approval)`
      : "",
    missing > 0
      ? `add ${plural(missing, "artifact")} for ${control.id} (${control.title}), e.g. ${listInWords(suggested.slice(0, Math.max(missing, 2)), "or")}`
      : "",
  ].filter((x) => x !== "");
  const todo =
    state === "ready"
      ? `Approved evidence counts for ${control.id}; keep it current.`
      : `${steps.join("; ").replace(/^./, (ch) => ch.toUpperCase())}.`;
  return {
    control: control.id,
    title: control.title,
    projectId: p.id,
    project: p.project,
    state,
    artifactsNeeded: needed,
    artifactsApproved: s.approved,
    pending: s.pending.map((e) => ({ title: e.title, status: e.status })),
    artifactsMissing: missing,
    suggestedArtifacts: suggested,
    todo,
  };
}
