import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Actions } from "../../api/allowed-actions";
import { orgKey, orgPath } from "../../api/org-keys";
import { api } from "../../lib/api-client";

/* The capability score form's API, shaped as apps/server/src/api/people-schemas.ts describes it. */

export interface ScoreEntry {
  readonly id: string;
  readonly shownOn: string;
  readonly kind: "form" | "import";
  readonly solutionArea: string | null;
  readonly points: Readonly<Record<string, string>>;
  readonly importId: string | null;
  readonly importFileName: string | null;
  readonly createdByName: string;
  readonly createdAt: string;
  /** What the caller may do to it: an imported entry offers nothing (it goes with its import's undo). */
  readonly allowedActions: Actions;
}

export interface ScoreHistoryPoint {
  readonly entryId: string;
  readonly shownOn: string;
  readonly kind: "form" | "import";
  readonly label: string;
  readonly areas: readonly {
    readonly area: string;
    readonly totalPoints: string;
    readonly met: boolean;
    readonly pointsShort: string;
    readonly metricsWithoutPoints: readonly string[];
  }[];
}

export interface CapabilityScoreView {
  readonly areas: readonly string[];
  readonly metrics: readonly { name: string; category: string; maxPoints: number | null }[];
  readonly minimumTotalPoints: string;
  readonly everyMetricAbove: string;
  readonly entries: readonly ScoreEntry[];
  readonly history: readonly ScoreHistoryPoint[];
  readonly inEffect: readonly { solutionArea: string; metric: string; points: string }[];
  readonly anniversaries: readonly { area: string; anniversaryDate: string }[];
}

export function capabilityScoreKey(orgId: string) {
  return [...orgKey(orgId), "capability-score"] as const;
}

export function capabilityScoreQuery(orgId: string) {
  return queryOptions({
    queryKey: capabilityScoreKey(orgId),
    queryFn: ({ signal }) => api<CapabilityScoreView>(orgPath(orgId, "/capability-score"), { signal }),
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
      api<ScoreEntry>(orgPath(orgId, "/capability-score/entries"), { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}

export function useDeleteScoreEntry(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<undefined>(orgPath(orgId, `/capability-score/entries/${encodeURIComponent(id)}`), {
        method: "DELETE",
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}
