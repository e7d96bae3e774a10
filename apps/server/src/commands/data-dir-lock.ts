import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

const LOCK = "specready.pid";

/**
 * The embedded database is one process's: PGlite has no locking between processes, so a server and a
 * `specready backup` on one data directory would corrupt it. The server holds a pid file; the other
 * commands refuse while its process lives. (A PostgreSQL server needs no such care.)
 */
export async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  const holder = await lockHolder(dataDir);
  if (holder !== undefined) {
    throw new Error(
      `the data directory ${dataDir} is in use by another specready process (pid ${holder}); stop it first`,
    );
  }
  const path = join(dataDir, LOCK);
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, String(process.pid));
  return {
    async release() {
      const pid = await readFile(path, "utf8").catch(() => "");
      if (pid.trim() === String(process.pid)) await rm(path, { force: true });
    },
  };
}

async function lockHolder(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, LOCK), "utf8").catch(() => undefined);
  const pid = Number(text?.trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}
