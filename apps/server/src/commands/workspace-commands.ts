import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { backupDatabase, type Database, RestoreError, repositories, restoreDatabase } from "@specready/db";
import { MIN_PASSWORD_LENGTH, PasswordEstimator, passwordProblem } from "../auth/password-strength.js";
import { parseServerConfig, type ServerConfig } from "../config/server-config.js";
import { runServer } from "../main.js";
import { openWorkspaceDatabase } from "../server.js";
import { createOrganizationWithAdmin } from "../services/session-service.js";
import { checkEvidenceStorage } from "../services/storage-check-service.js";
import { createEvidenceStore } from "../storage/create-evidence-store.js";
import { restrictNewFileModes } from "../storage/data-dir-modes.js";
import { lockDataDir } from "./data-dir-lock.js";

/** What a workspace command writes to and reads from. */
export interface WorkspaceIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface WorkspaceCommand {
  readonly help: string;
  run(args: readonly string[], io: WorkspaceIo): Promise<number>;
}

const where = `The database: DATABASE_URL (a PostgreSQL server) or else the embedded one under SPECREADY_DATA_DIR
(default ./data). With the embedded database, stop the server first.`;

async function withDatabase(
  io: WorkspaceIo,
  name: string,
  work: (db: Database, config: ServerConfig) => Promise<number>,
): Promise<number> {
  const parsed = parseServerConfig(io.env);
  if (!parsed.ok) {
    io.stderr.write(
      `specready ${name}: invalid settings:\n${parsed.problems.map((p) => `  ${p}`).join("\n")}\n`,
    );
    return 2;
  }
  const config = parsed.config;
  restrictNewFileModes();
  let lock: { release(): Promise<void> } | undefined;
  let db: Database | undefined;
  try {
    if (config.databaseUrl === undefined) lock = await lockDataDir(config.dataDir);
    db = await openWorkspaceDatabase(config);
    return await work(db, config);
  } catch (error) {
    io.stderr.write(`specready ${name}: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await db?.close();
    await lock?.release();
  }
}

const serve: WorkspaceCommand = {
  help: `Usage: specready serve

Starts the workspace on http://localhost:3000: the web app and the API under /api.

Environment:
  PORT, HOST                     where to listen (default 3000 on localhost)
  DATABASE_URL                   a PostgreSQL server (default: embedded PGlite under SPECREADY_DATA_DIR)
  SPECREADY_DATABASE_POOL_SIZE   connections to the PostgreSQL server at most, per server (default 10)
  SPECREADY_DATA_DIR             the data directory (default ./data)
  SPECREADY_STORAGE_SHARED=1     the data directory is one folder every server mounts (several servers
                                 on one database without Blob Storage; see the README)
  SPECREADY_DEMO=0|1             load the demo partner into a new installation (default: only on a loopback HOST)
  SPECREADY_UPLOAD_LIMIT_MB      the largest file an import accepts (default 512)
  SPECREADY_PENDING_UPLOADS_LIMIT_MB  what an organization's uploads awaiting import may hold (default 2048)
  SPECREADY_EVIDENCE_LIMIT_MB    the largest evidence file accepted (default 200)
  AZURE_STORAGE_CONNECTION_STRING  keep evidence files in Azure Blob Storage (default: SPECREADY_DATA_DIR/evidence)
  SPECREADY_EVIDENCE_CONTAINER   the blob container for evidence files (default specready-evidence)
  SPECREADY_SESSION_DAYS         how long a sign-in lasts without use (default 14)
  SPECREADY_SESSION_MAX_DAYS     how long a sign-in lasts at most (default 30)
  SPECREADY_TRUST_PROXY=1        behind a TLS-terminating proxy: trust X-Forwarded-Proto/-For/-Host
  SPECREADY_PUBLIC_URL           the address people open, for invitation links (required beyond loopback)
  SPECREADY_SMTP_URL             the mail server for invitations and password resets (smtp[s]://user:password@host:port)
  SPECREADY_MAIL_FROM            the sender of those e-mails, such as "specready <no-reply@example.com>"
  SPECREADY_SECURITY_LOG         append the security log (JSON lines) to this file (default: standard output)
`,
  async run(args, io) {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(this.help);
      return 0;
    }
    if (args.length > 0) {
      io.stderr.write(`specready serve: unexpected argument ${args[0]}\n${this.help}`);
      return 2;
    }
    return runServer(io.env);
  },
};

const backup: WorkspaceCommand = {
  help: `Usage: specready backup <file>

Writes every organization, account, import, customer project, evidence record (with each file's
name, size and SHA-256), review, audit plan, finding and result, and activity entry to <file>
(gzip-compressed JSON lines), read in one transaction. Works the same with the embedded database and a
PostgreSQL server, and a backup of one restores into the other. Refuses to overwrite an existing file.

The evidence files themselves are not in the backup: copy SPECREADY_DATA_DIR/evidence (or rely on the
Azure Blob Storage account's own protection) along with it; "specready storage check" after a restore
lists any file the database names but the store lacks.

${where}
`,
  async run(args, io) {
    if (args.includes("--help") || args.includes("-h")) {
      io.stdout.write(this.help);
      return 0;
    }
    if (args.length !== 1) {
      io.stderr.write(`specready backup: one file expected\n${this.help}`);
      return 2;
    }
    const file = args[0] as string;
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    ) {
      io.stderr.write(`specready backup: ${file} exists already; choose a new file name\n`);
      return 2;
    }
    return withDatabase(io, "backup", async (db) => {
      const result = await backupDatabase(db, file);
      const counts = Object.entries(result.tables)
        .map(([t, n]) => `${t} ${n}`)
        .join(", ");
      io.stdout.write(`Backed up ${db.location} to ${file}: ${counts}\n`);
      return 0;
    });
  },
};

const restore: WorkspaceCommand = {
  help: `Usage: specready restore <file> [--replace]

Loads a backup made by "specready backup", all or nothing, into an empty database (a new data
directory or an empty PostgreSQL database). With --replace, everything the database holds is replaced.
Everyone signs in again afterwards.

${where}
`,
  async run(args, io) {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { replace: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      });
    } catch (error) {
      io.stderr.write(`specready restore: ${(error as Error).message}\n${this.help}`);
      return 2;
    }
    if (parsed.values.help) {
      io.stdout.write(this.help);
      return 0;
    }
    if (parsed.positionals.length !== 1) {
      io.stderr.write(`specready restore: one file expected\n${this.help}`);
      return 2;
    }
    const file = parsed.positionals[0] as string;
    return withDatabase(io, "restore", async (db) => {
      try {
        const result = await restoreDatabase(db, file, { replace: parsed.values.replace === true });
        const counts = Object.entries(result.tables)
          .map(([t, n]) => `${t} ${n}`)
          .join(", ");
        io.stdout.write(`Restored ${file} into ${db.location}: ${counts}\n`);
        return 0;
      } catch (error) {
        if (error instanceof RestoreError) {
          io.stderr.write(`specready restore: ${error.message}\nNothing was changed.\n`);
          return 2;
        }
        throw error;
      }
    });
  },
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

const admin: WorkspaceCommand = {
  help: `Usage: specready admin create --email EMAIL --name NAME --org ORGANIZATION [--password-stdin]

Creates an organization and its first partner admin (the first run without the web page). The
password is read from standard input with --password-stdin (at least ${MIN_PASSWORD_LENGTH} characters, not a
common or easily guessed password, nor your email or name); otherwise one is generated and printed once.

${where}
`,
  async run(args, io) {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          email: { type: "string" },
          name: { type: "string" },
          org: { type: "string" },
          "password-stdin": { type: "boolean" },
          help: { type: "boolean", short: "h" },
        },
      });
    } catch (error) {
      io.stderr.write(`specready admin: ${(error as Error).message}\n${this.help}`);
      return 2;
    }
    const v = parsed.values as {
      email?: string;
      name?: string;
      org?: string;
      "password-stdin"?: boolean;
      help?: boolean;
    };
    if (v.help) {
      io.stdout.write(this.help);
      return 0;
    }
    const problems: string[] = [];
    if (parsed.positionals[0] !== "create" || parsed.positionals.length !== 1)
      problems.push('the subcommand is "create"');
    if (!v.email || !/^[^@\s]+@[^@\s]+$/.test(v.email)) problems.push("--email must be an email address");
    if (!v.name?.trim()) problems.push("--name is required");
    if (!v.org?.trim()) problems.push("--org (the organization's name) is required");
    let password = randomBytes(12).toString("base64url");
    if (v["password-stdin"]) {
      password = (io.stdin === undefined ? "" : await readAll(io.stdin)).replace(/\r?\n$/, "");
      const estimator = new PasswordEstimator();
      try {
        const problem = await passwordProblem(password, { email: v.email ?? "", name: v.name }, estimator);
        if (problem !== undefined) problems.push(`the password ${problem}`);
      } catch (error) {
        // Not a misuse of the command: said on its own, without the help.
        io.stderr.write(`specready admin: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      } finally {
        await estimator.close();
      }
    }
    if (problems.length > 0) {
      io.stderr.write(`specready admin: ${problems.join("; ")}\n\n${this.help}`);
      return 2;
    }
    return withDatabase(io, "admin", async (db) => {
      if ((await repositories(db).users.byEmail(v.email as string)) !== undefined) {
        io.stderr.write(`specready admin: an account with the email ${v.email} exists already\n`);
        return 2;
      }
      await createOrganizationWithAdmin(db, {
        organizationName: v.org as string,
        name: v.name as string,
        email: v.email as string,
        password,
      });
      io.stdout.write(
        `Created the organization ${v.org} with its partner admin ${v.name} <${v.email}>.\n` +
          (v["password-stdin"] ? "" : `Password (shown once; change it after signing in): ${password}\n`),
      );
      return 0;
    });
  },
};

const storage: WorkspaceCommand = {
  help: `Usage: specready storage check [--remove-orphans]

Compares the evidence files (under SPECREADY_DATA_DIR/evidence, or the Azure Blob Storage container of
AZURE_STORAGE_CONNECTION_STRING and SPECREADY_EVIDENCE_CONTAINER) with the database: files no evidence
revision names (orphans, older than an hour) and revisions whose file is missing. --remove-orphans
deletes the orphans. Exit status 0 when both lists are empty (or the orphans were removed), 1 otherwise.
${where}`,
  async run(args, io) {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { "remove-orphans": { type: "boolean", default: false } },
      });
    } catch (error) {
      io.stderr.write(`specready storage: ${(error as Error).message}\n`);
      return 2;
    }
    if (parsed.positionals[0] !== "check" || parsed.positionals.length !== 1) {
      io.stderr.write(`${this.help}\n`);
      return 2;
    }
    const remove = parsed.values["remove-orphans"] === true;
    return withDatabase(io, "storage", async (db, config) => {
      const store = createEvidenceStore(config);
      const report = await checkEvidenceStorage(db, store, new Date(), { remove });
      io.stdout.write(`Evidence storage: ${store.location}\n`);
      for (const o of report.orphans)
        io.stdout.write(
          `orphan: ${o.key} (${o.size} bytes, ${o.lastModified.toISOString()})${remove ? " removed" : ""}\n`,
        );
      for (const key of report.missing) io.stdout.write(`missing: ${key}\n`);
      io.stdout.write(
        `${report.orphans.length} orphan(s)${remove ? ` (${report.removed} removed)` : ""}, ${report.missing.length} missing file(s).\n`,
      );
      return report.missing.length === 0 && (remove || report.orphans.length === 0) ? 0 : 1;
    });
  },
};

/** The commands of the workspace, which `specready` dispatches to (see bin/specready). */
export const workspaceCommands: Readonly<Record<string, WorkspaceCommand>> = {
  serve,
  backup,
  restore,
  admin,
  storage,
};
