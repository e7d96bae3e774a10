import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CalendarDate, type Evaluation, evaluateReadiness } from "@specready/core";
import { loadDataDir, loadInstalledPrograms, writeDemoPartner } from "@specready/ingest";

export const PROGRAM_ID = "ai-ml-azure-fy24";

export interface CliDemo {
  /** What `specready check --format json` prints for the demo files as of `asOf`, as parsed JSON. */
  readonly evaluation: Evaluation;
  /** The demo's files as written by `writeDemoPartner`, by file name. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * The command line's evaluation of the demo partner as of a date: the demo files written by
 * `writeDemoPartner` (what the server seeds itself with), read by `loadDataDir` and evaluated by
 * `evaluateReadiness`, exactly as `specready check` does.
 */
export async function cliDemoEvaluation(asOf: CalendarDate): Promise<CliDemo> {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(`program definitions: ${JSON.stringify(loaded.problems)}`);
  const program = loaded.programs.find((p) => p.id === PROGRAM_ID);
  if (program === undefined) throw new Error(`no program ${PROGRAM_ID}`);
  const dir = await mkdtemp(join(tmpdir(), "specready-e2e-cli-"));
  try {
    const paths = await writeDemoPartner(dir, asOf);
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(`the demo does not read: ${JSON.stringify(result.problems)}`);
    const evaluation = evaluateReadiness(program, result.inputs, asOf);
    const files = new Map<string, string>();
    for (const path of paths) files.set(path.slice(dir.length + 1), await readFile(path, "utf8"));
    // `--format json` is JSON.stringify of the evaluation: compare what goes over the wire.
    return { evaluation: JSON.parse(JSON.stringify(evaluation)) as Evaluation, files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
