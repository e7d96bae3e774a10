import type { ImportRow } from "@specready/db";
import type { InputProblem } from "@specready/ingest";

/** The progress of one import, as `GET …/import-jobs/{id}` shows it. */
export interface ImportJob {
  readonly id: string;
  readonly orgId: string;
  state: "reading" | "saving" | "done" | "failed";
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  import?: ImportRow;
  problems?: readonly InputProblem[];
  problemTotal?: number;
  message?: string;
  finishedAt?: number;
}

/**
 * Imports running or recently finished, in memory: a job is only its progress; what it imports is
 * committed to the database in one transaction at its end, or not at all. Finished jobs are kept for
 * an hour so a page that reconnects still sees the outcome.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  start(id: string, orgId: string, bytesTotal: number): ImportJob {
    this.prune();
    const job: ImportJob = { id, orgId, state: "reading", bytesDone: 0, bytesTotal, rows: 0 };
    this.jobs.set(id, job);
    return job;
  }

  /** The job, only within its own organization. */
  get(orgId: string, id: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job?.orgId === orgId ? job : undefined;
  }

  finish(job: ImportJob, outcome: Partial<ImportJob> & { state: "done" | "failed" }): void {
    Object.assign(job, outcome, { finishedAt: Date.now() });
  }

  /** Jobs still running (a server stopping waits for them). */
  running(): ImportJob[] {
    return [...this.jobs.values()].filter((j) => j.state === "reading" || j.state === "saving");
  }

  private prune(): void {
    const cutoff = Date.now() - 60 * 60 * 1000;
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== undefined && job.finishedAt < cutoff) this.jobs.delete(id);
  }
}
