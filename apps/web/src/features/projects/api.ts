import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { orgKey, orgPath } from "../organizations/api";
import { invalidateAuditWorkspace } from "./workspace-queries";

/*
 * The editable customer project register (`/api/orgs/{orgId}/customer-projects`), shaped as
 * apps/server/src/api/audit-schemas.ts (`CustomerProject`, `CustomerProjectInput`) describes it.
 */

export type ProjectStage = "production" | "pilot";

export interface CustomerProject {
  readonly id: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  readonly workload: string | null;
  readonly aiServices: readonly string[];
  /** A calendar date, "2025-03-14". */
  readonly completionDate: string;
  readonly greenfield: boolean | null;
  readonly stage: ProjectStage | null;
  /** Evidence items filed under the project (it cannot be deleted while there are any). */
  readonly evidenceCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomerProjectInput {
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  readonly workload: string | null;
  readonly aiServices: readonly string[];
  readonly completionDate: string;
  readonly greenfield: boolean | null;
  readonly stage: ProjectStage | null;
}

export function customerProjectsKey(orgId: string) {
  return [...orgKey(orgId), "customer-projects"] as const;
}

export function customerProjectsQuery(orgId: string) {
  return queryOptions({
    queryKey: customerProjectsKey(orgId),
    queryFn: ({ signal }) => api<CustomerProject[]>(orgPath(orgId, "/customer-projects"), { signal }),
  });
}

export function useCustomerProjects(orgId: string) {
  return useQuery(customerProjectsQuery(orgId));
}

function projectPath(orgId: string, id: string): string {
  return orgPath(orgId, `/customer-projects/${encodeURIComponent(id)}`);
}

/** A project's completion date decides what counts: readiness, evidence and the dashboard follow it. */
export function useCreateProject(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerProjectInput) =>
      api<CustomerProject>(orgPath(orgId, "/customer-projects"), { method: "POST", body: input }),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

export function useUpdateProject(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: CustomerProjectInput }) =>
      api<CustomerProject>(projectPath(orgId, id), { method: "PATCH", body: input }),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

export function useDeleteProject(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(projectPath(orgId, id), { method: "DELETE" }),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}
