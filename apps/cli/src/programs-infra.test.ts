import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type CliIo, main } from "./main.js";

/*
 * A second specialization from the command line: `specready check --program infra-db-migration-2023` on
 * a hand-made usage export with the service columns, the same folder under the default program, and
 * `specready programs` listing and validating program files.
 */

const repo = new URL("../../../", import.meta.url).pathname;
const INFRA = "infra-db-migration-2023";

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false, columns: 100 },
    env,
    now: () => new Date("2025-04-10T12:00:00"),
    cwd: repo,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const HEADER =
  "Month,CustomerTenantId,CustomerName,ServiceGroup2,PartnerAttributionType,ACR_USD,IsACRDuplicateAtMPNLevel,ServiceLevel1,ServiceLevel2,ServiceLevel4,ServiceGroup3,ComputeOS,ComputeOSAttribute,ComputeCoreSoftware,ACRAdjustmentType";
const TENANTS = [
  "11111111-1111-1111-1111-111111111111",
  "22222222-2222-2222-2222-222222222222",
  "33333333-3333-3333-3333-333333333333",
];

/** One row per customer (in January, February, March) of each service, the amounts given per customer. */
function usage(amounts: { windows: string; linux: string; sqlMi: string; sqlVm: string; oss: string }) {
  const lines = [HEADER];
  TENANTS.forEach((t, i) => {
    const m = `2025-0${i + 1}`;
    const c = `${t},Customer ${i + 1}`;
    lines.push(
      `${m},${c},Compute,PAL,${amounts.windows},False,Compute,Virtual Machines,D2s v3,Virtual Machines,WINDOWS,WINDOWS,Core,N/A`,
    );
    lines.push(
      `${m},${c},Compute,CSP,${amounts.linux},False,Compute,Virtual Machines,D4s v5,Virtual Machines,LINUX,Non-Windows,None,N/A`,
    );
    lines.push(
      `${m},${c},Databases,DPOR,${amounts.sqlMi},False,Databases,SQL Managed Instance,vCore,SQL DB MI,,,,N/A`,
    );
    lines.push(
      `${m},${c},Databases,DPOR,${amounts.sqlVm},False,Databases,SQL Server,Enterprise,SQL on IaaS,,,,N/A`,
    );
    lines.push(
      `${m},${c},Databases,PAL,${amounts.oss},False,Databases,PostgreSQL,Flexible Server,PGSQL,,,,N/A`,
    );
    lines.push(
      `${m},${c},AI,PAL,700,False,AI + Machine Learning,Azure OpenAI,GPT-4o,Applied AI Services,,,,N/A`,
    );
  });
  return `${lines.join("\n")}\n`;
}

async function folder(csv: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specready-infra-"));
  await writeFile(join(dir, "azure-usage.csv"), csv);
  return dir;
}

const MET = { windows: "10000", linux: "5000", sqlMi: "1000", sqlVm: "2000", oss: "1500" };

describe("specready check --program infra-db-migration-2023", () => {
  it("measures the four sub-rules on a usage export with its service columns", async () => {
    const dir = await folder(usage(MET));
    const { code, stdout, stderr } = await run(["check", dir, "--program", INFRA, "--format", "json"]);
    expect(stderr).toBe("");
    expect(code).toBe(1); // not ready: designation has no data, knowledge unknown, audit no data
    const got = JSON.parse(stdout);
    expect(got.program).toBe(INFRA);
    const performance = got.requirements.find((r: { id: string }) => r.id === "performance");
    expect(performance.status).toBe("met");
    expect(
      performance.details.rules.map((r: { id: string; windowTotalUsd: string; customerCount: number }) => [
        r.id,
        r.windowTotalUsd,
        r.customerCount,
      ]),
    ).toEqual([
      ["windows-vm", "30000.00", 3],
      ["linux-vm", "15000.00", 3],
      ["sql", "9000.00", 3],
      ["oss-db", "4500.00", 3],
    ]);
    expect(got.requirements.find((r: { id: string }) => r.id === "knowledge").status).toBe("unknown");
  });

  it("is not met one cent short, and says by how much in the text report", async () => {
    const dir = await folder(
      usage(MET).replace(",1500,False,Databases,PostgreSQL", ",1499.99,False,Databases,PostgreSQL"),
    );
    const { code, stdout } = await run(["check", dir, "--program", INFRA]);
    expect(code).toBe(1);
    const text = stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      "Open-source database ACR (MariaDB, MySQL, PostgreSQL, Cosmos DB): USD 0.01 short of USD 4,500.00 in the window January 2025 – March 2025 (it has USD 4,499.99).",
    );
    expect(text).toContain("✘ Performance: Azure consumed revenue by sub-rule NOT MET");
    expect(stdout).toMatch(/Knowledge: certified individuals\s+UNKNOWN/);
  });

  it("reads the same file under the AI program without asking for the new columns", async () => {
    const dir = await folder(usage(MET));
    const { code, stdout, stderr } = await run(["check", dir, "--format", "json"]);
    expect(stderr).not.toMatch(/column/i);
    expect(code).toBe(1);
    const got = JSON.parse(stdout);
    expect(got.program).toBe("ai-ml-azure-fy24"); // the contract's reading of the version in effect
    const performance = got.requirements.find((r: { id: string }) => r.id === "performance");
    expect(performance.details.windowTotalUsd).toBe("2100.00");
    expect(performance.details.customerCount).toBe(3);
  });

  it("names the columns a usage file lacks for the sub-rules, and calls what they decide unknown", async () => {
    const csv = usage(MET)
      .split("\n")
      .map((l) => l.split(",").slice(0, 13).join(","))
      .join("\n");
    const dir = await folder(csv);
    const { stdout } = await run(["check", dir, "--program", INFRA, "--format", "json"]);
    const got = JSON.parse(stdout);
    const warnings = got.warnings.map((w: { message: string }) => w.message).join("\n");
    expect(warnings).toContain("the file has no ComputeCoreSoftware column");
    expect(warnings).toContain("the file has no ACRAdjustmentType column");
    const performance = got.requirements.find((r: { id: string }) => r.id === "performance");
    expect(performance.details.rules[0]).toMatchObject({ id: "windows-vm", status: "unknown" });
    expect(performance.status).toBe("unknown");
  });
});

