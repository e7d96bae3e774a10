import type { VersionsUsed } from "@specready/core";
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

/** A program version the organization can pin (`GET /orgs/{orgId}/program-settings`). */
export interface ProgramVersionOption {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  /** "in effect from 2025-01-01", "pinned only". */
  readonly period: string;
  readonly provisional: { readonly label: string; readonly reason: string } | null;
  readonly changes: readonly string[];
}

export interface ProgramSettings {
  readonly pinnedProgramId: string | null;
  readonly includeProvisional: boolean;
  readonly versions: readonly ProgramVersionOption[];
  /** The versions an evaluation of today uses with these settings. */
  readonly today: VersionsUsed;
}

export function programSettingsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "program-settings"] as const,
    queryFn: ({ signal }) => api<ProgramSettings>(orgPath(orgId, "/program-settings"), { signal }),
  });
}

export function useProgramSettings(orgId: string) {
  return useQuery(programSettingsQuery(orgId));
}

/** Saves the choice; every evaluation of the organization may change with it, so its queries refresh. */
export function useSaveProgramSettings(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { pinnedProgramId: string | null; includeProvisional: boolean }) =>
      api<ProgramSettings>(orgPath(orgId, "/program-settings"), { method: "PUT", body: input }),
    onSuccess: (saved) => {
      client.setQueryData(programSettingsQuery(orgId).queryKey, saved);
      void client.invalidateQueries({ queryKey: orgKey(orgId) });
    },
  });
}
