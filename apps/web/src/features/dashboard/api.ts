import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";
import { isCalendarDate, todayIso } from "../../lib/format";
import { DEFAULT_SPECIALIZATION } from "../specializations";

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

export function dashboardQuery(orgId: string, asOf: string, specialization = DEFAULT_SPECIALIZATION) {
  return queryOptions({
    queryKey: [...dashboardKey(orgId), asOf, specialization] as const,
    queryFn: ({ signal }) =>
      apiCall("get", "/orgs/{orgId}/dashboard", {
        params: { orgId },
        // The AI Platform's dashboard is asked for as before (the contract's evaluation).
        query: specialization === DEFAULT_SPECIALIZATION ? { asOf } : { asOf, specialization },
        signal,
      }),
  });
}

/**
 * The evaluation and chart data as of a date. While another date loads, the previous date's stay on
 * screen (never another organization's).
 */
export function useDashboard(orgId: string, asOf: string, specialization = DEFAULT_SPECIALIZATION) {
  return useQuery({
    ...dashboardQuery(orgId, asOf, specialization),
    placeholderData: (previous, previousQuery) =>
      // Another date of the same specialization stays on screen; another specialization's never does.
      previousQuery?.queryKey[1] === orgId && previousQuery.queryKey[4] === specialization
        ? previous
        : undefined,
  });
}
