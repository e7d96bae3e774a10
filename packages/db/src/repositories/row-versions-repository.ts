import type { Sql } from "../sql.js";

/** The tables whose rows a person edits one by one, each keyed by (org_id, id). */
const TABLES = {
  evidence: "evidence_items",
  project: "customer_projects",
  finding: "audit_findings",
  result: "audit_results",
} as const;
export type VersionedRow = keyof typeof TABLES;

/**
 * The versions of what a person edits (migration 0008: a trigger counts every change), read for an ETag
 * or locked for a change. A lock (`for update`) holds until the transaction ends: a second change of the
 * same row waits, then reads what the first wrote, so neither is lost. Null (or 0 for an audit plan not
 * yet written) when there is no such row.
 */
export class RowVersionsRepository {
  constructor(private readonly sql: Sql) {}

  /** The row's version; read it before the row itself, so an ETag is never newer than what it goes with. */
  async of(row: VersionedRow, orgId: string, id: string): Promise<number | null> {
    return this.version(`select version from ${TABLES[row]} where org_id = $1 and id = $2`, [orgId, id]);
  }

  /** Locks the row for the rest of the transaction and returns its version. */
  async lock(row: VersionedRow, orgId: string, id: string): Promise<number | null> {
    return this.version(`select version from ${TABLES[row]} where org_id = $1 and id = $2 for update`, [
      orgId,
      id,
    ]);
  }

  /** The audit plan's version, 0 while it was never saved. */
  async plan(orgId: string, options: { lock?: boolean } = {}): Promise<number> {
    const lock = options.lock ? " for update" : "";
    return (await this.version(`select version from audit_plans where org_id = $1${lock}`, [orgId])) ?? 0;
  }

  /** A member's version (their role), or null when they are not a member. */
  async member(orgId: string, userId: string, options: { lock?: boolean } = {}): Promise<number | null> {
    const lock = options.lock ? " for update" : "";
    return this.version(`select version from memberships where org_id = $1 and user_id = $2${lock}`, [
      orgId,
      userId,
    ]);
  }

  /** The version of the organization's settings (review policy, program version settings). */
  async settings(orgId: string): Promise<number | null> {
    return this.version("select settings_version as version from organizations where id = $1", [orgId]);
  }

  /**
   * Locks the organization for a change of its data: changes of one organization apply one after the
   * other (they all bump its data version, so they took this lock at their end anyway; taking it first
   * gives every change the same lock order, and makes a rule over several rows, such as "an organization
   * keeps a partner admin", hold against a concurrent change). `no key update` leaves inserts of rows
   * that refer to the organization free. Returns the settings' version, or null when there is no such
   * organization.
   */
  async lockOrganization(orgId: string): Promise<number | null> {
    return this.version(
      "select settings_version as version from organizations where id = $1 for no key update",
      [orgId],
    );
  }

  private async version(text: string, params: string[]): Promise<number | null> {
    const [row] = await this.sql.query<{ version: number }>(text, params);
    return row === undefined ? null : row.version;
  }
}
