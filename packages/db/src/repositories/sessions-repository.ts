import type { Sql } from "../sql.js";
import type { User } from "./users-repository.js";

export interface StoredSession {
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly lastSeenAt: string;
  /** When the person signed in: a session ends a fixed time after it, however much it is used. */
  readonly createdAt: string;
  /** The Entra tenant the person signed in from; null: signed in with a password. */
  readonly entraTenantId: string | null;
}

/** Sessions by the SHA-256 of their id: the cookie's secret is never stored. */
export class SessionsRepository {
  constructor(private readonly sql: Sql) {}

  async create(s: {
    idHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: string;
    createdAt?: string;
    entraTenantId?: string | undefined;
  }): Promise<void> {
    await this.sql.query(
      `insert into sessions (id_hash, user_id, csrf_token, expires_at, created_at, last_seen_at, entra_tenant_id)
       values ($1, $2, $3, $4, coalesce($5::timestamptz, now()), coalesce($5::timestamptz, now()), $6)`,
      [s.idHash, s.userId, s.csrfToken, s.expiresAt, s.createdAt ?? null, s.entraTenantId ?? null],
    );
  }

  /** The session when it exists and has not expired. */
  async find(idHash: string): Promise<StoredSession | undefined> {
    const [row] = await this.sql.query<StoredSession>(
      `select user_id as "userId", csrf_token as "csrfToken", expires_at as "expiresAt",
         last_seen_at as "lastSeenAt", created_at as "createdAt",
         entra_tenant_id as "entraTenantId"
       from sessions where id_hash = $1 and expires_at > now()`,
      [idHash],
    );
    return row;
  }

  /**
   * The live session and its person in one read: what every request made with the cookie asks, so a
   * sign-out on any server sharing the database refuses the cookie on all of them at once.
   */
  async findWithUser(idHash: string): Promise<{ session: StoredSession; user: User } | undefined> {
    const [row] = await this.sql.query<
      StoredSession & { id: string; email: string; name: string; userCreatedAt: string }
    >(
      `select s.user_id as "userId", s.csrf_token as "csrfToken", s.expires_at as "expiresAt",
         s.last_seen_at as "lastSeenAt", s.created_at as "createdAt",
         s.entra_tenant_id as "entraTenantId", u.id, u.email, u.name, u.created_at as "userCreatedAt"
       from sessions s join users u on u.id = s.user_id
       where s.id_hash = $1 and s.expires_at > now()`,
      [idHash],
    );
    if (row === undefined) return undefined;
    const { id, email, name, userCreatedAt, ...session } = row;
    return { session, user: { id, email, name, createdAt: userCreatedAt } };
  }

  /**
   * Slides the expiry forward, at `seenAt` on the server's clock. Called at most once a minute per
   * session: only when the session was last seen over a minute before (another server may have just
   * done it). True when this call moved it.
   */
  async touch(idHash: string, expiresAt: string, seenAt: string): Promise<boolean> {
    const rows = await this.sql.query(
      `update sessions set last_seen_at = $3, expires_at = $2
       where id_hash = $1 and last_seen_at <= $3::timestamptz - interval '60 seconds' returning 1`,
      [idHash, expiresAt, seenAt],
    );
    return rows.length > 0;
  }

  async delete(idHash: string): Promise<void> {
    await this.sql.query("delete from sessions where id_hash = $1", [idHash]);
  }

  /** Signs a user out everywhere. */
  async deleteForUser(userId: string): Promise<number> {
    const rows = await this.sql.query("delete from sessions where user_id = $1 returning 1", [userId]);
    return rows.length;
  }

  /** Ends every other session of a user (after a password change), keeping the current one. */
  async deleteOthers(userId: string, keepIdHash: string): Promise<number> {
    const rows = await this.sql.query(
      "delete from sessions where user_id = $1 and id_hash <> $2 returning 1",
      [userId, keepIdHash],
    );
    return rows.length;
  }

  async deleteExpired(): Promise<number> {
    const rows = await this.sql.query("delete from sessions where expires_at <= now() returning 1");
    return rows.length;
  }
}
