/*
 * Reading one input file, whole, into what its kind gives: the machinery shared by the CLI's data
 * directory (`loadDataDir`) and the workspace's upload (`readImportFile`).
 */
import { availableParallelism } from "node:os";
import type { ResourceLimits } from "node:worker_threads";
import type {
  AuditEvidenceRecord,
  AuditHistoryRecord,
  CapabilityScoreRecord,
  CertificationRecord,
  CustomerProjectRecord,
  DesignationRecord,
  InputWarning,
  Program,
  UsageSummary,
} from "@specready/core";
import { usageWarnings } from "@specready/core";
import { TableFormatError } from "../table/cell.js";
import type { TableFormat } from "../table/detect-table-format.js";
import { readTableAs } from "../table/read-table.js";
import type { ColumnMapping } from "./columns.js";
import type { ImportKind } from "./input-columns.js";
import {
  AuditEvidenceReader,
  AuditHistoryReader,
  CapabilityScoreReader,
  CertificationsReader,
  CustomerProjectsReader,
  DesignationReader,
  type KindReader,
  type ReaderOptions,
  UsageReader,
} from "./input-kinds.js";
import type { InputProblem, ProblemList } from "./input-problem.js";
import { DEFAULT_READ_LIMITS, type ReadLimits, rowLimitVariable } from "./read-limits.js";
import { readUsageCsvParallel } from "./read-usage-parallel.js";

/** What reading a file of each kind gives. */
export interface KindResults {
  "azure-usage": UsageSummary;
  certifications: CertificationRecord[];
  "capability-score": CapabilityScoreRecord[];
  "audit-evidence": AuditEvidenceRecord[];
  "audit-history": AuditHistoryRecord[];
  designation: DesignationRecord[];
  "customer-projects": CustomerProjectRecord[];
}

const READERS: {
  [K in ImportKind]: new (
    file: string,
    program: Program,
    problems: ProblemList,
    options?: ReaderOptions,
  ) => KindReader<KindResults[K]>;
} = {
  "azure-usage": UsageReader,
  certifications: CertificationsReader,
  "capability-score": CapabilityScoreReader,
  "audit-evidence": AuditEvidenceReader,
  "audit-history": AuditHistoryReader,
  designation: DesignationReader,
  "customer-projects": CustomerProjectsReader,
};

/** The reader of a kind of file; its problems go to `problems`, named with `file`. */
export function readerFor<K extends ImportKind>(
  kind: K,
  file: string,
  program: Program,
  problems: ProblemList,
  options: ReaderOptions = {},
): KindReader<KindResults[K]> {
  const Reader = READERS[kind];
  return new Reader(file, program, problems, options);
}

/** One file to read: its kind, where it is, the name to report it by, its size and format. */
export interface InputFileToRead<K extends ImportKind = ImportKind> {
  readonly kind: K;
  readonly path: string;
  readonly file: string;
  readonly size: number;
  readonly format: TableFormat;
}

/** A file read without problems. */
export interface InputFileRead<K extends ImportKind = ImportKind> {
  readonly value: KindResults[K];
  readonly rows: number;
  readonly warnings: InputWarning[];
  /** Threads the file was read on, when more than one. */
  readonly threads?: number | undefined;
}

/** When usage CSV files are read on several threads. */
export interface ParallelOptions {
  readonly threads?: number | undefined;
  readonly minBytes?: number | undefined;
  /**
   * The heap limits of each thread (a thread does not inherit its parent's): a server reading uploads
   * in a thread of limited memory gives the same limits to the threads that thread starts.
   */
  readonly resourceLimits?: ResourceLimits | undefined;
}

/** The most threads a large usage file is read on by default: each adds about 70 MB (bench/README.md). */
export const DEFAULT_THREADS_LIMIT = 2;

