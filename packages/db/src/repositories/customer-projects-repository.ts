import { randomUUID } from "node:crypto";
import { json, type Sql, type SqlValue } from "../sql.js";

export type ProjectStage = "production" | "pilot";

/** One project of the register: what was built for which customer, and when it was completed. */
export interface CustomerProject {
  readonly id: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  readonly workload: string | null;
  readonly aiServices: readonly string[];
  /** A calendar date, `YYYY-MM-DD`. */
  readonly completionDate: string;
  readonly greenfield: boolean | null;
  readonly stage: ProjectStage | null;
  /** How many evidence items are filed under the project (while any are, it cannot be deleted). */
  readonly evidenceCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a person (or a spreadsheet row) says about a project; absent optional fields are stored as null. */
export interface CustomerProjectFields {
  readonly customerTenantId: string;
  readonly customerName?: string | null | undefined;
  readonly project: string;
  readonly workload?: string | null | undefined;
  readonly aiServices?: readonly string[] | undefined;
  readonly completionDate: string;
  readonly greenfield?: boolean | null | undefined;
  readonly stage?: ProjectStage | null | undefined;
}

/** A change: a field left out (undefined) stays as it is; null clears an optional one. */
export type CustomerProjectPatch = Partial<CustomerProjectFields>;

/** The select list of a project, its columns qualified by `t` (the table's alias in the query). */
const projectColumns = (t: string) => `${t}.id, ${t}.customer_tenant_id as "customerTenantId",
  ${t}.customer_name as "customerName", ${t}.project, ${t}.workload, ${t}.ai_services as "aiServices",
  ${t}.completion_date as "completionDate", ${t}.greenfield, ${t}.stage,
  (select count(*) from evidence_items e where e.org_id = ${t}.org_id and e.project_id = ${t}.id) as "evidenceCount",
  ${t}.created_at as "createdAt", ${t}.updated_at as "updatedAt"`;
const PROJECT = projectColumns("p");

/** Text as stored: trimmed, and an optional one that is left empty is no value. */
const text = (v: string) => v.trim();
const optionalText = (v: string | null | undefined) => {
  const t = v?.trim();
  return t === undefined || t === "" ? null : t;
};
const services = (v: readonly string[] | undefined) => (v ?? []).map((s) => s.trim()).filter((s) => s !== "");

/** Each patchable field: its column and how its value is stored. */
const COLUMNS: { readonly [K in keyof CustomerProjectFields]-?: readonly [string, (v: never) => SqlValue] } =
  {
    customerTenantId: ["customer_tenant_id", text],
    customerName: ["customer_name", optionalText],
    project: ["project", text],
    workload: ["workload", optionalText],
    aiServices: ["ai_services", services],
    completionDate: ["completion_date", (v: string) => v],
    greenfield: ["greenfield", (v: boolean | null) => v],
    stage: ["stage", (v: ProjectStage | null) => v],
  };

/**
 * The register of customer projects the audit evidence is filed under. A customer's project is one row
 * whatever the case of its tenant id and name (`customer_projects_key`), so a spreadsheet re-imported
 * updates the rows it already made.
 */
export class CustomerProjectsRepository {
  constructor(private readonly sql: Sql) {}

  /** By customer (name, or tenant id when unnamed), then project, case-insensitive. */
  async list(orgId: string): Promise<CustomerProject[]> {
    return this.sql.query<CustomerProject>(
      `select ${PROJECT} from customer_projects p where p.org_id = $1
       order by lower(coalesce(p.customer_name, p.customer_tenant_id)), lower(p.customer_tenant_id), lower(p.project),
         p.id`,
      [orgId],
    );
  }

  /** Null when the organization has no such project. */
  async get(orgId: string, id: string): Promise<CustomerProject | null> {
    const [row] = await this.sql.query<CustomerProject>(
      `select ${PROJECT} from customer_projects p where p.org_id = $1 and p.id = $2`,
      [orgId, id],
    );
    return row ?? null;
  }

  /**
   * The new project, or "duplicate" when the organization already has this customer's project (same
   * tenant and project, case-insensitive): the server answers 409 rather than a second row. The id is
   * made here unless given.
   */
  async create(
    orgId: string,
    p: CustomerProjectFields & { readonly id?: string | undefined },
  ): Promise<CustomerProject | "duplicate"> {
    const [row] = await this.sql.query<CustomerProject>(
      `with created as (
         insert into customer_projects (id, org_id, customer_tenant_id, customer_name, project, workload,
           ai_services, completion_date, greenfield, stage)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (org_id, lower(customer_tenant_id), lower(project)) do nothing
         returning *)
       select ${projectColumns("created")} from created`,
      [
        p.id ?? randomUUID(),
        orgId,
        text(p.customerTenantId),
        optionalText(p.customerName),
        text(p.project),
        optionalText(p.workload),
        services(p.aiServices),
        p.completionDate,
        p.greenfield ?? null,
        p.stage ?? null,
      ],
    );
    return row ?? "duplicate";
  }

