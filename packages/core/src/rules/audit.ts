import { addDays, addMonths, type CalendarDate, isWithin, lastDayWithin } from "../calendar/calendar-date.js";
import type { ControlDefinition, Program } from "../program/program-definition.js";
import { programControls } from "../program/program-definition.js";
import type { AuditEvidenceRecord, AuditHistoryRecord } from "../records/input-records.js";
import type { ChangeEvent, Gap, RequirementResult, RequirementStatus } from "./evaluation-types.js";
import { interpretationOf, listInWords, plural, resourcesFor } from "./resources.js";

export type ControlStatus = "met" | "not_met" | "waived";

export interface ControlCustomer {
  readonly tenantId: string;
  readonly name: string | null;
  /** The latest project completion date of this customer for the control. */
  readonly deploymentDate: CalendarDate;
  /** The last day it counts on current data (completion + 12 months), or null when it does not count. */
  readonly countsUntil: CalendarDate | null;
  readonly counts: boolean;
  readonly notCountingBecause: string | null;
  readonly evidence: readonly {
    readonly evidence: string | null;
    readonly deploymentDate: CalendarDate;
    readonly line: number;
  }[];
}

export interface ControlResult {
  readonly id: string;
  readonly status: ControlStatus;
  readonly customerCount: number;
  readonly required: number;
  readonly module: string;
  readonly title: string;
  readonly requiredEvidence: string;
  readonly minimumArtifactsPerCustomer: number | null;
  readonly customers: readonly ControlCustomer[];
  /** What is missing, in words; null when met or waived. */
  readonly missing: string | null;
}

export interface AuditDetails {
  readonly moduleAWaived: boolean;
  readonly controls: readonly ControlResult[];
  readonly checklists: { readonly A: string; readonly B: string };
  /** The earlier result that waives Module A, and the last day it does. */
  readonly waiver: {
    readonly module: string;
    readonly date: CalendarDate;
    readonly until: CalendarDate;
    readonly basis: string;
    readonly line: number;
  } | null;
  /** Projects count when completed within these dates (both included). */
  readonly evidenceWindow: { readonly from: CalendarDate; readonly to: CalendarDate };
}

/** The audit's figures on one date: the Module A waiver, each control's counting customers and status. */
export interface AuditFigures {
  readonly waiver: AuditDetails["waiver"];
  /** Control id -> its number of distinct counting customers. */
  readonly counts: ReadonlyMap<string, number>;
  readonly controlStatus: ReadonlyMap<string, ControlStatus>;
  readonly status: RequirementStatus;
}

/**
 * The completion dates that count on a date: from the program's evidence age (twelve months) before it
 * to the date itself, both included.
 */
export function evidenceWindow(
  program: Program,
  date: CalendarDate,
): { from: CalendarDate; to: CalendarDate } {
  return { from: addMonths(date, -program.audit.evidenceMaxAgeMonths), to: date };
}

/**
 * How old a project may be to count for a control, in months: the control's own age in the checklist
 * (12 or 24 months) when it states one, else the program's.
 */
export function evidenceAgeMonths(program: Program, controlId: string): number {
  const control = programControls(program).find((c) => c.id === controlId);
  return control?.evidenceMaxAgeMonths ?? program.audit.evidenceMaxAgeMonths;
}

function evidenceCounts(program: Program, record: AuditEvidenceRecord, date: CalendarDate): boolean {
  return isWithin(record.deploymentDate, addMonths(date, -evidenceAgeMonths(program, record.control)), date);
}

/**
 * The earlier pass that waives Module A on a date (the one that waives it longest), or null. A pass
 * waives it when its module is one a waiver of the program names, it is not dated before that waiver's
 * earliest date, and it lies within the waiver's months before the date.
 */
export function moduleAWaiverAt(
  program: Program,
  history: readonly AuditHistoryRecord[],
  date: CalendarDate,
): AuditDetails["waiver"] {
  let best: AuditDetails["waiver"] = null;
  for (const h of history) {
    if (h.result !== "Pass") continue;
    for (const w of program.audit.moduleAWaivers) {
      if (!w.modules.some((m) => m.toLowerCase() === h.module.toLowerCase())) continue;
      if (w.notBefore !== null && h.date < w.notBefore) continue;
      if (!isWithin(h.date, addMonths(date, -w.withinMonths), date)) continue;
      const candidate = {
        module: h.module,
        date: h.date,
        until: lastDayWithin(h.date, w.withinMonths),
        basis: w.description,
        line: h.source.line,
      };
      if (best === null || candidate.until > best.until) best = candidate;
    }
  }
  return best;
}