describe("specready check --program infra-db-migration-2023 on several threads", () => {
  it("gives what one thread gives, the warnings on missing columns included", async () => {
    const rows = usage(MET)
      .split("\n")
      .filter((l) => l !== "");
    const body = rows.slice(1);
    // Enough rows for the file to be split, without ComputeOSAttribute and ACRAdjustmentType.
    const csv = [rows[0], ...Array.from({ length: 200 }, () => body).flat()]
      .map((l) =>
        l
          .split(",")
          .filter((_, i) => i !== 12 && i !== 14)
          .join(","),
      )
      .join("\n");
    const dir = await folder(`${csv}\n`);
    // Threads read only in the compiled CLI: run bin/specready as a process, as parallel-read.test does.
    const exec = async (env: Record<string, string>) =>
      promisify(execFile)(
        join(repo, "bin/specready"),
        ["check", dir, "--program", INFRA, "--as-of", "2025-04-10", "--format", "json"],
        { env: { ...process.env, ...env } },
      ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    const one = await exec({ SPECREADY_THREADS: "1" });
    const two = await exec({
      SPECREADY_THREADS: "2",
      SPECREADY_PARALLEL_MIN_BYTES: "0",
      SPECREADY_VERBOSE: "1",
    });
    expect(two.stderr).toContain("azure-usage.csv: read on 2 threads");
    expect(two.stdout).toBe(one.stdout);
    expect("code" in two ? two.code : 0).toBe("code" in one ? one.code : 0);
    const got = JSON.parse(one.stdout);
    expect(got.warnings.map((w: { code: string }) => w.code)).toContain("usage.column-unchecked");
    expect(got.inputs[0].rows).toBe(200 * body.length);
  });
});

describe("specready programs", () => {
  it("lists both specializations", async () => {
    const { code, stdout } = await run(["programs"]);
    expect(code).toBe(0);
    expect(stdout).toContain("ai-platform-azure-2025-01  AI Platform on Microsoft Azure");
    expect(stdout).toContain(`${INFRA}  Infra and Database Migration to Microsoft Azure`);
    expect(stdout).toContain("Windows Server VM ACR: USD 30,000.00 in total from 3+ customers");
    expect(stdout).toContain("knowledge: unknown — not in program data — check Partner Center");
  });

  it("--validate says a valid file is valid, and names every problem of a broken one by path", async () => {
    const installed = join(repo, "packages/core/programs", `${INFRA}.json`);
    const ok = await run(["programs", "--validate", installed]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`valid — program ${INFRA}`);

    const dir = await mkdtemp(join(tmpdir(), "specready-validate-"));
    const broken = join(dir, "new-specialization.json");
    const json = JSON.parse(await readFile(installed, "utf8"));
    json.id = "new-specialization-2026";
    json.performance.rules[0].filter = { column: "ServiceLevel9", equals: "x" };
    json.performance.rules[1].aggregate = "median";
    await writeFile(broken, JSON.stringify(json));
    const bad = await run(["programs", "--validate", broken]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${broken}: 2 problems`);
    expect(bad.stderr).toContain(
      "at performance.rules.0.filter.column: must be one of the usage report's service columns",
    );
    expect(bad.stderr).toContain("at performance.rules.1.aggregate:");

    // Once the file parses, its citations are checked against the source registry.
    const fixed = JSON.parse(await readFile(installed, "utf8"));
    fixed.id = "new-specialization-2026";
    fixed.citations.push({ paths: ["version"], sources: ["no-such-source"] });
    await writeFile(broken, JSON.stringify(fixed));
    const uncited = await run(["programs", "--validate", broken]);
    expect(uncited.code).toBe(1);
    expect(uncited.stderr).toMatch(/at citations\.\d+\.sources\.0: no source with the key no-such-source/);
  });

  it("--validate checks a checklist file too", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-validate-"));
    const file = join(dir, "module-b.json");
    await copyFile(join(repo, "packages/core/checklists/module-b-infra-db-v1.4.json"), file);
    const { code, stdout } = await run(["programs", "--validate", file]);
    expect(code).toBe(0);
    expect(stdout).toContain("valid — checklist module-b-infra-db-v1.4 (Module B)");
  });
});
