import type { QueryClient } from "@tanstack/react-query";
import { orgKey } from "./org-keys";

/**
 * The parts of an organization's query keys whose answers change when a customer project, an evidence
 * item, its review or a practice specialty changes: the register (its evidence counts), the evidence
 * lists and items, control readiness (whichever feature asked for it), and the dashboard's evaluation,
 * whose audit requirement is computed from the evidence.
 */
const DEPENDENT_PARTS: ReadonlySet<unknown> = new Set([
  "customer-projects",
  "projects",
  "evidence",
  "readiness",
  "dashboard",
  "evaluation",
]);

/** True for a query of `orgId` that reads the audit workspace. */
export function readsAuditWorkspace(queryKey: readonly unknown[], orgId: string): boolean {
  const [root, id, ...rest] = queryKey;
  if (root !== orgKey(orgId)[0] || id !== orgId) return false;
  return rest.some((part) => DEPENDENT_PARTS.has(part));
}

/**
 * Refetches (when shown) or marks stale every query a change of the audit workspace affects, but
 * `gone` (the key of something just deleted, which would only answer 404).
 */
export function invalidateAuditWorkspace(
  client: QueryClient,
  orgId: string,
  gone?: readonly unknown[],
): Promise<void> {
  const same = (key: readonly unknown[]) =>
    gone !== undefined && key.length === gone.length && key.every((part, i) => part === gone[i]);
  return client.invalidateQueries({
    predicate: (q) => readsAuditWorkspace(q.queryKey, orgId) && !same(q.queryKey),
  });
}
