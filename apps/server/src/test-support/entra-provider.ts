import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { interactionPolicy } from "oidc-provider";

/*
 * A real OpenID provider on loopback, shaped like Microsoft Entra ID for one tenant: the `oidc-provider`
 * package with the issuer `http://127.0.0.1:<port>/<tenant id>/v2.0` (as Entra's
 * `https://login.microsoftonline.com/<tenant id>/v2.0`), ID tokens carrying Entra's claims (`tid`, `oid`,
 * `preferred_username`, `name`, and `email` with `xms_edov` when the account says so), PKCE, and Entra's
 * `prompt=select_account`. Its sign-in page is replaced by an interaction that signs in the account the
 * test chose (`signInAs`), or refuses it the way Entra refuses a disabled account.
 */

export interface EntraTestAccount {
  readonly tid: string;
  readonly oid: string;
  readonly preferredUsername: string;
  readonly name: string;
  readonly email?: string;
  /** The token says the email's domain is verified by the tenant (Entra's optional `xms_edov`). */
  readonly emailDomainVerified?: boolean;
  /** Entra refuses it (AADSTS50057: the user account is disabled). */
  readonly disabled?: boolean;
}

export const ENTRA_CLIENT_ID = "8f3b9c1e-2d4a-4b6c-9e8f-0a1b2c3d4e5f";
export const ENTRA_CLIENT_SECRET = "test-secret-never-logged~0123456789";

export class EntraTestProvider {
  /** The account the next sign-in at the provider's page signs in. */
  signInAs: EntraTestAccount | undefined;
  /** How long a code lives, in seconds (Entra: 10 minutes). */
  codeTtlSeconds = 600;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    readonly tenantId: string,
    readonly port: number,
  ) {}

  private handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  /**
   * Listens on a free loopback port: the issuer is known from now on. The client (specready) is
   * registered with its redirect URIs now, or by `register` once they are known (a server on a free port).
   */
  static async start(tenantId: string, redirectUris?: string[]): Promise<EntraTestProvider> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const issuer = `http://127.0.0.1:${port}/${tenantId}/v2.0`;
    const self = new EntraTestProvider(server, issuer, tenantId, port);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      if (self.handler === undefined) {
        res.statusCode = 503;
        res.end("no client registered yet");
        return;
      }
      self.handler(req, res);
    });
    if (redirectUris !== undefined) self.register(redirectUris);
    return self;
  }

  /** Registers specready's app (client id, secret, redirect URIs) and opens the provider. */
  register(redirectUris: string[]): void {
    const mount = `/${this.tenantId}/v2.0`;
    const accounts = new Map<string, EntraTestAccount>();
    const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    const policy = interactionPolicy.base();
    policy.add(new interactionPolicy.Prompt({ name: "select_account", requestable: true }), 0);
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: ENTRA_CLIENT_ID,
          client_secret: ENTRA_CLIENT_SECRET,
          redirect_uris: redirectUris,
          response_types: ["code"],
          grant_types: ["authorization_code"],
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
      jwks: { keys: [{ ...key, kid: "test-key", use: "sig", alg: "RS256" }] },
      cookies: { keys: [randomUUID()] },
      pkce: { required: () => true },
      conformIdTokenClaims: false,
      claims: {
        openid: ["sub", "tid", "oid"],
        profile: ["name", "preferred_username"],
        email: ["email", "xms_edov"],
      },
      features: { devInteractions: { enabled: false } },
      interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      ttl: {
        AuthorizationCode: () => this.codeTtlSeconds,
        AccessToken: 3600,
        IdToken: 3600,
        Grant: 3600,
        Interaction: 600,
        Session: 3600,
      },
      findAccount: (_ctx, id) => {
        const account = accounts.get(id);
        if (account === undefined) return undefined;
        return {
          accountId: id,
          claims: async () => ({
            sub: account.oid,
            tid: account.tid,
            oid: account.oid,
            name: account.name,
            preferred_username: account.preferredUsername,
            ...(account.email === undefined ? {} : { email: account.email }),
            ...(account.emailDomainVerified ? { xms_edov: true } : {}),
          }),
        };
      },
    });
    const callback = provider.callback();
    this.handler = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
      const url = req.url ?? "/";
      if (url.startsWith("/interaction/")) {
        void (async () => {
          const details = await provider.interactionDetails(req, res);
          const account = this.signInAs;
          if (account === undefined || account.disabled) {
            await provider.interactionFinished(
              req,
              res,
              {
                error: "access_denied",
                error_description: "AADSTS50057: The user account is disabled.",
              },
              { mergeWithLastSubmission: false },
            );
            return;
          }
          const accountId = `${account.tid}.${account.oid}`;
          accounts.set(accountId, account);
          const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
          grant.addOIDCScope(String(details.params.scope));
          const grantId = await grant.save();
          await provider.interactionFinished(
            req,
            res,
            { select_account: {}, login: { accountId }, consent: { grantId } },
            { mergeWithLastSubmission: false },
          );
        })().catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
        return;
      }
      if (url.startsWith(mount)) {
        req.originalUrl = url;
        req.url = url.slice(mount.length) || "/";
        callback(req, res);
        return;
      }
      res.statusCode = 404;
      res.end();
    };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A browser at the provider: follows its redirects with a cookie jar, from Microsoft's sign-in page
 * (the start's Location) to the redirect back to specready; answers that URL (path and query).
 */
export async function throughProvider(start: string, back: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < 12; hop++) {
    const res = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = (pair ?? "").indexOf("=");
      if (at > 0) jar.set((pair as string).slice(0, at), (pair as string).slice(at + 1));
    }
    const location = res.headers.get("location");
    if (location === null)
      throw new Error(
        `the provider answered ${res.status} at ${url.href}: ${(await res.text()).slice(0, 500)}`,
      );
    url = new URL(location, url);
    if (url.href.startsWith(back)) return url;
  }
  throw new Error("too many redirects at the provider");
}
