import type { BinderControl, BinderItem, BinderModel } from "./binder-model.js";

/*
 * The words index.html and index.pdf share, so the two documents of a binder say the same thing.
 * English, like the checklist the auditor works from; numbers and times are written the same on every
 * server (no locale of the machine leaks into a binder).
 */

const CONTROL_STATUS: Record<BinderControl["status"], string> = {
  met: "Met",
  not_met: "Not met",
  waived: "Waived",
};

/** "Met", "Not met", "Waived". */
export function controlStatusLabel(status: BinderControl["status"]): string {
  return CONTROL_STATUS[status] ?? status;
}

const REVIEW_STATUS: Readonly<Record<string, string>> = {
  draft: "Draft",
  ready: "Ready for review",
  approved: "Approved",
  changes_requested: "Changes requested",
};

/** The evidence review status in words; an unknown status as it is. */
export function reviewStatusLabel(status: string): string {
  return REVIEW_STATUS[status] ?? status;
}

/**
 * An item's review in words, with its approver: "Approved by Avery Admin, 2026-12-01 09:30 UTC",
 * "Approved by its author Avery Admin (self-approval allowed), …", or the status alone ("Ready for
 * review — not approved yet").
 */
export function reviewLabel(item: Pick<BinderItem, "status" | "approval">): string {
  const a = item.approval;
  if (item.status === "approved" && a !== null)
    return a.selfApproved
      ? `Self-approved by its author ${a.by} (allowed in this organization), ${formatTimestamp(a.at)}`
      : `Approved by ${a.by}, ${formatTimestamp(a.at)}`;
  return `${reviewStatusLabel(item.status)} — not approved yet, does not count`;
}

/** What evidence the binder holds, in words. */
export function contentsLabel(model: BinderModel): string {
  return model.contents === "approved"
    ? "Approved evidence only: what counts for the audit"
    : "Approved evidence, and evidence not approved yet (drafts, items waiting for review or sent back), each marked with its review status: only approved evidence counts";
}

/** "2 counting of 3 required; 1 more pending review". */
export function customersLabel(c: Pick<BinderControl, "customerCount" | "required" | "pending">): string {
  return (
    `${c.customerCount} counting of ${c.required} required` +
    (c.pending.customers > 0 ? `; ${c.pending.customers} more pending review` : "")
  );
}

/** "1,234,567". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "2.4 MB": the unit a person reads; the exact count sits next to it where it matters. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "2025-09-10 14:03 UTC" for an ISO timestamp; the text itself when it is not one. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A customer as the binder names it: "Contoso Ltd (tenant id)", or the tenant id alone. */
export function customerLabel(customer: { name: string | null; tenantId: string }): string {
  return customer.name === null ? customer.tenantId : `${customer.name} (${customer.tenantId})`;
}

/** The modules audited, in words. */
export function modulesLabel(model: BinderModel): string {
  return model.plan.modules === "A+B" ? "Module A and Module B" : "Module B";
}

/** Whether Module A is audited, waived, and why. */
export function moduleALabel(model: BinderModel): string {
  if (model.moduleAWaived) {
    return model.waiverText === null ? "Waived" : `Waived: ${model.waiverText}`;
  }
  return model.plan.modules === "B" ? "Not waived (the plan audits Module B only)" : "Audited";
}