/**
 * The audit on a date: a control's count is its distinct customers (ignoring case) with a counting
 * project; Module A controls are `waived` while a waiver holds; the requirement is met when every
 * Module B control is met and Module A is waived or every Module A control is met.
 */
export function auditFiguresAt(
  program: Program,
  evidence: readonly AuditEvidenceRecord[],
  history: readonly AuditHistoryRecord[],
  date: CalendarDate,
): AuditFigures {
  const waiver = moduleAWaiverAt(program, history, date);
  const customers = new Map<string, Set<string>>();
  for (const r of evidence) {
    if (!evidenceCounts(program, r, date)) continue;
    let set = customers.get(r.control);
    if (set === undefined) {
      set = new Set();
      customers.set(r.control, set);
    }
    set.add(r.customerTenantId.toLowerCase());
  }
  const counts = new Map<string, number>();
  const controlStatus = new Map<string, ControlStatus>();
  let allB = true;
  let allA = true;
  for (const c of programControls(program)) {
    const n = customers.get(c.id)?.size ?? 0;
    counts.set(c.id, n);
    const isA = program.moduleA.controls.includes(c);
    const status: ControlStatus =
      isA && waiver !== null ? "waived" : n >= c.requiredCustomers ? "met" : "not_met";
    controlStatus.set(c.id, status);
    if (status === "not_met") {
      if (isA) allA = false;
      else allB = false;
    }
  }
  return { waiver, counts, controlStatus, status: allB && (waiver !== null || allA) ? "met" : "not_met" };
}

/**
 * The audit: every Module B control has enough customers with projects completed in the last twelve
 * months, and Module A is waived by an earlier pass or has every control met too.
 * `evidence` and `history` are `undefined` when their file is absent.
 */
export function evaluateAudit(
  program: Program,
  evidence: readonly AuditEvidenceRecord[] | undefined,
  history: readonly AuditHistoryRecord[] | undefined,
  asOf: CalendarDate,
): RequirementResult<AuditDetails> {
  const a = program.moduleA;
  const b = program.moduleB;
  const rule =
    `Every control of ${b.title} (${b.version}) is backed by enough customers whose project completed within the ${plural(program.audit.evidenceMaxAgeMonths, "month")} before the as-of date, ` +
    `and so is every control of ${a.title} (${a.version}) unless Module A is waived by ${listInWords(
      program.audit.moduleAWaivers.map((w) => w.description),
      "or",
    )}.`;
  const unknownB = program.audit.moduleBNotInProgramData;
  const base = {
    id: "audit" as const,
    title: "Audit: Module A and Module B controls",
    rule:
      unknownB === undefined
        ? rule
        : `${a.title} (${a.version}): every control is backed by enough customers whose project completed within the months the control allows, unless Module A is waived by ${listInWords(
            program.audit.moduleAWaivers.map((w) => w.description),
            "or",
          )}. ${b.title} (${b.version}): its controls are ${unknownB}`,
    interpretation: interpretationOf(program, "audit"),
    resources: resourcesFor(program, "audit"),
  };
  if (evidence === undefined && history === undefined) {
    return {
      ...base,
      status: "no_data",
      summary: "No audit-evidence or audit-history file: audit readiness cannot be checked.",
      gaps: [
        {
          code: "audit.no-data",
          message:
            "Add audit-evidence.csv (columns Module, Control, CustomerTenantId, DeploymentDate, and CustomerName, Evidence) listing, per control, the customer projects that back it; add audit-history.csv (Module, Result, Date) if you passed an audit before.",
        },
      ],
      changes: [],
    };
  }
  const ev = evidence ?? [];
  const hist = history ?? [];
  const now = auditFiguresAt(program, ev, hist, asOf);
  const { from } = evidenceWindow(program, asOf);

  const controls: ControlResult[] = programControls(program).map((c) =>
    controlResult(program, c, ev, now, asOf, from),
  );
  const details: AuditDetails = {
    moduleAWaived: now.waiver !== null,
    controls,
    checklists: { A: a.id, B: b.id },
    waiver: now.waiver,
    evidenceWindow: { from, to: asOf },
  };

  const gaps: Gap[] = controls
    .filter((c) => c.status === "not_met" && c.missing !== null)
    .map((c) => ({ code: "audit.control-short", message: `${c.id} ${c.title}: ${c.missing}` }));
  // The contract counts customers only; the checklist also asks for a minimum of artifacts per customer
  // in some controls. Thin evidence does not change the status but is worth fixing before the auditor
  // samples it, so it is one advisory gap naming the controls.
  const thin = controls.filter(
    (c) =>
      c.status !== "waived" &&
      c.minimumArtifactsPerCustomer !== null &&
      c.customers.some((k) => k.counts && k.evidence.length < (c.minimumArtifactsPerCustomer ?? 0)),
  );
  if (thin.length > 0) {
    gaps.push({
      code: "audit.artifacts-thin",
      message: `Thin evidence in ${listInWords(thin.map((c) => `${c.id} (${c.customers.filter((k) => k.counts && k.evidence.length < (c.minimumArtifactsPerCustomer ?? 0)).length} of ${c.customerCount} customers)`))}: the checklist asks for ${artifactsInWords(thin.map((c) => c.minimumArtifactsPerCustomer ?? 0))} per customer there, and these customers have fewer evidence rows.`,
    });
  }
  const notMet = controls.filter((c) => c.status === "not_met");
  const summary =
    (now.waiver !== null ? `Module A waived until ${now.waiver.until}; ` : "") +
    (notMet.length === 0
      ? `all ${plural(controls.filter((c) => c.status !== "waived").length, "control")} to audit are backed by enough customers.`
      : `${plural(notMet.length, "control")} short of customers: ${notMet.map((c) => `${c.id} (${c.customerCount} of ${c.required})`).join(", ")}.`);

  if (unknownB !== undefined) {
    // Module B's controls are not in the program data: the audit is unknown unless Module A already
    // fails it; Module A is measured as for every specialization audited with it.
    gaps.push({
      code: "audit.module-b-not-in-program-data",
      message: `${b.title} (${b.version}): ${unknownB}`,
    });
    return {
      ...base,
      status: now.status === "met" ? "unknown" : now.status,
      details,
      summary: `${summary} ${b.title} (${b.version}): unknown — ${unknownB}`,
      gaps,
      changes: auditChanges(program, ev, hist, asOf, now),
    };
  }
  return {
    ...base,
    status: now.status,
    details,
    summary,
    gaps,
    changes: auditChanges(program, ev, hist, asOf, now),
  };
}

