import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Program } from "@specready/core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadInstalledPrograms } from "../programs/load-installed-programs.js";
import { formatProblem } from "./input-problem.js";
import { findInputs, loadDataDir } from "./load-data-dir.js";

const fixtures = new URL("../../test-fixtures/csv/", import.meta.url).pathname;
let program: Program;

beforeAll(async () => {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24") as Program;
});

/** A data directory with the given files: name -> text, or name -> fixture file to copy. */
async function dataDir(files: Record<string, string | { fixture: string }>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specready-data-"));
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") await writeFile(join(dir, name), content);
    else await copyFile(join(fixtures, content.fixture), join(dir, name));
  }
  return dir;
}

describe("loadDataDir", () => {
  it("reads a Partner Center usage export as downloaded: BOM, CRLF, quotes, respelled headers, US dates", async () => {
    const dir = await dataDir({ "Azure-Usage.CSV": { fixture: "azure-usage-bom-crlf.csv" } });
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    const usage = result.inputs.usage;
    expect(usage?.file).toBe("Azure-Usage.CSV");
    expect(usage?.rowCount).toBe(9);
    // Tenant ids are distinct case-insensitively: the upper-case row joins the lower-case one.
    const litware = usage?.customers.get("0b6f2d9e-1a2b-4c3d-8e9f-101112131415");
    expect(litware?.name).toBe("Litware Health, Inc.");
    expect([...(litware?.eligible ?? [])].map(([m, d]) => [m, d.units, d.scale])).toEqual([
      ["2025-06", 123456n, 2],
    ]);
    expect(usage?.ignored.notAi).toBe(1);
    expect(usage?.ignored.duplicates).toBe(1);
    expect(usage?.ignored.governmentPal).toBe(1);
    expect(Object.fromEntries(usage?.ignored.ineligibleAttributions ?? [])).toEqual({
      "Transacting partner of record": 1,
    });
    expect(Object.fromEntries(usage?.ignored.excludedOffers ?? [])).toEqual({ "Free Trial": 1 });
    // A quoted customer name holding a line break does not shift line numbers of later rows.
    expect(result.inputs.files).toEqual([{ kind: "azure-usage", file: "Azure-Usage.CSV", rows: 9 }]);
    expect(result.inputs.warnings?.map((w) => w.code).sort()).toEqual([
      "usage.attribution",
      "usage.duplicate",
      "usage.government-pal",
      "usage.not-ai",
      "usage.offer",
    ]);
  });

  it("takes the attribution from AssociationType when PartnerAttributionType is absent", async () => {
    const dir = await dataDir({ "azure-usage.csv": { fixture: "azure-usage-association-type.csv" } });
    const result = await loadDataDir(dir, program);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.inputs.usage?.eligibleRowCount).toBe(3);
  });

  it("prefers PartnerAttributionType when both attribution columns are present", async () => {
    const dir = await dataDir({
      "azure-usage.csv":
        "Month,CustomerTenantId,ServiceGroup2,AssociationType,PartnerAttributionType,ACR_USD\n2025-06,t1,AI,PAL,Deal registration,5\n",
    });
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error("unexpected problems");
    expect(result.inputs.usage?.eligibleRowCount).toBe(0);
    expect(Object.fromEntries(result.inputs.usage?.ignored.ineligibleAttributions ?? [])).toEqual({
      "Deal registration": 1,
    });
  });

  it("lists every bad cell with file, line, column and what is wrong, and returns nothing else", async () => {
    const dir = await dataDir({
      "azure-usage.csv": { fixture: "azure-usage-errors.csv" },
      "certifications.csv": "PersonId,Certification\na,DP-100\n",
    });
    const result = await loadDataDir(dir, program);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [2, "Month", "cell.month"],
      [3, "CustomerTenantId", "cell.required"],
      [4, "ACR_USD", "cell.number"],
      [5, "ACR_USD", "cell.number"],
      [5, "IsACRDuplicateAtMPNLevel", "cell.boolean"],
      [6, "Month", "cell.month"],
      [6, "ACR_USD", "cell.number"],
    ]);
    expect(formatProblem(result.problems[2] as never)).toBe(
      'azure-usage.csv, line 4, column ACR_USD: "1e3" is not a number (expected digits with an optional sign and decimal point, and optional "," thousands separators in groups of three, e.g. -12.5 or 1,234.56)',
    );
    expect(formatProblem(result.problems[5] as never)).toMatch(
      /^azure-usage\.csv, line 6, column Month: "2\/30\/2025" is not a valid month/,
    );
  });

  it("names a missing required column with its file once, not on every row", async () => {
    const dir = await dataDir({
      "azure-usage.csv":
        "Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType\n2025-06,t,AI,PAL\n2025-07,t,AI,PAL\n",
    });
    const result = await loadDataDir(dir, program);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: "azure-usage.csv",
        line: 1,
        column: "ACR_USD",
        code: "column.missing",
      }),
    ]);
  });

  it("requires PartnerAttributionType or AssociationType", async () => {
    const dir = await dataDir({
      "azure-usage.csv": "Month,CustomerTenantId,ServiceGroup2,ACR_USD\n2025-06,t,AI,5\n",
    });
    const result = await loadDataDir(dir, program);
    expect(result.ok ? [] : result.problems.map((p) => p.column)).toEqual(["PartnerAttributionType"]);
  });

  it("reads a UTF-16 roster with accented names", async () => {
    const dir = await dataDir({ "certifications.csv": { fixture: "certifications-utf16.csv" } });
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.inputs.certifications?.map((c) => [c.personName, c.earnedDate, c.associated])).toEqual([
      ["Zoë Müller", "2025-03-03", true],
      ["Omar Ñúñez", "2025-01-20", true],
    ]);
  });

  it("reports a semicolon-separated file as a file problem", async () => {
    const dir = await dataDir({ "capability-score.csv": { fixture: "capability-score-semicolon.csv" } });
    const result = await loadDataDir(dir, program);
    expect(result.ok ? "" : formatProblem(result.problems[0] as never)).toMatch(
      /^capability-score\.csv, line 1: uses ';'/,
    );
  });

  it("canonicalizes capability-score areas and metrics, ignores other areas and metrics with warnings, refuses duplicates", async () => {
    const ok = await dataDir({
      "capability-score.csv":
        "Solution Area,Metric,Points\nData and AI (Azure),net customer adds,30\nModern Work,Net customer adds,30\nDATA & AI (AZURE),Bonus points,5\n",
    });
    const result = await loadDataDir(ok, program);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.inputs.capabilityScore?.map((r) => [r.solutionArea, r.metric, r.points])).toEqual([
      ["Data & AI (Azure)", "Net customer adds", "30"],
    ]);
    expect(result.inputs.warnings?.map((w) => w.code)).toEqual([
      "capability-score.other-area",
      "capability-score.unknown-metric",
    ]);

    const dup = await dataDir({
      "capability-score.csv":
        "SolutionArea,Metric,Points\nData & AI (Azure),Deployments,3\ndata and ai (azure),DEPLOYMENTS,4\nData & AI (Azure),Usage growth,-1\n",
    });
    const bad = await loadDataDir(dup, program);
    expect(bad.ok ? [] : bad.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, "Metric", "row.duplicate"],
      [4, "Points", "cell.negative"],
    ]);
  });

  it("validates audit evidence controls against the program's checklists", async () => {
    const dir = await dataDir({
      "audit-evidence.csv":
        "Module,Control,CustomerTenantId,DeploymentDate\nA,1.1,t1,2025-01-01\nb,B2.3,t1,1/15/2025\nA,B1.1,t1,2025-01-01\nB,9.9,t1,2025-01-01\nC,1.1,t1,2025-01-01\nA,A3.3,t1,2025-02-30\n",
    });
    const result = await loadDataDir(dir, program);
    expect(result.ok ? [] : result.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [4, "Control", "cell.value"],
      [5, "Control", "cell.value"],
      [6, "Module", "cell.value"],
      [7, "DeploymentDate", "cell.date"],
    ]);
    const good = await dataDir({
      "audit-evidence.csv":
        "Module,Control,CustomerTenantId,DeploymentDate\nA,1.1,t1,2025-01-01\nb,B2.3,t1,1/15/2025\n",
    });
    const read = await loadDataDir(good, program);
    expect(read.ok ? read.inputs.auditEvidence?.map((e) => [e.control, e.deploymentDate]) : []).toEqual([
      ["A1.1", "2025-01-01"],
      ["B2.3", "2025-01-15"],
    ]);
  });

  it("reads audit history modules and results in any case", async () => {
    const dir = await dataDir({
      "audit-history.csv":
        "Module,Result,Date\na + b,pass,2024-01-10\nAEMSP-3.A,NO PASS,2024-02-01\nX,Pass,2024-01-01\nA,Maybe,2024-01-01\n",
    });
    const result = await loadDataDir(dir, program);
    expect(result.ok ? [] : result.problems.map((p) => [p.line, p.column])).toEqual([
      [4, "Module"],
      [5, "Result"],
    ]);
  });

  it("reads the designation status Partner Center shows, as an additional input", async () => {
    const dir = await dataDir({
      "Designation.csv":
        "SolutionArea,Status,AttainedDate,AnniversaryDate\nData & AI (Azure),Enrolled,2025-03-15,2026-03-15\n",
    });
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.inputs.designation?.map((d) => [d.solutionArea, d.status, d.anniversaryDate])).toEqual([
      ["Data & AI (Azure)", "Enrolled", "2026-03-15"],
    ]);
    expect(result.inputs.files).toEqual([{ kind: "designation", file: "Designation.csv", rows: 1 }]);
  });

  it("reports an unreadable data directory", async () => {
    const result = await loadDataDir("/nonexistent/specready", program);
    expect(result.ok ? "" : formatProblem(result.problems[0] as never)).toBe(
      "/nonexistent/specready: the data directory does not exist",
    );
  });
});

