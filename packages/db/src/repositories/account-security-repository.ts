import type { Sql } from "../sql.js";

export type AccountTokenPurpose = "password-reset" | "sign-in-code" | "email-verification";

/** An account's two-factor state: the confirmed secret (never answered by the API) and the last step used. */
export interface TwoFactorState {
  readonly secret: string | undefined;
  readonly pendingSecret: string | undefined;
  readonly enabledAt: string | undefined;
  readonly lastStep: number | undefined;
}

/**
 * What proves an account is its owner's beyond the password: one-time links (stored as the SHA-256 of
 * their secret, expiring, used once), the verified address, the TOTP secret and the recovery codes.
 */
export class AccountSecurityRepository {
  constructor(private readonly sql: Sql) {}

  async createToken(t: {
    tokenHash: string;
    userId: string;
    purpose: AccountTokenPurpose;
    /** How long it works from now, by the database's clock (which also judges its expiry). */
    lifetimeSeconds: number;
  }): Promise<void> {
    await this.sql.query(
      `insert into account_tokens (token_hash, user_id, purpose, expires_at)
       values ($1, $2, $3, now() + make_interval(secs => $4))`,
      [t.tokenHash, t.userId, t.purpose, t.lifetimeSeconds],
    );
  }

  /** Whether the account was sent a token for `purpose` within the last `seconds`. */
  async sentWithin(userId: string, purpose: AccountTokenPurpose, seconds: number): Promise<boolean> {
    const [row] = await this.sql.query<{ n: number }>(
      `select count(*)::int8 as n from account_tokens
       where user_id = $1 and purpose = $2 and created_at > now() - make_interval(secs => $3)`,
      [userId, purpose, seconds],
    );
    return Number(row?.n ?? 0) > 0;
  }

  /** The account of an open token (not used, not expired), without using it. */
  async openToken(
    tokenHash: string,
    purpose: AccountTokenPurpose,
  ): Promise<{ userId: string; attempts: number } | undefined> {
    const [row] = await this.sql.query<{ userId: string; attempts: number }>(
      `select user_id as "userId", attempts from account_tokens
       where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()`,
      [tokenHash, purpose],
    );
    return row;
  }

  /** Uses an open token once: its account, or undefined when it was used, expired or never existed. */
  async useToken(tokenHash: string, purpose: AccountTokenPurpose): Promise<string | undefined> {
    const [row] = await this.sql.query<{ userId: string }>(
      `update account_tokens set used_at = now()
       where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
       returning user_id as "userId"`,
      [tokenHash, purpose],
    );
    return row?.userId;
  }

  /** Counts a wrong answer to a token (a wrong sign-in code); answers the attempts so far. */
  async countAttempt(tokenHash: string): Promise<number> {
    const [row] = await this.sql.query<{ attempts: number }>(
      "update account_tokens set attempts = attempts + 1 where token_hash = $1 returning attempts",
      [tokenHash],
    );
    return row?.attempts ?? 0;
  }

  /** Ends every open token of an account for a purpose (a new password ends older reset links). */
  async endTokens(userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await this.sql.query(
      "update account_tokens set used_at = now() where user_id = $1 and purpose = $2 and used_at is null",
      [userId, purpose],
    );
  }

  /** Forgets tokens that expired a day ago or more. */
  async deleteExpired(): Promise<void> {
    await this.sql.query("delete from account_tokens where expires_at < now() - interval '1 day'");
  }

  async markEmailVerified(userId: string): Promise<void> {
    await this.sql.query(
      "update users set email_verified_at = coalesce(email_verified_at, now()) where id = $1",
      [userId],
    );
  }

  async emailVerifiedAt(userId: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ at: string | null }>(
      "select email_verified_at as at from users where id = $1",
      [userId],
    );
    return row?.at ?? undefined;
  }

  /* ------------------------------------------------------------------------- two-factor sign-in */

  async twoFactor(userId: string): Promise<TwoFactorState> {
    const [row] = await this.sql.query<{
      secret: string | null;
      pendingSecret: string | null;
      enabledAt: string | null;
      lastStep: string | number | null;
    }>(
      `select totp_secret as secret, totp_pending_secret as "pendingSecret", totp_enabled_at as "enabledAt",
         totp_last_step as "lastStep" from users where id = $1`,
      [userId],
    );
    return {
      secret: row?.secret ?? undefined,
      pendingSecret: row?.pendingSecret ?? undefined,
      enabledAt: row?.enabledAt ?? undefined,
      lastStep: row?.lastStep === null || row?.lastStep === undefined ? undefined : Number(row.lastStep),
    };
  }

  /** Replaces the confirmed secret as stored (sealing one kept in plain text), only if it is still `before`. */
  async replaceSecret(userId: string, before: string, after: string): Promise<void> {
    await this.sql.query("update users set totp_secret = $3 where id = $1 and totp_secret = $2", [
      userId,
      before,
      after,
    ]);
  }

  async setPendingSecret(userId: string, secret: string): Promise<void> {
    await this.sql.query("update users set totp_pending_secret = $2 where id = $1", [userId, secret]);
  }

  /** Confirms the pending secret as the account's, with its hashed recovery codes (replacing old ones). */
  async enableTwoFactor(
    userId: string,
    step: number,
    recoveryCodeHashes: readonly string[],
  ): Promise<boolean> {
    const rows = await this.sql.query(
      `update users set totp_secret = totp_pending_secret, totp_pending_secret = null,
         totp_enabled_at = now(), totp_last_step = $2
       where id = $1 and totp_pending_secret is not null returning id`,
      [userId, step],
    );
    if (rows.length === 0) return false;
    await this.sql.query("delete from recovery_codes where user_id = $1", [userId]);
    for (const hash of recoveryCodeHashes)
      await this.sql.query("insert into recovery_codes (user_id, code_hash) values ($1, $2)", [userId, hash]);
    return true;
  }

  async disableTwoFactor(userId: string): Promise<void> {
    await this.sql.query(
      `update users set totp_secret = null, totp_pending_secret = null, totp_enabled_at = null,
         totp_last_step = null where id = $1`,
      [userId],
    );
    await this.sql.query("delete from recovery_codes where user_id = $1", [userId]);
  }

  /**
   * Records a time step as used, only when it is later than the last one: false for a code used
   * before (a replay), also by another server at the same moment.
   */
  async useStep(userId: string, step: number): Promise<boolean> {
    const rows = await this.sql.query(
      `update users set totp_last_step = $2
       where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id`,
      [userId, step],
    );
    return rows.length > 0;
  }

  /** Uses a recovery code once: false when it is not one of the account's unused codes. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const rows = await this.sql.query(
      `update recovery_codes set used_at = now()
       where user_id = $1 and code_hash = $2 and used_at is null returning user_id`,
      [userId, codeHash],
    );
    return rows.length > 0;
  }

  async unusedRecoveryCodes(userId: string): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>(
      "select count(*)::int8 as n from recovery_codes where user_id = $1 and used_at is null",
      [userId],
    );
    return Number(row?.n ?? 0);
  }

  /** Whether any organization of the account requires two-factor sign-in. */
  async requiredByAnOrganization(userId: string): Promise<boolean> {
    const [row] = await this.sql.query<{ n: number }>(
      `select count(*)::int8 as n from memberships m join organizations o on o.id = m.org_id
       where m.user_id = $1 and o.require_two_factor`,
      [userId],
    );
    return Number(row?.n ?? 0) > 0;
  }
}
