import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import { writeDemoPartner } from "@specready/ingest";
import type { AppContext } from "./app-context.js";
import { importLocalFile } from "./import-service.js";
import { createOrganizationWithAdmin } from "./session-service.js";

export const DEMO_EMAIL = "admin@adatum.example";
const DEMO_ORG = "Adatum Consulting (demo)";
const LOGIN_FILE = "demo-login.txt";

/** The demo login, when this installation was seeded with the demo. */
export async function demoLogin(ctx: AppContext): Promise<{ email: string; password: string } | undefined> {
  const text = await readFile(join(ctx.config.dataDir, LOGIN_FILE), "utf8").catch(() => undefined);
  const password = text?.match(/^password: (.+)$/m)?.[1];
  return password === undefined ? undefined : { email: DEMO_EMAIL, password };
}

/**
 * Seeds an empty installation with the demo partner (Adatum Consulting, dated around today): its
 * organization, a partner admin with a random password (kept in the data directory so the console can
 * show it at every start) and the five demo files, imported exactly as a user's uploads are.
 */
export async function seedDemo(ctx: AppContext): Promise<{ email: string; password: string } | undefined> {
  if ((await repositories(ctx.db).users.count()) > 0) return undefined;
  const password = randomBytes(12).toString("base64url");
  const { orgId, userId } = await createOrganizationWithAdmin(ctx.db, {
    organizationName: DEMO_ORG,
    name: "Avery Admin",
    email: DEMO_EMAIL,
    password,
  });
  const dir = await mkdtemp(join(tmpdir(), "specready-demo-"));
  try {
    const files = await writeDemoPartner(dir, todayFrom(ctx.now()));
    const actor = { kind: "user", id: userId, name: "Avery Admin" } as const;
    for (const path of files) {
      const file = basename(path);
      const kind = file.replace(/\.(csv|xlsx)$/i, "");
      const job = await importLocalFile(ctx, orgId, path, file, kind as never, actor);
      if (job.state !== "done")
        throw new Error(`the demo file ${file} did not import: ${job.message ?? job.state}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await writeFile(
    join(ctx.config.dataDir, LOGIN_FILE),
    `The demo partner's sign-in (created ${ctx.now().toISOString()}):\nemail: ${DEMO_EMAIL}\npassword: ${password}\n`,
    { mode: 0o600 },
  );
  return { email: DEMO_EMAIL, password };
}
