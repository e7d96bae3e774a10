import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { repositories } from "@specready/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/passwords.js";
import { parseServerConfig } from "../config/server-config.js";
import { openWorkspaceDatabase } from "../server.js";
import { workspaceCommands } from "./workspace-commands.js";

/*
 * `specready admin create --password-stdin` on a real data directory: the password read from standard
 * input is checked as a new password is on the server (its length, the person's name, how guessable
 * it is) before anything is created.
 */

async function run(dataDir: string, stdin: string, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await workspaceCommands.admin?.run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from([stdin]),
    env: { SPECREADY_DATA_DIR: dataDir },
  });
  return { code, stdout, stderr };
}

async function userByEmail(dataDir: string, email: string) {
  const parsed = parseServerConfig({ SPECREADY_DATA_DIR: dataDir });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const db = await openWorkspaceDatabase(parsed.config);
  try {
    return await repositories(db).users.byEmail(email);
  } finally {
    await db.close();
  }
}

describe("specready admin create --password-stdin", () => {
  let dataDir: string;
  const account = ["create", "--email", "ola@fabrikam.example", "--name", "Ola Berg", "--org", "Fabrikam"];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "specready-admin-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses a guessable password, saying why, and creates nothing", async () => {
    const result = await run(dataDir, "password1234\n", ...account, "--password-stdin");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^specready admin: the password is too easy to guess: .*commonly used password/,
    );
    expect(await userByEmail(dataDir, "ola@fabrikam.example")).toBeUndefined();
  }, 60_000);

  it("creates the organization and its admin with a strong one", async () => {
    const result = await run(dataDir, "quokka-Lantern-7319-river\n", ...account, "--password-stdin");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "Created the organization Fabrikam with its partner admin Ola Berg <ola@fabrikam.example>.\n",
    );
    const user = await userByEmail(dataDir, "ola@fabrikam.example");
    expect(user).toBeDefined();
    expect(await verifyPassword(user?.passwordHash as string, "quokka-Lantern-7319-river")).toBe(true);
  }, 60_000);
});
