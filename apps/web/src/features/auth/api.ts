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

/** A right password for an account with two-factor sign-in: the code comes next. */
export type CodeStep = Schemas["CodeStep"];

export function isCodeStep(answer: unknown): answer is CodeStep {
  return typeof answer === "object" && answer !== null && "codeRequired" in answer && "challenge" in answer;
}

/** Signing in: the session, or the code step when the account has two-factor sign-in. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; password: string }): Promise<Session | CodeStep | null> => {
      const answer = await apiCall("post", "/session", { body: input, allowUnauthorized: true });
      return isCodeStep(answer) ? answer : sessionAfterSignIn(answer);
    },
    onSuccess: (result) => {
      if (isCodeStep(result)) return;
      client.clear();
      client.setQueryData(sessionKey, result);
    },
  });
}

/** The second step of signing in: the authenticator app's code, or a recovery code. */
export function useSubmitCode() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { challenge: string; code?: string; recoveryCode?: string }) =>
      sessionAfterSignIn(await apiCall("post", "/session/code", { body: input, allowUnauthorized: true })),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(sessionKey, session);
    },
  });
}

export const twoFactorKey = ["session", "two-factor"] as const;

export const twoFactorQuery = queryOptions({
  queryKey: twoFactorKey,
  queryFn: () => apiCall("get", "/session/two-factor"),
});

export function useTwoFactorStatus(enabled = true) {
  return useQuery({ ...twoFactorQuery, enabled });
}

export function useStartTwoFactor() {
  return useMutation({ mutationFn: () => apiCall("post", "/session/two-factor/enrolment") });
}

export function useConfirmTwoFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { code: string }) =>
      apiCall("post", "/session/two-factor/enrolment/confirm", { body: input }),
    // Organizations that refused the person before now answer: read everything again.
    onSuccess: () => client.invalidateQueries(),
  });
}

export function useDisableTwoFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { password: string }) =>
      apiCall("post", "/session/two-factor/disable", { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useCompleteSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { organizationName: string; name: string; email: string; password: string }) =>
      sessionAfterSignIn(await apiCall("post", "/setup", { body: input, allowUnauthorized: true })),
    onSuccess: (session) => {
      client.clear();
      client.setQueryData(setupQuery.queryKey, (old) => ({
        emailEnabled: false,
        entraEnabled: false,
        ...old,
        needsSetup: false,
      }));
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
    mutationFn: async (input: { name?: string; password: string }): Promise<Session | CodeStep | null> => {
      const answer = await apiCall("post", "/invitations/{token}/accept", {
        params: { token },
        body: input,
        allowUnauthorized: true,
      });
      return isCodeStep(answer) ? answer : sessionAfterSignIn(answer);
    },
    onSuccess: (result) => {
      if (isCodeStep(result)) return;
      client.clear();
      client.setQueryData(sessionKey, result);
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

/** "Forgot password": asks for a reset link by e-mail (the answer is the same for any address). */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: { email: string }) =>
      apiCall("post", "/password-reset", { body: input, allowUnauthorized: true }),
  });
}

export function usePasswordResetLink(token: string) {
  return useQuery({
    queryKey: ["password-reset", token],
    queryFn: () => apiCall("get", "/password-reset/{token}", { params: { token }, allowUnauthorized: true }),
    retry: false,
  });
}

export function useCompletePasswordReset(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { password: string }) =>
      apiCall("post", "/password-reset/{token}", { params: { token }, body: input, allowUnauthorized: true }),
    // Every session of the account ended, this browser's too.
    onSuccess: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

/* ------------------------------------------------------------- sign-in with Microsoft (Entra ID) */

export const entraKey = ["session", "entra"] as const;

/** Where the browser goes to sign in with Microsoft (the server redirects it to Microsoft's page). */
export function entraSignInHref(invitationToken?: string): string {
  return invitationToken === undefined
    ? "/api/session/entra/start"
    : `/api/session/entra/start?invitation=${encodeURIComponent(invitationToken)}`;
}

export function useEntraStatus() {
  return useQuery({ queryKey: entraKey, queryFn: () => apiCall("get", "/session/entra") });
}

/** Starts linking: the server answers Microsoft's URL, where the browser goes next. */
export function useStartEntraLink() {
  return useMutation({
    mutationFn: () => apiCall("post", "/session/entra/link"),
    onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
  });
}

export function useUnlinkEntra() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiCall("delete", "/session/entra"),
    onSuccess: () => client.invalidateQueries({ queryKey: entraKey }),
  });
}

/** Why a Microsoft sign-in came back refused (`?entraError=` on the page it returns to), in words. */
export function entraProblem(reason: string): string {
  const words: Record<string, string> = {
    not_configured: "Sign-in with Microsoft is not set up on this server.",
    state_missing: "The answer from Microsoft was incomplete. Start again.",
    state_mismatch: "This sign-in was started in another browser (or its cookie was lost). Start again here.",
    state_replayed: "This sign-in was used already. Start again.",
    state_expired: "The sign-in took longer than 10 minutes. Start again.",
    provider_refused:
      "Microsoft did not sign you in: the account may be disabled, or consent was not given. Ask your IT administrator.",
    code_invalid: "The sign-in took too long or was used already (Microsoft refused it). Start again.",
    token_invalid:
      "Microsoft's answer could not be verified. Start again; if it happens again, tell your administrator.",
    wrong_tenant: "Microsoft's answer came from another tenant than it claims, so it was refused.",
    unavailable: "Microsoft's sign-in service could not be reached. Try again in a moment.",
    tenant_not_allowed:
      "Your organization in specready accepts Microsoft accounts of its own tenant only: sign in with your work account of that tenant.",
    not_linked:
      "No specready account is linked to this Microsoft account. Sign in with your password and link it (Two-factor sign-in, in the account menu), or accept an invitation with Microsoft.",
    no_membership:
      "You are not a member of any organization in specready any more. Ask a partner admin to invite you again.",
    identity_linked: "This Microsoft account is linked to another specready account already.",
    account_linked: "Your specready account is linked to another Microsoft account already: unlink it first.",
    account_exists:
      "An account with the invitation's address exists: sign in with its password to accept, then link Microsoft.",
    invitation_gone: "The invitation expired, was withdrawn or has been accepted already.",
    invitation_not_emailed:
      "This invitation was not sent by e-mail: ask a partner admin to invite you again.",
    already_member: "You are a member of that organization already.",
    link_session: "Linking needs you signed in as the person who started it. Sign in and start again.",
  };
  return words[reason] ?? "Signing in with Microsoft failed. Start again.";
}

/* ------------------------------------------------------------------------ the address, verified */

export const emailVerificationKey = ["session", "email-verification"] as const;

export function useEmailVerification() {
  return useQuery({
    queryKey: emailVerificationKey,
    queryFn: () => apiCall("get", "/session/email-verification"),
  });
}

export function useSendEmailVerification() {
  return useMutation({ mutationFn: () => apiCall("post", "/session/email-verification") });
}

export function useVerifyEmail(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiCall("post", "/email-verification/{token}", { params: { token }, allowUnauthorized: true }),
    onSuccess: () => client.invalidateQueries({ queryKey: emailVerificationKey }),
  });
}
