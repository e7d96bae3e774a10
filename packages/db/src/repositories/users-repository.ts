import type { Sql } from "../sql.js";
import type { Role } from "./roles.js";

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface UserWithHash extends User {
  readonly passwordHash: string;
}

export interface Member {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly joinedAt: string;
}

const USER = `id, email, name, created_at as "createdAt"`;

export class UsersRepository {
  constructor(private readonly sql: Sql) {}

  async create(user: { id: string; email: string; name: string; passwordHash: string }): Promise<User> {
    const [row] = await this.sql.query<User>(
      `insert into users (id, email, name, password_hash) values ($1, $2, $3, $4) returning ${USER}`,
      [user.id, user.email.trim(), user.name.trim(), user.passwordHash],
    );
    return row as User;
  }

  async byEmail(email: string): Promise<UserWithHash | undefined> {
    const [row] = await this.sql.query<UserWithHash>(
      `select ${USER}, password_hash as "passwordHash" from users where lower(email) = lower($1)`,
      [email.trim()],
    );
    return row;
  }

  async byId(id: string): Promise<User | undefined> {
    const [row] = await this.sql.query<User>(`select ${USER} from users where id = $1`, [id]);
    return row;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.sql.query("update users set password_hash = $2 where id = $1", [id, passwordHash]);
  }

  /**
   * Serializes first-run setups for the rest of the transaction: a second one waits here for the first,
   * then finds its account.
   */
  async lockForSetup(): Promise<void> {
    await this.sql.query("lock table users in share row exclusive mode");
  }

  async count(): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>("select count(*)::int8 as n from users");
    return row?.n ?? 0;
  }

  /* ---------------------------------------------------------------- memberships (scoped by org) */

  async roleIn(orgId: string, userId: string): Promise<Role | undefined> {
    const [row] = await this.sql.query<{ role: Role }>(
      "select role from memberships where org_id = $1 and user_id = $2",
      [orgId, userId],
    );
    return row?.role;
  }

  /**
   * A member's role, and whether the organization requires two-factor sign-in that the member has not
   * set up (one query: every organization request asks).
   */
  /**
   * The account's role in the organization, and what the organization's sign-in rules still ask of it:
   * two-factor sign-in it has not set up; an Entra sign-in (`entraTenantId`: the session's tenant, null
   * for a password session, undefined when no session is concerned) the organization requires
   * (`entraMissing`), or one from a tenant it does not accept (`entraTenantRefused`).
   */
  async accessIn(
    orgId: string,
    userId: string,
    entraTenantId?: string | null,
  ): Promise<
    { role: Role; twoFactorMissing: boolean; entraMissing: boolean; entraTenantRefused: boolean } | undefined
  > {
    const session = entraTenantId !== undefined;
    const [row] = await this.sql.query<{
      role: Role;
      twoFactorMissing: boolean;
      entraMissing: boolean;
      entraTenantRefused: boolean;
    }>(
      `select m.role, (o.require_two_factor and u.totp_enabled_at is null) as "twoFactorMissing",
         ($3 and o.require_entra and $4::text is null) as "entraMissing",
         ($3 and $4::text is not null and jsonb_array_length(o.entra_tenant_ids) > 0
           and not (o.entra_tenant_ids ? $4::text)) as "entraTenantRefused"
       from memberships m join organizations o on o.id = m.org_id join users u on u.id = m.user_id
       where m.org_id = $1 and m.user_id = $2`,
      [orgId, userId, session, entraTenantId ?? null],
    );
    return row;
  }

  async addMember(orgId: string, userId: string, role: Role): Promise<void> {
    await this.sql.query(
      `insert into memberships (org_id, user_id, role) values ($1, $2, $3)
       on conflict (org_id, user_id) do update set role = excluded.role`,
      [orgId, userId, role],
    );
  }

  async members(orgId: string): Promise<Member[]> {
    return this.sql.query<Member>(
      `select u.id as "userId", u.name, u.email, m.role, m.created_at as "joinedAt"
       from memberships m join users u on u.id = m.user_id
       where m.org_id = $1 order by lower(u.name), u.id`,
      [orgId],
    );
  }

  async setRole(orgId: string, userId: string, role: Role): Promise<boolean> {
    const rows = await this.sql.query(
      "update memberships set role = $3 where org_id = $1 and user_id = $2 returning user_id",
      [orgId, userId, role],
    );
    return rows.length > 0;
  }

  async removeMember(orgId: string, userId: string): Promise<boolean> {
    const rows = await this.sql.query(
      "delete from memberships where org_id = $1 and user_id = $2 returning user_id",
      [orgId, userId],
    );
    return rows.length > 0;
  }

  /** Partner admins of an organization, locked for the rest of the transaction (last-admin checks). */
  async adminIdsForUpdate(orgId: string): Promise<string[]> {
    const rows = await this.sql.query<{ userId: string }>(
      `select user_id as "userId" from memberships where org_id = $1 and role = 'partner_admin' for update`,
      [orgId],
    );
    return rows.map((r) => r.userId);
  }
}
