import { type Actor, type Repositories, type Role, repositories, type Sql } from "@specready/db";
import type { AppContext } from "../app-context.js";
import { type ActivityEvent, parseActivityEvent } from "./activity-events.js";
import { attempt, fail, type Result } from "./domain-error.js";

/**
 * Who changes an organization's data, and which organization; with the role they were authorized with
 * and their account, checked again once the organization is locked.
 */
export interface MutationActor {
  readonly orgId: string;
  readonly actor: Actor;
  readonly role?: Role | undefined;
  readonly userId?: string | null | undefined;
}

/** What a command's work may do inside its transaction. */
export interface MutationScope {
  /** The command's transaction. */
  readonly tx: Sql;
  /** The repositories over it. */
  readonly r: Repositories;
  /** What changed, in the activity log; written when the work is done, in the same transaction. */
  record(event: ActivityEvent): void;
  /**
   * Work once the change is committed (removing the files of deleted revisions), told the data version
   * the change left (undefined when it recorded no event, so changed nothing).
   */
  afterCommit(work: (committed: CommittedChange) => Promise<void>): void;
}

/** What `afterCommit` work is told of the committed change. */
export interface CommittedChange {
  /** The organization's data version after the change; undefined when nothing was changed. */
  readonly dataVersion: number | undefined;
}

/**
 * The one way an organization's data changes. In one transaction, `work` runs with the organization
 * locked (changes of one organization apply one after the other, so none reads what another is about
 * to overwrite), then the activity events it recorded are written and the organization's data version
 * goes up (what every instance's caches compare against); a command that recorded no event changed
 * nothing. Every instance reads the data version, the session and the token on each request, so the
 * change is seen everywhere from the next request on; there is no cache to clear. A `Failure` thrown by `work` rolls everything back and is the
 * command's error; anything else thrown is a fault and propagates.
 */
export async function mutate<T>(
  ctx: AppContext,
  who: MutationActor,
  work: (scope: MutationScope) => Promise<T>,
): Promise<Result<T>> {
  const after: ((committed: CommittedChange) => Promise<void>)[] = [];
  let dataVersion: number | undefined;
  const result = await attempt(() =>
    ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const events: ActivityEvent[] = [];
      if ((await r.versions.lockOrganization(who.orgId)) === null)
        throw new Error(`mutate: organization ${who.orgId} does not exist`);
      // The request was authorized before the lock: a role changed (or a membership ended) meanwhile,
      // by a change that committed first, is the role this change is made with.
      if (who.role !== undefined && who.userId !== undefined && who.userId !== null) {
        const now = await r.users.roleIn(who.orgId, who.userId);
        if (now !== who.role)
          fail({
            code: "refused",
            reason: "auth.forbidden",
            message: `Your role in this organization changed while this was being done (now: ${now === undefined ? "not a member" : now.replace("_", " ")}); nothing was changed. Reload the page.`,
          });
      }
      const value = await work({
        tx,
        r,
        record: (event) => events.push(event),
        afterCommit: (task) => after.push(task),
      });
      // A command that found nothing to change (a role set to what it was) records nothing.
      if (events.length === 0) return value;
      for (const event of events) {
        const e = parseActivityEvent(event);
        await r.activity.record(who.orgId, who.actor, e.action, e.summary, e.details, e.v);
      }
      dataVersion = await r.organizations.bumpDataVersion(who.orgId);
      return value;
    }),
  );
  if (!result.ok) return result;
  for (const task of after) await task({ dataVersion });
  return result;
}

/**
 * Records an event that changes no data (a download, a binder produced): written at once, through the
 * same typed events as every change.
 */
export async function recordActivity(
  ctx: AppContext,
  who: MutationActor,
  event: ActivityEvent,
): Promise<void> {
  const e = parseActivityEvent(event);
  await repositories(ctx.db).activity.record(who.orgId, who.actor, e.action, e.summary, e.details, e.v);
}
