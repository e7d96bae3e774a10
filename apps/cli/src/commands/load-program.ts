import type { Program, SourceEntry } from "@specready/core";
import { loadInstalledPrograms } from "@specready/ingest";
import type { CliConfig } from "../terminal/cli-config.js";

/** The installed programs, or a message naming every problem of a broken program file. */
export async function installedPrograms(
  config: CliConfig,
  candidate?: { readonly path: string },
): Promise<
  | { ok: true; programs: readonly Program[]; sources: ReadonlyMap<string, SourceEntry> }
  | { ok: false; message: string }
> {
  const result = await loadInstalledPrograms(config.programsDir, candidate);
  if (result.ok) return result;
  const lines = result.problems.map((p) => `  ${p.file}, at ${p.path}: ${p.message}`);
  return { ok: false, message: `specready: the program definitions are broken:\n${lines.join("\n")}\n` };
}