describe("what reviewers found", () => {
  it("skips rows of quoted-empty or space-only cells, as PowerShell and Python write them", async () => {
    const dir = await dataDir({
      "azure-usage.csv":
        'Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,ACR_USD\n2025-07,T1,AI,PAL,2000\n"","","","",""\n  ,  ,  ,  ,  \n   \n',
    });
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.inputs.usage?.rowCount).toBe(1);
  });

  it("reports every empty required cell of a row, not only the first", async () => {
    const dir = await dataDir({
      "azure-usage.csv":
        "Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,ACR_USD\n2025-13,,AI,,abc\n",
    });
    const result = await loadDataDir(dir, program);
    expect(result.ok ? [] : result.problems.map((p) => [p.column, p.code])).toEqual([
      ["Month", "cell.month"],
      ["ACR_USD", "cell.number"],
      ["CustomerTenantId", "cell.required"],
      ["PartnerAttributionType", "cell.required"],
    ]);
  });

  it("reports an unreadable input file as a problem of that file", async () => {
    const { symlink } = await import("node:fs/promises");
    const dir = await dataDir({});
    await symlink("/nonexistent/specready.csv", join(dir, "azure-usage.csv"));
    const result = await loadDataDir(dir, program);
    expect(result.ok ? "" : formatProblem(result.problems[0] as never)).toBe(
      "azure-usage.csv: cannot be read: it does not exist (a broken link?)",
    );
  });

  it("ignores duplicate rows of areas the program does not count, and groups warnings across spellings", async () => {
    const dir = await dataDir({
      "capability-score.csv":
        "SolutionArea,Metric,Points\nInfrastructure (Azure),Deployments,3\nInfrastructure (Azure),Deployments,4\n",
      "azure-usage.csv":
        "Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,ACR_USD\n2025-07,T1,AI,Deal registration,1\n2025-07,T1,AI,DEAL REGISTRATION,1\n",
    });
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(Object.fromEntries(result.inputs.usage?.ignored.ineligibleAttributions ?? [])).toEqual({
      "Deal registration": 2,
    });
  });

  it("warns about a column the header holds twice", async () => {
    const dir = await dataDir({
      "certifications.csv": "PersonId,Certification,Certification\na,DP-100,AI-102\n",
    });
    const result = await loadDataDir(dir, program);
    expect(result.ok ? result.inputs.warnings?.map((w) => w.code) : []).toEqual(["header.repeated"]);
    expect(result.ok ? result.inputs.certifications?.[0]?.certification : "").toBe("DP-100");
  });
});