/**
 * The threads a large usage file is read on by default: one core fewer than the machine has, and at
 * most `DEFAULT_THREADS_LIMIT`. V8 compiles and collects garbage on threads of its own: on two cores,
 * a second reading thread only competes with them (one thread reads the bench's 1,000,000-row export
 * as fast as two, with two thirds of the CPU and 70 MB less memory; bench/README.md).
 */
export function defaultThreads(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(DEFAULT_THREADS_LIMIT, cores - 1));
}

/** The default: `defaultThreads`, for files from 32 MB up. */
export function parallelSettings(options: ParallelOptions = {}): {
  threads: number;
  minBytes: number;
  resourceLimits?: ResourceLimits | undefined;
} {
  return {
    threads: options.threads ?? defaultThreads(),
    minBytes: options.minBytes ?? 32 * 1024 * 1024,
    resourceLimits: options.resourceLimits,
  };
}

/**
 * Reads one file whole. Its problems, file-level ones included (unreadable, not a table), are added to
 * `problems`; the result is `undefined` when it has any, since a file with problems is not used.
 * A usage CSV file of `parallel.minBytes` or more is read on `parallel.threads` threads when it can be
 * split, else on this one.
 */
export async function readInputFile<K extends ImportKind>(
  input: InputFileToRead<K>,
  program: Program,
  problems: ProblemList,
  options: {
    readonly mapping?: ColumnMapping | undefined;
    readonly onProgress?: ((done: number, total: number) => void) | undefined;
    readonly parallel: {
      readonly threads: number;
      readonly minBytes: number;
      readonly resourceLimits?: ResourceLimits | undefined;
    };
    /** What the file may hold at most (default `DEFAULT_READ_LIMITS`). */
    readonly limits?: ReadLimits | undefined;
  },
): Promise<InputFileRead<K> | undefined> {
  const before = problems.total;
  const { path, file } = input;
  const limits = options.limits ?? DEFAULT_READ_LIMITS;
  if (
    input.kind === "azure-usage" &&
    input.format === "csv" &&
    input.size >= options.parallel.minBytes &&
    options.parallel.threads > 1
  ) {
    // Any failure of the threaded read (an unreadable file included) falls back to one thread, which
    // reports it as a problem of the file.
    const read = await readUsageCsvParallel(path, file, program, problems, {
      parts: options.parallel.threads,
      resourceLimits: options.parallel.resourceLimits,
      mapping: options.mapping,
      onProgress: options.onProgress,
      limits,
    }).catch(() => undefined);
    if (read !== undefined) {
      if (problems.total > before) return undefined;
      return {
        value: read.summary as KindResults[K],
        rows: read.rows,
        warnings: [...read.headerWarnings, ...usageWarnings(program, file, read.summary)],
        threads: read.threads,
      };
    }
  }
  const reader = readerFor(input.kind, file, program, problems, {
    mapping: options.mapping,
    rowLimit: limits.rows[input.kind],
    rowLimitSetting: rowLimitVariable(input.kind),
  });
  try {
    await readTableAs(input.format, path, file, reader, { onProgress: options.onProgress, limits });
  } catch (error) {
    const problem = fileProblem(error, file);
    if (problem === undefined) throw error;
    problems.add(problem);
    return undefined;
  }
  if (problems.total > before) return undefined;
  const value = reader.result();
  return { value, rows: reader.rows, warnings: reader.warnings };
}

/**
 * The problem a reading error stands for: a file that is not a usable table, or that the file system
 * refuses. `undefined` for any other error, which is a bug to let through.
 */
export function fileProblem(error: unknown, file: string): InputProblem | undefined {
  if (error instanceof TableFormatError) {
    return { file, line: error.line, column: error.column, code: error.code, message: error.detail };
  }
  if (isFileSystemError(error)) return { file, code: "file.unreadable", message: cannotRead(error) };
  return undefined;
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && "syscall" in error
  );
}

/** "cannot be read: permission denied", for a file-system error. */
export function cannotRead(error: unknown): string {
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
