import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type CliIo, main } from "./main.js";

const repo = new URL("../../../", import.meta.url).pathname;
const examples = join(repo, "examples/contract-examples");

/** Runs the CLI in-process and captures what it writes. */
async function run(
  args: string[],
  options: { tty?: boolean; env?: Record<string, string>; today?: string } = {},
) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false, columns: 100 },
    env: options.env ?? {},
    now: () => new Date(`${options.today ?? "2025-09-10"}T12:00:00`),
    cwd: repo,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function tempDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specready-cli-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

describe("specready check", () => {
  it.each(["ready", "gaps"])("gives the contract's JSON and exit status on the %s example", async (name) => {
    const expected = JSON.parse(await readFile(join(examples, name, "case.json"), "utf8"));
    const { code, stdout, stderr } = await run([
      "check",
      join(examples, name, "data"),
      "--as-of",
      expected.asOf,
      "--format",
      "json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(expected.exit);
    const got = JSON.parse(stdout);
    expect({
      program: got.program,
      asOf: got.asOf,
      ready: got.ready,
      eligibleToApply: got.eligibleToApply,
    }).toEqual({
      program: expected.expected.program,
      asOf: expected.expected.asOf,
      ready: expected.expected.ready,
      eligibleToApply: expected.expected.eligibleToApply,
    });
    for (const want of expected.expected.requirements) {
      const req = got.requirements.find((r: { id: string }) => r.id === want.id);
      expect(req.status).toBe(want.status);
      for (const [key, value] of Object.entries(want.details)) {
        if (key === "controls") {
          expect(
            req.details.controls.map((c: Record<string, unknown>) => ({
              id: c.id,
              status: c.status,
              customerCount: c.customerCount,
              required: c.required,
            })),
          ).toEqual(value);
        } else {
          expect(req.details[key]).toEqual(value);
        }
      }
    }
  });

  it("exits 2 on the bad-input example with nothing on stdout and the file, line and column on stderr", async () => {
    const { code, stdout, stderr } = await run([
      "check",
      join(examples, "bad-input", "data"),
      "--as-of",
      "2025-09-10",
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('azure-usage.csv, line 5, column ACR_USD: "12,34" is not a number');
  });

  it("lists at least the first 20 problems of a broken file", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `2025-06,t${i},AI,PAL,not-a-number`);
    const dir = await tempDir({
      "azure-usage.csv": `Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,ACR_USD\n${rows.join("\n")}\n`,
    });
    const { code, stderr } = await run(["check", dir, "--as-of", "2025-09-10"]);
    expect(code).toBe(2);
    for (let line = 2; line <= 31; line++)
      expect(stderr).toContain(`azure-usage.csv, line ${line}, column ACR_USD`);
    expect(stderr).toContain("30 problems");
  });

  it("reports no_data for absent files and evaluates the audit from history alone", async () => {
    const dir = await tempDir({ "audit-history.csv": "Module,Result,Date\nA+B,Pass,2024-01-10\n" });
    const { code, stdout } = await run(["check", dir, "--as-of", "2025-09-10", "--format", "json"]);
    expect(code).toBe(1);
    const got = JSON.parse(stdout);
    expect(got.requirements.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      ["designation", "no_data"],
      ["performance", "no_data"],
      ["knowledge", "no_data"],
      ["audit", "not_met"],
    ]);
    const audit = got.requirements[3].details;
    expect(audit.moduleAWaived).toBe(true);
    expect(
      audit.controls
        .filter((c: { status: string }) => c.status === "waived")
        .map((c: { id: string }) => c.id),
    ).toEqual(["A1.1", "A1.2", "A2.1", "A2.2", "A3.1", "A3.2", "A3.3"]);
    expect(got.requirements[0].details).toBeUndefined();
  });

  it("defaults --as-of to today", async () => {
    const dir = await tempDir({});
    const { stdout } = await run(["check", dir, "--format", "json"], { today: "2026-02-03" });
    expect(JSON.parse(stdout).asOf).toBe("2026-02-03");
  });

  it.each([
    [["check"], "missing <data-dir>"],
    [["check", "a", "b"], "one data directory expected"],
    [["check", ".", "--as-of", "2024-13-45"], '--as-of "2024-13-45" is not a valid date'],
    [["check", ".", "--as-of", "2024-02-30"], "is not a valid date"],
    [["check", ".", "--as-of", "yesterday"], "is not a valid date"],
    [["check", ".", "--format", "xml"], "--format must be text or json"],
    [
      ["check", ".", "--program", "nope"],
      'unknown program "nope" (installed: ai-ml-azure-2022-10, ai-ml-azure-fy24, ai-platform-azure-2025-01, ai-platform-azure-2026-provisional)',
    ],
    [["check", ".", "--colour"], "Unknown option '--colour'"],
  ])("exits 2 with a clear message for %j", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });

  it("prints a readable report with gaps and change dates, without colour when not a terminal", async () => {
    const {
      code,
      stdout: report,
      stderr,
    } = await run(["check", join(examples, "gaps", "data"), "--as-of", "2025-09-10"]);
    expect(code).toBe(1);
    const stdout = report.replace(/\s+/g, " "); // the report wraps lines to the terminal width
    expect(stdout).not.toContain("\u001b[");
    expect(stdout).toContain("NOT READY — 0 of 4 requirements met");
    expect(stdout).toContain("USD 1,900.50 monthly average eligible AI ACR in June 2025 – August 2025");
    expect(stdout).toContain("USD 298.50 short of USD 6,000.00");
    expect(stdout).toContain("One more certified individual, holding AI-102 (Azure AI Engineer Associate)");
    expect(stdout).toContain(
      "B3.1 Deployment: needs one more customer project completed between 2024-09-10 and 2025-09-10 (2 of 3)",
    );
    expect(stdout).toContain("Data & AI (Azure) needs points in advanced certifications.");
    expect(stdout).not.toContain("Digital & App Innovation (Azure) needs");
    expect(stdout).toContain("September 2025 needs USD 298.50 more eligible AI ACR by its end");
    // Warnings go to stderr, never loose on stdout.
    expect(stderr).toContain("not AI services");
    expect(stdout).not.toContain("not AI services");
  });

  it("colours the report on a terminal unless NO_COLOR is set", async () => {
    const coloured = await run(["check", join(examples, "ready", "data"), "--as-of", "2025-09-10"], {
      tty: true,
    });
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain("\u001b[32m");
    const plain = await run(["check", join(examples, "ready", "data"), "--as-of", "2025-09-10"], {
      tty: true,
      env: { NO_COLOR: "1" },
    });
    expect(plain.stdout).not.toContain("\u001b[");
  });
});

