import { randomUUID } from "node:crypto";
import type { Dirent } from "node:fs";
import { type FileHandle, mkdir, open, opendir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import {
  assertValidKey,
  assertValidPrefix,
  type EvidenceStore,
  StorageKeyError,
  StorageNotFoundError,
  type StoredObject,
} from "./evidence-store.js";
import { readMetered } from "./metered-body.js";
import { partialName, removeAbandonedPartials } from "./partial-files.js";

// Files being written sit here under random names until complete; `list` never shows them, and
// removeStalePartials clears what a crash left.
const PARTIAL = ".partial";

/**
 * Evidence files under `<dataDir>/evidence/`, one file per key. A file appears under its key only once
 * complete and flushed to disk (written under a temporary name, fsynced, renamed, folder fsynced), so a
 * crash or a failed upload never leaves a truncated file a revision row could point to.
 */
export class FilesystemEvidenceStore implements EvidenceStore {
  readonly kind = "filesystem";
  readonly location: string;
  private readonly root: string;
  private partialDir: Promise<string> | undefined;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, "evidence");
    this.location = this.root;
  }

  async put(key: string, body: Readable, options: { limitBytes: number }): Promise<StoredObject> {
    const target = this.pathOf(key);
    // Named after this process, so a restart can tell what a killed process left (see partialName).
    const partial = join(await this.ensurePartialDir(), partialName(randomUUID()));
    // "wx": a fresh file or nothing; 0600: evidence is the organization's, not every local account's.
    const file = await open(partial, "wx", 0o600);
    let closed = false;
    try {
      const metered = await readMetered(body, options.limitBytes, (chunk) => writeAll(file, chunk));
      await file.sync();
      const { size } = await file.stat();
      if (size !== metered.size) {
        throw new Error(`wrote ${size} bytes of ${metered.size} to ${partial}; the disk may be full`);
      }
      await file.close();
      closed = true;
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await rename(partial, target);
      // The rename is durable only once its folder is flushed too.
      await syncDir(dirname(target));
      return { key, ...metered };
    } catch (error) {
      if (!closed) await file.close().catch(() => {});
      await rm(partial, { force: true });
      throw error;
    }
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    let file: FileHandle;
    try {
      // Opened here rather than by the stream, so a missing file is this call's error, not the stream's.
      file = await open(path, "r");
    } catch (error) {
      if (isCode(error, "ENOENT", "ENOTDIR")) throw new StorageNotFoundError(key);
      throw error;
    }
    return file.createReadStream();
  }

  async delete(key: string): Promise<void> {
    // Empty folders are left: removing them would race with a put creating its folder.
    await rm(this.pathOf(key), { force: true });
  }

  async *list(prefix = ""): AsyncIterable<{ key: string; size: number; lastModified: Date }> {
    assertValidPrefix(prefix);
    // Only the folder the prefix names is walked, not the whole store.
    const folder = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    for await (const key of this.walk(folder)) {
      if (!key.startsWith(prefix)) continue;
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(join(this.root, key));
      } catch (error) {
        // Deleted while listing.
        if (isCode(error, "ENOENT")) continue;
        throw error;
      }
      yield { key, size: info.size, lastModified: info.mtime };
    }
  }

  /**
   * Removes temporary files a crash left behind: those of a process that no longer runs (at start-up,
   * all of this host's earlier processes), and any older than `olderThanMs` (a running upload writes to
   * its file all the time, so it stays younger than any sensible age). Returns how many went.
   */
  async removeStalePartials(
    olderThanMs: number,
    now: Date = new Date(),
    options: { startup?: boolean } = {},
  ): Promise<number> {
    return removeAbandonedPartials(join(this.root, PARTIAL), {
      startup: options.startup ?? false,
      olderThanMs,
      now,
      all: true,
    });
  }

  /** The keys under `folder` (a key prefix ending in `/`, or empty), depth first. */
  private async *walk(folder: string): AsyncGenerator<string> {
    let dir: AsyncIterable<Dirent>;
    try {
      dir = await opendir(join(this.root, folder));
    } catch (error) {
      if (isCode(error, "ENOENT", "ENOTDIR")) return;
      throw error;
    }
    for await (const entry of dir) {
      if (folder === "" && entry.name === PARTIAL) continue;
      const key = `${folder}${entry.name}`;
      if (entry.isDirectory()) yield* this.walk(`${key}/`);
      else if (entry.isFile()) yield key;
    }
  }

  /** The file of a key, refused unless it lies under the root (keys are checked; this is the backstop). */
  private pathOf(key: string): string {
    assertValidKey(key);
    const path = resolve(this.root, key);
    const rel = relative(this.root, path);
    if (
      rel === "" ||
      rel.startsWith("..") ||
      resolve(this.root, rel) !== path ||
      rel.split(sep)[0] === PARTIAL
    ) {
      throw new StorageKeyError(key);
    }
    return path;
  }

  private ensurePartialDir(): Promise<string> {
    const dir = join(this.root, PARTIAL);
    this.partialDir ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(
      () => dir,
      (error: unknown) => {
        this.partialDir = undefined;
        throw error;
      },
    );
    return this.partialDir;
  }
}

/** Writes the whole chunk (a write may take only part of it). */
async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

async function syncDir(path: string): Promise<void> {
  // Windows cannot open a folder for flushing; its renames are journaled by NTFS anyway.
  if (process.platform === "win32") return;
  const dir = await open(path, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException | undefined)?.code ?? "");
}
