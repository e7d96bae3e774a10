import type { Sql } from "../sql.js";

/** Who did something: a signed-in person, a script with an API token, or specready itself. */
export interface Actor {
  readonly kind: "user" | "token" | "system";
  readonly id: string | null;
  readonly name: string;
}

export interface ActivityEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: Actor;
  readonly action: string;
  readonly summary: string;
  readonly details: Record<string, unknown>;
}

export interface ActivityFilter {
  readonly action?: string | undefined;
  /** Part of the actor's name, case-insensitive. */
  readonly actor?: string | undefined;
  /** Inclusive calendar dates (UTC). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Entries older than this id (the cursor of the previous page). */
  readonly before?: number | undefined;
  readonly limit: number;
}

export class ActivityRepository {
  constructor(private readonly sql: Sql) {}

  async record(
    orgId: string,
    actor: Actor,
    action: string,
    summary: string,
    details: Record<string, unknown> = {},
    /** The version of the action's details (typed events, see the server's activity events). */
    eventVersion: number | null = null,
  ): Promise<void> {
    await this.sql.query(
      `insert into activity (org_id, actor_kind, actor_id, actor_name, action, summary, details, event_version)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [orgId, actor.kind, actor.id, actor.name, action, summary, details, eventVersion],
    );
  }

  /** Newest first, one page; `next` is the cursor of the following page. */
  async list(orgId: string, f: ActivityFilter): Promise<{ entries: ActivityEntry[]; next: number | null }> {
    const where = ["org_id = $1"];
    const params: (string | number)[] = [orgId];
    const add = (clause: string, value: string | number) => {
      params.push(value);
      where.push(clause.replace("?", `$${params.length}`));
    };
    if (f.action) add("action = ?", f.action);
    if (f.actor) add("actor_name ilike ?", `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (f.from) add("at >= ?::date", f.from);
    if (f.to) add("at < (?::date + 1)", f.to);
    if (f.before !== undefined) add("id < ?", f.before);
    params.push(f.limit + 1);
    const rows = await this.sql.query<{
      id: number;
      at: string;
      actorKind: Actor["kind"];
      actorId: string | null;
      actorName: string;
      action: string;
      summary: string;
      details: Record<string, unknown>;
    }>(
      `select id, at, actor_kind as "actorKind", actor_id as "actorId", actor_name as "actorName", action, summary, details
       from activity where ${where.join(" and ")} order by id desc limit $${params.length}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    return {
      entries: page.map((r) => ({
        id: r.id,
        at: r.at,
        actor: { kind: r.actorKind, id: r.actorId, name: r.actorName },
        action: r.action,
        summary: r.summary,
        details: r.details,
      })),
      next: rows.length > f.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  /** The distinct actions an organization's log holds (for the filter). */
  async actions(orgId: string): Promise<string[]> {
    const rows = await this.sql.query<{ action: string }>(
      "select distinct action from activity where org_id = $1 order by action",
      [orgId],
    );
    return rows.map((r) => r.action);
  }
}
