import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm, rmdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { shippedEmptyDatabase, unpackDataDir } from "./empty-database.js";
import type { QueryRows, WorkerReply, WorkerRequest, WorkerStart } from "./pglite-protocol.js";
import type { Database, Sql } from "./sql.js";
import { toParam } from "./to-param.js";

/*
 * The embedded PGlite runs on a worker thread (pglite-worker.ts) and this is its `Database` on the
 * server's thread: each statement is a message, its rows the answer. PGlite executes SQL synchronously
 * inside WebAssembly; on the request thread a 50,000-row insert froze every request for seconds. On a
 * worker only the statement's own caller waits.
 */

/**
 * PostgreSQL settings of the embedded database. shared_buffers is PostgreSQL's page cache: at the
 * default 128 MB, PGlite's WebAssembly memory grows to 190 MB and stays there (a WebAssembly memory
 * never shrinks). 16 MB is plenty for one organization's workspace (the data of a 1,000,000-row usage
 * import is a few hundred KB of monthly summaries) and the operating system caches the files anyway.
 */
export const PGLITE_SETTINGS: readonly string[] = ["shared_buffers=16MB"];

// Run from TypeScript sources (the tests), the worker loads the sources the way the tests do: `.js`
// imports resolved to `.ts` files, types removed by Node.
const SOURCE_HOOKS = `
import { registerHooks } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
      const ts = new URL(specifier.slice(0, -3) + ".ts", context.parentURL);
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context);
    }
    return next(specifier, context);
  },
});
`;
const COMPILED = new URL("./pglite-worker.js", import.meta.url);
const SOURCE = new URL("./pglite-worker.ts", import.meta.url);

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** An error from the worker, with the fields `pg` errors carry (`code`, `constraint`, `detail`…). */
function revive(error: Extract<WorkerReply, { ok: false }>["error"]): Error {
  const e = new Error(error.message);
  e.name = error.name;
  // The stack of the caller here, then the worker's: both tell where it went wrong.
  e.stack = `${e.stack ?? ""}\n    at (PGlite worker) ${error.stack ?? ""}`;
  Object.assign(e, error.fields);
  return e;
}

/**
 * Starts PGlite on a worker thread on `dataDir` (undefined: in memory) and opens it, creating the data
 * directory first when it holds no database yet (see createPgliteDataDir).
 */
export async function openPgliteWorker(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined && !existsSync(join(dataDir, "PG_VERSION"))) await createPgliteDataDir(dataDir);
  // In memory (the tests), the shipped empty database too: PGlite loads it instead of running initdb.
  const load = dataDir === undefined ? shippedEmptyDatabase() : undefined;
  const worker = await startWorker({ dataDir, settings: PGLITE_SETTINGS, load }).catch((error: unknown) => {
    if (load === undefined) throw error;
    return startWorker({ dataDir, settings: PGLITE_SETTINGS });
  });
  return pgliteDatabase(worker, dataDir);
}

/**
 * Creates PGlite's data directory `dataDir`, from the empty database shipped with the package
 * (empty-database.ts) when it was made by the installed PGlite, else with initdb. initdb runs a second
 * PostgreSQL instance: it runs on a thread of its own that then ends, which returns that memory at
 * once (about 170 MB that would otherwise stay until the thread's garbage collector got round to it).
 *
 * The directory is made beside its place (`<dataDir>.creating-<pid>`) and renamed into it when whole:
 * a process killed mid-way leaves no folder that a later start would open as a database (a start
 * tells one by its PG_VERSION, which unpacking writes first and initdb near its end). What such a
 * process left is removed here. An existing `dataDir` must be empty: files without a database are not
 * removed.
 */
