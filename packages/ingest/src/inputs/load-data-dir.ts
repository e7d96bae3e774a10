import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import type { InputFile, InputWarning, Program, ReadinessInputs } from "@specready/core";
import { tableFormatOfName } from "../table/detect-table-format.js";
import { type InputKind, inputKinds } from "./input-columns.js";
import { type InputProblem, ProblemList } from "./input-problem.js";
import { cannotRead, type ParallelOptions, parallelSettings, readInputFile } from "./read-input-file.js";
import type { ReadLimits } from "./read-limits.js";

/** An input file found in a data directory. */
export interface FoundInput {
  readonly kind: InputKind;
  readonly path: string;
  /** The file name as the user named it. */
  readonly file: string;
  readonly size: number;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly inputs: ReadinessInputs;
      /**
       * Files read on more than one thread, with how many. Kept out of the evaluation: how a file was
       * read is not part of what it says (the workspace's evaluation of the same data is the same object).
       */
      readonly threads: Readonly<Record<string, number>>;
    }
  | { readonly ok: false; readonly problems: readonly InputProblem[]; readonly total: number };

export interface LoadOptions {
  /** Progress over all files, in bytes. */
  readonly onProgress?: (done: number, total: number, file: string) => void;
  /**
   * Usage CSV files of at least `minBytes` are read on `threads` threads (default: the machine's cores,
   * at most 4, from 32 MB up).
   */
  readonly parallel?: ParallelOptions;
  /** What each file may hold at most (default `DEFAULT_READ_LIMITS`). */
  readonly limits?: ReadLimits | undefined;
}

/**
 * Finds the contract's inputs in a directory: `<kind>.csv` or `<kind>.xlsx`, names matched
 * case-insensitively. Two files for one kind are a problem (which one did the user mean?).
 */
export async function findInputs(dir: string): Promise<{ found: FoundInput[]; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  let names: string[];
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) {
      return { found: [], problems: [{ file: dir, code: "file.unreadable", message: "is not a directory" }] };
    }
    names = await readdir(dir);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "does not exist"
        : `cannot be read (${(error as Error).message})`;
    return {
      found: [],
      problems: [{ file: dir, code: "file.unreadable", message: `the data directory ${reason}` }],
    };
  }
  const byKind = new Map<InputKind, FoundInput[]>();
  for (const name of names.sort()) {
    const ext = extname(name).toLowerCase();
    const base = name.slice(0, name.length - ext.length).toLowerCase();
    const kind = inputKinds.find((k) => k === base);
    if (kind === undefined) continue;
    if (ext === ".xls") {
      problems.push({
        file: name,
        code: "file.format",
        message: "is an Excel 97–2003 workbook (.xls): save it as .xlsx or CSV",
      });
      continue;
    }
    if (ext !== ".csv" && ext !== ".xlsx") continue;
    const path = join(dir, name);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      problems.push({ file: name, code: "file.unreadable", message: cannotRead(error) });
      continue;
    }
    if (!info.isFile()) continue;
    const list = byKind.get(kind) ?? [];
    list.push({ kind, path, file: name, size: info.size });
    byKind.set(kind, list);
  }
  const found: FoundInput[] = [];
  for (const [kind, list] of byKind) {
    if (list.length > 1) {
      problems.push({
        file: list.map((f) => f.file).join(", "),
        code: "file.ambiguous",
        message: `${list.length} files hold the ${kind} input; keep one`,
      });
    } else if (list[0] !== undefined) {
      found.push(list[0]);
    }
  }
  found.sort((a, b) => inputKinds.indexOf(a.kind) - inputKinds.indexOf(b.kind));
  return { found, problems };
}

/**
 * Reads every input of a data directory. All or nothing: any problem in any file, and no inputs are
 * returned, only every problem found (each file is read to its end, so one run lists them all).
 */
export async function loadDataDir(
  dir: string,
  program: Program,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const { found, problems: findProblems } = await findInputs(dir);
  const problems = new ProblemList(1000);
  for (const p of findProblems) problems.add(p);
  const totalBytes = found.reduce((n, f) => n + f.size, 0);
  let doneBytes = 0;
  const inputs: Record<string, unknown> = {};
  const warnings: InputWarning[] = [];
  const threads: Record<string, number> = {};
  const files: InputFile[] = [];
  const parallel = parallelSettings(options.parallel);
  for (const f of found) {
    // By extension, as the contract names the inputs: a workbook saved as .csv is reported, not guessed.
    const read = await readInputFile({ ...f, format: tableFormatOfName(f.file) }, program, problems, {
      parallel,
      limits: options.limits,
      onProgress: (done) => options.onProgress?.(doneBytes + done, totalBytes, f.file),
    });
    doneBytes += f.size;
    if (read === undefined) continue;
    inputs[f.kind] = read.value;
    warnings.push(...read.warnings);
    files.push({ kind: f.kind, file: f.file, rows: read.rows });
    if (read.threads !== undefined) threads[f.file] = read.threads;
  }
  if (problems.total > 0) return { ok: false, problems: problems.items, total: problems.total };
  return {
    ok: true,
    inputs: {
      usage: inputs["azure-usage"] as ReadinessInputs["usage"],
      certifications: inputs.certifications as ReadinessInputs["certifications"],
      capabilityScore: inputs["capability-score"] as ReadinessInputs["capabilityScore"],
      auditEvidence: inputs["audit-evidence"] as ReadinessInputs["auditEvidence"],
      auditHistory: inputs["audit-history"] as ReadinessInputs["auditHistory"],
      warnings,
      files,
    },
    threads,
  };
}