describe("findInputs", () => {
  it("matches names case-insensitively, ignores other files and refuses two files for one input", async () => {
    const dir = await dataDir({
      "AZURE-USAGE.csv": "x",
      "azure-usage.xlsx": "x",
      "Certifications.XLSX": "x",
      "notes.txt": "x",
      "old.csv": "x",
      "audit-history.xls": "x",
    });
    await mkdir(join(dir, "capability-score.csv"));
    const { found, problems } = await findInputs(dir);
    expect(found.map((f) => [f.kind, f.file])).toEqual([["certifications", "Certifications.XLSX"]]);
    expect(problems.map((p) => p.code).sort()).toEqual(["file.ambiguous", "file.format"]);
  });
});

describe("XLSX inputs", () => {
  /** Writes a CSV text as a workbook the way Excel saves one: dates as date cells, numbers as numbers. */
  async function csvToXlsx(csv: string, path: string): Promise<void> {
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Export");
    const [head, ...lines] = csv.trim().split(/\r?\n/);
    sheet.addRow((head ?? "").split(","));
    for (const line of lines) {
      const cells = line.split(",").map((text): string | number | Date => {
        if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T00:00:00Z`);
        if (/^-?\d+(\.\d+)?$/.test(text) && !/^0\d/.test(text)) return Number(text);
        return text;
      });
      const row = sheet.addRow(cells);
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = "m/d/yyyy";
      });
    }
    await workbook.xlsx.writeFile(path);
  }

  it("evaluates the same from XLSX workbooks as from the CSV files they were saved from", async () => {
    const { evaluateReadiness } = await import("@specready/core");
    const { readFile, readdir } = await import("node:fs/promises");
    const source = new URL("../../../../examples/contract-examples/ready/data/", import.meta.url).pathname;
    const xlsxDir = await mkdtemp(join(tmpdir(), "specready-xlsx-"));
    for (const name of await readdir(source)) {
      await csvToXlsx(
        await readFile(join(source, name), "utf8"),
        join(xlsxDir, name.replace(/\.csv$/, ".xlsx")),
      );
    }
    const fromCsv = await loadDataDir(source, program);
    const fromXlsx = await loadDataDir(xlsxDir, program);
    if (!fromCsv.ok || !fromXlsx.ok) throw new Error("unexpected problems");
    const strip = (e: ReturnType<typeof evaluateReadiness>) =>
      JSON.parse(JSON.stringify({ ...e, inputs: [] }).replaceAll(".xlsx", ".csv"));
    const a = strip(evaluateReadiness(program, fromCsv.inputs, "2025-09-10"));
    const b = strip(evaluateReadiness(program, fromXlsx.inputs, "2025-09-10"));
    expect(b).toEqual(a);
    expect(a.ready).toBe(true);
  });

  it("names a missing column of a workbook with its file", async () => {
    const dir = await dataDir({});
    await copyFile(
      new URL("../../test-fixtures/xlsx/certifications.xlsx", import.meta.url).pathname,
      join(dir, "certifications.xlsx"),
    );
    const result = await loadDataDir(dir, program);
    expect(result.ok ? "" : formatProblem(result.problems[0] as never)).toMatch(
      /^certifications\.xlsx, line 1, column PersonId: the required column PersonId is missing/,
    );
  });
});

describe("the Partner Center sample download", () => {
  it("has exactly the columns the demo and the benchmark write, and reads without a problem", async () => {
    const { readFile } = await import("node:fs/promises");
    const { PARTNER_CENTER_USAGE_COLUMNS } = await import("./partner-center-columns.js");
    const text = await readFile(join(fixtures, "azure-usage-partner-center-sample.csv"), "utf8");
    expect(text.split(/\r?\n/, 1)[0]?.split(",")).toEqual([...PARTNER_CENTER_USAGE_COLUMNS]);
    const dir = await dataDir({ "azure-usage.csv": { fixture: "azure-usage-partner-center-sample.csv" } });
    const result = await loadDataDir(dir, program);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.inputs.files).toEqual([{ kind: "azure-usage", file: "azure-usage.csv", rows: 300 }]);
  });
});