  /**
   * The changed project; null when the organization has no such project; "duplicate" when the change
   * would make it another project of the register. (Two people renaming two projects to the same
   * name at the same instant still meet the unique index: `isUniqueViolation`.)
   */
  async update(
    orgId: string,
    id: string,
    patch: CustomerProjectPatch,
  ): Promise<CustomerProject | "duplicate" | null> {
    const params: SqlValue[] = [orgId, id];
    const assigned = new Map<string, string>();
    for (const [key, [column, store]] of Object.entries(COLUMNS) as [
      keyof CustomerProjectFields,
      readonly [string, (v: unknown) => SqlValue],
    ][]) {
      const value = patch[key];
      if (value === undefined) continue;
      params.push(store(value));
      assigned.set(column, `$${params.length}`);
    }
    // The project's key after the change: the new value when the patch sets it, else the row's.
    const after = (column: string) => assigned.get(column) ?? `p.${column}`;
    const set = [...[...assigned].map(([column, param]) => `${column} = ${param}`), "updated_at = now()"];
    const rows = await this.sql.query<CustomerProject>(
      `with changed as (
         update customer_projects p set ${set.join(", ")}
         where p.org_id = $1 and p.id = $2
           and not exists (select 1 from customer_projects q
                           where q.org_id = $1 and q.id <> $2
                             and lower(q.customer_tenant_id) = lower(${after("customer_tenant_id")})
                             and lower(q.project) = lower(${after("project")}))
         returning p.*)
       select ${projectColumns("changed")} from changed`,
      params,
    );
    if (rows[0] !== undefined) return rows[0];
    return (await this.get(orgId, id)) === null ? null : "duplicate";
  }

  /**
   * "deleted"; "not_found"; or "in_use" while evidence is filed under the project (the evidence would lose
   * the customer it proves). The project is locked first, so evidence added at the same time either
   * counts here or fails on its foreign key, never ends up pointing at nothing.
   */
  async delete(orgId: string, id: string): Promise<"deleted" | "not_found" | "in_use"> {
    return this.sql.transaction(async (tx) => {
      const found = await tx.query(
        "select id from customer_projects where org_id = $1 and id = $2 for update",
        [orgId, id],
      );
      if (found.length === 0) return "not_found";
      const used = await tx.query(
        "select 1 from evidence_items where org_id = $1 and project_id = $2 limit 1",
        [orgId, id],
      );
      if (used.length > 0) return "in_use";
      await tx.query("delete from customer_projects where org_id = $1 and id = $2", [orgId, id]);
      return "deleted";
    });
  }

  /**
   * Brings a spreadsheet of projects into the register in one statement: a project the register has
   * (same tenant and project, case-insensitive) takes the row's other fields, a new one is added. Rows
   * repeating a project: the last wins. Counts are of projects: `unchanged` ones were in the file as the
   * register has them, and are left untouched (their `updatedAt` still tells when they last changed).
   */
  async upsertMany(
    orgId: string,
    projects: readonly CustomerProjectFields[],
  ): Promise<{ created: number; updated: number; unchanged: number }> {
    if (projects.length === 0) return { created: 0, updated: 0, unchanged: 0 };
    const rows = projects.map((p) => ({
      customerTenantId: text(p.customerTenantId),
      customerName: optionalText(p.customerName),
      project: text(p.project),
      workload: optionalText(p.workload),
      aiServices: services(p.aiServices),
      completionDate: p.completionDate,
      greenfield: p.greenfield ?? null,
      stage: p.stage ?? null,
    }));
    const [counts] = await this.sql.query<{ projects: number; created: number; updated: number }>(
      `with latest as (
         select distinct on (lower(r ->> 'customerTenantId'), lower(r ->> 'project'))
           r ->> 'customerTenantId' as tenant, r ->> 'customerName' as name, r ->> 'project' as project,
           r ->> 'workload' as workload,
           array(select jsonb_array_elements_text(r -> 'aiServices')) as ai_services,
           (r ->> 'completionDate')::date as completion_date, (r ->> 'greenfield')::boolean as greenfield,
           r ->> 'stage' as stage
         from jsonb_array_elements($2::jsonb) with ordinality as e (r, ord)
         order by lower(r ->> 'customerTenantId'), lower(r ->> 'project'), ord desc
       ), written as (
         insert into customer_projects (id, org_id, customer_tenant_id, customer_name, project, workload,
           ai_services, completion_date, greenfield, stage)
         select gen_random_uuid(), $1, tenant, name, project, workload, ai_services, completion_date, greenfield,
           stage
         from latest
         on conflict (org_id, lower(customer_tenant_id), lower(project)) do update set
           customer_name = excluded.customer_name, workload = excluded.workload,
           ai_services = excluded.ai_services, completion_date = excluded.completion_date,
           greenfield = excluded.greenfield, stage = excluded.stage, updated_at = now()
         -- A row that says nothing new is left as it is.
         where (customer_projects.customer_name, customer_projects.workload, customer_projects.ai_services,
                customer_projects.completion_date, customer_projects.greenfield, customer_projects.stage)
           is distinct from (excluded.customer_name, excluded.workload, excluded.ai_services,
                excluded.completion_date, excluded.greenfield, excluded.stage)
         -- xmax is 0 on a row this statement inserted, and set on one it updated.
         returning (xmax = 0) as inserted
       )
       select (select count(*) from latest)::int8 as projects,
         count(*) filter (where inserted)::int8 as created, count(*) filter (where not inserted)::int8 as updated
       from written`,
      [orgId, json(rows)],
    );
    const { projects: n = 0, created = 0, updated = 0 } = counts ?? {};
    return { created, updated, unchanged: n - created - updated };
  }
}
