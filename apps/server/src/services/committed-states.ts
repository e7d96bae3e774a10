import type { CalendarDate, Evaluation, UsageSummary } from "@specready/core";

/*
 * What the last import of an organization left, kept a while for the next one. An import's commit
 * starts from the readiness before it and the usage summaries in effect; right after an import those are
 * exactly what that import evaluated after itself, in its transaction. Kept here, the next import of the
 * organization (a partner imports one export after another) does not read and evaluate again the months
 * in effect, megabytes of JSON, on the cores its file is being read with.
 *
 * An entry is used only while the organization's data version is the one the import left (every change
 * of what readiness reads bumps it, on whichever server: `mutate`), on the same day, for the same
 * program: otherwise the commit reads as before. Entries hold usage summaries (10.4 MB of heap for the
 * 15 months of the bench's 1,000,000-row export, measured): there are at most
 * `COMMITTED_STATES.organizations`, each dropped after `COMMITTED_STATES.keepMs`.
 */

export const COMMITTED_STATES = {
  organizations: 4,
  keepMs: 10 * 60 * 1000,
} as const;

/** The readiness an organization's data evaluates to at a data version, and the usage in effect. */
export interface CommittedState {
  readonly dataVersion: number;
  readonly today: CalendarDate;
  readonly programId: string;
  readonly evaluation: Evaluation;
  /** The usage summaries in effect by month (undefined for a program whose inputs are sub-rule sums). */
  readonly usageInEffect: ReadonlyMap<string, UsageSummary> | undefined;
}

export class CommittedStates {
  private readonly entries = new Map<string, { state: CommittedState; timer: NodeJS.Timeout }>();

  constructor(
    private readonly most: number = COMMITTED_STATES.organizations,
    private readonly keepMs: number = COMMITTED_STATES.keepMs,
  ) {}

  /** Keeps what an organization's import left (replacing what an earlier one left). */
  remember(orgId: string, state: CommittedState): void {
    this.forget(orgId);
    const timer = setTimeout(() => this.forget(orgId), this.keepMs);
    timer.unref();
    this.entries.set(orgId, { state, timer });
    while (this.entries.size > this.most) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
  }

  /** What was kept for the organization, if it is still its data at `dataVersion`, on `today`, of `programId`. */
  find(
    orgId: string,
    dataVersion: number,
    today: CalendarDate,
    programId: string,
  ): CommittedState | undefined {
    const state = this.entries.get(orgId)?.state;
    if (state === undefined) return undefined;
    if (state.dataVersion !== dataVersion || state.today !== today || state.programId !== programId) {
      // The organization changed since (or the day did): this entry can never match again.
      if (state.dataVersion < dataVersion || state.today !== today) this.forget(orgId);
      return undefined;
    }
    return state;
  }

  forget(orgId: string): void {
    const entry = this.entries.get(orgId);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.entries.delete(orgId);
  }

  /** How many organizations have an entry (tests). */
  get size(): number {
    return this.entries.size;
  }
}
