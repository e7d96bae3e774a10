import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";

export interface ActivityEntry {
  readonly id: string | number;
  readonly at: string;
  readonly actor: {
    readonly kind: "user" | "token" | "system";
    readonly id: string | null;
    readonly name: string | null;
  };
  readonly action: string;
  readonly summary: string;
  readonly details: unknown;
}

export interface ActivityPage {
  readonly entries: readonly ActivityEntry[];
  /** The `before` cursor of the next (older) page, or null at the end. */
  readonly next: string | number | null;
  /** Every action the organization's log has, for the filter (when the server lists them). */
  readonly actions?: readonly string[];
}

export interface ActivityFilters {
  /** An action code, exactly ("import.created"). */
  readonly action?: string;
  /** Part of the actor's name. */
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
}

export const ACTIVITY_PAGE_SIZE = 50;

export function fetchActivityPage(
  orgId: string,
  filters: ActivityFilters,
  before: string | number | null,
  limit = ACTIVITY_PAGE_SIZE,
  signal?: AbortSignal,
): Promise<ActivityPage> {
  return api<ActivityPage>(orgPath(orgId, "/activity"), {
    query: { ...filters, before, limit },
    signal,
  });
}

/** The activity log, newest first, a page at a time ("Load more" follows the `before` cursor). */
export function useActivity(orgId: string, filters: ActivityFilters) {
  return useInfiniteQuery({
    queryKey: [...orgKey(orgId), "activity", filters] as const,
    queryFn: ({ pageParam, signal }) =>
      fetchActivityPage(orgId, filters, pageParam, ACTIVITY_PAGE_SIZE, signal),
    initialPageParam: null as string | number | null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
