import type { ImportImpact, ReadinessChange, RepeatedRows } from "@specready/core";
import { type ImportKindName, type ImportRow, repositories, type Sql } from "@specready/db";
import type { InputProblem } from "@specready/ingest";

/**
 * What an import can need confirmed before it is committed: a replacement of most of the data (or of
 * People-page edits), repeated rows, or, when a preview was asked for, the changes themselves.
 */
export type Confirmation = "replace" | "repeats" | "changes";

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
  /** needs_confirmation: what must be confirmed (`confirmReplace`, `confirmRepeats`, `confirmChanges`). */
  confirmations?: Confirmation[];
  /** Why the job stopped short: `import.confirm_replace`, `import.problems`, `import.out_of_memory`… */
  code?: string;
  import?: ImportRow;
  problems?: readonly InputProblem[];
  problemTotal?: number;
  message?: string;
  finishedAt?: number;
  /**
   * Goes up at each change written (`publish`): a poll that gives the one it saw last (`after`) is
   * answered at once when the job changed since, and else waits for its next change.
   */
  version?: number;
}

/** How long an import waits for its confirmation, holding what it read. */
export const CONFIRMATION_WAIT_MS = 60 * 60 * 1000;

/** What a job waiting for its confirmation holds: what it read, and how it was asked for. */
interface Parked<T> {
  readonly pending: T;
  readonly timer: NodeJS.Timeout;
}

/** How often a reading job writes its progress for the other servers (and looks for a cancel). */
export const PROGRESS_EVERY_MS = 500;

/** Polls waiting for a change at once, on this server: past them, a poll is answered at once. */
export const MOST_WATCHERS = 1000;

/**
 * Imports running or recently finished. A job is only its progress; what it imports is committed to the
 * database in one transaction at its end, or not at all. This server keeps the jobs it runs in memory
 * (with what a job waiting for its confirmation read, for an hour; the upload stays for a day: importing
 * it again reads it again) and writes each change to `import_jobs`, where every server sharing the
 * database reads them: any of them answers for a job, confirms it (reading the upload again when
 * another server holds what was read) or cancels it. Only the server holding a job writes it; one that
 * takes a waiting job over becomes its holder (`claimWaiting`).
 */
export class ImportJobs<T = unknown> {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly requests = new Map<string, unknown>();
  private readonly parked = new Map<string, Parked<T>>();
  private readonly readers = new Map<string, AbortController>();
  /** Each job's writes, in order. */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly lastProgress = new Map<string, number>();
  /** Who waits for each job's next change (`nextChange`), and how many in all. */
  private readonly watchers = new Map<string, Set<() => void>>();
  private watching = 0;

  constructor(
    private readonly db: Sql,
    /** This server, as `server_instances` knows it. */
    readonly serverId: string,
  ) {}

  /** A new job reading `upload`, as `request` asked (kept for a server that confirms it later). */
  start(
    id: string,
    orgId: string,
    upload: { id: string; kind: ImportKindName; fileName: string; size: number },
    request: unknown,
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
    this.requests.set(id, request);
    this.publish(job);
    return job;
  }

  /** Resolves once the job's latest state is written for the other servers (a failed write is logged). */
  async saved(id: string): Promise<void> {
    await this.writes.get(id);
  }

  /** A job this server runs (or ran), only within its own organization. */
  get(orgId: string, id: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job?.orgId === orgId ? job : undefined;
  }

  /**
   * The job as every server sees it: this server's own while it runs it (the freshest), else the stored
   * one. A job waiting for a confirmation may have been taken over elsewhere: always the stored one.
   */
  async find(orgId: string, id: string): Promise<ImportJob | undefined> {
    const own = this.get(orgId, id);
    if (own !== undefined && own.state !== "needs_confirmation") return own;
    return (await repositories(this.db).importJobs.get<ImportJob, unknown>(orgId, id))?.job;
  }

  /** The stored job and how it was asked for. */
  async stored<R>(orgId: string, id: string): Promise<{ job: ImportJob; request: R } | undefined> {
    const row = await repositories(this.db).importJobs.get<ImportJob, R>(orgId, id);
    return row === undefined ? undefined : { job: row.job, request: row.request };
  }

