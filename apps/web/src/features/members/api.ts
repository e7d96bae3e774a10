import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api-client";
import { sessionKey } from "../auth/api";
import type { Role } from "../auth/roles";
import { orgKey, orgPath } from "../organizations/api";

export interface Member {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly joinedAt: string;
}

export interface PendingInvitation {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface CreatedInvitation extends PendingInvitation {
  /** The link to send; the API shows it once. */
  readonly url: string;
}

export function membersQuery(orgId: string) {
  return queryOptions({
    queryKey: [...orgKey(orgId), "members"] as const,
    queryFn: ({ signal }) =>
      api<{ members: Member[]; invitations: PendingInvitation[] }>(orgPath(orgId, "/members"), { signal }),
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
    api<unknown>(orgPath(orgId, `/members/${encodeURIComponent(input.userId)}`), {
      method: "PATCH",
      body: { role: input.role },
    }),
  );
}

export function useRemoveMember(orgId: string) {
  return useMembersMutation(orgId, (userId: string) =>
    api<void>(orgPath(orgId, `/members/${encodeURIComponent(userId)}`), { method: "DELETE" }),
  );
}

export function useInvite(orgId: string) {
  return useMembersMutation(orgId, (input: { email: string; role: Role }) =>
    api<CreatedInvitation>(orgPath(orgId, "/invitations"), { method: "POST", body: input }),
  );
}

export function useWithdrawInvitation(orgId: string) {
  return useMembersMutation(orgId, (id: string) =>
    api<void>(orgPath(orgId, `/invitations/${encodeURIComponent(id)}`), { method: "DELETE" }),
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
