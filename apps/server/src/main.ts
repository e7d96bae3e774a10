import { fileURLToPath } from "node:url";
import { repositories } from "@specready/db";
import { lockDataDir } from "./commands/data-dir-lock.js";
import { parseServerConfig } from "./config/server-config.js";
import { startServer } from "./server.js";
import { restrictNewFileModes } from "./storage/data-dir-modes.js";

/** `npm start` / `specready serve`: parses the environment once, starts, prints where to go. */
export async function runServer(env: Record<string, string | undefined> = process.env): Promise<number> {
  const parsed = parseServerConfig(env, {
    webDir: fileURLToPath(new URL("../../web/dist/", import.meta.url)),
  });
  if (!parsed.ok) {
    process.stderr.write(
      `specready: invalid settings:\n${parsed.problems.map((p) => `  ${p}`).join("\n")}\n`,
    );
    return 2;
  }
  const config = parsed.config;
  // Whatever the server writes (database, uploads, evidence, the demo login) is its owner's alone.
  restrictNewFileModes();
  // The embedded database is this process's alone while it runs (see lockDataDir).
  let lock: { release(): Promise<void> } | undefined;
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    if (config.databaseUrl === undefined) lock = await lockDataDir(config.dataDir);
    running = await startServer(config);
  } catch (error) {
    await lock?.release();
    const e = error as NodeJS.ErrnoException;
    const reason =
      e.code === "EADDRINUSE"
        ? `port ${config.port} is in use (set PORT to another port)`
        : e.code === "ECONNREFUSED"
          ? `the database server at DATABASE_URL refuses connections`
          : e.message;
    process.stderr.write(`specready: cannot start: ${reason}\n`);
    return 2;
  }
  const where = config.databaseUrl ? running.ctx.db.location : `${config.dataDir} (embedded PGlite)`;
  process.stdout.write(`specready is running at ${running.url}\n  data: ${where}\n`);
  if (running.demo !== undefined) {
    process.stdout.write(
      `  demo partner: Adatum Consulting — sign in as ${running.demo.email} with password ${running.demo.password}\n`,
    );
  } else if ((await repositories(running.ctx.db).users.count()) === 0) {
    process.stdout.write(`  first run: open ${running.url}/setup to create the first administrator\n`);
  }
  process.stdout.write("  Press Ctrl+C to stop.\n");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("specready: stopping…\n");
  await running.close();
  await lock?.release();
  return 0;
}
