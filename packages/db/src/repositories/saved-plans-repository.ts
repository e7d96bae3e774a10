import { randomUUID } from "node:crypto";
import { json, type Sql } from "../sql.js";

/** A saved planning scenario: a name, the audit date it plans for, its what-ifs, and whether it is active. */
export interface SavedPlan {
  readonly id: string;
  readonly name: string;
  /** A calendar date, `YYYY-MM-DD`. */
  readonly auditDate: string;
  /** The what-if scenario as saved (validated by the service before it is stored). */
  readonly scenario: Record<string, unknown>;
  readonly active: boolean;
  readonly createdByName: string;
  readonly updatedByName: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const COLUMNS = `id, name, audit_date as "auditDate", scenario, active, created_by_name as "createdByName",
  updated_by_name as "updatedByName", created_at as "createdAt", updated_at as "updatedAt"`;

export class SavedPlansRepository {
  constructor(private readonly sql: Sql) {}

  /** The organization's plans, the active one first, then by name. */
  async list(orgId: string): Promise<SavedPlan[]> {
    return this.sql.query<SavedPlan>(
      `select ${COLUMNS} from saved_plans where org_id = $1 order by active desc, lower(name), id`,
      [orgId],
    );
  }

  async get(orgId: string, id: string): Promise<SavedPlan | undefined> {
    const [row] = await this.sql.query<SavedPlan>(
      `select ${COLUMNS} from saved_plans where org_id = $1 and id = $2`,
      [orgId, id],
    );
    return row;
  }

  async active(orgId: string): Promise<SavedPlan | undefined> {
    const [row] = await this.sql.query<SavedPlan>(
      `select ${COLUMNS} from saved_plans where org_id = $1 and active`,
      [orgId],
    );
    return row;
  }

  /**
   * Saves a plan under its name: a new row, or the plan of that name (ignoring case) replaced. An active
   * plan takes the place of the one active before. Run it in a transaction (two statements).
   */
  async save(
    orgId: string,
    plan: { name: string; auditDate: string; scenario: Record<string, unknown>; active: boolean },
    by: string,
  ): Promise<{ plan: SavedPlan; replaced: boolean }> {
    if (plan.active)
      await this.sql.query(
        `update saved_plans set active = false where org_id = $1 and active and lower(name) <> lower($2)`,
        [orgId, plan.name],
      );
    const [existing] = await this.sql.query<{ id: string }>(
      `select id from saved_plans where org_id = $1 and lower(name) = lower($2)`,
      [orgId, plan.name],
    );
    if (existing !== undefined) {
      const [row] = await this.sql.query<SavedPlan>(
        `update saved_plans set name = $3, audit_date = $4, scenario = $5, active = $6, updated_by_name = $7,
           updated_at = now()
         where org_id = $1 and id = $2 returning ${COLUMNS}`,
        [orgId, existing.id, plan.name, plan.auditDate, json(plan.scenario), plan.active, by],
      );
      return { plan: row as SavedPlan, replaced: true };
    }
    const [row] = await this.sql.query<SavedPlan>(
      `insert into saved_plans (id, org_id, name, audit_date, scenario, active, created_by_name, updated_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, $7) returning ${COLUMNS}`,
      [randomUUID(), orgId, plan.name, plan.auditDate, json(plan.scenario), plan.active, by],
    );
    return { plan: row as SavedPlan, replaced: false };
  }

  /** Deletes a plan; false when there is none with that id. */
  async delete(orgId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query<{ id: string }>(
      `delete from saved_plans where org_id = $1 and id = $2 returning id`,
      [orgId, id],
    );
    return rows.length > 0;
  }
}
