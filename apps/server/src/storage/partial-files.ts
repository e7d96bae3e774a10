import type { Dirent } from "node:fs";
import { opendir, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

const SUFFIX = ".partial";
const HOST = hostname()
  .replace(/[^A-Za-z0-9.-]/g, "_")
  .slice(0, 60);

/**
 * The name of a file (or folder) this process is writing and will rename or remove when done:
 * `<id>.<pid>@<host>.partial`. The writer is in the name so that a server starting up can tell what
 * a killed process left (its pid is gone) from what another running server on the same data directory
 * is writing right now (its pid lives), without waiting for the file to age.
 */
export function partialName(id: string): string {
  return `${id}.${process.pid}@${HOST}${SUFFIX}`;
}

export function isPartialName(name: string): boolean {
  return name.endsWith(SUFFIX);
}

/**
 * Whether the writer of a partial file is known to be gone: a process of this host that no longer runs,
 * or, at start-up, this very pid (a restarted container often gets the pid its predecessor had, and a
 * process just starting writes nothing yet). `undefined` when it cannot be told (another host's file, an
 * unrecognised name): only the file's age decides then.
 */
export function partialWriterGone(name: string, options: { startup: boolean }): boolean | undefined {
  const match = /\.(\d+)@([^/]+)\.partial$/.exec(name);
  if (match === null || match[2] !== HOST) return undefined;
  const pid = Number(match[1]);
  if (pid === process.pid) return options.startup;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the pid runs, as another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes from `dir` the partial files (and folders) whose writer is gone, and any partial untouched for
 * `olderThanMs` (a running writer touches its file all the time). Returns how many went.
 */
export async function removeAbandonedPartials(
  dir: string,
  options: { startup: boolean; olderThanMs: number; now: Date; all?: boolean },
): Promise<number> {
  let entries: AsyncIterable<Dirent>;
  try {
    entries = await opendir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  let removed = 0;
  for await (const entry of entries) {
    // `all`: a folder holding only partial files, under any name (the evidence store's .partial).
    if (!options.all && !isPartialName(entry.name)) continue;
    const path = join(dir, entry.name);
    let gone = partialWriterGone(entry.name, options);
    if (gone !== true) {
      const info = await stat(path).catch(() => undefined);
      if (info === undefined) continue;
      gone = options.now.getTime() - info.mtimeMs >= options.olderThanMs;
    }
    if (!gone) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
