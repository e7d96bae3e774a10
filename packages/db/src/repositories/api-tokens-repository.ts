import type { Sql } from "../sql.js";
import type { TokenRole } from "./roles.js";

export interface ApiToken {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly role: TokenRole;
  readonly prefix: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const TOKEN = `t.id, t.org_id as "orgId", t.name, t.role, t.prefix, t.created_at as "createdAt",
  u.name as "createdBy", t.last_used_at as "lastUsedAt", t.revoked_at as "revokedAt"`;

/** API tokens by the SHA-256 of their secret. */
export class ApiTokensRepository {
  constructor(private readonly sql: Sql) {}

  async create(t: {
    id: string;
    orgId: string;
    name: string;
    role: TokenRole;
    tokenHash: string;
    prefix: string;
    createdBy: string;
  }): Promise<ApiToken> {
    await this.sql.query(
      `insert into api_tokens (id, org_id, name, role, token_hash, prefix, created_by)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [t.id, t.orgId, t.name.trim(), t.role, t.tokenHash, t.prefix, t.createdBy],
    );
    return (await this.get(t.orgId, t.id)) as ApiToken;
  }

  async get(orgId: string, id: string): Promise<ApiToken | undefined> {
    const [row] = await this.sql.query<ApiToken>(
      `select ${TOKEN} from api_tokens t left join users u on u.id = t.created_by where t.org_id = $1 and t.id = $2`,
      [orgId, id],
    );
    return row;
  }

  async list(orgId: string): Promise<ApiToken[]> {
    return this.sql.query<ApiToken>(
      `select ${TOKEN} from api_tokens t left join users u on u.id = t.created_by
       where t.org_id = $1 order by t.revoked_at is not null, t.created_at desc`,
      [orgId],
    );
  }

  /** A token that is not revoked, by its secret's hash. */
  async findActive(tokenHash: string): Promise<ApiToken | undefined> {
    const [row] = await this.sql.query<ApiToken>(
      `select ${TOKEN} from api_tokens t left join users u on u.id = t.created_by
       where t.token_hash = $1 and t.revoked_at is null`,
      [tokenHash],
    );
    return row;
  }

  /**
   * Records a use at `usedAt`, unless the token was used in the minute before: true when this call
   * recorded it. Of several servers sharing the database that see a use at once, one records it (and
   * logs it); the others leave it.
   */
  async touch(id: string, usedAt: string): Promise<boolean> {
    const rows = await this.sql.query(
      `update api_tokens set last_used_at = $2
       where id = $1 and (last_used_at is null or last_used_at <= $2::timestamptz - interval '60 seconds')
       returning 1`,
      [id, usedAt],
    );
    return rows.length > 0;
  }

  async revoke(orgId: string, id: string): Promise<ApiToken | undefined> {
    const rows = await this.sql.query(
      "update api_tokens set revoked_at = now() where org_id = $1 and id = $2 and revoked_at is null returning id",
      [orgId, id],
    );
    return rows.length > 0 ? this.get(orgId, id) : undefined;
  }
}
