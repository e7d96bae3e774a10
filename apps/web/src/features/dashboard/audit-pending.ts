import type { AuditPendingFigures } from "../../api/types";

/**
 * The controls whose figure evidence pending review would raise, in words: "B4.1: 2 of 3 customers; 1
 * more pending review". Controls where nothing pending would add a customer are left out.
 */
export function pendingSentences(pending: AuditPendingFigures): string[] {
  return pending.controls
    .filter((c) => c.pendingCustomers > 0)
    .map(
      (c) =>
        `${c.id}: ${c.customerCount} of ${c.required} ${c.required === 1 ? "customer" : "customers"}; ${c.pendingCustomers} more pending review`,
    );
}
