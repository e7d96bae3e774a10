import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall } from "../../api/client";
import type { AuditReadiness, ControlReadiness, CustomerReadiness, ProjectReadiness } from "../../api/types";
import { orgKey } from "../organizations/api";
import { invalidateAuditWorkspace } from "../projects/workspace-queries";

/*
 * Control readiness (`GET /api/orgs/{orgId}/audit/readiness`): the core's `controlReadiness` result as
 * the server sends it, plus whether its date is the planned audit date (`planned`).
 */

export type { AuditReadiness, ControlReadiness, CustomerReadiness, ProjectReadiness };

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

/** Choose (or with null clear) the practice specialty a control covers (B1.1, B2.1). */
export function useSetSpecialty(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ controlId, specialty }: { controlId: string; specialty: string | null }) =>
      apiCall("put", "/orgs/{orgId}/audit/specialties/{controlId}", {
        params: { orgId, controlId },
        body: { specialty },
      }),
    // The answer is readiness on the planned date; every readiness query and the dashboard change.
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}
