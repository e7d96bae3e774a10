import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";

/** The AI Platform: the specialization of the contract, the default view. */
export const DEFAULT_SPECIALIZATION = "ai-platform-azure";

/** The specializations installed and pursued, with each pursued one's requirements today. */
export type Specializations = Schemas["Specializations"];
export type SpecializationSummary = Schemas["SpecializationSummary"];

export function specializationsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "specializations"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/specializations", { params: { orgId }, signal }),
  });
}

export function useSpecializations(orgId: string) {
  return useQuery(specializationsQuery(orgId));
}

/** Chooses the specializations pursued; every view of the organization may change, so they refresh. */
export function useSaveSpecializations(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (specializations: readonly string[]) =>
      apiCall("put", "/orgs/{orgId}/specializations", {
        params: { orgId },
        body: { specializations: [...specializations] },
      }),
    onSuccess: (saved) => {
      client.setQueryData(specializationsQuery(orgId).queryKey, saved);
      void client.invalidateQueries({ queryKey: orgKey(orgId) });
    },
  });
}
