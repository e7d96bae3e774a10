/*
 * The embedded PGlite, on a worker thread of its own: the server's request thread sends it statements
 * and gets rows back, so the database's CPU (a large insert, a migration, the first start's initdb)
 * never holds up the requests in between. Started by `openPgliteWorker` (pglite-client.ts).
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { QueryRows, WorkerReply, WorkerRequest, WorkerStart } from "./pglite-protocol.js";
import { parsers } from "./type-parsers.js";

const JSON_TYPE = 114;
const JSONB_TYPE = 3802;

/**
 * json and jsonb values stay text here: posted to the server's thread, a string is copied at once,
 * where an object graph parsed here is serialized and rebuilt there value by value (a 1,000,000-row
 * usage import's 15 month summaries, 5.5 MB of JSON: 70-120 ms of this thread, against 5 ms). The
 * server's thread parses them, as `pg` does.
 */
const textParsers = { ...parsers, [JSON_TYPE]: (text: string) => text, [JSONB_TYPE]: (text: string) => text };

if (parentPort === null) throw new Error("pglite-worker runs as a worker thread only");
const port = parentPort;
const start = workerData as WorkerStart;

const reply = (message: WorkerReply) => port.postMessage(message);
const failure = (id: number, error: unknown): WorkerReply => {
  const e = error instanceof Error ? error : new Error(String(error));
  // What database-errors.ts and the messages read: SQLSTATE, constraint, detail.
  const fields: Record<string, unknown> = {};
  for (const key of ["code", "constraint", "detail", "hint", "table", "column", "schema", "severity"]) {
    const value = (e as unknown as Record<string, unknown>)[key];
    if (typeof value === "string") fields[key] = value;
  }
  return { id, ok: false, error: { name: e.name, message: e.message, stack: e.stack, fields } };
};

/** A transaction in progress: its statements arrive one by one and run in order on its handle. */
interface OpenTransaction {
  readonly pending: WorkerRequest[];
  wake: (() => void) | undefined;
}
const transactions = new Map<number, OpenTransaction>();
let nextTransaction = 1;

/** Thrown out of PGlite's transaction callback to roll it back. */
class Rollback extends Error {}

async function run(db: PGlite | Transaction, request: WorkerRequest): Promise<unknown> {
  if (request.op === "query") {
    const result = await db.query<Record<string, unknown>>(request.text, request.params as unknown[]);
    // By name, as rows are: a name that also names a column of another type is left as it is read.
    const isJson = (f: { dataTypeID: number }) => f.dataTypeID === JSON_TYPE || f.dataTypeID === JSONB_TYPE;
    const other = new Set(result.fields.filter((f) => !isJson(f)).map((f) => f.name));
    const json = [...new Set(result.fields.filter(isJson).map((f) => f.name))].filter((n) => !other.has(n));
    return (json.length > 0 ? { rows: result.rows, json } : { rows: result.rows }) satisfies QueryRows;
  }
  if (request.op === "exec") {
    await db.exec(request.script);
    return null;
  }
  throw new Error(`unexpected request ${request.op}`);
}

async function transaction(db: PGlite, beginId: number): Promise<void> {
  const txId = nextTransaction++;
  const open: OpenTransaction = { pending: [], wake: undefined };
  let end: WorkerRequest | undefined;
  try {
    await db.transaction(async (tx) => {
      // PGlite's transaction holds the connection: every other statement waits until it ends.
      transactions.set(txId, open);
      reply({ id: beginId, ok: true, value: txId });
      for (;;) {
        const request = open.pending.shift();
        if (request === undefined) {
          await new Promise<void>((resolve) => {
            open.wake = resolve;
          });
          open.wake = undefined;
          continue;
        }
        if (request.op === "commit") {
          end = request;
          return;
        }
        if (request.op === "rollback") {
          end = request;
          throw new Rollback();
        }
        try {
          reply({ id: request.id, ok: true, value: await run(tx, request) });
        } catch (error) {
          reply(failure(request.id, error));
        }
      }
    });
    if (end !== undefined) reply({ id: end.id, ok: true, value: null });
  } catch (error) {
    if (end !== undefined)
      reply(error instanceof Rollback ? { id: end.id, ok: true, value: null } : failure(end.id, error));
    else reply(failure(beginId, error));
  } finally {
    transactions.delete(txId);
  }
}

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = new PGlite({
      dataDir: start.dataDir,
      loadDataDir:
        start.load === undefined ? undefined : new File([await readFile(start.load)], basename(start.load)),
      parsers: textParsers,
      startParams: [...PGlite.defaultStartParams, ...start.settings.flatMap((s) => ["-c", s])],
    });
    await db.waitReady;
    if (start.createOnly === true) await db.close();
    else await db.exec("set time zone 'UTC'");
  } catch (error) {
    reply(failure(0, error));
    return;
  }
  reply({ id: 0, ok: true, value: null });
  port.on("message", (request: WorkerRequest) => {
    if (request.tx !== undefined) {
      const open = transactions.get(request.tx);
      if (open === undefined) {
        reply(failure(request.id, new Error("the transaction has ended")));
        return;
      }
      open.pending.push(request);
      open.wake?.();
      return;
    }
    if (request.op === "begin") {
      void transaction(db, request.id);
      return;
    }
    if (request.op === "ping") {
      // Answered by the database's thread between statements, without waiting for the connection: a
      // long transaction (an import's) does not make the server look down to its health checks.
      reply({ id: request.id, ok: true, value: !db.closed });
      return;
    }
    if (request.op === "close") {
      db.close().then(
        () => reply({ id: request.id, ok: true, value: null }),
        (error: unknown) => reply(failure(request.id, error)),
      );
      return;
    }
    run(db, request).then(
      (value) => reply({ id: request.id, ok: true, value }),
      (error: unknown) => reply(failure(request.id, error)),
    );
  });
}

void main();
