import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";

export type Application = Schemas["Application"];
/** Who may approve evidence: by default not the author of its current content (two pairs of eyes). */
export type ReviewPolicy = Schemas["ReviewPolicy"];
export type Organization = Schemas["Organization"];

export function organizationQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "details"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}", { params: { orgId }, signal }),
  });
}

export function useOrganization(orgId: string) {
  return useQuery(organizationQuery(orgId));
}
