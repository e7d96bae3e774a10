import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CalendarDate,
  type Evaluation,
  evaluateReadiness,
  type ProgramSelection,
  selectProgram,
} from "@specready/core";
import { loadDataDir, loadInstalledPrograms, writeDemoPartner } from "@specready/ingest";

export interface CliDemo {
  /** What `specready check --format json` prints for the files as of `asOf`, as parsed JSON. */
  readonly evaluation: Evaluation;
  /** The files evaluated, by file name. */
  readonly files: ReadonlyMap<string, string>;
}

/** The program version `specready check` uses without --program: the one in effect on the date. */
async function programOn(asOf: CalendarDate): Promise<ProgramSelection> {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(`program definitions: ${JSON.stringify(loaded.problems)}`);
  const selected = selectProgram(loaded.programs, { date: asOf });
  if (!selected.ok) throw new Error(selected.message);
  return selected.selection;
}

/**
 * What `specready check --format json <folder>` prints for a folder holding `files`, as of a date: the
 * files read by `loadDataDir` and evaluated by `evaluateReadiness`, exactly as the command does, and
 * parsed back from JSON (what goes over the wire).
 */
export async function cliEvaluation(
  files: ReadonlyMap<string, string>,
  asOf: CalendarDate,
): Promise<Evaluation> {
  const { program, versions } = await programOn(asOf);
  const dir = await mkdtemp(join(tmpdir(), "specready-e2e-cli-"));
  try {
    for (const [name, text] of files) await writeFile(join(dir, name), text);
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(`the files do not read: ${JSON.stringify(result.problems)}`);
    return JSON.parse(
      JSON.stringify(evaluateReadiness(program, result.inputs, asOf, { versions })),
    ) as Evaluation;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The demo partner's files as `writeDemoPartner` writes them for a date, by file name. */
export async function demoFiles(asOf: CalendarDate): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), "specready-e2e-demo-"));
  try {
    const paths = await writeDemoPartner(dir, asOf);
    const files = new Map<string, string>();
    for (const path of paths) files.set(path.slice(dir.length + 1), await readFile(path, "utf8"));
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The command line's evaluation of the demo partner's files as of a date (what the server seeds itself
 * with, but for the audit: the server files the demo's evidence in its register instead).
 */
export async function cliDemoEvaluation(asOf: CalendarDate): Promise<CliDemo> {
  const files = await demoFiles(asOf);
  return { evaluation: await cliEvaluation(files, asOf), files };
}