/**
 * The customers with evidence for one control on a date, counting first, then by name: one entry per
 * customer (tenant ids ignoring case), dated by its latest counting project, or its latest project when
 * none counts.
 */
export function controlCustomers(
  program: Program,
  controlId: string,
  evidence: readonly AuditEvidenceRecord[],
  asOf: CalendarDate,
): ControlCustomer[] {
  const byCustomer = new Map<string, AuditEvidenceRecord[]>();
  for (const r of evidence) {
    if (r.control !== controlId) continue;
    const key = r.customerTenantId.toLowerCase();
    const list = byCustomer.get(key) ?? [];
    list.push(r);
    byCustomer.set(key, list);
  }
  const customers: ControlCustomer[] = [...byCustomer.values()].map((rows) => {
    const counting = rows.filter((r) => evidenceCounts(program, r, asOf));
    const pick = (counting.length > 0 ? counting : rows).reduce((x, y) =>
      y.deploymentDate > x.deploymentDate ? y : x,
    );
    const counts = counting.length > 0;
    let because: string | null = null;
    if (!counts) {
      because =
        pick.deploymentDate > asOf
          ? `the project completes on ${pick.deploymentDate}, after ${asOf}`
          : `the project completed on ${pick.deploymentDate}, more than ${plural(evidenceAgeMonths(program, controlId), "month")} before ${asOf}`;
    }
    return {
      tenantId: pick.customerTenantId,
      name: rows.find((r) => r.customerName !== undefined)?.customerName ?? null,
      deploymentDate: pick.deploymentDate,
      countsUntil: counts ? lastDayWithin(pick.deploymentDate, evidenceAgeMonths(program, controlId)) : null,
      counts,
      notCountingBecause: because,
      evidence: (counts ? counting : rows).map((r) => ({
        evidence: r.evidence ?? null,
        deploymentDate: r.deploymentDate,
        line: r.source.line,
      })),
    };
  });
  customers.sort(
    (x, y) =>
      Number(y.counts) - Number(x.counts) || (x.name ?? x.tenantId).localeCompare(y.name ?? y.tenantId),
  );
  return customers;
}

function controlResult(
  program: Program,
  control: ControlDefinition,
  evidence: readonly AuditEvidenceRecord[],
  now: AuditFigures,
  asOf: CalendarDate,
  from: CalendarDate,
): ControlResult {
  const customers = controlCustomers(program, control.id, evidence, asOf);
  const count = now.counts.get(control.id) ?? 0;
  const status = now.controlStatus.get(control.id) ?? "not_met";
  const short = control.requiredCustomers - count;
  const missing =
    status === "not_met"
      ? `needs ${short === 1 ? "one more customer project" : `${short} more customer projects`} completed between ${from} and ${asOf} (${count} of ${control.requiredCustomers})` +
        (customers.some((c) => !c.counts)
          ? `; not counting: ${customers
              .filter((c) => !c.counts)
              .map((c) => `${c.name ?? c.tenantId} (${c.notCountingBecause})`)
              .join("; ")}`
          : "") +
        "."
      : null;
  return {
    id: control.id,
    status,
    customerCount: count,
    required: control.requiredCustomers,
    module: control.id.slice(0, 1),
    title: control.title,
    requiredEvidence: control.requiredEvidence,
    minimumArtifactsPerCustomer: control.minimumArtifactsPerCustomer,
    customers,
    missing,
  };
}

