import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CalendarDate, Evaluation } from "@specready/core";
import { type CliDemo, cliEvaluation, demoFiles } from "./cli-evaluation.js";
import { readZip } from "./zip.js";

/** Where the workspace says the evidence register's rows come from: the binder file they are written to. */
const REGISTER_ROWS_FILE = "check-data/audit-evidence.csv";

/** Signs in over HTTP as the app does; the session cookie and the person's first organization. */
async function signInOverHttp(
  url: string,
  login: { email: string; password: string },
): Promise<{ cookie: string; orgId: string }> {
  const response = await fetch(`${url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: url },
    body: JSON.stringify(login),
  });
  if (!response.ok) throw new Error(`signing in answered ${response.status}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const session = (await (await fetch(`${url}/api/session`, { headers: { cookie } })).json()) as {
    organizations: { id: string }[];
  };
  const orgId = session.organizations[0]?.id;
  if (orgId === undefined) throw new Error("the demo login has no organization");
  return { cookie, orgId };
}

/** The same evaluation with the register's rows named as the workspace names them. */
function withRegisterFileName(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withRegisterFileName);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "file" && v === "audit-evidence.csv" ? REGISTER_ROWS_FILE : withRegisterFileName(v),
    ]),
  );
}

/**
 * `specready check` of what a running workspace holds for the demo organization: the demo's Partner
 * Center files and, for the audit, the evidence binder's check-data/ (the rows the evidence register
 * stands for, and the audit history), downloaded as its partner admin. This is the claim the dashboard
 * makes: its evaluation is the command line's for the same files. The workspace names the register's
 * rows after the binder file they are written to; the command line, run on a folder, names the file
 * audit-evidence.csv: that one name is set to the workspace's.
 */
export async function workspaceCliEvaluation(
  url: string,
  login: { email: string; password: string },
  asOf: CalendarDate,
): Promise<CliDemo> {
  const { cookie, orgId } = await signInOverHttp(url, login);
  const binder = await fetch(`${url}/api/orgs/${encodeURIComponent(orgId)}/audit/binder`, {
    headers: { cookie },
  });
  if (!binder.ok) throw new Error(`the binder answered ${binder.status}`);
  const dir = await mkdtemp(join(tmpdir(), "specready-e2e-binder-"));
  try {
    const path = join(dir, "binder.zip");
    await writeFile(path, Buffer.from(await binder.arrayBuffer()));
    const files = new Map(
      [...(await demoFiles(asOf))].filter(
        ([name]) => name !== "audit-evidence.csv" && name !== "audit-history.csv",
      ),
    );
    for (const entry of await readZip(path)) {
      if (entry.name.startsWith("check-data/"))
        files.set(entry.name.slice("check-data/".length), entry.data.toString("utf8"));
    }
    if (!files.has("audit-evidence.csv")) throw new Error("the binder has no check-data/audit-evidence.csv");
    const evaluation = withRegisterFileName(await cliEvaluation(files, asOf)) as Evaluation;
    return { evaluation, files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
