import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { DEFAULT_SPECIALIZATION, type Program } from "@specready/core";
import { type Database, migrate, openDatabase, repositories } from "@specready/db";
import { loadInstalledPrograms } from "@specready/ingest";
import { createApp } from "./app.js";
import type { ServerConfig } from "./config/server-config.js";
import { serverOptions } from "./http/idle-bodies.js";
import { type AppContext, createAppContext } from "./services/app-context.js";
import { demoLogin, seedDemo } from "./services/demo-service.js";
import { removeStaleUploads, settleAbandonedImports } from "./services/import-service.js";
import { startReminderScheduler } from "./services/reminders/reminder-scheduler.js";
import {
  aliveServerIds,
  type InstanceRegistration,
  joinServerInstances,
} from "./services/server-instances.js";
import { checkEvidenceStorage } from "./services/storage-check-service.js";
import { DIR_MODE, secureDataDir } from "./storage/data-dir-modes.js";
import { FilesystemEvidenceStore } from "./storage/filesystem-store.js";
import { removeAbandonedPartials } from "./storage/partial-files.js";

export const DEFAULT_PROGRAM = "ai-ml-azure-fy24";

/** Opens the configured database (PGlite under the data directory unless DATABASE_URL is set) and migrates it. */
export async function openWorkspaceDatabase(
  config: Pick<ServerConfig, "databaseUrl" | "dataDir"> & Partial<Pick<ServerConfig, "databasePoolSize">>,
): Promise<Database> {
  await mkdir(config.dataDir, { recursive: true, mode: DIR_MODE });
  const db = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, "db"),
    poolSize: config.databasePoolSize,
  });
  try {
    await migrate(db);
    // After the embedded database has made its files: they, and anything older, become owner-only.
    await secureDataDir(config.dataDir);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export async function loadWorkspacePrograms(
  programsDir: string | undefined,
): Promise<{ programs: readonly Program[]; program: Program; allPrograms: readonly Program[] }> {
  const loaded = await loadInstalledPrograms(programsDir);
  if (!loaded.ok) {
    throw new Error(
      `the program definitions are broken:\n${loaded.problems.map((p) => `  ${p.file}, at ${p.path}: ${p.message}`).join("\n")}`,
    );
  }
  // The AI Platform's versions are the ones the program settings choose among (by date, or pinned); the
  // versions of the other specializations are evaluated for an organization that pursues them
  // (services/specializations), each from the per-month sums its sub-rules keep at import time.
  const programs = loaded.programs.filter((p) => p.specialization === DEFAULT_SPECIALIZATION);
  const program = programs.find((p) => p.id === DEFAULT_PROGRAM) ?? programs[0];
  if (program === undefined) throw new Error("no program definition is installed");
  return { programs, program, allPrograms: loaded.programs };
}

/**
 * Evidence files a crash left half-written in the filesystem store (an upload in progress writes all
 * the time, so an hour without a write means its writer is gone). Azure keeps uncommitted blocks
 * outside any blob and drops them itself.
 */
async function removeStaleEvidencePartials(ctx: AppContext, startup = false): Promise<void> {
  const store = ctx.evidenceStore;
  if (store instanceof FilesystemEvidenceStore)
    await store.removeStalePartials(60 * 60 * 1000, ctx.now(), { startup });
}

/**
 * What a killed process left behind: uploads and evidence files half received, and temporary folders
 * (the demo's files while it loads). A server starting removes those of every earlier process of this
 * machine at once; another server still running on the same data directory keeps its own.
 */
async function removeCrashLeftovers(ctx: AppContext): Promise<void> {
  await removeStaleUploads(ctx, { startup: true });
  await removeStaleEvidencePartials(ctx, true);
  await removeAbandonedPartials(join(ctx.config.dataDir, "tmp"), {
    startup: true,
    olderThanMs: 24 * 60 * 60 * 1000,
    now: ctx.now(),
  });
}

export interface RunningServer {
  readonly url: string;
  readonly ctx: AppContext;
  readonly demo: { email: string; password: string } | undefined;
  close(): Promise<void>;
}

/** Starts the workspace: database, migrations, the demo when asked and empty, then HTTP. */
export async function startServer(
  config: ServerConfig,
  options: { now?: () => Date } = {},
): Promise<RunningServer> {
  const db = await openWorkspaceDatabase(config);
  const { programs, program, allPrograms } = await loadWorkspacePrograms(config.programsDir);
  const ctx = createAppContext({ db, config, programs, program, allPrograms, now: options.now });
  // On a PostgreSQL server other servers may share the database: evidence and uploads must then be in
  // a store all of them reach, or this one refuses to start (the embedded database is one process's).
  let instance: InstanceRegistration | undefined;
  if (config.databaseUrl !== undefined) {
    try {
      instance = await joinServerInstances(db, ctx.serverId, config, ctx.evidenceStore);
    } catch (error) {
      await ctx.readers.close();
      await db.close();
      throw error;
    }
  }
  await removeCrashLeftovers(ctx);
  // Import jobs whose server stopped mid-way: failed, so nobody waits for them. On the embedded database
  // every earlier server is gone; on a PostgreSQL server, those without a heartbeat.
  const settleImports = () =>
    (instance === undefined ? Promise.resolve([ctx.serverId]) : aliveServerIds(db, ctx.serverId)).then(
      (alive) => settleAbandonedImports(ctx, alive),
    );
  await settleImports();
  const importsSweep = setInterval(() => void settleImports().catch(() => {}), 60 * 1000);
  importsSweep.unref();
  let demo: RunningServer["demo"];
  // Under a lock every server on this database honours: two starting at once on an empty database
  // would both find it empty and both seed it.
  if (config.demo)
    demo = (await db.withLock("specready.demo-seed", () => seedDemo(ctx))) ?? (await demoLogin(ctx));
  // Hourly: uploads never imported, orphan files, and sessions past their expiry.
  const sweep = setInterval(
    () => {
      void removeStaleUploads(ctx).catch(() => {});
      void removeStaleEvidencePartials(ctx).catch(() => {});
      void repositories(db)
        .sessions.deleteExpired()
        .catch(() => {});
      void repositories(db)
        .accountSecurity.deleteExpired()
        .catch(() => {});
    },
    60 * 60 * 1000,
  );
  sweep.unref();
  // Every six hours (and a minute after start): evidence files without a row, rows without a file.
  // Reported, not deleted: `specready storage check --remove-orphans` removes them.
  const checkStorage = () =>
    void checkEvidenceStorage(db, ctx.evidenceStore, ctx.now(), { remove: false })
      .then((r) => {
        if (r.orphans.length > 0 || r.missing.length > 0)
          console.error(
            `specready: evidence storage check: ${r.orphans.length} orphan file(s), ${r.missing.length} missing file(s); run \`specready storage check\` for the list.`,
          );
      })
      .catch((error: unknown) =>
        console.error(`specready: evidence storage check failed: ${(error as Error).message}`),
      );
  const firstCheck = setTimeout(checkStorage, 60 * 1000);
  firstCheck.unref();
  const storageSweep = setInterval(checkStorage, 6 * 60 * 60 * 1000);
  storageSweep.unref();
  // Reminders and digests: queued and sent every SPECREADY_REMINDERS_INTERVAL_SECONDS (services/reminders).
  const reminders = startReminderScheduler(ctx);
  const { app } = createApp(ctx);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions }, () =>
      resolve(s),
    );
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  ctx.listening.url = url;
  return {
    url,
    ctx,
    demo,
    async close() {
      clearInterval(sweep);
      clearInterval(importsSweep);
      clearInterval(storageSweep);
      clearTimeout(firstCheck);
      try {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await reminders.stop();
        // Running imports finish their transaction (or fail) before the database closes.
        const deadline = Date.now() + 30_000;
        while (ctx.jobs.running().length > 0 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        await ctx.readers.close();
        await ctx.passwords.close();
        ctx.mailer?.close();
        await ctx.jobs.flush();
        await instance?.leave();
        await db.close();
      } finally {
        // What the security log holds (buffered lines, counts of held ones) is written whatever failed.
        await ctx.securityLog.flush();
      }
    },
  };
}