  /**
   * Takes a job waiting for its confirmation for this server, moving it to `outcome`: false when it no
   * longer waits (another request confirmed or cancelled it first, here or on another server). What
   * this server parked for it is left to `unpark`.
   */
  async claimWaiting(
    job: ImportJob,
    outcome: Partial<ImportJob>,
    request?: unknown,
  ): Promise<ImportJob | undefined> {
    // A change like any other: a poll given the version before it is answered at once.
    const next: ImportJob = { ...job, ...outcome, version: (job.version ?? 0) + 1 };
    if (outcome.state === "cancelled" || outcome.state === "failed") next.finishedAt = Date.now();
    else delete next.finishedAt;
    if (!(await repositories(this.db).importJobs.claimWaiting(job.orgId, job.id, this.serverId, next)))
      return undefined;
    // Held here from now on: this server's copy is the job.
    const own = this.jobs.get(job.id) ?? next;
    if (own !== next) {
      for (const key of Object.keys(own) as (keyof ImportJob)[]) if (!(key in next)) delete own[key];
      Object.assign(own, next);
    }
    this.jobs.set(job.id, own);
    if (request !== undefined) this.requests.set(job.id, request);
    return own;
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

  /** Cancels the job's reading; false when it is not reading here. */
  cancelReading(job: ImportJob): boolean {
    const controller = this.readers.get(job.id);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }

  /** Asks the server reading the job, wherever it is, to stop (it looks at its next progress report). */
  async requestCancel(job: ImportJob): Promise<boolean> {
    return repositories(this.db).importJobs.requestCancel(job.orgId, job.id);
  }

  /** The reading progressed: written for the other servers now and then, and a cancel looked for. */
  progress(job: ImportJob): void {
    const now = Date.now();
    if (now - (this.lastProgress.get(job.id) ?? 0) < PROGRESS_EVERY_MS) return;
    this.lastProgress.set(job.id, now);
    this.publish(job);
  }

  /** The job changed (it is saving, it read its rows): written for the other servers. */
  update(job: ImportJob): void {
    this.publish(job);
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
    this.publish(job);
  }

  /**
   * Resolves at the job's next change on this server: its state (saving, done, failed, waiting for a
   * confirmation, cancelled), or its progress as written for the other servers (every
   * PROGRESS_EVERY_MS while it reads); else once `ms` have passed or `signal` aborts. What a long poll
   * of `GET …/import-jobs/{id}?wait=` waits for: the end of an import is seen when it happens, not at
   * the next poll.
   */
  nextChange(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      // Each waiting poll holds a connection: past MOST_WATCHERS, polls are answered at once.
      if (this.watching >= MOST_WATCHERS || signal?.aborted === true) {
        resolve();
        return;
      }
      let watchers = this.watchers.get(id);
      if (watchers === undefined) {
        watchers = new Set();
        this.watchers.set(id, watchers);
      }
      const own = watchers;
      const done = () => {
        if (!own.delete(done)) return;
        this.watching--;
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        if (own.size === 0 && this.watchers.get(id) === own) this.watchers.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      own.add(done);
      this.watching++;
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  /** Polls waiting for a job's change now (`nextChange`): of one job, or of every job. */
  waiting(id?: string): number {
    return id === undefined ? this.watching : (this.watchers.get(id)?.size ?? 0);
  }

  /** Jobs still running here (a server stopping waits for them). */
  running(): ImportJob[] {
    return [...this.jobs.values()].filter((j) => j.state === "reading" || j.state === "saving");
  }

  /** Waits for every write of a job's changes (before the database closes). */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /**
   * Writes the job as it is now, after its earlier writes. When another server has taken the job over,
   * this server lets go of it; when someone asked to cancel it, its reading stops.
   */
  private publish(job: ImportJob): void {
    job.version = (job.version ?? 0) + 1;
    // Those waiting for a change see it now (the write for the other servers follows).
    for (const wake of [...(this.watchers.get(job.id) ?? [])]) wake();
    const snapshot = { ...job };
    const request = this.requests.get(job.id) ?? null;
    const previous = this.writes.get(job.id) ?? Promise.resolve();
    const write = previous
      .then(async () => {
        const saved = await repositories(this.db).importJobs.save({
          id: job.id,
          orgId: job.orgId,
          serverId: this.serverId,
          job: snapshot,
          request,
        });
        if (!saved.owned && this.jobs.get(job.id) === job) {
          this.unpark(job);
          this.cancelReading(job);
          this.jobs.delete(job.id);
        } else if (saved.cancelRequested && snapshot.state === "reading") {
          this.cancelReading(job);
        }
      })
      .catch((error: unknown) => {
        console.error(`specready: writing the state of import job ${job.id} failed:`, error);
      });
    this.writes.set(job.id, write);
    void write.then(() => {
      if (this.writes.get(job.id) === write) this.writes.delete(job.id);
    });
  }

  private prune(): void {
    const cutoff = Date.now() - 60 * 60 * 1000;
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== undefined && job.finishedAt < cutoff && !this.parked.has(id)) {
        this.jobs.delete(id);
        this.requests.delete(id);
        this.lastProgress.delete(id);
      }
  }
}
