import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";
import { isCalendarDate, todayIso } from "../../lib/format";

/** The evaluation, the charts, and evidence pending review (null without an evidence register). */
export type Dashboard = Schemas["Dashboard"];
export type Evaluation = Schemas["Evaluation"];
export type RequirementResult = Schemas["RequirementResult"];

/** The date the dashboard shows: `?asOf=` when it is a calendar date, else today. */
export function dashboardAsOf(search: URLSearchParams, today: string = todayIso()): string {
  const requested = search.get("asOf");
  return requested !== null && isCalendarDate(requested) ? requested : today;
}

export function dashboardKey(orgId: string) {
  return [...orgKey(orgId), "dashboard"] as const;
}

export function dashboardQuery(orgId: string, asOf: string) {
  return queryOptions({
    queryKey: [...dashboardKey(orgId), asOf] as const,
    queryFn: ({ signal }) =>
      apiCall("get", "/orgs/{orgId}/dashboard", { params: { orgId }, query: { asOf }, signal }),
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