describe("figures at the threshold", () => {
  it("shows amounts compared exactly with all their decimals, so a sub-cent gap is visible", async () => {
    const dir = await tempDir({
      "azure-usage.csv":
        "Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,ACR_USD\n2025-06,a,AI,PAL,1999.995\n2025-07,b,AI,PAL,2000\n2025-08,c,AI,PAL,2000\n",
    });
    const { code, stdout } = await run(["check", dir, "--as-of", "2025-09-10"]);
    expect(code).toBe(1);
    const flat = stdout.replace(/\s+/g, " ");
    expect(flat).toContain("window total USD 5,999.995 of USD 6,000.00");
    expect(flat).toContain("USD 0.005 short of USD 6,000.00");
    expect(flat).toContain(
      "Not yet eligible to apply: performance is not met and designation and knowledge have no data.",
    );
  });
});

describe("the report's advice for ACR that does not count", () => {
  it("fits each customer's rows and writes money with thousands separators", async () => {
    const header =
      "Month,CustomerTenantId,CustomerName,PartnerName,ServiceGroup2,PartnerAttributionType,OfferType,CloudInstance,ACR_USD";
    const dir = await tempDir({
      "azure-usage.csv": [
        header,
        "2025-07,a,Alpine,Adatum,AI,PAL,Azure plan,AzureCloud,1000",
        "2025-07,w,Woodgrove,Adatum,AI,Transacting partner of record,Azure plan,AzureCloud,2680.04",
        "2025-07,t,Coho,Adatum,AI,CSP,Free Trial,AzureCloud,58.37",
        "2025-07,g,City Power,Adatum,AI,Partner admin link,Azure plan,AzureUSGovernment,1312.75",
        "2025-07,o,Adatum,Adatum,AI,Partner as end-customer,Azure plan,AzureCloud,90",
        "",
      ].join("\n"),
    });
    const { code, stdout } = await run(["check", dir, "--as-of", "2025-09-10"]);
    expect(code).toBe(1);
    const flat = stdout.replace(/\s+/g, " ");
    expect(flat).toContain(
      'Woodgrove has USD 2,680.04 of AI ACR in the window attributed as "Transacting partner of record", which does not count: link your partner ID to its subscriptions with PAL',
    );
    expect(flat).toContain(
      'Coho has USD 58.37 of AI ACR in the window on the offer "Free Trial": a free trial',
    );
    expect(flat).toContain(
      "City Power has USD 1,312.75 of AI ACR in the window on government-cloud subscriptions that are already linked to you through PAL",
    );
    expect(flat).toContain("Adatum is your own organization's tenant");
    // The PAL advice is given once: for the row whose attribution is what keeps it out.
    expect(flat.match(/link your partner ID/g)).toHaveLength(1);
    // The records behind the figure, with the amounts that did not count.
    expect(flat).toContain("(not counted: USD 2,680.04 attribution Transacting partner of record)");
    expect(flat).not.toMatch(/USD \d{4,}/);
  });
});

