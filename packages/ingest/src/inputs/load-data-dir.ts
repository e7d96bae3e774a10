import { readdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import type { InputFile, InputWarning, Program, ReadinessInputs } from "@specready/core";
import { TableFormatError } from "../table/cell.js";
import { readTable } from "../table/read-table.js";
import {
  AuditEvidenceReader,
  AuditHistoryReader,
  CapabilityScoreReader,
  CertificationsReader,
  type InputKind,
  inputKinds,
  type KindReader,
  UsageReader,
  usageWarnings,
} from "./input-kinds.js";
import { type InputProblem, ProblemList } from "./input-problem.js";
import { readUsageCsvParallel } from "./read-usage-parallel.js";

/** An input file found in a data directory. */
export interface FoundInput {
  readonly kind: InputKind;
  readonly path: string;
  /** The file name as the user named it. */
  readonly file: string;
  readonly size: number;
}

export type LoadResult =
  | { readonly ok: true; readonly inputs: ReadinessInputs }
  | { readonly ok: false; readonly problems: readonly InputProblem[]; readonly total: number };

export interface LoadOptions {
  /** Progress over all files, in bytes. */
  readonly onProgress?: (done: number, total: number, file: string) => void;
  /**
   * Usage CSV files of at least `minBytes` are read on `threads` threads (default: the machine's cores,
   * at most 4, from 32 MB up).
   */
  readonly parallel?: { readonly threads?: number | undefined; readonly minBytes?: number | undefined };
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

function readerFor(
  kind: InputKind,
  file: string,
  program: Program,
  problems: ProblemList,
): KindReader<unknown> {
  switch (kind) {
    case "azure-usage":
      return new UsageReader(file, program, problems);
    case "certifications":
      return new CertificationsReader(file, program, problems);
    case "capability-score":
      return new CapabilityScoreReader(file, program, problems);
    case "audit-evidence":
      return new AuditEvidenceReader(file, program, problems);
    case "audit-history":
      return new AuditHistoryReader(file, program, problems);
  }
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
  const files: InputFile[] = [];
  const parallel = {
    threads: options.parallel?.threads ?? Math.min(4, availableParallelism()),
    minBytes: options.parallel?.minBytes ?? 32 * 1024 * 1024,
  };
  for (const f of found) {
    if (f.kind === "azure-usage" && f.path.toLowerCase().endsWith(".csv") && f.size >= parallel.minBytes) {
      // Any failure of the threaded read (an unreadable file included) falls back to one thread,
      // which reports it as a problem of the file.
      const read = await readUsageCsvParallel(f.path, f.file, program, problems, {
        parts: parallel.threads,
        onProgress: (done) => options.onProgress?.(doneBytes + done, totalBytes, f.file),
      }).catch(() => undefined);
      if (read !== undefined) {
        doneBytes += f.size;
        inputs[f.kind] = read.summary;
        warnings.push(...usageWarnings(program, f.file, read.summary));
        files.push({ kind: f.kind, file: f.file, rows: read.rows, threads: read.threads });
        continue;
      }
    }
    const reader = readerFor(f.kind, f.file, program, problems);
    try {
      await readTable(f.path, f.file, reader, {
        onProgress: (done) => options.onProgress?.(doneBytes + done, totalBytes, f.file),
      });
    } catch (error) {
      if (error instanceof TableFormatError) {
        problems.add({ file: f.file, line: error.line, code: "file.format", message: error.detail });
        doneBytes += f.size;
        continue;
      }
      if (isFileSystemError(error)) {
        problems.add({ file: f.file, code: "file.unreadable", message: cannotRead(error) });
        doneBytes += f.size;
        continue;
      }
      throw error;
    }
    doneBytes += f.size;
    inputs[f.kind] = reader.result();
    warnings.push(...reader.warnings);
    files.push({ kind: f.kind, file: f.file, rows: reader.rows });
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
  };
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && "syscall" in error
  );
}

/** "cannot be read: permission denied", for a file-system error. */
function cannotRead(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "ENOENT"
        ? "it does not exist (a broken link?)"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EBUSY"
            ? "it is locked by another program"
            : (error as Error).message;
  return `cannot be read: ${reason}`;
}
