import { randomUUID } from "node:crypto";
import type { Program } from "@specready/core";
import type { Database } from "@specready/db";
import { EntraClient } from "../auth/entra.js";
import { PasswordEstimator } from "../auth/password-strength.js";
import { SignInThrottle } from "../auth/rate-limiter.js";
import { loadSecretBox, type SecretBox } from "../auth/secret-box.js";
import type { ServerConfig } from "../config/server-config.js";
import { createSmtpMailer, type Mailer } from "../mail/mailer.js";
import { createEvidenceStore } from "../storage/create-evidence-store.js";
import type { EvidenceStore } from "../storage/evidence-store.js";
import { CommittedStates } from "./committed-states.js";
import { ImportJobs } from "./import-jobs.js";
import type { PendingImport } from "./pending-import.js";
import { PromiseCache } from "./promise-cache.js";
import type { Readiness } from "./readiness.js";
import { createSecurityLog, type SecurityLog } from "./security-log.js";
import { UploadReaders } from "./upload-readers.js";

/** What every route and service shares: the database, the configuration, the program, and caches. */
export interface AppContext {
  readonly db: Database;
  readonly config: ServerConfig;
  /** The AI Platform's versions: what the program settings choose among. */
  readonly programs: readonly Program[];
  /** Every installed version of every specialization (an organization may pursue several). */
  readonly allPrograms: readonly Program[];
  /**
   * The program the workspace reads files with and measures the audit workspace against (the contract's,
   * whose controls every dated version measures against). Evaluations choose the version in effect on
   * their date, or the organization's pinned one (services/program-service.ts).
   */
  readonly program: Program;
  /** Failed sign-ins (and password checks) per account at an address, and per address, with backoff. */
  readonly signInThrottle: SignInThrottle;
  /** "Forgot password" requests per address and account, every request counted (mail costs). */
  readonly resetThrottle: SignInThrottle;
  /** Sign-ins, failures, throttling, password and role changes, token use, refused requests. */
  readonly securityLog: SecurityLog;
  /**
   * Evaluations by organization, data version and as-of date (`readinessOf`). Every change of an
   * organization's data bumps its data version, so an entry is never stale; old versions age out.
   */
  readonly evaluations: PromiseCache<Readiness>;
  /** What the last import of an organization left, for the next import's commit to start from. */
  readonly committed: CommittedStates;
  /** This server among those sharing the database (`server_instances`, the holder of import jobs). */
  readonly serverId: string;
  readonly jobs: ImportJobs<PendingImport>;
  /** The processes that read uploads, off the request path. */
  readonly readers: UploadReaders;
  /** Estimates how guessable a new password is, on a thread of its own (see password-strength.ts). */
  readonly passwords: PasswordEstimator;
  /** Where evidence files live: the data directory, or Azure Blob Storage when configured. */
  readonly evidenceStore: EvidenceStore;
  /** The SMTP mailer when SPECREADY_SMTP_URL is set; absent, links are copied by hand. */
  readonly mailer: Mailer | undefined;
  /** Encrypts the secrets kept at rest (TOTP secrets): SPECREADY_SECRET_KEY or the data directory's key. */
  readonly secretBox: SecretBox;
  /** Sign-in with Microsoft Entra ID when SPECREADY_ENTRA_CLIENT_ID is set. */
  readonly entra: EntraClient | undefined;
  /** The clock (tests pin it). */
  readonly now: () => Date;
  /** Where the server listens once it does (`http://localhost:3000`), for links when no public URL is set. */
  readonly listening: { url: string | undefined };
}

export function createAppContext(options: {
  db: Database;
  config: ServerConfig;
  programs: readonly Program[];
  program: Program;
  /** Every specialization's versions (default: `programs`). */
  allPrograms?: readonly Program[];
  now?: () => Date;
  evidenceStore?: EvidenceStore;
  /** Reading processes to share with another context (tests); by default, new ones. */
  readers?: UploadReaders;
  securityLog?: SecurityLog;
  /** The estimator of new passwords' strength (tests give one with a stand-in thread); by default, a new one. */
  passwords?: PasswordEstimator;
}): AppContext {
  const { smtpUrl, mailFrom } = options.config;
  const now = options.now ?? (() => new Date());
  const serverId = randomUUID();
  return {
    ...options,
    allPrograms: options.allPrograms ?? options.programs,
    evidenceStore: options.evidenceStore ?? createEvidenceStore(options.config),
    signInThrottle: new SignInThrottle(() => now().getTime()),
    resetThrottle: new SignInThrottle(() => now().getTime()),
    securityLog: options.securityLog ?? createSecurityLog(options.config.securityLog),
    evaluations: new PromiseCache(50),
    committed: new CommittedStates(),
    serverId,
    jobs: new ImportJobs(options.db, serverId),
    passwords: options.passwords ?? new PasswordEstimator(),
    readers:
      options.readers ??
      new UploadReaders({ memoryMb: options.config.readerMemoryMb, threads: options.config.readerThreads }),
    mailer: smtpUrl === undefined || mailFrom === undefined ? undefined : createSmtpMailer(smtpUrl, mailFrom),
    secretBox: loadSecretBox(options.config.secretKey, options.config.dataDir),
    entra: options.config.entra === undefined ? undefined : new EntraClient(options.config.entra),
    now,
    listening: { url: undefined },
  };
}
