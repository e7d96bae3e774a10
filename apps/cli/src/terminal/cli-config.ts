import { DEFAULT_READ_LIMITS, parseReadLimits, type ReadLimits } from "@specready/ingest";
import type { CliIo } from "./cli-io.js";

/** The settings specready reads from the environment, parsed once at start. */
export interface CliConfig {
  /** SPECREADY_PROGRAMS_DIR: a folder with more programs/ and checklists/ files. */
  readonly programsDir: string | undefined;
  /** SPECREADY_THREADS: threads that read a large usage file (default: the cores, at most 4). */
  readonly threads: number | undefined;
  /** SPECREADY_PARALLEL_MIN_BYTES: usage files from this size are read on several threads. */
  readonly parallelMinBytes: number | undefined;
  /** SPECREADY_VERBOSE=1: say on stderr how each file was read (threads). */
  readonly verbose: boolean;
  /** SPECREADY_MAX_* and SPECREADY_XLSX_*: what an input file may hold at most. */
  readonly limits: ReadLimits;
}

export type CliConfigResult =
  | { readonly ok: true; readonly config: CliConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Parses the environment, naming every invalid variable rather than ignoring it. */
export function parseCliConfig(env: CliIo["env"]): CliConfigResult {
  const problems: string[] = [];
  const integer = (name: string, min: number, max: number): number | undefined => {
    const text = env[name];
    if (text === undefined || text === "") return undefined;
    const n = Number(text);
    if (/^\d+$/.test(text) && n >= min && n <= max) return n;
    problems.push(`${name}="${text}" is not a whole number from ${min} to ${max}`);
    return undefined;
  };
  const flag = (name: string): boolean => {
    const text = env[name];
    if (text === undefined || text === "" || text === "0") return false;
    if (text === "1") return true;
    problems.push(`${name}="${text}" must be 1 or 0`);
    return false;
  };
  const limits = parseReadLimits(env);
  if (!limits.ok) problems.push(...limits.problems.map((p) => `${p.name}="${p.value}" ${p.message}`));
  const config: CliConfig = {
    programsDir: env.SPECREADY_PROGRAMS_DIR || undefined,
    threads: integer("SPECREADY_THREADS", 1, 64),
    parallelMinBytes: integer("SPECREADY_PARALLEL_MIN_BYTES", 0, Number.MAX_SAFE_INTEGER),
    verbose: flag("SPECREADY_VERBOSE"),
    limits: limits.ok ? limits.limits : DEFAULT_READ_LIMITS,
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
