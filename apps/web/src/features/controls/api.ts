import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiCall } from "../../api/client";
import type { AuditReadiness, ControlReadiness, CustomerReadiness, ProjectReadiness } from "../../api/types";
import { invalidateAuditWorkspace } from "../../api/workspace-queries";

/*
 * Control readiness (`GET /api/orgs/{orgId}/audit/readiness`): the core's `controlReadiness` result as
 * the server sends it, plus whether its date is the planned audit date (`planned`).
 */

export type { AuditReadiness, ControlReadiness, CustomerReadiness, ProjectReadiness };

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
