import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey, orgPath } from "../../api/org-keys";

/* The capability score form's API, shaped as apps/server/src/api/people-schemas.ts describes it. */

/** An entry; `allowedActions`: an imported entry offers nothing (it goes with its import's undo). */
export type ScoreEntry = Schemas["ScoreEntry"];
export type ScoreHistoryPoint = Schemas["ScoreHistoryPoint"];
export type CapabilityScoreView = Schemas["CapabilityScoreView"];

export function capabilityScoreKey(orgId: string) {
  return [...orgKey(orgId), "capability-score"] as const;
}

export function capabilityScoreQuery(orgId: string) {
  return queryOptions({
    queryKey: capabilityScoreKey(orgId),
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/capability-score", { params: { orgId }, signal }),
  });
}

export function useCapabilityScore(orgId: string) {
  return useQuery(capabilityScoreQuery(orgId));
}

export function capabilityScoreExportHref(orgId: string): string {
  return orgPath(orgId, "/capability-score/export");
}

/** The score decides the designation requirement: everything of the organization is read again. */
export function useRecordScore(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { shownOn: string; solutionArea: string; points: Record<string, string> }) =>
      apiCall("post", "/orgs/{orgId}/capability-score/entries", { params: { orgId }, body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}

export function useDeleteScoreEntry(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiCall("delete", "/orgs/{orgId}/capability-score/entries/{entryId}", {
        params: { orgId, entryId: id },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}