/**
 * On current data, a control's count changes the day after a project passes twelve months, or the day
 * a future-dated project completes; the waiver changes the day after it ends or the day a future pass
 * is dated. Each date is evaluated in order and every control that changes is named.
 */
function auditChanges(
  program: Program,
  evidence: readonly AuditEvidenceRecord[],
  history: readonly AuditHistoryRecord[],
  asOf: CalendarDate,
  now: AuditFigures,
): ChangeEvent[] {
  const dates = new Set<CalendarDate>();
  for (const r of evidence) {
    if (r.deploymentDate > asOf) dates.add(r.deploymentDate);
    const last = lastDayWithin(r.deploymentDate, evidenceAgeMonths(program, r.control));
    if (last >= asOf) dates.add(addDays(last, 1));
  }
  // Every pass that can waive Module A starts a waiver on its date and ends one after its period,
  // including passes dated after the as-of date.
  for (const h of history) {
    if (h.result !== "Pass") continue;
    if (h.date > asOf) dates.add(h.date);
    for (const w of program.audit.moduleAWaivers) {
      if (!w.modules.some((m) => m.toLowerCase() === h.module.toLowerCase())) continue;
      const end = addDays(lastDayWithin(h.date, w.withinMonths), 1);
      if (end > asOf) dates.add(end);
    }
  }

  const events: ChangeEvent[] = [];
  let previous = now;
  for (const date of [...dates].sort()) {
    const next = auditFiguresAt(program, evidence, history, date);
    const changed: string[] = [];
    if ((previous.waiver === null) !== (next.waiver === null)) {
      changed.push(next.waiver === null ? "the Module A waiver ends" : "Module A becomes waived");
    }
    for (const c of programControls(program)) {
      const before = previous.counts.get(c.id) ?? 0;
      const after = next.counts.get(c.id) ?? 0;
      const statusBefore = previous.controlStatus.get(c.id);
      const statusAfter = next.controlStatus.get(c.id);
      if (before !== after || statusBefore !== statusAfter) {
        const label = statusAfter === "not_met" ? "not met" : statusAfter;
        changed.push(
          before === after
            ? `${c.id} becomes ${label} (${after} of ${c.requiredCustomers})`
            : `${c.id} ${after < before ? "drops" : "rises"} to ${after} of ${c.requiredCustomers}${statusBefore !== statusAfter ? ` (${label})` : ""}`,
        );
      }
    }
    if (changed.length === 0) {
      previous = next;
      continue;
    }
    const ageing = evidence.filter(
      (r) => addDays(lastDayWithin(r.deploymentDate, evidenceAgeMonths(program, r.control)), 1) === date,
    );
    const starting = evidence.filter((r) => r.deploymentDate === date && date > asOf);
    const why: string[] = [];
    if (ageing.length > 0)
      why.push(
        `projects completed on ${ageing[0]?.deploymentDate} pass twelve months (${listInWords(unique(ageing.map((r) => r.customerName ?? r.customerTenantId)))})`,
      );
    if (starting.length > 0)
      why.push(
        `projects complete (${listInWords(unique(starting.map((r) => r.customerName ?? r.customerTenantId)))})`,
      );
    const statusChanges = next.status !== previous.status;
    events.push({
      date,
      requirement: "audit",
      status: next.status,
      statusChanges,
      message: `${why.length > 0 ? `${capitalize(listInWords(why))}: ` : ""}${listInWords(changed)}${statusChanges ? ` — the audit requirement becomes ${next.status === "met" ? "met" : "not met"}` : ""}.`,
    });
    previous = next;
  }
  return events;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]?.toUpperCase() + s.slice(1);
}

/** "1 artifact", "2 artifacts", "1 or 2 artifacts": the minimums asked, in words. */
function artifactsInWords(minimums: readonly number[]): string {
  const distinct = [...new Set(minimums)].sort((a, b) => a - b);
  const last = distinct[distinct.length - 1];
  return `${listInWords(distinct.map(String), "or")} ${last === 1 ? "artifact" : "artifacts"}`;
}
