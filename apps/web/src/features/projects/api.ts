import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type BodyOf, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";
import { invalidateAuditWorkspace } from "../../api/workspace-queries";

/*
 * The editable customer project register (`/api/orgs/{orgId}/customer-projects`), shaped as
 * apps/server/src/api/audit-schemas.ts (`CustomerProject`, `CustomerProjectInput`) describes it.
 */

export type ProjectStage = NonNullable<CustomerProject["stage"]>;
/** A project; `evidenceCount`: items filed under it (it cannot be deleted while there are any). */
export type CustomerProject = Schemas["CustomerProject"];
export type CustomerProjectInput = BodyOf<"/orgs/{orgId}/customer-projects", "post">;

export function customerProjectsKey(orgId: string) {
  return [...orgKey(orgId), "customer-projects"] as const;
}

export function customerProjectsQuery(orgId: string) {
  return queryOptions({
    queryKey: customerProjectsKey(orgId),
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/customer-projects", { params: { orgId }, signal }),
  });
}

export function useCustomerProjects(orgId: string) {
  return useQuery(customerProjectsQuery(orgId));
}

/** A project's completion date decides what counts: readiness, evidence and the dashboard follow it. */
export function useCreateProject(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerProjectInput) =>
      apiCall("post", "/orgs/{orgId}/customer-projects", { params: { orgId }, body: input }),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

export function useUpdateProject(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: CustomerProjectInput }) =>
      apiCall("patch", "/orgs/{orgId}/customer-projects/{projectId}", {
        params: { orgId, projectId: id },
        body: input,
      }),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}

export function useDeleteProject(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiCall("delete", "/orgs/{orgId}/customer-projects/{projectId}", { params: { orgId, projectId: id } }),
    onSuccess: () => invalidateAuditWorkspace(client, orgId),
  });
}
