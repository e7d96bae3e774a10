import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type ResponseOf, type Schemas } from "../../api/client";
import { orgKey } from "../../api/org-keys";
import type { Role } from "../auth";
import { sessionKey } from "../auth";

export type Member = Schemas["Member"];
export type PendingInvitation = Schemas["Invitation"];
/** A new invitation with the link to send; the API shows it once. */
export type CreatedInvitation = ResponseOf<"/orgs/{orgId}/invitations", "post">;

export function membersQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "members"] as const,
    queryFn: ({ signal }) => apiCall("get", "/orgs/{orgId}/members", { params: { orgId }, signal }),
  });
}

export function useMembers(orgId: string) {
  return useQuery(membersQuery(orgId));
}

function useMembersMutation<T, R>(orgId: string, fn: (input: T) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: membersQuery(orgId).queryKey });
      // One's own role may have changed.
      await client.invalidateQueries({ queryKey: sessionKey });
    },
  });
}

export function useChangeRole(orgId: string) {
  return useMembersMutation(orgId, (input: { userId: string; role: Role }) =>
    apiCall("patch", "/orgs/{orgId}/members/{userId}", {
      params: { orgId, userId: input.userId },
      body: { role: input.role },
    }),
  );
}

export function useRemoveMember(orgId: string) {
  return useMembersMutation(orgId, (userId: string) =>
    apiCall("delete", "/orgs/{orgId}/members/{userId}", { params: { orgId, userId } }),
  );
}

export function useInvite(orgId: string) {
  return useMembersMutation(orgId, (input: { email: string; role: Role }) =>
    apiCall("post", "/orgs/{orgId}/invitations", { params: { orgId }, body: input }),
  );
}

export function useWithdrawInvitation(orgId: string) {
  return useMembersMutation(orgId, (id: string) =>
    apiCall("delete", "/orgs/{orgId}/invitations/{invitationId}", { params: { orgId, invitationId: id } }),
  );
}

/** The invitation link as one to send: absolute, whatever form the API gives it in. */
export function absoluteUrl(url: string, origin: string): string {
  try {
    return new URL(url, origin).toString();
  } catch {
    return url;
  }
}
