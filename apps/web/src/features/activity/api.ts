import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";

export interface ActivityEntry {
  readonly id: string;
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
  readonly next: string | null;
}

export interface ActivityFilters {
  readonly action?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
}

export const ACTIVITY_PAGE_SIZE = 50;

export function fetchActivityPage(
  orgId: string,
  filters: ActivityFilters,
  before: string | null,
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
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
