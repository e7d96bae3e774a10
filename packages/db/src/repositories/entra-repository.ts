import { json, type Sql } from "../sql.js";

/** An account's Entra identity: the token's tenant and object ids; the username is for display only. */
export interface EntraIdentity {
  readonly tenantId: string;
  readonly objectId: string;
  readonly userId: string;
  readonly username: string;
  readonly linkedAt: string;
  readonly lastSignInAt: string | null;
}

export type EntraSignInPurpose = "sign-in" | "link" | "invitation";

/** A sign-in started at Microsoft, waiting for its callback. */
export interface EntraSignIn {
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly purpose: EntraSignInPurpose;
  readonly userId: string | null;
  readonly invitationTokenHash: string | null;
}

/** An organization's Entra sign-in policy. */
export interface EntraPolicy {
  /** Tenants whose people may use the organization after an Entra sign-in; empty: any tenant. */
  readonly allowedTenantIds: string[];
  /** Members must have signed in with Entra ID to use the organization. */
  readonly requireEntra: boolean;
}

const IDENTITY = `tenant_id as "tenantId", object_id as "objectId", user_id as "userId", username,
  linked_at as "linkedAt", last_sign_in_at as "lastSignInAt"`;

/** Entra identities linked to accounts, sign-ins under way, and organizations' Entra policies. */
export class EntraRepository {
  constructor(private readonly sql: Sql) {}

  async startSignIn(s: {
    stateHash: string;
    nonce: string;
    codeVerifier: string;
    purpose: EntraSignInPurpose;
    userId?: string | undefined;
    invitationTokenHash?: string | undefined;
    lifetimeSeconds: number;
  }): Promise<void> {
    await this.sql.query(
      `insert into entra_sign_ins (state_hash, nonce, code_verifier, purpose, user_id, invitation_token_hash, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
      [
        s.stateHash,
        s.nonce,
        s.codeVerifier,
        s.purpose,
        s.userId ?? null,
        s.invitationTokenHash ?? null,
        s.lifetimeSeconds,
      ],
    );
    // Sign-ins abandoned at Microsoft's page are forgotten a day after they expire.
    await this.sql.query("delete from entra_sign_ins where expires_at < now() - interval '1 day'");
  }

  /**
   * Uses a started sign-in once: what the callback needs, or why not ("used": the state came back
   * before, a replay; "expired"; "unknown": never started here).
   */
  async useSignIn(
    stateHash: string,
  ): Promise<{ ok: true; signIn: EntraSignIn } | { ok: false; reason: "used" | "expired" | "unknown" }> {
    const [row] = await this.sql.query<EntraSignIn>(
      `update entra_sign_ins set used_at = now()
       where state_hash = $1 and used_at is null and expires_at > now()
       returning nonce, code_verifier as "codeVerifier", purpose, user_id as "userId",
         invitation_token_hash as "invitationTokenHash"`,
      [stateHash],
    );
    if (row !== undefined) return { ok: true, signIn: row };
    const [seen] = await this.sql.query<{ used: boolean }>(
      `select used_at is not null as used from entra_sign_ins where state_hash = $1`,
      [stateHash],
    );
    return { ok: false, reason: seen === undefined ? "unknown" : seen.used ? "used" : "expired" };
  }

  async identity(tenantId: string, objectId: string): Promise<EntraIdentity | undefined> {
    const [row] = await this.sql.query<EntraIdentity>(
      `select ${IDENTITY} from entra_identities where tenant_id = $1 and object_id = $2`,
      [tenantId, objectId],
    );
    return row;
  }

  async identityOf(userId: string): Promise<EntraIdentity | undefined> {
    const [row] = await this.sql.query<EntraIdentity>(
      `select ${IDENTITY} from entra_identities where user_id = $1`,
      [userId],
    );
    return row;
  }

  /** Links an identity to an account; false when the identity or the account has a link already. */
  async link(i: { tenantId: string; objectId: string; userId: string; username: string }): Promise<boolean> {
    const rows = await this.sql.query(
      `insert into entra_identities (tenant_id, object_id, user_id, username) values ($1, $2, $3, $4)
       on conflict do nothing returning user_id`,
      [i.tenantId, i.objectId, i.userId, i.username],
    );
    return rows.length > 0;
  }

  async unlink(userId: string): Promise<boolean> {
    const rows = await this.sql.query("delete from entra_identities where user_id = $1 returning user_id", [
      userId,
    ]);
    return rows.length > 0;
  }

  async recordSignIn(tenantId: string, objectId: string, username: string): Promise<void> {
    await this.sql.query(
      `update entra_identities set last_sign_in_at = now(), username = $3
       where tenant_id = $1 and object_id = $2`,
      [tenantId, objectId, username],
    );
  }

  async policy(orgId: string): Promise<EntraPolicy | undefined> {
    const [row] = await this.sql.query<{ allowedTenantIds: string[]; requireEntra: boolean }>(
      `select entra_tenant_ids as "allowedTenantIds", require_entra as "requireEntra"
       from organizations where id = $1`,
      [orgId],
    );
    return row;
  }

  async setPolicy(orgId: string, policy: EntraPolicy): Promise<boolean> {
    const rows = await this.sql.query(
      "update organizations set entra_tenant_ids = $2, require_entra = $3 where id = $1 returning id",
      [orgId, json(policy.allowedTenantIds), policy.requireEntra],
    );
    return rows.length > 0;
  }

  /** The Entra policies of every organization the account belongs to. */
  async policiesOf(userId: string): Promise<(EntraPolicy & { orgId: string; orgName: string })[]> {
    return this.sql.query(
      `select o.id as "orgId", o.name as "orgName", o.entra_tenant_ids as "allowedTenantIds",
         o.require_entra as "requireEntra"
       from memberships m join organizations o on o.id = m.org_id where m.user_id = $1
       order by lower(o.name), o.id`,
      [userId],
    );
  }
}