/** The members the contract fixes, as its examples compare them. */
function contractMembers(json: {
  program: string;
  ready: boolean;
  eligibleToApply: boolean;
  requirements: { id: string; status: string; details?: Record<string, unknown> }[];
}) {
  return {
    program: json.program,
    ready: json.ready,
    eligibleToApply: json.eligibleToApply,
    requirements: json.requirements.map((r) => {
      const d = r.details ?? {};
      const controls = (d.controls as Record<string, unknown>[] | undefined)?.map((c) => ({
        id: c.id,
        status: c.status,
        customerCount: c.customerCount,
        required: c.required,
      }));
      return {
        id: r.id,
        status: r.status,
        details: [
          d.qualifyingAreas,
          d.window,
          d.monthlyAverageUsd,
          d.customerCount,
          d.individualCount,
          d.holders,
          d.moduleAWaived,
          controls,
        ],
      };
    }),
  };
}

describe("specready check: the program version in effect on the date", () => {
  const data = join(examples, "gaps", "data");
  it.each([
    ["2023-09-01", "AI and Machine Learning in Microsoft Azure", "ai-ml-azure-2022-10", "V2.x", "V1.4"],
    ["2024-06-17", "AI and Machine Learning in Microsoft Azure", "ai-ml-azure-2022-10", "V2.x", "V1.5"],
    ["2025-09-10", "AI Platform on Microsoft Azure", "ai-platform-azure-2025-01", "2024-08", "V1.7"],
    ["2026-12-06", "AI Platform on Microsoft Azure", "ai-platform-azure-2025-01", null, null],
  ])(
    "on %s names %s and the checklists in effect, and measures as --program ai-ml-azure-fy24",
    async (asOf, name, id, a, b) => {
      const byDate = await run(["check", data, "--as-of", asOf, "--format", "json"]);
      const pinned = await run([
        "check",
        data,
        "--as-of",
        asOf,
        "--format",
        "json",
        "--program",
        "ai-ml-azure-fy24",
      ]);
      expect(byDate.code).toBe(pinned.code);
      const got = JSON.parse(byDate.stdout);
      const fy24 = JSON.parse(pinned.stdout);
      expect(contractMembers(got)).toEqual(contractMembers(fy24));
      expect(got.program).toBe("ai-ml-azure-fy24");
      expect(got.programName).toBe(name);
      expect(got.versions.program.id).toBe(id);
      expect(got.versions.selectedBy).toBe("date");
      expect(
        got.versions.checklists.map(
          (c: { inEffect: { version: string } | null }) => c.inEffect?.version ?? null,
        ),
      ).toEqual([a, b]);
      expect(
        got.versions.checklists.map((c: { measuredAgainst: { id: string } }) => c.measuredAgainst.id),
      ).toEqual(["module-a-2024-08", "module-b-v1.7"]);
      // Pinned, the contract's program names its own checklists on every date.
      expect(fy24.programName).toBe("AI and Machine Learning in Microsoft Azure");
      expect(fy24.versions).toMatchObject({ selectedBy: "pinned", pinnedBy: "cli", warnings: [] });
      const text = await run(["check", data, "--as-of", asOf]);
      expect(text.stdout.split("\n")[0]).toContain(`specready — ${name}`);
      expect(text.stdout).toContain(`Program: ${name}`);
    },
  );

  it("reads designation.csv when it is there: an active designation meets the requirement through a dip", async () => {
    const dir = await tempDir({
      "capability-score.csv":
        "SolutionArea,Metric,Points\nData & AI (Azure),Net customer adds,10\nData & AI (Azure),Intermediate certifications,10\n" +
        "Data & AI (Azure),Advanced certifications,10\nData & AI (Azure),Usage growth,10\nData & AI (Azure),Deployments,10\n",
      "designation.csv":
        "SolutionArea,Status,AttainedDate,AnniversaryDate\nData & AI (Azure),Enrolled,2025-03-15,2026-03-15\n",
    });
    const { stdout } = await run(["check", dir, "--as-of", "2025-11-01", "--format", "json"]);
    const designation = JSON.parse(stdout).requirements[0];
    expect(designation.status).toBe("met");
    expect(designation.details).toMatchObject({
      qualifyingAreas: ["Data & AI (Azure)"],
      basis: "designation",
    });
    expect(designation.gaps.map((g: { code: string }) => g.code)).toEqual(["designation.renewal-at-risk"]);
    const text = await run(["check", dir, "--as-of", "2025-11-01"]);
    expect(text.stdout.replace(/\s+/g, " ")).toContain("by its anniversary on 2026-03-15 it must qualify");
  });
});

