import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall, type Schemas } from "../../api/client";
import { ApiError, setCsrfToken } from "../../lib/api-client";

export type SessionOrganization = Schemas["OrganizationSummary"];
export type Session = Schemas["Session"];
export type Invitation = Schemas["InvitationInfo"];

export const sessionKey = ["session"] as const;

function remember(session: Session | null): Session | null {
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

/** The signed-in session, or null when nobody is signed in (a 401 is an answer here, not an error). */
export async function fetchSession(): Promise<Session | null> {
  try {
    return remember(await apiCall("get", "/session", { allowUnauthorized: true }));
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
  queryFn: () => apiCall("get", "/setup"),
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
      sessionAfterSignIn(await apiCall("post", "/session", { body: input, allowUnauthorized: true })),
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
      sessionAfterSignIn(await apiCall("post", "/setup", { body: input, allowUnauthorized: true })),
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
    queryFn: () => apiCall("get", "/invitations/{token}", { params: { token }, allowUnauthorized: true }),
    retry: false,
  });
}

export function useAcceptInvitation(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { name?: string; password: string }) =>
      sessionAfterSignIn(
        await apiCall("post", "/invitations/{token}/accept", {
          params: { token },
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

function useSignOutRequest(request: () => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await request();
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
  return useSignOutRequest(() => apiCall("delete", "/session", { allowUnauthorized: true }));
}

export function useSignOutEverywhere() {
  return useSignOutRequest(() =>
    apiCall("post", "/session/sign-out-everywhere", { allowUnauthorized: true }),
  );
}

export function useCreateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => apiCall("post", "/orgs", { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}
