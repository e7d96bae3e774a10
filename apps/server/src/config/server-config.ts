import { resolve } from "node:path";
import { z } from "zod";

/** Every setting of the server, from the environment, parsed once at start. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** A PostgreSQL server; absent: the embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** The embedded database, pending uploads and the demo login live here. */
  readonly dataDir: string;
  /** Load the demo partner into an empty installation. */
  readonly demo: boolean;
  readonly uploadLimitBytes: number;
  /** The heap of each thread that reads an upload, in MiB: a file needing more fails its import. */
  readonly readerMemoryMb: number;
  /** How many uploads are read at once (each in its own thread). */
  readonly readerThreads: number;
  readonly sessionDays: number;
  /** Trust `X-Forwarded-Proto`/`X-Forwarded-For` from a reverse proxy (TLS ends there). */
  readonly trustProxy: boolean;
  /** The address people open, for invitation links; absent: taken from each request. */
  readonly publicUrl: string | undefined;
  readonly programsDir: string | undefined;
  /** Where the built web app is; absent: the API only. */
  readonly webDir: string | undefined;
  /** The largest evidence file an upload accepts. */
  readonly evidenceLimitBytes: number;
  /** Where evidence files are kept. */
  readonly evidenceStorage: EvidenceStorageConfig;
}

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
const SECRET = new Set(["AZURE_STORAGE_CONNECTION_STRING"]);

const schema = z.object({
  PORT: positiveInt(65535).default(3000),
  HOST: z.string().min(1).default("localhost"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  SPECREADY_DATA_DIR: z.string().min(1).default("./data"),
  SPECREADY_DEMO: flag.default(true),
  SPECREADY_UPLOAD_LIMIT_MB: positiveInt(100_000).default(512),
  SPECREADY_READER_MEMORY_MB: positiveInt(65_536)
    .pipe(z.number().min(64, "must be at least 64"))
    .default(384),
  SPECREADY_READER_THREADS: positiveInt(16).default(2),
  SPECREADY_SESSION_DAYS: positiveInt(365).default(14),
  SPECREADY_TRUST_PROXY: flag.default(false),
  SPECREADY_PUBLIC_URL: z.url({ message: "must be a URL such as https://specready.example.com" }).optional(),
  SPECREADY_PROGRAMS_DIR: z.string().min(1).optional(),
  SPECREADY_WEB_DIR: z.string().min(1).optional(),
  SPECREADY_EVIDENCE_LIMIT_MB: positiveInt(100_000).default(200),
  AZURE_STORAGE_CONNECTION_STRING: connectionString.optional(),
  SPECREADY_EVIDENCE_CONTAINER: containerName.default("specready-evidence"),
});

/** The configuration, or every invalid variable with what is wrong with it. */
export function parseServerConfig(
  env: Record<string, string | undefined>,
  defaults: { webDir?: string } = {},
): { ok: true; config: ServerConfig } | { ok: false; problems: string[] } {
  // An empty variable means "not set", as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        const value = SECRET.has(name) ? "(hidden)" : JSON.stringify(present[name] ?? "");
        return `${name}=${value}: ${i.message}`;
      }),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      databaseUrl: e.DATABASE_URL,
      dataDir: resolve(e.SPECREADY_DATA_DIR),
      demo: e.SPECREADY_DEMO,
      uploadLimitBytes: e.SPECREADY_UPLOAD_LIMIT_MB * 1024 * 1024,
      readerMemoryMb: e.SPECREADY_READER_MEMORY_MB,
      readerThreads: e.SPECREADY_READER_THREADS,
      sessionDays: e.SPECREADY_SESSION_DAYS,
      trustProxy: e.SPECREADY_TRUST_PROXY,
      publicUrl: e.SPECREADY_PUBLIC_URL?.replace(/\/+$/, ""),
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
    },
  };
}
