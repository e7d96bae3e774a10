import { json, type Sql } from "../sql.js";

/** An import job as stored for every server to see (see migration 0009). */
export interface StoredImportJob<J = unknown, R = unknown> {
  readonly id: string;
  readonly orgId: string;
  /** The server running it (or holding what it read, while it waits for a confirmation). */
  readonly serverId: string;
  /** The job as `GET …/import-jobs/{id}` shows it. */
  readonly job: J;
  /** How the import was asked for: the upload and the options. */
  readonly request: R;
  readonly cancelRequested: boolean;
  readonly updatedAt: string;
}

const JOB = `id, org_id as "orgId", server_id as "serverId", job, request,
  cancel_requested as "cancelRequested", updated_at as "updatedAt"`;

/** Import jobs by id, each written only by the server that runs it. */
export class ImportJobsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Writes the job as its server sees it, unless another server has taken it over: false then (and
   * nothing written). Also says whether someone asked, on any server, to cancel it.
   */
  async save(j: {
    id: string;
    orgId: string;
    serverId: string;
    job: unknown;
    request: unknown;
  }): Promise<{ owned: boolean; cancelRequested: boolean }> {
    const [row] = await this.sql.query<{ cancelRequested: boolean }>(
      `insert into import_jobs (id, org_id, server_id, job, request) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set job = excluded.job, request = excluded.request, updated_at = now()
         where import_jobs.server_id = excluded.server_id
       returning cancel_requested as "cancelRequested"`,
      [j.id, j.orgId, j.serverId, json(j.job), json(j.request)],
    );
    return row === undefined ? { owned: false, cancelRequested: false } : { owned: true, ...row };
  }

  async get<J, R>(orgId: string, id: string): Promise<StoredImportJob<J, R> | undefined> {
    const [row] = await this.sql.query<StoredImportJob<J, R>>(
      `select ${JOB} from import_jobs where org_id = $1 and id = $2`,
      [orgId, id],
    );
    return row;
  }

  /**
   * Takes a job waiting for its confirmation for `serverId`, moving it to `job` (saving, reading again,
   * or cancelled), whichever server held it: false when it no longer waits (confirmed or cancelled by
   * another request first). The previous holder's later writes are then ignored.
   */
  async claimWaiting(orgId: string, id: string, serverId: string, job: unknown): Promise<boolean> {
    const rows = await this.sql.query(
      `update import_jobs set server_id = $3, job = $4, updated_at = now()
       where org_id = $1 and id = $2 and job->>'state' = 'needs_confirmation' returning 1`,
      [orgId, id, serverId, json(job)],
    );
    return rows.length > 0;
  }

  /** Asks the server reading the job to stop (it looks at each progress report). */
  async requestCancel(orgId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query(
      `update import_jobs set cancel_requested = true
       where org_id = $1 and id = $2 and job->>'state' = 'reading' returning 1`,
      [orgId, id],
    );
    return rows.length > 0;
  }

  /** Jobs still reading or saving whose server is not among `aliveServerIds`: it stopped mid-way. */
  async abandoned(aliveServerIds: readonly string[]): Promise<StoredImportJob[]> {
    return this.sql.query<StoredImportJob>(
      `select ${JOB} from import_jobs
       where job->>'state' in ('reading', 'saving') and not (server_id = any($1::text[]))`,
      [aliveServerIds as string[]],
    );
  }

  /** Marks a job of a stopped server as failed, unless it changed meanwhile. */
  async failAbandoned(id: string, serverId: string, job: unknown): Promise<void> {
    await this.sql.query(
      `update import_jobs set job = $3, updated_at = now()
       where id = $1 and server_id = $2 and job->>'state' in ('reading', 'saving')`,
      [id, serverId, json(job)],
    );
  }

  /** Forgets jobs not written for `olderThanSeconds` (finished, or waiting past their hour). */
  async removeOlderThan(olderThanSeconds: number): Promise<number> {
    const rows = await this.sql.query(
      "delete from import_jobs where updated_at <= now() - make_interval(secs => $1::double precision) returning 1",
      [olderThanSeconds],
    );
    return rows.length;
  }
}
