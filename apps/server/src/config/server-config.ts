import { resolve } from "node:path";
import { parseReadLimits, type ReadLimits } from "@specready/ingest";
import { z } from "zod";
import { parseSecretKey } from "./secret-key.js";

/** Every setting of the server, from the environment, parsed once at start. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** A PostgreSQL server; absent: the embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Connections each server holds to the PostgreSQL server at most. */
  readonly databasePoolSize: number;
  /** The embedded database, pending uploads and the demo login live here. */
  readonly dataDir: string;
  /**
   * The data directory is one folder every server mounts (an Azure Files share, NFS): with the
   * filesystem store, several servers on one database are refused at start unless this is set.
   */
  readonly storageShared: boolean;
  /**
   * Load the demo partner into an empty installation: by default only on a loopback address (its
   * password is kept in the data directory), or wherever SPECREADY_DEMO=1 asks for it.
   */
  readonly demo: boolean;
  readonly uploadLimitBytes: number;
  /** The memory of each process that reads an upload, in MiB: a file needing more fails its import. */
  readonly readerMemoryMb: number;
  /** How many uploads are read at once (each in a reading process of its own). */
  readonly readerThreads: number;
  /**
   * How long a request's body may send nothing before the server drops the connection, in ms. Only
   * pauses count: an upload over a slow line may take as long as it needs while its bytes keep coming
   * at `requestMinBytesPerSecond` or more.
   */
  readonly requestIdleMs: number;
  /**
   * The slowest a request's body may arrive on average: it gets `requestIdleMs`, and one second more for
   * every this many bytes it has sent (Apache's `MinRate`); slower, the connection is dropped.
   */
  readonly requestMinBytesPerSecond: number;
  /** What one organization's uploads may hold on disk while they wait for their import. */
  readonly pendingUploadsLimitBytes: number;
  /** How long a sign-in lasts unused. */
  readonly sessionDays: number;
  /** How long a sign-in lasts at most, used or not. */
  readonly sessionMaxDays: number;
  /** Trust `X-Forwarded-Proto`/`X-Forwarded-For` from a reverse proxy (TLS ends there). */
  readonly trustProxy: boolean;
  /**
   * The address people open, for invitation links (never taken from a request's Host header). Required
   * when the server listens beyond loopback; absent, links name the loopback address the server is on.
   */
  readonly publicUrl: string | undefined;
  /**
   * The mail server (`smtp://user:password@host:587`, `smtps://…:465`) that sends invitations and
   * password-reset links; absent: no e-mail, invitation links are copied by hand and there is no
   * "forgot password". A secret: never in a message or a log.
   */
  readonly smtpUrl: string | undefined;
  /** The sender of every e-mail (`specready <no-reply@example.com>`); required with a mail server. */
  readonly mailFrom: string | undefined;
  /**
   * How often the reminder scheduler looks for reminders due and sends what the outbox holds, in
   * seconds; 0 turns reminders off on this server (another sharing the database may still send them).
   */
  readonly remindersIntervalSeconds: number;
  /** Attempts of a reminder before it is shown as failed (each waits twice as long as the one before). */
  readonly reminderAttempts: number;
  /**
   * Also accept Teams webhook URLs on loopback, http or https (tests, a local receiver); off by default,
   * when only https on Microsoft's webhook hosts is accepted (services/reminders/teams-webhook.ts).
   */
  readonly teamsAllowHttpLoopback: boolean;
  /** Where the security log goes: a file (JSON lines, appended), or standard output when absent. */
  readonly securityLog: string | undefined;
  readonly programsDir: string | undefined;
  /** Where the built web app is; absent: the API only. */
  readonly webDir: string | undefined;
  /** The largest evidence file an upload accepts. */
  readonly evidenceLimitBytes: number;
  /** Where evidence files are kept. */
  readonly evidenceStorage: EvidenceStorageConfig;
  /**
   * Sign-in with Microsoft Entra ID (OpenID Connect) when SPECREADY_ENTRA_CLIENT_ID is set: the app
   * registration's client id and secret (a secret: never in a message or a log) and the authority.
   */
  readonly entra?: EntraConfig | undefined;
  /**
   * The key (32 bytes) secrets are encrypted with at rest (TOTP secrets); absent: one generated into the
   * data directory. Several servers on one database need the same: set it on each. A secret.
   */
  readonly secretKey?: Buffer | undefined;
  /** What an imported file may hold at most (SPECREADY_MAX_*, SPECREADY_XLSX_*, as the CLI reads them). */
  readonly readLimits: ReadLimits;
}

