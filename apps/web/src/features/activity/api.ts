import { useInfiniteQuery } from "@tanstack/react-query";
import { apiCall, type QueryOf, type ResponseOf, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";

export type ActivityEntry = Schemas["ActivityEntry"];
/** A page of the log; `next` is the `before` cursor of the next (older) page, or null at the end. */
export type ActivityPage = ResponseOf<"/orgs/{orgId}/activity", "get">;

/** `action`: an action code, exactly ("import.created"); `actor`: part of the actor's name; `from`, `to`: dates. */
export type ActivityFilters = Omit<QueryOf<"/orgs/{orgId}/activity", "get">, "before" | "limit">;

export const ACTIVITY_PAGE_SIZE = 50;

export function fetchActivityPage(
  orgId: string,
  filters: ActivityFilters,
  before: number | null,
  limit = ACTIVITY_PAGE_SIZE,
  signal?: AbortSignal,
): Promise<ActivityPage> {
  return apiCall("get", "/orgs/{orgId}/activity", {
    params: { orgId },
    query: { ...filters, ...(before !== null ? { before } : {}), limit },
    signal,
  });
}

/** The activity log, newest first, a page at a time ("Load more" follows the `before` cursor). */
export function useActivity(orgId: string, filters: ActivityFilters) {
  return useInfiniteQuery({
    queryKey: [...orgKey(orgId), "activity", filters] as const,
    queryFn: ({ pageParam, signal }) =>
      fetchActivityPage(orgId, filters, pageParam, ACTIVITY_PAGE_SIZE, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
