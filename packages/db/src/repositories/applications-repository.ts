import type { Sql } from "../sql.js";

export interface ApplicationRecord {
  readonly submittedOn: string;
  readonly reference: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** That the specialization application was submitted in Partner Center, as the partner admin recorded it. */
export class ApplicationsRepository {
  constructor(private readonly sql: Sql) {}

  async get(orgId: string): Promise<ApplicationRecord | null> {
    const [row] = await this.sql.query<ApplicationRecord>(
      `select submitted_on as "submittedOn", reference, recorded_by_name as "recordedBy", recorded_at as "recordedAt"
       from applications where org_id = $1`,
      [orgId],
    );
    return row ?? null;
  }

  async record(
    orgId: string,
    a: { submittedOn: string; reference: string | null; userId: string; userName: string },
  ): Promise<ApplicationRecord> {
    await this.sql.query(
      `insert into applications (org_id, submitted_on, reference, recorded_by, recorded_by_name) values ($1, $2, $3, $4, $5)
       on conflict (org_id) do update set submitted_on = excluded.submitted_on, reference = excluded.reference,
         recorded_by = excluded.recorded_by, recorded_by_name = excluded.recorded_by_name, recorded_at = now()`,
      [orgId, a.submittedOn, a.reference, a.userId, a.userName],
    );
    return (await this.get(orgId)) as ApplicationRecord;
  }
}