export interface EntraConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * Where the OpenID configuration is (`<authority>/.well-known/openid-configuration`): by default
   * `https://login.microsoftonline.com/organizations/v2.0`, any work or school account of any tenant.
   */
  readonly authority: string;
}

export const DEFAULT_ENTRA_AUTHORITY = "https://login.microsoftonline.com/organizations/v2.0";

/** Evidence files under `<dataDir>/evidence/`, or in an Azure Blob Storage container. */
export type EvidenceStorageConfig =
  | { readonly kind: "filesystem" }
  | { readonly kind: "azure-blob"; readonly connectionString: string; readonly container: string };

const flag = z
  .enum(["0", "1", "true", "false", "yes", "no"], { message: "must be 1 or 0 (or true/false)" })
  .transform((v) => v === "1" || v === "true" || v === "yes");
const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max, `must be at most ${max}`));

/**
 * Whether the Azure SDK can use a connection string, by its own rules (names are case-sensitive):
 * the development storage, an account key with its endpoint, or a SAS token with the blob endpoint.
 */
function isUsableConnectionString(text: string): boolean {
  if (text.startsWith("UseDevelopmentStorage=true")) return true;
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) parts.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const has = (name: string) => (parts.get(name) ?? "") !== "";
  if (text.includes("DefaultEndpointsProtocol=") && text.includes("AccountKey=")) {
    const protocol = parts.get("DefaultEndpointsProtocol")?.toLowerCase();
    const endpoint =
      has("BlobEndpoint") || ((protocol === "https" || protocol === "http") && has("EndpointSuffix"));
    return endpoint && has("AccountName") && has("AccountKey");
  }
  return has("SharedAccessSignature") && has("BlobEndpoint");
}

const connectionString = z.string().refine(isUsableConnectionString, {
  message:
    "must be an Azure Storage connection string (DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net), as the portal's Access keys page shows it",
});

// Azure's container naming rules, checked here so a wrong name fails at start, not at the first upload.
const containerName = z
  .string()
  .regex(
    /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/,
    "must be 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
  );

/** Variables whose value never appears in a message. */
const SECRET = new Set([
  "AZURE_STORAGE_CONNECTION_STRING",
  "SPECREADY_SMTP_URL",
  "SPECREADY_ENTRA_CLIENT_SECRET",
  "SPECREADY_SECRET_KEY",
]);

