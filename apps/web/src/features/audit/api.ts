import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiVersioned } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";

/*
 * The audit workspace's API (`/api/orgs/{orgId}/audit/...`), shaped as apps/server/src/api/audit-schemas.ts
 * describes it: the plan with its deadlines, control readiness (for the control names), findings, gap
 * reports, results and the evidence binder.
 */

export type PlanModules = "B" | "A+B";
export type ResultModule = "A" | "B" | "A+B";
export type AuditOutcome = "Pass" | "No Pass";

export interface ChecklistOnDate {
  readonly id: string;
  readonly module?: "A" | "B";
  readonly title: string;
  readonly version: string;
  readonly effectiveFrom: string | null;
  /** The last day audits use it, as far as the sources say (null: no end known). */
  readonly effectiveTo?: string | null;
  /** `summary`: the program data holds its dates and changes, not its controls. */
  readonly controlData?: "complete" | "summary";
}

/** The checklist readiness is measured against on the audit date, per module, and why. */
export interface ChecklistMeasured {
  readonly module: "A" | "B";
  readonly measuredAgainst: ChecklistOnDate;
  readonly reason: string;
}

export interface TimelineStep {
  readonly id: string;
  readonly step: string;
  readonly within: { readonly count: number; readonly unit: string };
  /** The event the deadline counts from, in words, with its date. */
  readonly basis: string;
  /** The latest day for the step; null while the event it counts from has no date. */
  readonly due: string | null;
  /** The audit's planned date, or the day the gap report was issued. */
  readonly planned: string | null;
  readonly onlyWithGaps: boolean;
}

export interface AuditFee {
  readonly modules: string;
  /** Decimal text ("3600"). */
  readonly usd: string;
  readonly applies: boolean;
}

export interface AuditPlan {
  readonly applicationDate: string | null;
  readonly auditDate: string | null;
  readonly modules: PlanModules;
  readonly checklists: { readonly A: ChecklistOnDate | null; readonly B: ChecklistOnDate | null };
  readonly measuredAgainst?: readonly ChecklistMeasured[];
  readonly timeline: readonly TimelineStep[];
  readonly fees: readonly AuditFee[];
  readonly warnings: readonly string[];
  readonly rule: string;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

export interface AuditPlanInput {
  readonly applicationDate: string | null;
  readonly auditDate: string | null;
  readonly modules: PlanModules;
}

/** The fields of a control's readiness this feature reads (the API sends more). */
export interface ControlSummary {
  readonly id: string;
  readonly module: "A" | "B";
  readonly title: string;
  readonly status: "met" | "not_met" | "waived";
}

export interface AuditReadiness {
  readonly date: string;
  readonly status: "met" | "not_met";
  readonly moduleAWaived: boolean;
  readonly summary: string;
  readonly controls: readonly ControlSummary[];
  readonly planned: boolean;
}

export type FindingStatus = "open" | "resolved";

export interface Finding {
  readonly id: string;
  readonly controlId: string;
  readonly text: string;
  readonly status: FindingStatus;
  readonly response: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
}

export interface GapReport {
  readonly id: string;
  readonly issuedOn: string;
  readonly summary: string | null;
  /** The open findings when the report was issued (a snapshot). */
  readonly findings: readonly { readonly controlId: string; readonly text: string; readonly id?: string }[];
  readonly issuedBy: string;
  readonly issuedAt: string;
}

export interface AuditResult {
  readonly id: string;
  readonly module: ResultModule;
  readonly result: AuditOutcome;
  readonly date: string;
  readonly checklistVersion: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  /** Findings open (and acknowledged) when it was recorded. */
  readonly openFindings?: number;
  /** Set once withdrawn: it stays in the history and no longer counts. */
  readonly withdrawn?: { readonly by: string; readonly at: string; readonly reason: string } | null;
  /** What withdrawing it would do to the Module A waiver (standing results). */
  readonly ifWithdrawn?: string | null;
  /** What recording or withdrawing it did (in the answer to those requests). */
  readonly effect?: string;
}

export interface AuditResultInput {
  readonly module: ResultModule;
  readonly result: AuditOutcome;
  readonly date: string;
  readonly checklistVersion: string;
  /** Record although findings are still open: required while any is. */
  readonly acknowledgeOpenFindings?: boolean;
}

/** What recording a result would do, before it is recorded (`POST …/audit/results/preview`). */
export interface AuditResultPreview {
  readonly effect: string;
  readonly waiverUntil: string | null;
  readonly changesWaiver: boolean;
  readonly openFindings: readonly {
    readonly id: string;
    readonly controlId: string;
    readonly text: string;
  }[];
  readonly applicationDate: { readonly date: string; readonly source: string } | null;
}

/**
 * A list the API answers either bare or wrapped (`{findings: [...]}`): the routes are written alongside
 * this page, and both forms are in use across the API.
 */
export function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === "object" && body !== null) {
    const inner = (body as Record<string, unknown>)[key];
    if (Array.isArray(inner)) return inner as T[];
  }
  return [];
}

/** Every audit query of an organization: `["org", orgId, "audit", ...]`. */
export function auditKey(orgId: string) {
  return [...orgKey(orgId), "audit"] as const;
}

export function auditPlanQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "plan"] as const,
    // With its ETag: the plan form sends it back, so a save never overwrites another admin's.
    queryFn: ({ signal }) => apiVersioned<AuditPlan>(orgPath(orgId, "/audit/plan"), { signal }),
  });
}

