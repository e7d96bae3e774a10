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
  readonly sessionDays: number;
  /** Trust `X-Forwarded-Proto`/`X-Forwarded-For` from a reverse proxy (TLS ends there). */
  readonly trustProxy: boolean;
  /** The address people open, for invitation links; absent: taken from each request. */
  readonly publicUrl: string | undefined;
  readonly programsDir: string | undefined;
  /** Where the built web app is; absent: the API only. */
  readonly webDir: string | undefined;
}

const flag = z
  .enum(["0", "1", "true", "false", "yes", "no"], { message: "must be 1 or 0 (or true/false)" })
  .transform((v) => v === "1" || v === "true" || v === "yes");
const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max, `must be at most ${max}`));

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
  SPECREADY_SESSION_DAYS: positiveInt(365).default(14),
  SPECREADY_TRUST_PROXY: flag.default(false),
  SPECREADY_PUBLIC_URL: z.url({ message: "must be a URL such as https://specready.example.com" }).optional(),
  SPECREADY_PROGRAMS_DIR: z.string().min(1).optional(),
  SPECREADY_WEB_DIR: z.string().min(1).optional(),
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
      problems: parsed.error.issues.map(
        (i) => `${String(i.path[0])}=${JSON.stringify(present[String(i.path[0])] ?? "")}: ${i.message}`,
      ),
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
      sessionDays: e.SPECREADY_SESSION_DAYS,
      trustProxy: e.SPECREADY_TRUST_PROXY,
      publicUrl: e.SPECREADY_PUBLIC_URL?.replace(/\/+$/, ""),
      programsDir: e.SPECREADY_PROGRAMS_DIR,
      webDir: e.SPECREADY_WEB_DIR ?? defaults.webDir,
    },
  };
}
