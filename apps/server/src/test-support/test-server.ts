import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { ImportImpact, ReadinessChange } from "@specready/core";
import {
  type Database,
  type ImportKindName,
  openDatabase,
  type Role,
  repositories,
  roles,
  type TokenRole,
} from "@specready/db";
// The test databases live with the database package; its test support is not part of its public API.
import { openTestDatabase } from "@specready/db/test-support";
import { DEFAULT_READ_LIMITS } from "@specready/ingest";
import { createApp } from "../app.js";
import type { PasswordEstimator } from "../auth/password-strength.js";
import { hashPassword } from "../auth/passwords.js";
import type { ServerConfig } from "../config/server-config.js";
import { SESSION_COOKIE } from "../http/authenticate.js";
import { loadWorkspacePrograms } from "../server.js";
import { type AppContext, createAppContext } from "../services/app-context.js";
import { createSecurityLog, type SecurityLogLimits } from "../services/security-log.js";
import { type EvidenceStore, orgEvidencePrefix } from "../storage/evidence-store.js";

/*
 * The real workspace server in memory for route tests: the app `createApp` builds, over a real database
 * (PGlite, or PostgreSQL with TEST_DATABASE_URL), requests sent with Hono's in-memory `app.request`
 * (no sockets). Accounts are written straight to the database with one shared password hash, because
 * argon2 costs ~50 ms per hash; they sign in through the API like a browser does.
 */

export type Backend = "pglite" | "postgres";

/**
 * For a `beforeAll` that starts a server: PGlite's WebAssembly start takes ~2 s, and far longer on a
 * busy machine.
 */
export const STARTUP_TIMEOUT = 60_000;

/** The password of every account the helpers create. */
export const TEST_PASSWORD = "correct horse battery staple";

let passwordHash: Promise<string> | undefined;
function sharedPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

let programs: ReturnType<typeof loadWorkspacePrograms> | undefined;

export function testConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: "localhost",
    databaseUrl: undefined,
    dataDir,
    demo: false,
    uploadLimitBytes: 10 * 1024 * 1024,
    readerMemoryMb: 256,
    readerThreads: 2,
    requestIdleMs: 60_000,
    requestMinBytesPerSecond: 500,
    pendingUploadsLimitBytes: 100 * 1024 * 1024,
    sessionDays: 14,
    sessionMaxDays: 30,
    trustProxy: false,
    publicUrl: undefined,
    smtpUrl: undefined,
    mailFrom: undefined,
    remindersIntervalSeconds: 0,
    reminderAttempts: 6,
    teamsAllowHttpLoopback: false,
    securityLog: undefined,
    programsDir: undefined,
    webDir: undefined,
    evidenceLimitBytes: 200 * 1024 * 1024,
    evidenceStorage: { kind: "filesystem" },
    readLimits: DEFAULT_READ_LIMITS,
    ...overrides,
  };
}

export interface RequestOptions {
  readonly method?: string;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as is (uploads); a stream arrives as its chunks are given (one that stalls, say). */
  readonly body?: string | Uint8Array | ReadableStream<Uint8Array>;
  readonly headers?: Record<string, string>;
  /** The client's address as its socket would report it (sign-in attempts are limited per address). */
  readonly address?: string;
  /** `http` (default) or `https`: how the request reached the server. */
  readonly scheme?: "http" | "https";
  /** Aborts the request as a client going away does (`c.req.raw.signal` in a route). */
  readonly signal?: AbortSignal;
}

