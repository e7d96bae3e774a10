import type { Sql } from "../sql.js";
import type { Role } from "./roles.js";

export interface Invitation {
  readonly id: string;
  readonly orgId: string;
  readonly orgName: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When its link went out by e-mail only (accepting it then proves the address); null: copied by hand. */
  readonly emailedAt: string | null;
}

const INVITATION = `i.id, i.org_id as "orgId", o.name as "orgName", i.email, i.role,
  i.created_at as "createdAt", i.expires_at as "expiresAt", i.emailed_at as "emailedAt"`;

export class InvitationsRepository {
  constructor(private readonly sql: Sql) {}

  async create(i: {
    id: string;
    orgId: string;
    email: string;
    role: Role;
    tokenHash: string;
    createdBy: string;
    expiresAt: string;
  }): Promise<void> {
    await this.sql.query(
      `insert into invitations (id, org_id, email, role, token_hash, created_by, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [i.id, i.orgId, i.email.trim(), i.role, i.tokenHash, i.createdBy, i.expiresAt],
    );
  }

  async markEmailed(id: string): Promise<void> {
    await this.sql.query("update invitations set emailed_at = now() where id = $1", [id]);
  }

  /** An invitation that can still be accepted, by the hash of its link's secret. */
  async findOpen(tokenHash: string): Promise<Invitation | undefined> {
    const [row] = await this.sql.query<Invitation>(
      `select ${INVITATION} from invitations i join organizations o on o.id = i.org_id
       where i.token_hash = $1 and i.accepted_at is null and i.withdrawn_at is null and i.expires_at > now()`,
      [tokenHash],
    );
    return row;
  }

  async listOpen(orgId: string): Promise<Invitation[]> {
    return this.sql.query<Invitation>(
      `select ${INVITATION} from invitations i join organizations o on o.id = i.org_id
       where i.org_id = $1 and i.accepted_at is null and i.withdrawn_at is null and i.expires_at > now()
       order by i.created_at desc`,
      [orgId],
    );
  }

  async markAccepted(id: string, userId: string): Promise<boolean> {
    const rows = await this.sql.query(
      `update invitations set accepted_at = now(), accepted_by = $2
       where id = $1 and accepted_at is null and withdrawn_at is null returning id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  async withdraw(orgId: string, id: string): Promise<Invitation | undefined> {
    const [row] = await this.sql.query<Invitation>(
      `update invitations i set withdrawn_at = now() from organizations o
       where i.id = $2 and i.org_id = $1 and o.id = i.org_id and i.accepted_at is null and i.withdrawn_at is null
       returning ${INVITATION}`,
      [orgId, id],
    );
    return row;
  }
}
