import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type ResponseOf, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";
import { organizationQuery } from "../organizations";

export type TokenRole = Schemas["TokenRole"];
/** A token; `prefix` is the secret's first characters ("sr_AbC1"), to tell tokens apart. */
export type ApiToken = Schemas["ApiToken"];
/** A new token with its secret (`sr_…`), shown once. */
export type CreatedToken = ResponseOf<"/orgs/{orgId}/tokens", "post">;

export function useRecordApplication(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { submittedOn: string; reference?: string }) =>
      apiCall("put", "/orgs/{orgId}/application", { params: { orgId }, body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: organizationQuery(orgId).queryKey }),
  });
}

export function tokensQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "tokens"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/tokens", { params: { orgId }, signal }),
  });
}

export function useTokens(orgId: string) {
  return useQuery(tokensQuery(orgId));
}

export function useCreateToken(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: TokenRole }) =>
      apiCall("post", "/orgs/{orgId}/tokens", { params: { orgId }, body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensQuery(orgId).queryKey }),
  });
}

export function useRevokeToken(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      apiCall("delete", "/orgs/{orgId}/tokens/{tokenId}", { params: { orgId, tokenId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensQuery(orgId).queryKey }),
  });
}

/** Lets (or stops letting) people approve evidence they produced themselves; every evidence view changes. */
export function useSetReviewPolicy(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (allowSelfApproval: boolean) =>
      apiCall("put", "/orgs/{orgId}/review-policy", { params: { orgId }, body: { allowSelfApproval } }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}

/** A program version the organization can pin (`GET /orgs/{orgId}/program-settings`). */
export type ProgramVersionOption = Schemas["ProgramVersion"];
export type ProgramSettings = Schemas["ProgramSettings"];

export function programSettingsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "program-settings"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/program-settings", { params: { orgId }, signal }),
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
      apiCall("put", "/orgs/{orgId}/program-settings", { params: { orgId }, body: input }),
    onSuccess: (saved) => {
      client.setQueryData(programSettingsQuery(orgId).queryKey, saved);
      void client.invalidateQueries({ queryKey: orgKey(orgId) });
    },
  });
}

export function useSetTwoFactorPolicy(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (required: boolean) =>
      apiCall("put", "/orgs/{orgId}/two-factor-policy", { params: { orgId }, body: { required } }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}

export type ReminderSettings = Schemas["ReminderSettings"];
export type ReminderDelivery = Schemas["ReminderDelivery"];

export function reminderSettingsQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "reminders", "settings"] as const,
    queryFn: ({ signal }) =>
      apiCall("get", "/orgs/{orgId}/reminders/settings", { params: { orgId }, signal }),
  });
}

export function useReminderSettings(orgId: string) {
  return useQuery(reminderSettingsQuery(orgId));
}

export function useSaveReminderSettings(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { reviewWaitDays: number; teamsWebhookUrl?: string | null }) =>
      apiCall("put", "/orgs/{orgId}/reminders/settings", { params: { orgId }, body: input }),
    onSuccess: (data) => client.setQueryData(reminderSettingsQuery(orgId).queryKey, data),
  });
}

export function reminderDeliveriesQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "reminders", "deliveries"] as const,
    queryFn: ({ signal }) =>
      apiCall("get", "/orgs/{orgId}/reminders/deliveries", { params: { orgId }, signal }),
  });
}

export function useReminderDeliveries(orgId: string) {
  return useQuery(reminderDeliveriesQuery(orgId));
}

export function useRetryDelivery(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      apiCall("post", "/orgs/{orgId}/reminders/deliveries/{deliveryId}/retry", {
        params: { orgId, deliveryId },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: reminderDeliveriesQuery(orgId).queryKey }),
  });
}

/** Sets the Microsoft (Entra ID) sign-in rules: the tenants accepted, and whether it is required. */
export function useSetEntraPolicy(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { allowedTenantIds: string[]; requireEntra: boolean }) =>
      apiCall("put", "/orgs/{orgId}/entra-policy", { params: { orgId }, body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: orgKey(orgId) }),
  });
}
