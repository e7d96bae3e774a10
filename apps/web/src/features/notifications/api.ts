import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";

/** The signed-in person's own reminders in an organization: each kind on or off, and the weekly digest. */
export type ReminderPreferences = Schemas["ReminderPreferences"];
export type ReminderKind = Schemas["ReminderKind"];

export function reminderPreferencesQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "reminders", "preferences"] as const,
    queryFn: ({ signal }) =>
      apiCall("get", "/orgs/{orgId}/reminders/preferences", { params: { orgId }, signal }),
  });
}

export function useReminderPreferences(orgId: string) {
  return useQuery(reminderPreferencesQuery(orgId));
}

export function useSaveReminderPreferences(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { disabledKinds: ReminderKind[]; digest: boolean }) =>
      apiCall("put", "/orgs/{orgId}/reminders/preferences", { params: { orgId }, body: input }),
    onSuccess: (data) => client.setQueryData(reminderPreferencesQuery(orgId).queryKey, data),
  });
}
