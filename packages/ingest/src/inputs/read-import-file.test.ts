import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDecimal, mergeUsageSummaries, type Program } from "@specready/core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadInstalledPrograms } from "../programs/load-installed-programs.js";
import { loadDataDir } from "./load-data-dir.js";
import { readImportFile } from "./read-import-file.js";

const fixtures = new URL("../../test-fixtures/", import.meta.url).pathname;
let program: Program;

beforeAll(async () => {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24") as Program;
});

/** Stores an upload the way the server does: under a name of its own, not the user's. */
async function stored(content: string | Buffer | { fixture: string }): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "specready-import-")), "upload-7f3a");
  if (typeof content === "object" && "fixture" in content)
    await copyFile(join(fixtures, content.fixture), path);
  else await writeFile(path, content);
  return path;
}

describe("readImportFile", () => {
  it("reads a usage export into one summary per month, with the CLI's warnings", async () => {
    const path = await stored({ fixture: "csv/azure-usage-bom-crlf.csv" });
    const result = await readImportFile(path, "Azure usage.csv", "azure-usage", program);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.rows).toBe(9);
    const { months } = result.data;
    expect([...months.keys()]).toEqual(["2025-06", "2025-07", "2025-08"]);
    const june = months.get("2025-06");
    expect(june?.file).toBe("Azure usage.csv");
    const litware = june?.customers.get("0b6f2d9e-1a2b-4c3d-8e9f-101112131415");
    expect(litware?.name).toBe("Litware Health, Inc.");
    expect(formatDecimal(litware?.eligible.get("2025-06") ?? { units: 0n, scale: 0 })).toBe("1234.56");
    expect([...months.values()].reduce((n, m) => n + m.rowCount, 0)).toBe(9);

    // The same file read by `specready check`: the same warnings, and the months add up to its figures.
    const dir = await mkdtemp(join(tmpdir(), "specready-import-dir-"));
    await copyFile(path, join(dir, "azure-usage.csv"));
    const cli = await loadDataDir(dir, program);
    if (!cli.ok) throw new Error("unexpected problems");
    expect(result.warnings.map((w) => [w.code, w.message, w.count])).toEqual(
      cli.inputs.warnings?.map((w) => [w.code, w.message, w.count]),
    );
    const merged = mergeUsageSummaries([...months.values()]);
    const whole = cli.inputs.usage;
    expect(merged.eligibleRowCount).toBe(whole?.eligibleRowCount);
    expect(merged.ignored.notAi).toBe(whole?.ignored.notAi);
    expect([...merged.customers.keys()].sort()).toEqual([...(whole?.customers.keys() ?? [])].sort());
  });

  it("reads a usage file with the partner's own headers through a mapping", async () => {
    const path = await stored({ fixture: "csv/azure-usage-custom-headers.csv" });
    const mapping = {
      Month: "Usage month",
      CustomerTenantId: "Tenant",
      ServiceGroup2: "Service category",
      PartnerAttributionType: "Attribution",
      ACR_USD: "Revenue (USD)",
      CloudInstance: "Cloud",
    };
    const unmapped = await readImportFile(path, "usage.csv", "azure-usage", program);
    expect(unmapped.ok ? [] : unmapped.problems.map((p) => p.column)).toEqual([
      "Month",
      "CustomerTenantId",
      "ServiceGroup2",
      "PartnerAttributionType",
      "ACR_USD",
    ]);
    const result = await readImportFile(path, "usage.csv", "azure-usage", program, { mapping });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect([...result.data.months.keys()]).toEqual(["2025-04", "2025-05", "2025-06"]);
    expect(result.data.months.get("2025-06")?.ignored.governmentPal).toBe(1);
  });

  it("reads every kind of file into its records", async () => {
    const certifications = await readImportFile(
      await stored({ fixture: "xlsx/certifications.xlsx" }),
      "Team.xlsx",
      "certifications",
      program,
      { mapping: { PersonId: "Email" } },
    );
    expect(certifications.ok && certifications.data.records.map((r) => r.personId)).toHaveLength(7);
    expect(certifications.ok && certifications.data.records[0]).toMatchObject({
      personId: "ana.souza@contoso.example",
      earnedDate: "2024-03-14",
      source: { file: "Team.xlsx", line: 2 },
    });

    const score = await readImportFile(
      await stored("SolutionArea,Metric,Points\nData & AI (Azure),Net customer adds,20\n"),
      "score.csv",
      "capability-score",
      program,
    );
    expect(score.ok && score.data).toEqual({
      kind: "capability-score",
      records: [expect.objectContaining({ solutionArea: "Data & AI (Azure)", points: "20" })],
    });

    const evidence = await readImportFile(
      await stored("Module,Control,CustomerTenantId,DeploymentDate\nB,2.1,t-1,2025-03-01\n"),
      "evidence.csv",
      "audit-evidence",
      program,
    );
    expect(evidence.ok && evidence.data.records.map((r) => r.control)).toEqual(["B2.1"]);

    const history = await readImportFile(
      await stored("Module,Result,Date\nA+B,Pass,2024-02-01\n"),
      "history.csv",
      "audit-history",
      program,
    );
    expect(history.ok && history.data.records.map((r) => r.result)).toEqual(["Pass"]);

    const projects = await readImportFile(
      await stored({ fixture: "csv/customer-projects.csv" }),
      "Project register.csv",
      "customer-projects",
      program,
    );
    expect(projects.ok && projects.rows).toBe(5);
    expect(projects.ok && projects.data.records.map((r) => r.project)).toEqual([
      "Store assistant copilot",
      "Invoice extraction",
      "Demand forecasting",
      "Call centre analytics",
      "Clinical protocol search",
    ]);
  });

  it("tells CSV from XLSX by the content, whatever the name says", async () => {
    const workbook = await readImportFile(
      await stored({ fixture: "xlsx/customer-projects.xlsx" }),
      "projects.csv",
      "customer-projects",
      program,
    );
    expect(workbook.ok && workbook.data.records.map((r) => r.completionDate)).toEqual([
      "2025-03-14",
      "2025-01-20",
      "2024-11-05",
    ]);
    const text = await readImportFile(
      await stored("Module,Result,Date\nB,No Pass,2024-02-01\n"),
      "history.xlsx",
      "audit-history",
      program,
    );
    expect(text.ok && text.data.records.map((r) => r.result)).toEqual(["No Pass"]);
  });

  it("refuses a PDF, a legacy Excel workbook and other binary files as not CSV or XLSX", async () => {
    const ole = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const uploads: [string, Buffer][] = [
      ["report.pdf", Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")],
      ["usage.xls", ole],
      ["logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ];
    for (const [name, bytes] of uploads) {
      const result = await readImportFile(await stored(bytes), name, "azure-usage", program);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.total).toBe(1);
      expect(result.problems[0]).toMatchObject({ file: name, code: "file.format" });
      expect(result.problems[0]?.message).toMatch(/^is not a CSV or XLSX file: /);
    }
  });

  it("is all or nothing: any bad row, and only problems come back, named with the uploaded name", async () => {
    const result = await readImportFile(
      await stored({ fixture: "csv/azure-usage-errors.csv" }),
      "June usage.csv",
      "azure-usage",
      program,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.total).toBe(7);
    expect(new Set(result.problems.map((p) => p.file))).toEqual(new Set(["June usage.csv"]));
    expect(result.problems[0]).toMatchObject({ line: 2, column: "Month", code: "cell.month" });
  });

  it("keeps the first thousand problems of a broken file and counts them all", async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `p-${i},AI-102,${i + 1}/1/2025`);
    const result = await readImportFile(
      await stored(["PersonId,Certification,EarnedDate", ...rows].join("\n")),
      "team.csv",
      "certifications",
      program,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Months 13 and up of 1,500 rows are impossible dates.
    expect(result.total).toBe(1488);
    expect(result.problems).toHaveLength(1000);
    expect(result.problems[0]).toMatchObject({ line: 14, column: "EarnedDate", code: "cell.date" });
  });

  it("reports progress in bytes of the file, up to its size", async () => {
    const text = ["Module,Result,Date", ...Array.from({ length: 50 }, () => "A,Pass,2024-01-01")].join("\n");
    const calls: [number, number][] = [];
    const result = await readImportFile(await stored(text), "h.csv", "audit-history", program, {
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(result.ok).toBe(true);
    expect(calls.at(-1)).toEqual([Buffer.byteLength(text), Buffer.byteLength(text)]);
  });

  it("reports a file that cannot be read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-import-"));
    const missing = await readImportFile(join(dir, "gone"), "usage.csv", "azure-usage", program);
    expect(missing).toEqual({
      ok: false,
      problems: [
        { file: "usage.csv", code: "file.unreadable", message: expect.stringMatching(/^cannot be read/) },
      ],
      total: 1,
    });
    await mkdir(join(dir, "folder"));
    const folder = await readImportFile(join(dir, "folder"), "usage.csv", "azure-usage", program);
    expect(folder.ok ? "" : folder.problems[0]?.message).toBe("cannot be read: it is a directory");
  });
});
