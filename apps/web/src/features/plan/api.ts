import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";

/*
 * The Plan page's API (`/api/orgs/{orgId}/plans`), shaped as apps/server/src/api/plan-schemas.ts
 * describes it: the plan is the object `specready plan --format json` prints for the same data.
 */

export type Plan = Schemas["Plan"];
export type PlanAction = Schemas["PlanAction"];
export type WhatIfScenario = Schemas["WhatIfScenario"];
/** A saved plan as `GET …/plans` lists it, with what the signed-in person may do to it. */
export type SavedPlan = Schemas["SavedPlan"];
/** The active plan and its next three actions (null: no plan is active). */
export type ActivePlan = NonNullable<Schemas["ActivePlan"]>;

function plansKey(orgId: string) {
  return [...orgKey(orgId), "plans"] as const;
}

export function plansQuery(orgId: string) {
  return queryOptions({
    queryKey: [...plansKey(orgId), "list"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/plans", { params: { orgId }, signal }),
  });
}

export function usePlans(orgId: string) {
  return useQuery(plansQuery(orgId));
}

export function activePlanQuery(orgId: string) {
  return queryOptions({
    queryKey: [...plansKey(orgId), "active"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/plans/active", { params: { orgId }, signal }),
  });
}

/** The active plan and its next three actions (the dashboard's card). */
export function useActivePlan(orgId: string) {
  return useQuery(activePlanQuery(orgId));
}

/**
 * The plan of an audit date under a scenario, computed by the server from today's data (nothing saved).
 * Keyed by its input, so asking again for the same scenario is served from the cache.
 */
export function usePlanPreview(orgId: string, input: { auditDate: string; scenario: WhatIfScenario } | null) {
  return useQuery({
    queryKey: [...plansKey(orgId), "preview", input] as const,
    queryFn: ({ signal }) =>
      apiCall("post", "/orgs/{orgId}/plans/preview", {
        params: { orgId },
        body: input as NonNullable<typeof input>,
        signal,
      }),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSavePlan(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; auditDate: string; scenario: WhatIfScenario; active: boolean }) =>
      apiCall("post", "/orgs/{orgId}/plans", { params: { orgId }, body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: plansKey(orgId) }),
  });
}

export function useDeletePlan(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (planId: string) =>
      apiCall("delete", "/orgs/{orgId}/plans/{planId}", { params: { orgId, planId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: plansKey(orgId) }),
  });
}
