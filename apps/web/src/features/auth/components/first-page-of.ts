import { can } from "../../../api/allowed-actions";
import type { Session, SessionOrganization } from "../api";

/**
 * Where a member of an organization lands: whoever records the audit's result (the auditor) on the
 * audit review, where their work is; everyone else on the organization's dashboard.
 */
export function landingPageOf(org: Pick<SessionOrganization, "id" | "allowedActions">): string {
  const base = `/o/${encodeURIComponent(org.id)}`;
  return can(org, "audit.result") ? `${base}/audit/review` : base;
}

/** Where a person lands after signing in: their first organization's landing page, or the page to create one. */
export function firstPageOf(session: Session | null): string {
  const first = session?.organizations[0];
  return first === undefined ? "/" : landingPageOf(first);
}
