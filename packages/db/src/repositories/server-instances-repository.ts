import type { Sql } from "../sql.js";

/** A running server as it announced itself (see migration 0009). */
export interface ServerInstance {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly storage: "filesystem" | "azure-blob";
  /** The evidence folder, or the blob account and container: never a secret. */
  readonly storageLocation: string;
  /** Its evidence folder is declared shared by every server (SPECREADY_STORAGE_SHARED). */
  readonly storageShared: boolean;
  readonly startedAt: string;
  readonly seenAt: string;
}

const INSTANCE = `id, host, pid, storage, storage_location as "storageLocation",
  storage_shared as "storageShared", started_at as "startedAt", seen_at as "seenAt"`;

/**
 * The servers running on this database, by heartbeat. Times are the database's clock, so servers whose
 * clocks disagree still agree on who is alive.
 */
export class ServerInstancesRepository {
  constructor(private readonly sql: Sql) {}

  async announce(i: Omit<ServerInstance, "startedAt" | "seenAt">): Promise<void> {
    await this.sql.query(
      `insert into server_instances (id, host, pid, storage, storage_location, storage_shared)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (id) do update set seen_at = now()`,
      [i.id, i.host, i.pid, i.storage, i.storageLocation, i.storageShared],
    );
  }

  /** Renews a server's heartbeat; false when its row is gone (removed as stale by another server). */
  async beat(id: string): Promise<boolean> {
    const rows = await this.sql.query(
      "update server_instances set seen_at = now() where id = $1 returning 1",
      [id],
    );
    return rows.length > 0;
  }

  /** The other servers heard from in the last `withinSeconds`, oldest first. */
  async othersAlive(id: string, withinSeconds: number): Promise<ServerInstance[]> {
    return this.sql.query<ServerInstance>(
      `select ${INSTANCE} from server_instances
       where id <> $1 and seen_at > now() - make_interval(secs => $2::double precision)
       order by started_at, id`,
      [id, withinSeconds],
    );
  }

  /** Forgets servers not heard from for `olderThanSeconds` (stopped without saying so). */
  async removeStale(olderThanSeconds: number): Promise<number> {
    const rows = await this.sql.query(
      "delete from server_instances where seen_at <= now() - make_interval(secs => $1::double precision) returning 1",
      [olderThanSeconds],
    );
    return rows.length;
  }

  async remove(id: string): Promise<void> {
    await this.sql.query("delete from server_instances where id = $1", [id]);
  }
}
