import type { Session, SessionOrganization } from "../api";

/**
 * Where a member of an organization lands: an auditor on the audit review, where their work is; every
 * other role on the organization's dashboard.
 */
export function landingPageOf(org: Pick<SessionOrganization, "id" | "role">): string {
  const base = `/o/${encodeURIComponent(org.id)}`;
  return org.role === "auditor" ? `${base}/audit/review` : base;
}

/** Where a person lands after signing in: their first organization's landing page, or the page to create one. */
export function firstPageOf(session: Session | null): string {
  const first = session?.organizations[0];
  return first === undefined ? "/" : landingPageOf(first);
}
