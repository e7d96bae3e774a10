import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";

export type Application = Schemas["Application"];
/** Who may approve evidence: by default not the author of its current content (two pairs of eyes). */
export type ReviewPolicy = Schemas["ReviewPolicy"];
export type Organization = Schemas["Organization"];

/** Every query of one organization starts with this key, so an import can refresh them all at once. */
export function orgKey(orgId: string) {
  return ["org", orgId] as const;
}

export function orgPath(orgId: string, rest = ""): string {
  return `/api/orgs/${encodeURIComponent(orgId)}${rest}`;
}

export function organizationQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "details"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}", { params: { orgId }, signal }),
  });
}

export function useOrganization(orgId: string) {
  return useQuery(organizationQuery(orgId));
}
