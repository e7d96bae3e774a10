import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import type { Role } from "../auth/roles";

/** Who did something, as the API names them: a person `{id, name}` or just a name or id. */
export type PersonRef = { readonly id: string; readonly name: string } | string | null;

export function personName(ref: PersonRef | undefined): string {
  if (ref === null || ref === undefined) return "—";
  return typeof ref === "string" ? ref : ref.name;
}

export interface Application {
  readonly submittedOn: string;
  readonly reference: string | null;
  readonly recordedBy: PersonRef;
  readonly recordedAt: string;
}

/** Who may approve evidence: by default not the author of its current content (two pairs of eyes). */
export interface ReviewPolicy {
  readonly allowSelfApproval: boolean;
  readonly changedBy: string | null;
  readonly changedAt: string | null;
}

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly application: Application | null;
  readonly dataVersion: number | string;
  readonly reviewPolicy: ReviewPolicy;
}

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
    queryFn: ({ signal }) => api<Organization>(orgPath(orgId), { signal }),
  });
}

export function useOrganization(orgId: string) {
  return useQuery(organizationQuery(orgId));
}
