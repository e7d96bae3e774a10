import type { AuditPendingFigures, Evaluation } from "@specready/core";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";
import type { DashboardCharts } from "./dashboard-charts";

export interface Dashboard {
  readonly evaluation: Evaluation;
  readonly charts: DashboardCharts;
  /** Evidence pending review beside the audit's approved figures; null without an evidence register. */
  readonly auditPending: AuditPendingFigures | null;
}

export function dashboardKey(orgId: string) {
  return [...orgKey(orgId), "dashboard"] as const;
}

export function dashboardQuery(orgId: string, asOf: string) {
  return queryOptions({
    queryKey: [...dashboardKey(orgId), asOf] as const,
    queryFn: ({ signal }) => api<Dashboard>(orgPath(orgId, "/dashboard"), { query: { asOf }, signal }),
  });
}

/**
 * The evaluation and chart data as of a date. While another date loads, the previous date's stay on
 * screen (never another organization's).
 */
export function useDashboard(orgId: string, asOf: string) {
  return useQuery({
    ...dashboardQuery(orgId, asOf),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === orgId ? previous : undefined,
  });
}
