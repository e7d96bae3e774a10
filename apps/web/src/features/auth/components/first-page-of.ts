import type { Session } from "../api";

/** Where a person lands after signing in: the organization's dashboard, or the page to create one. */
export function firstPageOf(session: Session | null): string {
  const first = session?.organizations[0];
  return first === undefined ? "/" : `/o/${encodeURIComponent(first.id)}`;
}
