import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey, orgPath } from "../../api/org-keys";
import { apiVersioned } from "../../lib/api-client";

/*
 * The audit workspace's API (`/api/orgs/{orgId}/audit/...`), shaped as apps/server/src/api/audit-schemas.ts
 * describes it: the plan with its deadlines, control readiness (for the control names), findings, gap
 * reports, results and the evidence binder.
 */

export type AuditPlan = Schemas["AuditPlan"];
export type AuditPlanInput = Schemas["AuditPlanInput"];
export type PlanModules = AuditPlan["modules"];
export type ChecklistOnDate = Schemas["ChecklistRef"];
/** The checklist readiness is measured against on the audit date, per module, and why. */
export type ChecklistMeasured = Schemas["ChecklistUse"];
export type TimelineStep = AuditPlan["timeline"][number];
export type AuditFee = AuditPlan["fees"][number];
export type AuditReadiness = Schemas["AuditReadiness"];
export type ControlSummary = AuditReadiness["controls"][number];
export type Finding = Schemas["Finding"];
export type FindingStatus = Finding["status"];
/** A gap report; `findings` are the open findings when it was issued (a snapshot). */
export type GapReport = Schemas["GapReport"];
export type AuditResult = Schemas["AuditResult"];
export type ResultModule = AuditResult["module"];
export type AuditOutcome = AuditResult["result"];
export type AuditResultInput = Schemas["AuditResultCreate"];
/** What recording a result would do, before it is recorded (`POST …/audit/results/preview`). */
export type AuditResultPreview = Schemas["AuditResultPreview"];

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
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/audit/readiness", { params: { orgId }, signal }),
  });
}

export function useAuditReadiness(orgId: string) {
  return useQuery(auditReadinessQuery(orgId));
}

export function findingsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "findings"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/audit/findings", { params: { orgId }, signal }),
  });
}

export function useFindings(orgId: string) {
  return useQuery(findingsQuery(orgId));
}

export function gapReportsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "gap-reports"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/audit/gap-reports", { params: { orgId }, signal }),
  });
}

export function useGapReports(orgId: string) {
  return useQuery(gapReportsQuery(orgId));
}

export function resultsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...auditKey(orgId), "results"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/audit/results", { params: { orgId }, signal }),
  });
}

export function useAuditResults(orgId: string) {
  return useQuery(resultsQuery(orgId));
}

/** The evidence binder's address: a plain link, so the browser streams the ZIP and shows its progress. */
/** The binder: approved evidence only, or with `pending` also the evidence not approved yet. */
export function binderUrl(
  orgId: string,
  options: { pending?: boolean; specialization?: string | undefined } = {},
): string {
  const query = new URLSearchParams();
  if (options.pending) query.set("pending", "1");
  // Another specialization's binder (Module A evidence is in each); the AI Platform's is the default.
  if (options.specialization !== undefined && options.specialization !== "ai-platform-azure")
    query.set("specialization", options.specialization);
  const text = query.toString();
  return `${orgPath(orgId, "/audit/binder")}${text === "" ? "" : `?${text}`}`;
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
      client.setQueryData(auditPlanQuery(orgId).queryKey, plan);
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
      apiCall("post", "/orgs/{orgId}/audit/findings", { params: { orgId }, body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: findingsQuery(orgId).queryKey }),
  });
}

export type FindingChange = Schemas["FindingPatch"];

export function useUpdateFinding(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; change: FindingChange }) =>
      apiCall("patch", "/orgs/{orgId}/audit/findings/{findingId}", {
        params: { orgId, findingId: input.id },
        body: input.change,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: findingsQuery(orgId).queryKey }),
  });
}

export function useIssueGapReport(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { issuedOn: string; summary?: string }) =>
      apiCall("post", "/orgs/{orgId}/audit/gap-reports", { params: { orgId }, body: input }),
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
      apiCall("post", "/orgs/{orgId}/audit/results", { params: { orgId }, body: input }),
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
      apiCall("post", "/orgs/{orgId}/audit/results/preview", { params: { orgId }, body: input }),
  });
}

/** Withdraws a recorded result with a reason: it stays in the history, marked, and no longer counts. */
export function useWithdrawResult(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; reason: string }) =>
      apiCall("post", "/orgs/{orgId}/audit/results/{resultId}/withdraw", {
        params: { orgId, resultId: input.id },
        body: { reason: input.reason },
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: resultsQuery(orgId).queryKey });
      await client.invalidateQueries({ queryKey: auditPlanQuery(orgId).queryKey });
      await invalidateAuditDependents(client, orgId);
    },
  });
}
