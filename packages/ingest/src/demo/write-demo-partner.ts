import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CalendarDate } from "@specready/core";
import { buildDemoPartner, DEMO_FILE_NAMES } from "./build-demo-partner.js";

/** Temporary files of an earlier run that was killed between write and rename. */
const TEMP_NAME = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

function isOwnTempFile(name: string): boolean {
  const m = TEMP_NAME.exec(name);
  return m !== null && (DEMO_FILE_NAMES as readonly string[]).includes(m[1] ?? "");
}

/**
 * Writes the demo partner's files into `dir` (created when missing) and returns their paths.
 *
 * Each file is written under a temporary name in the same directory and renamed into place, so a reader
 * (or a crash) never sees half a file. The demo only ever replaces its own files: a directory holding
 * anything else is probably the user's real data, so it is refused rather than mixed with invented rows.
 */
export async function writeDemoPartner(dir: string, asOf: CalendarDate): Promise<string[]> {
  const existing = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined && !existing.isDirectory()) {
    throw new Error(`Cannot write the demo partner into ${dir}: it exists and is not a directory.`);
  }
  await mkdir(dir, { recursive: true });

  const entries = await readdir(dir);
  const own = new Set<string>(DEMO_FILE_NAMES);
  const foreign = entries.filter((name) => !own.has(name) && !isOwnTempFile(name));
  if (foreign.length > 0) {
    const shown = foreign.sort().slice(0, 5).join(", ");
    const more = foreign.length > 5 ? ` and ${foreign.length - 5} more` : "";
    throw new Error(
      `Refusing to write the demo partner into ${dir}: the directory holds other files (${shown}${more}). ` +
        "Choose an empty or new directory.",
    );
  }
  await Promise.all(entries.filter(isOwnTempFile).map((name) => rm(join(dir, name), { force: true })));

  const written: string[] = [];
  // Loaded here, not with the module: `specready check` shares its bundle and never needs it.
  const { randomBytes } = await import("node:crypto");
  for (const file of buildDemoPartner(asOf)) {
    const target = join(dir, file.name);
    const temp = join(dir, `.${file.name}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeFile(temp, file.content, { encoding: "utf8", flag: "wx" });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    written.push(target);
  }
  return written;
}
