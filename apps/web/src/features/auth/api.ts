import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken } from "../../lib/api-client";
import type { Role } from "./roles";

export interface SessionOrganization {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export interface Session {
  readonly user: { readonly id: string; readonly email: string; readonly name: string };
  readonly organizations: readonly SessionOrganization[];
  readonly csrfToken: string;
}

export interface Invitation {
  readonly organizationName: string;
  readonly email: string;
  readonly role: Role;
  readonly expiresAt: string;
}

export const sessionKey = ["session"] as const;

function remember(session: Session | null): Session | null {
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

/** The signed-in session, or null when nobody is signed in (a 401 is an answer here, not an error). */
export async function fetchSession(): Promise<Session | null> {
  try {
    return remember(await api<Session>("/api/session", { allowUnauthorized: true }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return remember(null);
    throw error;
  }
}

export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: fetchSession,
  staleTime: 5 * 60_000,
});

export function useSession() {
  return useQuery(sessionQuery);
}

export const setupQuery = queryOptions({
  queryKey: ["setup"],
  queryFn: () => api<{ needsSetup: boolean }>("/api/setup"),
  staleTime: 60_000,
});

export function useSetupStatus(enabled = true) {
  return useQuery({ ...setupQuery, enabled });
}

/** After any call that signs in: the session the server answered, or read again when it answered none. */
async function sessionAfterSignIn(answer: unknown): Promise<Session | null> {
  if (typeof answer === "object" && answer !== null && "csrfToken" in answer && "organizations" in answer) {
    return remember(answer as Session);
  }
  return fetchSession();
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; password: string }) =>
      sessionAfterSignIn(
        await api<Session>("/api/session", { method: "POST", body: input, allowUnauthorized: true }),
      ),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(sessionKey, session);
    },
  });
}

export function useCompleteSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { organizationName: string; name: string; email: string; password: string }) =>
      sessionAfterSignIn(
        await api<unknown>("/api/setup", { method: "POST", body: input, allowUnauthorized: true }),
      ),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(setupQuery.queryKey, { needsSetup: false });
      client.setQueryData(sessionKey, session);
    },
  });
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ["invitation", token],
    queryFn: () =>
      api<Invitation>(`/api/invitations/${encodeURIComponent(token)}`, { allowUnauthorized: true }),
    retry: false,
  });
}

export function useAcceptInvitation(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { name?: string; password: string }) =>
      sessionAfterSignIn(
        await api<Session>(`/api/invitations/${encodeURIComponent(token)}/accept`, {
          method: "POST",
          body: input,
          allowUnauthorized: true,
        }),
      ),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(sessionKey, session);
    },
  });
}

function useSignOutRequest(path: string, method: "DELETE" | "POST") {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api<void>(path, { method, allowUnauthorized: true });
      } catch (error) {
        // Already signed out (the session expired, or another browser signed out everywhere).
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

export function useSignOut() {
  return useSignOutRequest("/api/session", "DELETE");
}

export function useSignOutEverywhere() {
  return useSignOutRequest("/api/session/sign-out-everywhere", "POST");
}

export function useCreateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) =>
      api<{ id: string; name: string; role: Role }>("/api/orgs", { method: "POST", body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}