/**
 * Whether a host name or address reaches this machine only: `localhost`, 127.0.0.0/8 and ::1. Anything
 * else (0.0.0.0, ::, a LAN address, a name) may be reached from other machines.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    h === "::1" ||
    h === "0:0:0:0:0:0:0:1" ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(h)
  );
}

const schema = z.object({
  PORT: positiveInt(65535).default(3000),
  HOST: z.string().min(1).default("localhost"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  SPECREADY_DATABASE_POOL_SIZE: positiveInt(1000).default(10),
  SPECREADY_DATA_DIR: z.string().min(1).default("./data"),
  SPECREADY_STORAGE_SHARED: flag.default(false),
  SPECREADY_DEMO: flag.optional(),
  SPECREADY_UPLOAD_LIMIT_MB: positiveInt(100_000).default(512),
  SPECREADY_READER_MEMORY_MB: positiveInt(65_536)
    .pipe(z.number().min(64, "must be at least 64"))
    .default(384),
  SPECREADY_READER_THREADS: positiveInt(16).default(2),
  SPECREADY_REQUEST_IDLE_SECONDS: positiveInt(3600).default(60),
  SPECREADY_REQUEST_MIN_BYTES_PER_SECOND: positiveInt(1_000_000_000).default(500),
  SPECREADY_PENDING_UPLOADS_LIMIT_MB: positiveInt(1_000_000).default(2048),
  SPECREADY_SESSION_DAYS: positiveInt(365).default(14),
  SPECREADY_SESSION_MAX_DAYS: positiveInt(3650).default(30),
  SPECREADY_TRUST_PROXY: flag.default(false),
  SPECREADY_PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://specready.example.com" })
    .optional(),
  SPECREADY_SMTP_URL: z
    .string()
    .regex(
      /^smtps?:\/\/[^/\s]+(\/.*)?$/,
      "must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587",
    )
    .refine(
      (v) => URL.canParse(v),
      "must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587",
    )
    .optional(),
  SPECREADY_MAIL_FROM: z
    .string()
    .max(254)
    .regex(
      /^([^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
      "must be an address such as no-reply@example.com or specready <no-reply@example.com>",
    )
    .optional(),
  SPECREADY_SECURITY_LOG: z.string().min(1).optional(),
  SPECREADY_REMINDERS_INTERVAL_SECONDS: z
    .string()
    .regex(/^\d+$/, "must be a whole number of seconds (0 turns reminders off)")
    .transform(Number)
    .pipe(z.number().int().max(86_400, "must be at most 86400 (a day)"))
    .default(300),
  SPECREADY_REMINDER_ATTEMPTS: positiveInt(20).default(6),
  SPECREADY_TEAMS_ALLOW_HTTP_LOOPBACK: flag.default(false),
  SPECREADY_PROGRAMS_DIR: z.string().min(1).optional(),
  SPECREADY_WEB_DIR: z.string().min(1).optional(),
  SPECREADY_EVIDENCE_LIMIT_MB: positiveInt(100_000).default(200),
  AZURE_STORAGE_CONNECTION_STRING: connectionString.optional(),
  SPECREADY_EVIDENCE_CONTAINER: containerName.default("specready-evidence"),
  SPECREADY_SECRET_KEY: z
    .string()
    .refine(
      (v) => parseSecretKey(v) !== undefined,
      "must be 32 random bytes, as 64 hex digits or base64 (openssl rand -hex 32)",
    )
    .optional(),
  SPECREADY_ENTRA_CLIENT_ID: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      "must be the app registration's Application (client) ID, a GUID such as 5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d",
    )
    .optional(),
  SPECREADY_ENTRA_CLIENT_SECRET: z
    .string()
    .max(1000, "must be at most 1000 characters")
    .regex(/^\S+$/, "must be the client secret's Value (no spaces), as Certificates & secrets shows it once")
    .optional(),
  SPECREADY_ENTRA_AUTHORITY: z
    .url({
      protocol: /^https?$/,
      message: "must be an https URL such as https://login.microsoftonline.com/organizations/v2.0",
    })
    .refine(
      (v) => v.startsWith("https://") || isLoopbackHost(new URL(v).hostname),
      "must be https (http only for a provider on this machine, in tests)",
    )
    .optional(),
});

/** The configuration, or every invalid variable with what is wrong with it. */
export function parseServerConfig(
  env: Record<string, string | undefined>,
  defaults: { webDir?: string } = {},
): { ok: true; config: ServerConfig } | { ok: false; problems: string[] } {
  // An empty variable means "not set", as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  const limits = parseReadLimits(present);
  if (!parsed.success || !limits.ok) {
    return {
      ok: false,
      problems: [
        ...(parsed.success
          ? []
          : parsed.error.issues.map((i) => {
              const name = String(i.path[0]);
              const value = SECRET.has(name) ? "(hidden)" : JSON.stringify(present[name] ?? "");
              return `${name}=${value}: ${i.message}`;
            })),
        ...(limits.ok
          ? []
          : limits.problems.map((p) => `${p.name}=${JSON.stringify(p.value)}: ${p.message}`)),
      ],
    };
  }
  const e = parsed.data;
  const crossChecks: string[] = [];
  // The default idle lifetime (14 days) under an explicit maximum below it is the maximum, not an error.
  if (e.SPECREADY_SESSION_MAX_DAYS < e.SPECREADY_SESSION_DAYS && present.SPECREADY_SESSION_DAYS !== undefined)
    crossChecks.push(
      `SPECREADY_SESSION_MAX_DAYS=${JSON.stringify(String(e.SPECREADY_SESSION_MAX_DAYS))}: must be at least SPECREADY_SESSION_DAYS (${e.SPECREADY_SESSION_DAYS})`,
    );
  const loopback = isLoopbackHost(e.HOST);
  if (!loopback && e.SPECREADY_PUBLIC_URL === undefined)
    crossChecks.push(
      `SPECREADY_PUBLIC_URL: required when HOST=${e.HOST} listens beyond this machine: the address people open (such as https://specready.example.com), used in invitation links`,
    );
  if (e.SPECREADY_SMTP_URL !== undefined && e.SPECREADY_MAIL_FROM === undefined)
    crossChecks.push(
      "SPECREADY_MAIL_FROM: required with SPECREADY_SMTP_URL: the sender of invitations and password-reset e-mails (such as specready <no-reply@example.com>)",
    );
  const entraId = e.SPECREADY_ENTRA_CLIENT_ID;
  if (entraId !== undefined && e.SPECREADY_ENTRA_CLIENT_SECRET === undefined)
    crossChecks.push(
      "SPECREADY_ENTRA_CLIENT_SECRET: required with SPECREADY_ENTRA_CLIENT_ID: a client secret of the app registration (Certificates & secrets)",
    );
  if (entraId === undefined && e.SPECREADY_ENTRA_CLIENT_SECRET !== undefined)
    crossChecks.push(
      "SPECREADY_ENTRA_CLIENT_ID: required with SPECREADY_ENTRA_CLIENT_SECRET: the app registration's Application (client) ID",
    );
  if (entraId === undefined && e.SPECREADY_ENTRA_AUTHORITY !== undefined)
    crossChecks.push(
      "SPECREADY_ENTRA_CLIENT_ID: required with SPECREADY_ENTRA_AUTHORITY: the app registration's Application (client) ID",
    );
  if (crossChecks.length > 0) return { ok: false, problems: crossChecks };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      databaseUrl: e.DATABASE_URL,
      databasePoolSize: e.SPECREADY_DATABASE_POOL_SIZE,
      dataDir: resolve(e.SPECREADY_DATA_DIR),
      storageShared: e.SPECREADY_STORAGE_SHARED,
      demo: e.SPECREADY_DEMO ?? loopback,
      uploadLimitBytes: e.SPECREADY_UPLOAD_LIMIT_MB * 1024 * 1024,
      readerMemoryMb: e.SPECREADY_READER_MEMORY_MB,
      readerThreads: e.SPECREADY_READER_THREADS,
      requestIdleMs: e.SPECREADY_REQUEST_IDLE_SECONDS * 1000,
      requestMinBytesPerSecond: e.SPECREADY_REQUEST_MIN_BYTES_PER_SECOND,
      pendingUploadsLimitBytes: e.SPECREADY_PENDING_UPLOADS_LIMIT_MB * 1024 * 1024,
      sessionDays: Math.min(e.SPECREADY_SESSION_DAYS, e.SPECREADY_SESSION_MAX_DAYS),
      sessionMaxDays: e.SPECREADY_SESSION_MAX_DAYS,
      trustProxy: e.SPECREADY_TRUST_PROXY,
      publicUrl: e.SPECREADY_PUBLIC_URL?.replace(/\/+$/, ""),
      smtpUrl: e.SPECREADY_SMTP_URL,
      mailFrom: e.SPECREADY_MAIL_FROM,
      remindersIntervalSeconds: e.SPECREADY_REMINDERS_INTERVAL_SECONDS,
      reminderAttempts: e.SPECREADY_REMINDER_ATTEMPTS,
      teamsAllowHttpLoopback: e.SPECREADY_TEAMS_ALLOW_HTTP_LOOPBACK,
      securityLog: e.SPECREADY_SECURITY_LOG === undefined ? undefined : resolve(e.SPECREADY_SECURITY_LOG),
      programsDir: e.SPECREADY_PROGRAMS_DIR,
      webDir: e.SPECREADY_WEB_DIR ?? defaults.webDir,
      evidenceLimitBytes: e.SPECREADY_EVIDENCE_LIMIT_MB * 1024 * 1024,
      evidenceStorage:
        e.AZURE_STORAGE_CONNECTION_STRING === undefined
          ? { kind: "filesystem" }
          : {
              kind: "azure-blob",
              connectionString: e.AZURE_STORAGE_CONNECTION_STRING,
              container: e.SPECREADY_EVIDENCE_CONTAINER,
            },
      readLimits: limits.limits,
      secretKey: e.SPECREADY_SECRET_KEY === undefined ? undefined : parseSecretKey(e.SPECREADY_SECRET_KEY),
      entra:
        entraId === undefined || e.SPECREADY_ENTRA_CLIENT_SECRET === undefined
          ? undefined
          : {
              clientId: entraId.toLowerCase(),
              clientSecret: e.SPECREADY_ENTRA_CLIENT_SECRET,
              authority: (e.SPECREADY_ENTRA_AUTHORITY ?? DEFAULT_ENTRA_AUTHORITY).replace(/\/+$/, ""),
            },
    },
  };
}
