import type { ImportImpact, ReadinessChange, RepeatedRows } from "@specready/core";
import type { ImportKindName, ImportRow } from "@specready/db";
import type { InputProblem } from "@specready/ingest";

/** What an import can need confirmed before it is committed. */
export type Confirmation = "replace" | "repeats";

/**
 * The progress of one import, as `GET …/import-jobs/{id}` shows it: reading (in a reading thread),
 * then either saving and done, or waiting for a confirmation; failed or cancelled otherwise.
 */
export interface ImportJob {
  readonly id: string;
  readonly orgId: string;
  readonly uploadId: string;
  readonly kind: ImportKindName;
  readonly fileName: string;
  state: "reading" | "needs_confirmation" | "saving" | "done" | "failed" | "cancelled";
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  /** Rows that repeat an earlier row exactly, once the file is read, with the warning to show. */
  repeats?: RepeatedRows & { readonly message: string | null };
  /** What the import replaces (done), or would replace (needs_confirmation). */
  impact?: ImportImpact;
  /** Readiness today before and after the import (done), or as it would be (needs_confirmation). */
  readiness?: ReadinessChange;
  /** needs_confirmation: what must be confirmed (`confirmReplace`, `confirmRepeats`). */
  confirmations?: Confirmation[];
  /** Why the job stopped short: `import.confirm_replace`, `import.problems`, `import.out_of_memory`… */
  code?: string;
  import?: ImportRow;
  problems?: readonly InputProblem[];
  problemTotal?: number;
  message?: string;
  finishedAt?: number;
}

/** How long an import waits for its confirmation, holding what it read. */
export const CONFIRMATION_WAIT_MS = 60 * 60 * 1000;

/** What a job waiting for its confirmation holds: what it read, and how it was asked for. */
interface Parked<T> {
  readonly pending: T;
  readonly timer: NodeJS.Timeout;
}

/**
 * Imports running or recently finished, in memory: a job is only its progress; what it imports is
 * committed to the database in one transaction at its end, or not at all. A job waiting for a
 * confirmation holds the data it read for an hour (the upload stays for a day: importing it again reads
 * it again). Finished jobs are kept for an hour so a page that reconnects still sees the outcome.
 */
export class ImportJobs<T = unknown> {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly parked = new Map<string, Parked<T>>();
  private readonly readers = new Map<string, AbortController>();

  start(
    id: string,
    orgId: string,
    upload: { id: string; kind: ImportKindName; fileName: string; size: number },
  ): ImportJob {
    this.prune();
    const job: ImportJob = {
      id,
      orgId,
      uploadId: upload.id,
      kind: upload.kind,
      fileName: upload.fileName,
      state: "reading",
      bytesDone: 0,
      bytesTotal: upload.size,
      rows: 0,
    };
    this.jobs.set(id, job);
    return job;
  }

  /** The job, only within its own organization. */
  get(orgId: string, id: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job?.orgId === orgId ? job : undefined;
  }

  /** A signal that cancels the job's reading, until `reading` ends. */
  reading(job: ImportJob): AbortSignal {
    const controller = new AbortController();
    this.readers.set(job.id, controller);
    return controller.signal;
  }

  readDone(job: ImportJob): void {
    this.readers.delete(job.id);
  }

  /** Cancels the job's reading; false when it is not reading. */
  cancelReading(job: ImportJob): boolean {
    const controller = this.readers.get(job.id);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }

  /**
   * Keeps what the job read while it waits for its confirmation; `expire` runs when nobody confirmed or
   * cancelled it in time.
   */
  park(job: ImportJob, pending: T, expire: (pending: T) => void, waitMs = CONFIRMATION_WAIT_MS): void {
    this.unpark(job);
    const timer = setTimeout(() => {
      const parked = this.unpark(job);
      if (parked !== undefined) expire(parked);
    }, waitMs);
    timer.unref();
    this.parked.set(job.id, { pending, timer });
  }

  /** Takes back what a waiting job holds (to commit or drop it); undefined when it holds nothing. */
  unpark(job: ImportJob): T | undefined {
    const parked = this.parked.get(job.id);
    if (parked === undefined) return undefined;
    clearTimeout(parked.timer);
    this.parked.delete(job.id);
    return parked.pending;
  }

  finish(
    job: ImportJob,
    outcome: Partial<ImportJob> & { state: "done" | "failed" | "cancelled" | "needs_confirmation" },
  ): void {
    Object.assign(job, outcome, { finishedAt: Date.now() });
  }

  /** Jobs still running (a server stopping waits for them). */
  running(): ImportJob[] {
    return [...this.jobs.values()].filter((j) => j.state === "reading" || j.state === "saving");
  }

  private prune(): void {
    const cutoff = Date.now() - 60 * 60 * 1000;
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== undefined && job.finishedAt < cutoff && !this.parked.has(id))
        this.jobs.delete(id);
  }
}