export function useAuditPlan(orgId: string) {
  return useQuery(auditPlanQuery(orgId));
}

/** Readiness at the planned audit date (the controls, with their titles). */
export function auditReadinessQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "readiness"] as const,
    queryFn: ({ signal }) => api<AuditReadiness>(orgPath(orgId, "/audit/readiness"), { signal }),
  });
}

export function useAuditReadiness(orgId: string) {
  return useQuery(auditReadinessQuery(orgId));
}

export function findingsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "findings"] as const,
    queryFn: async ({ signal }) =>
      listOf<Finding>(await api<unknown>(orgPath(orgId, "/audit/findings"), { signal }), "findings"),
  });
}

export function useFindings(orgId: string) {
  return useQuery(findingsQuery(orgId));
}

export function gapReportsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "gap-reports"] as const,
    queryFn: async ({ signal }) =>
      listOf<GapReport>(await api<unknown>(orgPath(orgId, "/audit/gap-reports"), { signal }), "gapReports"),
  });
}

export function useGapReports(orgId: string) {
  return useQuery(gapReportsQuery(orgId));
}

export function resultsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "results"] as const,
    queryFn: async ({ signal }) =>
      listOf<AuditResult>(await api<unknown>(orgPath(orgId, "/audit/results"), { signal }), "results"),
  });
}

export function useAuditResults(orgId: string) {
  return useQuery(resultsQuery(orgId));
}

/** The evidence binder's address: a plain link, so the browser streams the ZIP and shows its progress. */
/** The binder: approved evidence only, or with `pending` also the evidence not approved yet. */
export function binderUrl(orgId: string, options: { pending?: boolean } = {}): string {
  return `${orgPath(orgId, "/audit/binder")}${options.pending ? "?pending=1" : ""}`;
}

/**
 * True for the queries whose answer depends on the audit dates or the audit history: the dashboard's
 * evaluation (its Module A waiver) and every readiness query of the organization, whichever feature
 * asked for it (the audit controls page keeps its own).
 */
export function dependsOnAuditHistory(queryKey: readonly unknown[], orgId: string): boolean {
  const [root, id, ...rest] = queryKey;
  if (root !== orgKey(orgId)[0] || id !== orgId) return false;
  return rest.some((part) => part === "dashboard" || part === "evaluation" || part === "readiness");
}

async function invalidateAuditDependents(client: QueryClient, orgId: string): Promise<void> {
  await client.invalidateQueries({ predicate: (q) => dependsOnAuditHistory(q.queryKey, orgId) });
}

export function useSaveAuditPlan(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ input, ifMatch }: { input: AuditPlanInput; ifMatch: string | null }) =>
      apiVersioned<AuditPlan>(orgPath(orgId, "/audit/plan"), { method: "PUT", body: input, ifMatch }),
    onSuccess: async (plan) => {
      if (plan !== undefined && plan !== null && Array.isArray(plan.timeline)) {
        client.setQueryData(auditPlanQuery(orgId).queryKey, plan);
      }
      await client.invalidateQueries({ queryKey: auditPlanQuery(orgId).queryKey });
      // Readiness is measured at the planned audit date.
      await invalidateAuditDependents(client, orgId);
    },
  });
}

export function useRecordFinding(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { controlId: string; text: string }) =>
      api<Finding>(orgPath(orgId, "/audit/findings"), { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: findingsQuery(orgId).queryKey }),
  });
}

export type FindingChange = { readonly status: FindingStatus } | { readonly response: string };

export function useUpdateFinding(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; change: FindingChange }) =>
      api<Finding>(orgPath(orgId, `/audit/findings/${encodeURIComponent(input.id)}`), {
        method: "PATCH",
        body: input.change,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: findingsQuery(orgId).queryKey }),
  });
}

export function useIssueGapReport(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { issuedOn: string; summary?: string }) =>
      api<GapReport>(orgPath(orgId, "/audit/gap-reports"), { method: "POST", body: input }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: gapReportsQuery(orgId).queryKey });
      // The plan's deadlines after the audit count from the gap report once it is issued.
      await client.invalidateQueries({ queryKey: auditPlanQuery(orgId).queryKey });
    },
  });
}

export function useRecordResult(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AuditResultInput) =>
      api<AuditResult>(orgPath(orgId, "/audit/results"), { method: "POST", body: input }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: resultsQuery(orgId).queryKey });
      // A pass may waive Module A: the plan's warnings, readiness and the dashboard change.
      await client.invalidateQueries({ queryKey: auditPlanQuery(orgId).queryKey });
      await invalidateAuditDependents(client, orgId);
    },
  });
}

/** What recording a result would do; records nothing. Refused per field like recording (future date…). */
export function usePreviewResult(orgId: string) {
  return useMutation({
    mutationFn: (input: AuditResultInput) =>
      api<AuditResultPreview>(orgPath(orgId, "/audit/results/preview"), { method: "POST", body: input }),
  });
}

/** Withdraws a recorded result with a reason: it stays in the history, marked, and no longer counts. */
export function useWithdrawResult(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; reason: string }) =>
      api<AuditResult>(orgPath(orgId, `/audit/results/${encodeURIComponent(input.id)}/withdraw`), {
        method: "POST",
        body: { reason: input.reason },
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: resultsQuery(orgId).queryKey });
      await client.invalidateQueries({ queryKey: auditPlanQuery(orgId).queryKey });
      await invalidateAuditDependents(client, orgId);
    },
  });
}