describe("specready programs --sources", () => {
  it("prints every cited number with its sources, and every source with its address, publisher and reading day", async () => {
    const { code, stdout } = await run(["programs", "--sources"]);
    expect(code).toBe(0);
    expect(stdout).toContain("audit.feesUsd.* = 2400, 3600  [checklist-v1.7]");
    expect(stdout).toContain("performance.rules.0.minimumUsd = 2000  [prep-fy24]");
    expect(stdout).toContain(
      'performance.rules.0.filter = ServiceGroup2 is "AI"  [learn-specializations-apply, learn-azure-usage-report]',
    );
    expect(stdout).toContain("DP-100: retires = 2026-06-01, renewals until = 2026-06-01, successor = AI-300");
    expect(stdout).toContain("(third-party reports only)");
    expect(stdout).toMatch(/\[readroost-2026\] .* — THIRD PARTY, read on 2026-12-06/);
    expect(stdout).toContain("https://assetsprod.microsoft.com/en-us/microsoft-azure-ai-audit-checklist.pdf");
  });

  it("lists each version with its period and what changed, and the checklist versions with theirs", async () => {
    const { stdout } = await run(["programs"]);
    expect(stdout).toContain("in effect from 2025-01-01; written against ai-ml-azure-2022-10");
    expect(stdout).toContain("[provisional — verify in Partner Center]");
    expect(stdout).toMatch(/Module B {2}V1\.4 +2023-07-05 to 2023-12-31 +dates and changes only/);
    const json = JSON.parse((await run(["programs", "--format", "json"])).stdout);
    expect(json.programs.map((p: { id: string }) => p.id)).toContain("ai-platform-azure-2026-provisional");
    expect(json.sources.length).toBeGreaterThan(5);
  });
});

