import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { type Database, repositories, type ServerInstance } from "@specready/db";
import type { ServerConfig } from "../config/server-config.js";
import type { EvidenceStore } from "../storage/evidence-store.js";

/** How often a running server renews its row in `server_instances`. */
export const HEARTBEAT_MS = 10_000;
/** A server not heard from for this long is taken to be gone (three heartbeats missed). */
export const ALIVE_SECONDS = 30;
/** Rows of servers gone this long are removed by the next server that starts or beats. */
const FORGET_SECONDS = 24 * 60 * 60;

const HOST = hostname().slice(0, 200);

/** Another server on this database makes this one's storage unsafe: the reasons, for the operator. */
export class StorageNotSharedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorageNotSharedError";
  }
}

export interface InstanceRegistration {
  readonly id: string;
  /** Stops the heartbeat and removes this server's row and mark. */
  leave(): Promise<void>;
}

/**
 * Joins the servers running on this PostgreSQL database: checks that evidence and uploads are in a
 * store every one of them reaches, then announces this server and keeps its heartbeat. Refused
 * (StorageNotSharedError, saying what to set) when this server or a live other keeps files in its own
 * data directory, or when they use different stores. Checked under a lock every server honours, so two
 * starting at once cannot both pass.
 *
 * A data directory declared shared (SPECREADY_STORAGE_SHARED) is verified: each server leaves a mark in
 * `<dataDir>/instances/` and one starting must see the marks of the others, or their folders differ.
 */
export async function joinServerInstances(
  db: Database,
  id: string,
  config: Pick<ServerConfig, "dataDir" | "storageShared">,
  store: Pick<EvidenceStore, "kind" | "location">,
  /** Where this server runs (tests give several servers of one process each a host of its own). */
  self: { readonly host: string; readonly pid: number } = { host: HOST, pid: process.pid },
): Promise<InstanceRegistration> {
  const me = {
    id,
    host: self.host,
    pid: self.pid,
    storage: store.kind,
    storageLocation: store.location,
    storageShared: store.kind === "filesystem" && config.storageShared,
  } as const;
  const marks = join(config.dataDir, "instances");
  if (me.storageShared) {
    await mkdir(marks, { recursive: true, mode: 0o700 });
    await writeFile(join(marks, id), `${self.host} ${self.pid}\n`, { mode: 0o600 });
  }
  try {
    await db.withLock("specready.server-instances", async () => {
      const r = repositories(db).serverInstances;
      await r.removeStale(FORGET_SECONDS);
      const others = (await r.othersAlive(id, ALIVE_SECONDS)).filter((o) => !isPredecessor(o, self));
      const seen = me.storageShared ? new Set(await readdir(marks).catch(() => [])) : new Set<string>();
      const problem = storageConflict(me, others, seen, marks);
      if (problem !== undefined) throw new StorageNotSharedError(problem);
      await r.announce(me);
    });
  } catch (error) {
    if (me.storageShared) await rm(join(marks, id), { force: true });
    throw error;
  }
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beating = (async () => {
      const r = repositories(db).serverInstances;
      // Gone when this process was paused past the others' patience and a starting server forgot it.
      if (!(await r.beat(id))) await r.announce(me);
    })().catch(() => {});
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    id,
    async leave() {
      clearInterval(timer);
      await beating;
      await repositories(db)
        .serverInstances.remove(id)
        .catch(() => {});
      if (me.storageShared) await rm(join(marks, id), { force: true });
    },
  };
}

/**
 * A row this machine's earlier process left when it was killed: same host, and a pid that no longer
 * runs or is this very one (a restarted container gets the pid its predecessor had).
 */
function isPredecessor(other: ServerInstance, self: { host: string; pid: number }): boolean {
  if (other.host !== self.host) return false;
  if (other.pid === self.pid) return true;
  try {
    process.kill(other.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function describe(o: Pick<ServerInstance, "host" | "pid" | "storage" | "storageLocation">): string {
  return `the server on ${o.host} (pid ${o.pid}), ${o.storage === "filesystem" ? "with evidence in its folder" : "with evidence in Azure Blob Storage"} ${o.storageLocation}`;
}

const HOW =
  "Several servers on one database need one store they all reach: set AZURE_STORAGE_CONNECTION_STRING " +
  "(and SPECREADY_EVIDENCE_CONTAINER) to the same Azure Blob Storage container on every server, or mount one " +
  "folder on every server as SPECREADY_DATA_DIR and set SPECREADY_STORAGE_SHARED=1 on each. See the README, " +
  '"Running several instances".';

/** Why this server cannot run beside the live others, or undefined when it can. */
export function storageConflict(
  me: Pick<ServerInstance, "host" | "pid" | "storage" | "storageLocation" | "storageShared">,
  others: readonly ServerInstance[],
  marksSeen: ReadonlySet<string>,
  marksDir: string,
): string | undefined {
  if (others.length === 0) return undefined;
  const other = others[0] as ServerInstance;
  const since = `running since ${other.startedAt}`;
  if (me.storage === "filesystem" && !me.storageShared)
    return `another specready server uses this database: ${describe(other)} (${since}). This server would keep evidence files and uploads in its own folder ${me.storageLocation}, where the other cannot read them (evidence would be "missing" there and binders incomplete). ${HOW}`;
  for (const o of others) {
    if (o.storage === "filesystem" && !o.storageShared)
      return `another specready server uses this database and keeps evidence files in its own folder: ${describe(o)}, not declared shared. Stop it, or restart it with shared storage. ${HOW}`;
    if (o.storage !== me.storage || o.storageLocation !== me.storageLocation) {
      if (o.storage === "filesystem" && me.storage === "filesystem") {
        // Folders are named as each server mounts them: the marks tell whether they are one.
        if (!marksSeen.has(o.id))
          return `SPECREADY_STORAGE_SHARED=1 is set, but ${describe(o)} is not keeping its files in the same folder: its mark is not in ${marksDir} here. Mount the same share as SPECREADY_DATA_DIR on every server. ${HOW}`;
        continue;
      }
      return `another specready server uses this database with another store: ${describe(o)}, while this one would use ${me.storage === "filesystem" ? "its folder" : "Azure Blob Storage"} ${me.storageLocation}. Evidence stored by one would be missing on the other. ${HOW}`;
    }
    if (o.storage === "filesystem" && !marksSeen.has(o.id))
      return `SPECREADY_STORAGE_SHARED=1 is set, but ${describe(o)} does not share this folder: its mark is not in ${marksDir} here (the folders have the same name but are not one share). ${HOW}`;
  }
  return undefined;
}

/** The servers heard from lately on this database, this one included. */
export async function aliveServerIds(db: Database, me: string): Promise<string[]> {
  const others = await repositories(db).serverInstances.othersAlive(me, ALIVE_SECONDS);
  return [me, ...others.map((o) => o.id)];
}
