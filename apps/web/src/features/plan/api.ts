import type { Plan, PlanAction, WhatIfScenario } from "@specready/core";
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { orgKey, orgPath } from "../../api/org-keys";
import { api } from "../../lib/api-client";

export type { Plan, PlanAction, WhatIfScenario };

/** A saved plan as `GET …/plans` lists it. */
export interface SavedPlan {
  readonly id: string;
  readonly name: string;
  readonly auditDate: string;
  readonly scenario: WhatIfScenario;
  readonly active: boolean;
  readonly createdBy: string;
  readonly updatedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ActivePlan {
  readonly saved: SavedPlan;
  readonly nextActions: readonly PlanAction[];
  readonly problem: string | null;
}

function plansKey(orgId: string) {
  return [...orgKey(orgId), "plans"] as const;
}

export function plansQuery(orgId: string) {
  return queryOptions({
    queryKey: [...plansKey(orgId), "list"] as const,
    queryFn: ({ signal }) => api<SavedPlan[]>(orgPath(orgId, "/plans"), { signal }),
  });
}

export function usePlans(orgId: string) {
  return useQuery(plansQuery(orgId));
}

export function activePlanQuery(orgId: string) {
  return queryOptions({
    queryKey: [...plansKey(orgId), "active"] as const,
    queryFn: ({ signal }) => api<ActivePlan | null>(orgPath(orgId, "/plans/active"), { signal }),
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
      api<Plan>(orgPath(orgId, "/plans/preview"), { method: "POST", body: input, signal }),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSavePlan(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; auditDate: string; scenario: WhatIfScenario; active: boolean }) =>
      api<{ saved: SavedPlan; plan: Plan }>(orgPath(orgId, "/plans"), { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: plansKey(orgId) }),
  });
}

export function useDeletePlan(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (planId: string) =>
      api<void>(orgPath(orgId, `/plans/${encodeURIComponent(planId)}`), { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: plansKey(orgId) }),
  });
}
