import type { Program } from "@specready/core";
import type { Database } from "@specready/db";
import { RateLimiter } from "../auth/rate-limiter.js";
import type { ServerConfig } from "../config/server-config.js";
import { EvaluationCache } from "./evaluation-service.js";
import { ImportJobs } from "./import-jobs.js";

/** What every route and service shares: the database, the configuration, the program, and caches. */
export interface AppContext {
  readonly db: Database;
  readonly config: ServerConfig;
  readonly programs: readonly Program[];
  /** The program version the workspace evaluates. */
  readonly program: Program;
  readonly signInLimiter: RateLimiter;
  readonly evaluations: EvaluationCache;
  readonly jobs: ImportJobs;
  /** The clock (tests pin it). */
  readonly now: () => Date;
}

export function createAppContext(options: {
  db: Database;
  config: ServerConfig;
  programs: readonly Program[];
  program: Program;
  now?: () => Date;
}): AppContext {
  return {
    ...options,
    // Ten failures per email or address in fifteen minutes, then wait.
    signInLimiter: new RateLimiter(10, 15 * 60 * 1000),
    evaluations: new EvaluationCache(200),
    jobs: new ImportJobs(),
    now: options.now ?? (() => new Date()),
  };
}
