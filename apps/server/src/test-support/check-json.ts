import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { evaluateReadiness, type Program, parseCalendarDate, selectProgram } from "@specready/core";
import { loadDataDir } from "@specready/ingest";

/**
 * What `specready check --format json --as-of <asOf> <dir>` prints for a folder, as parsed JSON: the
 * program version in effect on the date (as the CLI and the workspace choose it), the files read as the
 * CLI reads them. Route tests compare the workspace's evaluation with it.
 */
export async function checkJson(programs: readonly Program[], dir: string, asOf: string): Promise<unknown> {
  const date = parseCalendarDate(asOf);
  if (date === undefined) throw new Error(`${asOf} is not a date`);
  const selected = selectProgram(programs, { date });
  if (!selected.ok) throw new Error(selected.message);
  const { program, versions } = selected.selection;
  const loaded = await loadDataDir(dir, program);
  if (!loaded.ok) throw new Error(`check refuses ${dir}: ${JSON.stringify(loaded.problems)}`);
  return JSON.parse(JSON.stringify(evaluateReadiness(program, loaded.inputs, date, { versions })));
}

/** A folder `dir/name` holding these files (name → text), for the CLI's side of a comparison. */
export async function dataFolder(dir: string, name: string, files: Record<string, string>): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  for (const [fileName, text] of Object.entries(files)) await writeFile(join(folder, fileName), text);
  return folder;
}
