import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

const LOCK = "specready.pid";

/**
 * The embedded database is one process's: PGlite has no locking between processes, so a server and a
 * `specready backup` on one data directory would corrupt it. The lock is a pid file created
 * exclusively (two processes starting at once cannot both get it); a file left by a process that died
 * is taken over, by renaming it away first so that only one taker wins.
 */
export async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, "wx", 0o600);
      await file.writeFile(String(process.pid));
      await file.close();
      return {
        async release() {
          const pid = await readFile(path, "utf8").catch(() => "");
          if (pid.trim() === String(process.pid)) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await lockHolder(path);
    if (holder !== undefined) {
      throw new Error(
        `the data directory ${dataDir} is in use by another specready process (pid ${holder}); stop it first`,
      );
    }
    // A stale lock: move it aside (atomic, one winner), then try again.
    const stale = `${path}.stale-${process.pid}`;
    await rename(path, stale).catch(() => {});
    await rm(stale, { force: true });
  }
  throw new Error(`the data directory ${dataDir} is being locked by another specready process; try again`);
}

/** The pid in the lock file while that process lives; `undefined` for a stale or unreadable file. */
async function lockHolder(path: string): Promise<number | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  const pid = Number(text?.trim());
  // An empty file: its writer is between creating and writing it; treat it as held.
  if (text !== undefined && text.trim() === "") return -1;
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}
