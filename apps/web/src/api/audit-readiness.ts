import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiCall } from "./client";
import { orgKey } from "./org-keys";

/*
 * Control readiness (`GET /api/orgs/{orgId}/audit/readiness`), read by the control pages and by the
 * evidence forms (the controls an item can be linked to): shared, so neither feature imports the other.
 */

/**
 * Readiness on the planned audit date (`date` null) or on a date asked for, counting approved evidence;
 * with `whatIf`, as if everything pending review were approved.
 */
export function readinessQuery(orgId: string, date: string | null, whatIf = false) {
  return queryOptions({
    queryKey: [
      ...orgKey(orgId),
      "readiness",
      "controls",
      date ?? "planned",
      whatIf ? "if-approved" : "approved",
    ] as const,
    queryFn: ({ signal }) =>
      apiCall("get", "/orgs/{orgId}/audit/readiness", {
        params: { orgId },
        query: { ...(date !== null ? { date } : {}), ...(whatIf ? { ifApproved: "1" as const } : {}) },
        signal,
      }),
  });
}

export function useReadiness(orgId: string, date: string | null, whatIf = false) {
  return useQuery({
    ...readinessQuery(orgId, date, whatIf),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === orgId ? previous : undefined,
  });
}
