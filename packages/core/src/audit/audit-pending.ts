import type { CalendarDate } from "../calendar/calendar-date.js";
import type { Program } from "../program/program-definition.js";
import { programControls } from "../program/program-definition.js";
import { type AuditFigures, auditFiguresAt, type ControlStatus } from "../rules/audit.js";
import {
  type AuditWorkspace,
  type EvidenceCounting,
  evidenceItemCounts,
  workspaceAuditEvidence,
} from "./audit-workspace.js";

/** One control's evidence pending review on a date, beside its approved figure. */
export interface ControlPendingFigures {
  readonly id: string;
  /** Counting customers, approved evidence only (the evaluation's figure). */
  readonly customerCount: number;
  readonly required: number;
  /** Linked items not approved for their current content. */
  readonly pendingItems: number;
  /** Customers that would count once those items are approved, beyond `customerCount`. */
  readonly pendingCustomers: number;
  readonly statusIfApproved: ControlStatus;
}

/** What is pending review in the register, and what approving it would change, on a date. */
export interface AuditPendingFigures {
  readonly date: CalendarDate;
  /** Items of the register not approved for their current content. */
  readonly items: number;
  /** The audit requirement's status if every item pending review were approved. */
  readonly statusIfApproved: "met" | "not_met";
  readonly controls: readonly ControlPendingFigures[];
}

/**
 * The audit's figures on a date twice: counting approved evidence only (the audit's), and as if
 * everything pending review were approved (the what-if).
 */
export function approvedAndIfApproved(
  program: Program,
  workspace: AuditWorkspace,
  date: CalendarDate,
): { approved: AuditFigures; ifApproved: AuditFigures } {
  const figures = (counting: EvidenceCounting) =>
    auditFiguresAt(program, workspaceAuditEvidence(program, workspace, counting), workspace.history, date);
  return { approved: figures("approved"), ifApproved: figures("if_all_approved") };
}

/**
 * The evidence pending review beside the audit's approved figures on a date: for each control, the
 * customers that would count once what is pending is approved. The dashboard shows it next to the
 * evaluation (which counts approved evidence only, as `specready check` does on the binder's
 * check-data), so "2 of 3 customers; 1 more pending review" reads from one rule.
 */
export function auditPendingAt(
  program: Program,
  workspace: AuditWorkspace,
  date: CalendarDate,
): AuditPendingFigures {
  const approved = auditFiguresAt(
    program,
    workspaceAuditEvidence(program, workspace),
    workspace.history,
    date,
  );
  const ifApproved = auditFiguresAt(
    program,
    workspaceAuditEvidence(program, workspace, "if_all_approved"),
    workspace.history,
    date,
  );
  const waiting = workspace.evidence.filter((e) => !evidenceItemCounts(e));
  return {
    date,
    items: waiting.length,
    statusIfApproved: ifApproved.status === "met" ? "met" : "not_met",
    controls: programControls(program).map((c) => {
      const count = approved.counts.get(c.id) ?? 0;
      return {
        id: c.id,
        customerCount: count,
        required: c.requiredCustomers,
        pendingItems: waiting.filter((e) => e.controls.includes(c.id)).length,
        pendingCustomers: (ifApproved.counts.get(c.id) ?? 0) - count,
        statusIfApproved: ifApproved.controlStatus.get(c.id) ?? "not_met",
      };
    }),
  };
}