describe("specready programs, demo and help", () => {
  it("lists the installed program", async () => {
    const { code, stdout } = await run(["programs"]);
    expect(code).toBe(0);
    expect(stdout).toContain("ai-ml-azure-fy24  AI and Machine Learning in Microsoft Azure");
    expect(stdout).toContain("Module B – AI Platform on Microsoft Azure workload V1.7 (7 controls)");
    expect(stdout).toContain("performance: USD 2,000.00 monthly average AI ACR");
  });

  it("lists a program added as a file, and refuses a broken one naming the file and field", async () => {
    const fy24 = JSON.parse(
      await readFile(join(repo, "packages/core/programs/ai-ml-azure-fy24.json"), "utf8"),
    );
    const extra = await mkdtemp(join(tmpdir(), "specready-programs-"));
    await import("node:fs/promises").then((fs) => fs.mkdir(join(extra, "programs")));
    await writeFile(
      join(extra, "programs", "ai-platform-fy26.json"),
      JSON.stringify({
        ...fy24,
        id: "ai-platform-fy26",
        name: "AI Platform on Microsoft Azure",
        version: "FY26",
      }),
    );
    const listed = await run(["programs"], { env: { SPECREADY_PROGRAMS_DIR: extra } });
    expect(listed.stdout).toContain("ai-platform-fy26  AI Platform on Microsoft Azure — FY26");
    const checked = await run(["check", extra, "--program", "ai-platform-fy26", "--format", "json"], {
      env: { SPECREADY_PROGRAMS_DIR: extra },
    });
    expect(JSON.parse(checked.stdout).program).toBe("ai-platform-fy26");

    await writeFile(
      join(extra, "programs", "broken.json"),
      JSON.stringify({ ...fy24, id: "broken", performance: { ...fy24.performance, minimumCustomers: 0 } }),
    );
    const broken = await run(["programs"], { env: { SPECREADY_PROGRAMS_DIR: extra } });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/programs\/broken\.json, at performance\.minimumCustomers: /);
  });

  it("writes a demo partner that evaluates to a mix of met and unmet requirements", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "specready-demo-")), "demo");
    const written = await run(["demo", dir, "--as-of", "2025-09-10"]);
    expect(written.code).toBe(0);
    const { code, stdout } = await run(["check", dir, "--as-of", "2025-09-10", "--format", "json"]);
    expect(code).toBe(1);
    const statuses = JSON.parse(stdout).requirements.map((r: { status: string }) => r.status);
    expect(statuses).toContain("met");
    expect(statuses).toContain("not_met");
  });

  it("refuses invalid settings in the environment, naming each, before doing anything", async () => {
    const { code, stdout, stderr } = await run(["check", join(examples, "ready", "data")], {
      env: { SPECREADY_THREADS: "many", SPECREADY_PARALLEL_MIN_BYTES: "-1" },
    });
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toContain('SPECREADY_THREADS="many" is not a whole number from 1 to 64');
    expect(stderr).toContain('SPECREADY_PARALLEL_MIN_BYTES="-1" is not a whole number');
  });

  it("has help for every command", async () => {
    for (const command of ["check", "demo", "programs"]) {
      const { code, stdout } = await run([command, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: specready ${command}`));
    }
    expect((await run(["--help"])).stdout).toContain("Commands:");
    expect((await run(["frobnicate"])).code).toBe(2);
    const bare = await run([]);
    expect(bare).toMatchObject({ code: 2, stdout: "" });
    expect(bare.stderr).toContain("Commands:");
  });
});

describe("bin/specready", () => {
  it("runs as a process with the contract's exit codes and streams", async () => {
    const exec = promisify(execFile);
    const ok = await exec(join(repo, "bin/specready"), [
      "check",
      join(examples, "ready", "data"),
      "--as-of",
      "2025-09-10",
      "--format",
      "json",
    ]);
    expect(JSON.parse(ok.stdout).ready).toBe(true);
    const bad = await exec(join(repo, "bin/specready"), ["check", join(examples, "bad-input", "data")]).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect((bad as { stderr: string }).stderr).toContain("line 5, column ACR_USD");
  });
});