/** How a client proves who it is: a browser's session cookie with its CSRF token, or an API token. */
export type Credentials =
  | { readonly kind: "session"; readonly cookie: string; readonly csrfToken: string }
  | { readonly kind: "token"; readonly token: string };

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class TestServer {
  readonly app: ReturnType<typeof createApp>["app"];
  readonly routes: ReturnType<typeof createApp>["routes"];
  /** A client without credentials. */
  readonly anonymous: ApiClient;
  private databaseClosed = false;

  private constructor(
    readonly backend: Backend,
    readonly db: Database,
    readonly ctx: AppContext,
    readonly dataDir: string,
    private readonly owner: boolean,
  ) {
    // As if listening on port 3000 of localhost: links (invitations) name it.
    ctx.listening.url ??= "http://localhost:3000";
    ({ app: this.app, routes: this.routes } = createApp(ctx));
    this.anonymous = new ApiClient(this, undefined);
  }

  /** A fresh, migrated, empty database with the server over it (close it in afterAll). */
  static async start(
    backend: Backend,
    options: {
      config?: Partial<ServerConfig>;
      now?: () => Date;
      passwords?: PasswordEstimator;
      securityLogLimits?: SecurityLogLimits;
    } = {},
  ): Promise<TestServer> {
    const dataDir = await mkdtemp(join(tmpdir(), "specready-server-"));
    programs ??= loadWorkspacePrograms(undefined);
    const [db, loaded] = await Promise.all([openTestDatabase(backend), programs]);
    const securityLines: string[] = [];
    const ctx = createAppContext({
      db,
      config: testConfig(dataDir, options.config),
      programs: loaded.programs,
      program: loaded.program,
      allPrograms: loaded.allPrograms,
      now: options.now,
      passwords: options.passwords,
      // The real security log (pino), written to memory for the tests to read.
      securityLog: createSecurityLog(
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            securityLines.push(
              ...chunk
                .toString("utf8")
                .split("\n")
                .filter((l) => l !== ""),
            );
            done();
          },
        }),
        options.securityLogLimits === undefined ? {} : { limits: options.securityLogLimits },
      ),
    });
    const server = new TestServer(backend, db, ctx, dataDir, true);
    server.securityLines = securityLines;
    return server;
  }

  /** Another server over the same database and data directory, with other settings. */
  withConfig(overrides: Partial<ServerConfig>): TestServer {
    const config = { ...this.ctx.config, ...overrides };
    const sameReaders =
      config.readerMemoryMb === this.ctx.config.readerMemoryMb &&
      config.readerThreads === this.ctx.config.readerThreads;
    const ctx = createAppContext({
      db: this.db,
      config,
      programs: this.ctx.programs,
      allPrograms: this.ctx.allPrograms,
      program: this.ctx.program,
      now: this.ctx.now,
      // Reading processes take a second to start: the same ones serve both servers.
      readers: sameReaders ? this.ctx.readers : undefined,
      securityLog: this.ctx.securityLog,
    });
    const server = new TestServer(this.backend, this.db, ctx, this.dataDir, false);
    server.securityLines = this.securityLines;
    return server;
  }

  /**
   * Another server process over the same database, as a second instance behind a load balancer: its
   * own caches and, on PostgreSQL, its own connection pool (PGlite is one process's: the same handle).
   * Close it with `closeInstance`.
   */
  async anotherInstance(): Promise<TestServer> {
    const url = (this.db as Database & { url?: string }).url;
    const db = url === undefined ? this.db : await openDatabase({ url });
    const ctx = createAppContext({
      db,
      config: this.ctx.config,
      programs: this.ctx.programs,
      allPrograms: this.ctx.allPrograms,
      program: this.ctx.program,
      now: this.ctx.now,
      readers: this.ctx.readers,
      evidenceStore: this.ctx.evidenceStore,
      securityLog: this.ctx.securityLog,
    });
    const instance = new TestServer(this.backend, db, ctx, this.dataDir, false);
    instance.ownPool = db !== this.db;
    return instance;
  }

  private ownPool = false;

  /** Closes what `anotherInstance` opened (its connection pool). */
  async closeInstance(): Promise<void> {
    if (this.ownPool) await this.db.close();
  }

  /** The security log's JSON lines so far, as written (see securityEvents). */
  securityLines: string[] = [];

  /** The security log's events so far, parsed, optionally only those named. */
  async securityEvents(event?: string): Promise<Record<string, unknown>[]> {
    await this.ctx.securityLog.flush();
    const all = this.securityLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    return event === undefined ? all : all.filter((e) => e.event === event);
  }

  /** Sends a request as a browser or script would, with the Host header a real server receives. */
  fetch(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { host: "localhost", ...options.headers };
    let body: RequestOptions["body"] = options.body;
    if (options.json !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(options.json);
    }
    const url = `${options.scheme ?? "http"}://localhost${path}`;
    const incoming = { socket: { remoteAddress: options.address ?? "127.0.0.1" } };
    return Promise.resolve(
      this.app.request(
        url,
        {
          method: options.method ?? "GET",
          headers,
          body: body as RequestInit["body"],
          ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        },
        { incoming },
      ),
    );
  }

  as(credentials: Credentials | undefined): ApiClient {
    return new ApiClient(this, credentials);
  }

  /** Resolves once no import is running (jobs write to the database in the background). */
  async idle(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (this.ctx.jobs.running().length > 0) {
      if (Date.now() > deadline) throw new Error("imports still running after 20 s");
      await new Promise((r) => setTimeout(r, 5));
    }
    await this.ctx.jobs.flush();
  }

  /** Waits for running imports, then closes the database (a PostgreSQL test schema is dropped). */
  async closeDatabase(): Promise<void> {
    if (this.databaseClosed) return;
    this.databaseClosed = true;
    await this.idle().catch(() => {});
    await this.db.close();
  }

  /** Closes the database and removes the data directory. */
  async close(): Promise<void> {
    if (!this.owner) return;
    await this.closeDatabase();
    await this.ctx.readers.close();
    await this.ctx.passwords.close();
    this.ctx.mailer?.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Sends requests with one set of credentials: the cookie and CSRF token, or the bearer token. */
export class ApiClient {
  constructor(
    readonly server: TestServer,
    readonly credentials: Credentials | undefined,
  ) {}

  request(path: string, options: RequestOptions = {}): Promise<Response> {
    const method = (options.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    const c = this.credentials;
    if (c?.kind === "session") {
      headers.cookie = `${SESSION_COOKIE}=${c.cookie}`;
      if (UNSAFE.has(method)) headers["x-csrf-token"] = c.csrfToken;
    } else if (c?.kind === "token") {
      headers.authorization = `Bearer ${c.token}`;
    }
    return this.server.fetch(path, { ...options, method, headers: { ...headers, ...options.headers } });
  }

  get(path: string, options: RequestOptions = {}) {
    return this.request(path, { ...options, method: "GET" });
  }
  post(path: string, json?: unknown, options: RequestOptions = {}) {
    return this.request(path, { ...options, method: "POST", json });
  }
  put(path: string, json?: unknown, options: RequestOptions = {}) {
    return this.request(path, { ...options, method: "PUT", json });
  }
  patch(path: string, json?: unknown, options: RequestOptions = {}) {
    return this.request(path, { ...options, method: "PATCH", json });
  }
  delete(path: string, options: RequestOptions = {}) {
    return this.request(path, { ...options, method: "DELETE" });
  }
}

/** The JSON body of a response that must have the given status; otherwise fails with what came back. */
export async function expectJson<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${text.slice(0, 2000)}`);
  }
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/** The error code of an error response (`{error: {code}}`), or undefined. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const text = await res.text();
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** The value of the session cookie a response sets, or undefined. */
export function sessionCookieOf(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return header?.slice(SESSION_COOKIE.length + 1).split(";")[0];
}

export interface Session {
  readonly user: { readonly id: string; readonly email: string; readonly name: string };
  readonly organizations: readonly { readonly id: string; readonly name: string; readonly role: Role }[];
  readonly csrfToken: string;
}

export interface SignedIn {
  readonly session: Session;
  readonly cookie: string;
  readonly client: ApiClient;
}

/** Signs in through `POST /api/session` and keeps the cookie and CSRF token, as the web app does. */
export async function signIn(
  server: TestServer,
  email: string,
  password = TEST_PASSWORD,
  options: RequestOptions = {},
): Promise<SignedIn> {
  const res = await server.fetch("/api/session", { ...options, method: "POST", json: { email, password } });
  const session = await expectJson<Session>(res.clone(), 200);
  const cookie = sessionCookieOf(res);
  if (cookie === undefined) throw new Error("signing in set no session cookie");
  return {
    session,
    cookie,
    client: server.as({ kind: "session", cookie, csrfToken: session.csrfToken }),
  };
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

/** An account (password TEST_PASSWORD), written straight to the database. */
export async function createUser(server: TestServer, name = "Test person"): Promise<TestUser> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, ".");
  return repositories(server.db).users.create({
    id: randomUUID(),
    email: `${slug}.${randomUUID().slice(0, 8)}@example.com`,
    name,
    passwordHash: await sharedPasswordHash(),
  });
}

export interface Member extends TestUser {
  readonly role: Role;
  readonly client: ApiClient;
  readonly cookie: string;
}

export interface TestOrg {
  readonly id: string;
  readonly name: string;
  /** One signed-in member per role. */
  readonly members: Record<Role, Member>;
  readonly admin: Member;
  /** `/api/orgs/<id>` followed by `path`. */
  path(path?: string): string;
}

/** Adds an account to an organization with a role and signs it in. */
export async function addMember(
  server: TestServer,
  orgId: string,
  role: Role,
  name?: string,
): Promise<Member> {
  const user = await createUser(server, name ?? `${role.replace("_", " ")} person`);
  await repositories(server.db).users.addMember(orgId, user.id, role);
  const signed = await signIn(server, user.email);
  return { ...user, role, client: signed.client, cookie: signed.cookie };
}

/** An organization with one signed-in member of each role (partner admin, contributor, auditor, viewer). */
export async function createOrg(server: TestServer, name: string): Promise<TestOrg> {
  const id = randomUUID();
  await repositories(server.db).organizations.create(id, name);
  const members = Object.fromEntries(
    await Promise.all(
      roles.map(async (role) => [
        role,
        await addMember(server, id, role, `${name} ${role.replace("_", " ")}`),
      ]),
    ),
  ) as Record<Role, Member>;
  return {
    id,
    name,
    members,
    admin: members.partner_admin,
    path: (path = "") => `/api/orgs/${id}${path}`,
  };
}

export interface TestToken {
  readonly id: string;
  readonly token: string;
  readonly role: TokenRole;
  readonly client: ApiClient;
}

/** Creates an API token through the API, as the organization's partner admin. */
export async function createToken(
  org: TestOrg,
  role: TokenRole,
  name = `${role} script`,
): Promise<TestToken> {
  const res = await org.admin.client.post(org.path("/tokens"), { name, role });
  const body = await expectJson<{ id: string; token: string }>(res, 201);
  return {
    id: body.id,
    token: body.token,
    role,
    client: org.admin.client.server.as({ kind: "token", token: body.token }),
  };
}

export interface UploadBody {
  readonly id: string;
  readonly kind: ImportKindName;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly preview: {
    readonly header: string[];
    readonly rows: string[][];
    readonly columns: {
      name: string;
      required: boolean;
      header: string | null;
      matchedBy: "mapping" | "name" | null;
    }[];
    readonly missingRequired: string[];
    readonly savedMapping: boolean;
  };
}

export interface ImportBody {
  readonly id: string;
  readonly kind: ImportKindName;
  readonly fileName: string;
  readonly rows: number;
  readonly months: string[];
  readonly status: "active" | "reverted";
  readonly mapping: Record<string, string>;
  readonly createdBy: { id: string | null; name: string };
}

export interface JobBody {
  readonly id: string;
  readonly state: "reading" | "needs_confirmation" | "saving" | "done" | "failed" | "cancelled";
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly rows: number;
  readonly version?: number;
  readonly repeats?: { rows: number; repeated: number; complete: boolean; message: string | null };
  readonly impact?: ImportImpact;
  readonly readiness?: ReadinessChange;
  readonly confirmations?: ("replace" | "repeats" | "changes")[];
  readonly code?: string;
  readonly import?: ImportBody;
  readonly problems?: { file: string; line?: number; column?: string; code: string; message: string }[];
  readonly problemTotal?: number;
  readonly message?: string;
}

/** `POST …/uploads?kind=&fileName=` with the file as the raw body. */
export function upload(
  client: ApiClient,
  orgId: string,
  kind: ImportKindName,
  fileName: string,
  content: string | Uint8Array,
  options: RequestOptions = {},
): Promise<Response> {
  const query = new URLSearchParams({ kind, fileName });
  return client.request(`/api/orgs/${orgId}/uploads?${query}`, {
    ...options,
    method: "POST",
    body: content,
    headers: { "content-type": "application/octet-stream", ...options.headers },
  });
}

/** Polls an import job until it is done, failed, cancelled or waiting for a confirmation. */
export async function waitForJob(client: ApiClient, orgId: string, jobId: string): Promise<JobBody> {
  const deadline = Date.now() + 20_000;
  let seen: number | undefined;
  for (;;) {
    // As the web app polls: the answer comes at the job's next change.
    const after = seen === undefined ? "" : `&after=${seen}`;
    const job = await expectJson<JobBody>(
      await client.get(`/api/orgs/${orgId}/import-jobs/${jobId}?wait=2000${after}`),
      200,
    );
    seen = job.version;
    if (job.state !== "reading" && job.state !== "saving") return job;
    if (Date.now() > deadline) throw new Error(`import job ${jobId} still ${job.state} after 20 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Uploads a file, imports it with the mapping given, and waits for the job's outcome. */
export async function importFile(
  client: ApiClient,
  orgId: string,
  kind: ImportKindName,
  fileName: string,
  content: string | Uint8Array,
  body: {
    mapping?: Record<string, string>;
    rememberMapping?: boolean;
    confirmReplace?: boolean;
    confirmRepeats?: boolean;
    preview?: boolean;
    confirmChanges?: boolean;
  } = {},
): Promise<{ upload: UploadBody; job: JobBody }> {
  const uploaded = await expectJson<UploadBody>(await upload(client, orgId, kind, fileName, content), 201);
  const started = await client.post(`/api/orgs/${orgId}/uploads/${uploaded.id}/import`, body);
  const { jobId } = await expectJson<{ jobId: string }>(started, 202);
  return { upload: uploaded, job: await waitForJob(client, orgId, jobId) };
}

/** A small valid certifications file: one row per certification given. */
export function certificationsCsv(...certifications: string[]): string {
  const rows = (certifications.length > 0 ? certifications : ["DP-100"]).map(
    (c, i) => `person${i}@contoso.example,Person ${i},${c},2025-03-03,,`,
  );
  return ["PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated", ...rows, ""].join("\n");
}

/** The tables that hold an organization's data (each with `org_id`). */
const ORG_TABLES = [
  "memberships",
  "invitations",
  "api_tokens",
  "imports",
  "import_usage_months",
  "import_records",
  "column_mappings",
  "applications",
  "activity",
  "uploads",
  "customer_projects",
  "evidence_items",
  "evidence_controls",
  "evidence_revisions",
  "evidence_reviews",
  "control_specialties",
  "audit_plans",
  "audit_findings",
  "audit_gap_reports",
  "audit_results",
  "people",
  "person_certifications",
  "capability_score_entries",
] as const;

/**
 * Everything the database holds for one organization, to compare before and after a request that must
 * change nothing; with the evidence store, the keys of the organization's files in it too. A token's
 * `last_used_at`, and the activity entries of refused requests and token use, are left out: using a
 * token or being refused is not a change to the organization.
 */
export async function orgState(
  db: Database,
  orgId: string,
  store?: EvidenceStore,
): Promise<Record<string, string[]>> {
  const state: Record<string, string[]> = {};
  if (store !== undefined) state.evidenceFiles = await storedKeys(store, orgId);
  const [org] = await db.query("select * from organizations where id = $1", [orgId]);
  state.organizations = [JSON.stringify(org)];
  for (const table of ORG_TABLES) {
    // What the activity log says about access (a refused request, a token's use) is no change either.
    const rows = await db.query(
      table === "activity"
        ? "select * from activity where org_id = $1 and action not in ('request.refused', 'token.used')"
        : `select * from ${table} where org_id = $1`,
      [orgId],
    );
    state[table] = rows.map(({ last_used_at: _used, ...row }) => JSON.stringify(row)).sort();
  }
  return state;
}

/** The keys of an organization's files in the evidence store, sorted. */
export async function storedKeys(store: EvidenceStore, orgId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list(orgEvidencePrefix(orgId))) keys.push(object.key);
  return keys.sort();
}
