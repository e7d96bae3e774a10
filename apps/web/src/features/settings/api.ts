import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { organizationQuery, orgKey, orgPath, type PersonRef, type ReviewPolicy } from "../organizations/api";

export type TokenRole = "viewer" | "contributor";

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: TokenRole;
  /** The secret's first characters ("sr_AbC1"), to tell tokens apart. */
  readonly prefix?: string;
  readonly createdAt: string;
  readonly createdBy: PersonRef;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface CreatedToken extends ApiToken {
  /** The secret (`sr_…`), shown once. */
  readonly token: string;
}

export function useRecordApplication(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { submittedOn: string; reference?: string }) =>
      api<unknown>(orgPath(orgId, "/application"), { method: "PUT", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: organizationQuery(orgId).queryKey }),
  });
}

export function tokensQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "tokens"] as const,
    queryFn: ({ signal }) => api<ApiToken[]>(orgPath(orgId, "/tokens"), { signal }),
  });
}

export function useTokens(orgId: string) {
  return useQuery(tokensQuery(orgId));
}

export function useCreateToken(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: TokenRole }) =>
      api<CreatedToken>(orgPath(orgId, "/tokens"), { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensQuery(orgId).queryKey }),
  });
}

export function useRevokeToken(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      api<void>(orgPath(orgId, `/tokens/${encodeURIComponent(tokenId)}`), { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensQuery(orgId).queryKey }),
  });
}

/** Lets (or stops letting) people approve evidence they produced themselves; every evidence view changes. */
export function useSetReviewPolicy(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (allowSelfApproval: boolean) =>
      api<ReviewPolicy>(orgPath(orgId, "/review-policy"), { method: "PUT", body: { allowSelfApproval } }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}
