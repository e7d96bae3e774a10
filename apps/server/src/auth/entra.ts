import * as oidc from "openid-client";
import type { EntraConfig } from "../config/server-config.js";
import { isLoopbackHost } from "../config/server-config.js";

/*
 * Sign-in with Microsoft Entra ID: OpenID Connect's authorization code flow with PKCE, by the
 * maintained `openid-client` library (discovery, the authorization URL, the code exchange, the ID
 * token's signature, audience, expiry and nonce). What is Entra's own is checked here on top: the
 * issuer of a multi-tenant app is `https://login.microsoftonline.com/{tenantid}/v2.0`, so the token's
 * `iss` must be that template with the token's own `tid`; `tid` and `oid` (the person's object id in
 * that tenant) must be GUIDs: they are what identifies a person, never the e-mail or username.
 * https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What specready keeps of an ID token. */
export interface EntraClaims {
  readonly tenantId: string;
  readonly objectId: string;
  /** `preferred_username`: shown to people, never used to find an account (a tenant admin can change it). */
  readonly username: string;
  /** `name`, when the token has one. */
  readonly name: string | undefined;
  /**
   * `email`, only when the token says its domain is verified by the tenant that owns it (the optional
   * `xms_edov` claim); otherwise undefined: Entra does not verify the `email` claim.
   * https://learn.microsoft.com/en-us/entra/identity-platform/migrate-off-email-claim-authorization
   */
  readonly verifiedEmail: string | undefined;
}

/** Why a callback is refused, with the words shown to the person. */
export type EntraFailure =
  | "provider_refused"
  | "code_invalid"
  | "token_invalid"
  | "wrong_tenant"
  | "unavailable";

export class EntraError extends Error {
  constructor(
    readonly reason: EntraFailure,
    message: string,
    /** The provider's error code (`access_denied`, `invalid_grant`), for the security log. */
    readonly providerError?: string,
  ) {
    super(message);
  }
}

/** The flow's secrets for one sign-in: kept server-side until the callback. */
export interface EntraChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export class EntraClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly config: EntraConfig) {}

  /** The OpenID configuration, discovered once (again after a failure). */
  private discover(): Promise<oidc.Configuration> {
    const authority = new URL(this.config.authority);
    // Plain http only for a provider on this machine (tests); the configuration refuses it elsewhere.
    const insecure = authority.protocol === "http:" && isLoopbackHost(authority.hostname);
    this.configuration ??= oidc
      .discovery(
        authority,
        this.config.clientId,
        this.config.clientSecret,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw new EntraError(
          "unavailable",
          `Microsoft's sign-in service could not be reached (${(error as Error).message}); try again in a moment.`,
        );
      });
    return this.configuration;
  }

  /** A new sign-in: the URL of Microsoft's page, and the checks its callback is verified with. */
  async start(redirectUri: string, loginHint?: string): Promise<{ url: string; checks: EntraChecks }> {
    const configuration = await this.discover();
    const checks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      response_type: "code",
      response_mode: "query",
      scope: "openid profile email",
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: "S256",
      // Microsoft asks which account to use rather than taking the one signed in to the browser.
      prompt: "select_account",
      ...(loginHint === undefined ? {} : { login_hint: loginHint }),
    });
    return { url: url.href, checks };
  }

  /**
   * The callback: exchanges the code (with the PKCE verifier), verifies the ID token and answers its
   * Entra claims, or throws an EntraError saying why not.
   */
  async finish(redirectUri: string, query: URLSearchParams, checks: EntraChecks): Promise<EntraClaims> {
    const configuration = await this.discover();
    const current = new URL(redirectUri);
    current.search = query.toString();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw failureOf(error);
    }
    if (claims === undefined)
      throw new EntraError("token_invalid", "Microsoft answered without an ID token.");
    const tid = String(claims.tid ?? "").toLowerCase();
    const oid = String(claims.oid ?? "").toLowerCase();
    if (!GUID.test(tid) || !GUID.test(oid))
      throw new EntraError(
        "token_invalid",
        "Microsoft's answer has no tenant or object id (tid, oid): personal Microsoft accounts cannot sign in, only work or school accounts.",
      );
    // The issuer names the tenant the token is from: a token whose tid is another tenant's is refused.
    // A multi-tenant authority's issuer is a template; a single tenant's names that tenant: either way
    // the issuer must name the token's own tenant.
    const template = configuration.serverMetadata().issuer;
    const expected = template.replace("{tenantid}", tid);
    const issuerTenants = URL.canParse(claims.iss)
      ? new URL(claims.iss).pathname.toLowerCase().split("/")
      : [];
    if (claims.iss.toLowerCase() !== expected.toLowerCase() || !issuerTenants.includes(tid))
      throw new EntraError(
        "wrong_tenant",
        `The sign-in came from another tenant than its token says (issuer ${claims.iss}, tenant ${tid}).`,
      );
    const edov = claims.xms_edov;
    const email = typeof claims.email === "string" ? claims.email.trim() : undefined;
    return {
      tenantId: tid,
      objectId: oid,
      username: String(claims.preferred_username ?? "").slice(0, 254),
      name:
        typeof claims.name === "string" && claims.name.trim() !== ""
          ? claims.name.trim().slice(0, 200)
          : undefined,
      verifiedEmail:
        email !== undefined && (edov === true || edov === 1 || edov === "1" || edov === "true")
          ? email
          : undefined,
    };
  }
}

function failureOf(error: unknown): EntraError {
  if (error instanceof EntraError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    // The person (or their tenant) refused at Microsoft's page: a disabled account, no consent.
    return new EntraError(
      "provider_refused",
      "Microsoft did not sign you in (the account may be disabled, or consent was not given).",
      error.error,
    );
  }
  if (error instanceof oidc.ResponseBodyError) {
    if (error.error === "invalid_grant")
      return new EntraError(
        "code_invalid",
        "The sign-in took too long or was used already (Microsoft refused its code): sign in again.",
        error.error,
      );
    return new EntraError("token_invalid", `Microsoft refused the sign-in (${error.error}).`, error.error);
  }
  const e = error as { code?: string; message?: string };
  if (e.code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || e.code === "ECONNREFUSED")
    return new EntraError(
      "unavailable",
      "Microsoft's sign-in service did not answer as expected; try again.",
    );
  return new EntraError(
    "token_invalid",
    `Microsoft's answer could not be verified (${e.code ?? "error"}: ${e.message ?? String(error)}).`,
  );
}
