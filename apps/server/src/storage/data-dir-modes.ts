import type { Dirent } from "node:fs";
import { chmod, lstat, mkdir, opendir } from "node:fs/promises";
import { join } from "node:path";

/**
 * The data directory holds password hashes (the embedded database), the demo's password, uploads and
 * evidence: it and everything in it is its owner's alone, a folder 0700 and a file 0600.
 */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * Makes every file and folder this process creates from now on its owner's alone (umask 077): the
 * embedded database creates its files with the default 0666, which the umask turns into 0600. For the
 * processes of `specready serve` and the workspace commands; worker threads cannot change it.
 */
export function restrictNewFileModes(): void {
  if (process.platform === "win32") return;
  try {
    process.umask(0o077);
  } catch {
    // A worker thread (tests): the modes are still fixed by secureDataDir.
  }
}

/**
 * Creates the data directory owner-only, and takes away what group and others could do with anything
 * already in it (files an earlier specready, or PGlite without the umask, made 0644 or 0666). Files
 * another account owns are left as they are.
 */
export async function secureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: DIR_MODE });
  if (process.platform === "win32") return;
  await tighten(dataDir, true);
}

async function tighten(path: string, isDir: boolean): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined || info.isSymbolicLink()) return;
  if ((info.mode & 0o077) !== 0)
    await chmod(path, info.mode & (isDir ? DIR_MODE : FILE_MODE)).catch(() => {});
  if (!isDir) return;
  let entries: AsyncIterable<Dirent>;
  try {
    entries = await opendir(path);
  } catch {
    return;
  }
  for await (const entry of entries) {
    if (entry.isDirectory()) await tighten(join(path, entry.name), true);
    else if (entry.isFile()) await tighten(join(path, entry.name), false);
  }
}