export async function createPgliteDataDir(
  dataDir: string,
  options: { from?: string | undefined } = { from: shippedEmptyDatabase() },
): Promise<void> {
  const target = resolve(dataDir);
  const existing = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined && existing.length > 0)
    throw new Error(
      `the database folder ${target} holds files but no database (no PG_VERSION): an earlier start was stopped while creating it, or it is not a database folder. Move it away and start again`,
    );
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  await removeAbandonedCreations(parent, `${basename(target)}.creating-`);
  const partial = `${target}.creating-${process.pid}`;
  try {
    if (options.from !== undefined) {
      try {
        await unpackDataDir(options.from, partial);
      } catch {
        // A damaged archive: initdb makes the same files.
        await rm(partial, { recursive: true, force: true });
        await initdb(partial);
      }
    } else await initdb(partial);
    // Over the empty folder, if there is one (rename replaces an empty folder, except on Windows).
    if (existing !== undefined) await rmdir(target);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** initdb, on a thread that ends afterwards (see createPgliteDataDir). */
async function initdb(dataDir: string): Promise<void> {
  const creator = await startWorker({ dataDir, settings: PGLITE_SETTINGS, createOnly: true });
  await creator.terminate();
}

/** Folders `<prefix><pid>` in `dir` whose process is gone (or is this one: a pid reused). */
async function removeAbandonedCreations(dir: string, prefix: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    let gone = pid === process.pid;
    if (!gone)
      try {
        process.kill(pid, 0);
      } catch (error) {
        gone = (error as NodeJS.ErrnoException).code === "ESRCH";
      }
    if (gone) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** A worker thread running pglite-worker.ts, once its database has started. */
async function startWorker(start: WorkerStart): Promise<Worker> {
  const compiled = existsSync(fileURLToPath(COMPILED));
  const worker = new Worker(compiled ? COMPILED : SOURCE, {
    workerData: start,
    execArgv: compiled
      ? []
      : [
          "--disable-warning=ExperimentalWarning",
          "--import",
          `data:text/javascript,${encodeURIComponent(SOURCE_HOOKS)}`,
        ],
    // Not the server's stdin; what PGlite prints goes where the server's output goes.
    stdin: false,
  });
  const listeners: [string, Parameters<Worker["once"]>[1]][] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      listeners.push(
        ["message", (message: WorkerReply) => (message.ok ? resolve() : reject(revive(message.error)))],
        ["error", reject],
        ["exit", (code: number) => reject(new Error(`the embedded database stopped (exit code ${code})`))],
      );
      for (const [event, listener] of listeners) worker.once(event, listener);
    });
  } catch (error) {
    await worker.terminate();
    throw error;
  } finally {
    // Only these: the worker has listeners of its own (a message listener starts its port).
    for (const [event, listener] of listeners) worker.off(event, listener);
  }
  return worker;
}

/** The `Database` of a started worker. */
function pgliteDatabase(worker: Worker, dataDir: string | undefined): Database {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let gone: Error | undefined;
  worker.on("message", (message: WorkerReply) => {
    const p = pending.get(message.id);
    if (p === undefined) return;
    pending.delete(message.id);
    if (message.ok) p.resolve(message.value);
    else p.reject(revive(message.error));
  });
  const fail = (error: Error) => {
    gone ??= error;
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  worker.on("error", (error) => fail(new Error(`the embedded database stopped: ${error.message}`)));
  worker.on("exit", (code) => fail(new Error(`the embedded database stopped (exit code ${code})`)));

  type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;
  function call(request: Request): Promise<unknown> {
    if (gone !== undefined) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  // Statements of a transaction carry its id; they run in order on its handle in the worker, while
  // every other statement waits for the transaction to end (PGlite is one connection).
  const wrap = (tx: number | undefined): Sql => ({
    async query(text, params = []) {
      const { rows, json } = (await call({
        op: "query",
        text,
        params: params.map(toParam),
        tx,
      })) as QueryRows;
      if (json !== undefined)
        for (const row of rows)
          for (const name of json) {
            const value = row[name];
            if (typeof value === "string") row[name] = JSON.parse(value);
          }
      return rows as never;
    },
    async exec(script) {
      await call({ op: "exec", script, tx });
    },
    async transaction(work) {
      if (tx !== undefined) return work(this);
      const id = (await call({ op: "begin" })) as number;
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(wrap(id));
      } catch (error) {
        await call({ op: "rollback", tx: id }).catch(() => {});
        throw error;
      }
      await call({ op: "commit", tx: id });
      return result;
    },
  });
  const sql = wrap(undefined);
  const locks = new Map<string, Promise<unknown>>();
  let closing: Promise<void> | undefined;
  return {
    ...sql,
    kind: "pglite",
    location: dataDir ?? "memory",
    async withLock(name, work) {
      const before = locks.get(name) ?? Promise.resolve();
      const run = before.then(work, work);
      const settled = run.catch(() => {});
      locks.set(name, settled);
      try {
        return await run;
      } finally {
        if (locks.get(name) === settled) locks.delete(name);
      }
    },
    async ping() {
      try {
        return (await call({ op: "ping" })) === true;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= (async () => {
        try {
          if (gone === undefined) await call({ op: "close" });
        } finally {
          gone ??= new Error("the database is closed");
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}
