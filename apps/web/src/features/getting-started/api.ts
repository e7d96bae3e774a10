import { queryOptions, useQuery } from "@tanstack/react-query";
import { orgKey, orgPath } from "../../api/org-keys";
import { api } from "../../lib/api-client";

/* The getting-started checklist (`GET /api/orgs/{orgId}/getting-started`, `GettingStarted`). */

export interface GettingStartedStep {
  readonly kind: "azure-usage" | "certifications" | "capability-score" | "audit-evidence";
  readonly title: string;
  readonly where: readonly string[] | null;
  readonly report: string | null;
  readonly form: "people" | "capability-score" | "evidence" | null;
  readonly range: string | null;
  readonly replaces: string | null;
  readonly note: string | null;
  readonly sources: readonly { key: string; title: string; url: string }[];
  readonly done: boolean;
  readonly status: string;
}

export interface GettingStarted {
  readonly steps: readonly GettingStartedStep[];
  readonly done: number;
  readonly total: number;
}

export function gettingStartedQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "getting-started"] as const,
    queryFn: ({ signal }) => api<GettingStarted>(orgPath(orgId, "/getting-started"), { signal }),
  });
}

export function useGettingStarted(orgId: string) {
  return useQuery(gettingStartedQuery(orgId));
}
