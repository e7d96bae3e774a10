import type { Sql } from "../sql.js";
import type { Role } from "./roles.js";

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly dataVersion: number;
  readonly createdAt: string;
}

export interface OrganizationWithRole {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

/** Who may approve evidence in an organization. */
export interface ReviewPolicy {
  /**
   * Whether the person who produced an item's current content may approve it themselves (off by
   * default: a second person approves).
   */
  readonly allowSelfApproval: boolean;
  /** Who last changed the setting and when; null while it was never changed. */
  readonly changedBy: string | null;
  readonly changedAt: string | null;
}

const REVIEW_POLICY = `allow_self_approval as "allowSelfApproval", self_approval_changed_by_name as "changedBy",
  self_approval_changed_at as "changedAt"`;

export class OrganizationsRepository {
  constructor(private readonly sql: Sql) {}

  async create(id: string, name: string): Promise<Organization> {
    const [row] = await this.sql.query<Organization>(
      `insert into organizations (id, name) values ($1, $2)
       returning id, name, data_version as "dataVersion", created_at as "createdAt"`,
      [id, name],
    );
    return row as Organization;
  }

  async get(id: string): Promise<Organization | undefined> {
    const [row] = await this.sql.query<Organization>(
      `select id, name, data_version as "dataVersion", created_at as "createdAt" from organizations where id = $1`,
      [id],
    );
    return row;
  }

  /** Whether the organization requires two-factor sign-in of its members. */
  async requiresTwoFactor(id: string): Promise<boolean | undefined> {
    const [row] = await this.sql.query<{ required: boolean }>(
      "select require_two_factor as required from organizations where id = $1",
      [id],
    );
    return row?.required;
  }

  async setRequireTwoFactor(id: string, required: boolean): Promise<boolean> {
    const rows = await this.sql.query(
      "update organizations set require_two_factor = $2 where id = $1 returning id",
      [id, required],
    );
    return rows.length > 0;
  }

  /** The organizations a user belongs to, with the user's role in each, by name. */
  async listForUser(userId: string): Promise<OrganizationWithRole[]> {
    return this.sql.query<OrganizationWithRole>(
      `select o.id, o.name, m.role from memberships m join organizations o on o.id = m.org_id
       where m.user_id = $1 order by lower(o.name), o.id`,
      [userId],
    );
  }

  /** Undefined when there is no such organization. */
  async reviewPolicy(id: string): Promise<ReviewPolicy | undefined> {
    const [row] = await this.sql.query<ReviewPolicy>(
      `select ${REVIEW_POLICY} from organizations where id = $1`,
      [id],
    );
    return row;
  }

  /** Sets whether people may approve their own evidence; undefined when there is no such organization. */
  async setReviewPolicy(
    id: string,
    allowSelfApproval: boolean,
    changedByName: string,
  ): Promise<ReviewPolicy | undefined> {
    const [row] = await this.sql.query<ReviewPolicy>(
      `update organizations set allow_self_approval = $2, self_approval_changed_by_name = $3,
         self_approval_changed_at = now()
       where id = $1 returning ${REVIEW_POLICY}`,
      [id, allowSelfApproval, changedByName],
    );
    return row;
  }

  /** Marks the evaluated data as changed; returns the new version. */
  async bumpDataVersion(id: string): Promise<number> {
    const [row] = await this.sql.query<{ v: number }>(
      "update organizations set data_version = data_version + 1 where id = $1 returning data_version as v",
      [id],
    );
    return row?.v ?? 0;
  }

  async count(): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>("select count(*)::int8 as n from organizations");
    return row?.n ?? 0;
  }
}
