import type {
  ControlReadiness,
  AuditReadiness as CoreAuditReadiness,
  CustomerReadiness,
  ProjectReadiness,
} from "@specready/core";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";
import { invalidateAuditWorkspace } from "../projects/workspace-queries";

/*
 * Control readiness (`GET /api/orgs/{orgId}/audit/readiness`): the core's `controlReadiness` result as
 * the server sends it (apps/server/src/api/audit-schemas.ts, `AuditReadiness`), plus whether its date
 * is the planned audit date.
 */

export type { ControlReadiness, CustomerReadiness, ProjectReadiness };

export interface AuditReadiness extends CoreAuditReadiness {
  /** True when `date` is the planned audit date; false when no audit date is planned (today is used) or a date was asked for. */
  readonly planned: boolean;
}

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
      api<AuditReadiness>(orgPath(orgId, "/audit/readiness"), {
        query: { date: date ?? undefined, ifApproved: whatIf ? "1" : undefined },
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
      api<AuditReadiness>(orgPath(orgId, `/audit/specialties/${encodeURIComponent(controlId)}`), {
        method: "PUT",
        body: { specialty },
      }),
    // The answer is readiness on the planned date; every readiness query and the dashboard change.
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}
