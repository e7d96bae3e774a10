import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Program } from "@specready/core";
import { beforeAll, describe, expect, it } from "vitest";
import { readCsvTable } from "../csv/read-csv-table.js";
import { loadInstalledPrograms } from "../programs/load-installed-programs.js";
import { readXlsxTable } from "../xlsx/read-xlsx-table.js";
import type { ColumnMapping } from "./columns.js";
import { CertificationsReader, CustomerProjectsReader, UsageReader } from "./input-kinds.js";
import { ProblemList } from "./input-problem.js";

const fixtures = new URL("../../test-fixtures/", import.meta.url).pathname;
let program: Program;

beforeAll(async () => {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24") as Program;
});

async function csvFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "specready-kinds-")), "upload.csv");
  await writeFile(path, text);
  return path;
}

/** Reads a customer project register (CSV text or a fixture path) with the reader. */
async function readProjects(source: { text: string } | { fixture: string }, mapping?: ColumnMapping) {
  const problems = new ProblemList();
  const reader = new CustomerProjectsReader("projects.csv", program, problems, { mapping });
  if ("text" in source) await readCsvTable(await csvFile(source.text), "projects.csv", reader);
  else if (source.fixture.endsWith(".xlsx"))
    await readXlsxTable(join(fixtures, source.fixture), "projects.csv", reader);
  else await readCsvTable(join(fixtures, source.fixture), "projects.csv", reader);
  return { records: reader.result(), problems: problems.items, rows: reader.rows };
}

describe("CustomerProjectsReader", () => {
  it("reads a register kept in Excel and saved as CSV: aliases, US dates, yes/no, stages in any case", async () => {
    const { records, problems } = await readProjects({ fixture: "csv/customer-projects.csv" });
    expect(problems).toEqual([]);
    expect(
      records.map((r) => [r.customerName, r.completionDate, r.greenfield, r.stage, r.source.line]),
    ).toEqual([
      ["Fabrikam Retail", "2025-03-14", true, "production", 2],
      ["Northwind Traders", "2025-01-20", false, "pilot", 3],
      ["Tailspin Toys", "2024-11-05", undefined, "production", 4],
      ["Woodgrove Bank", "2025-06-30", true, undefined, 5],
      ["Contoso Pharmaceuticals, Ltd.", "2024-12-02", true, "pilot", 8],
    ]);
    expect(records[0]).toMatchObject({
      customerTenantId: "5b0f3c1e-8d2a-4c9e-9a55-0c1d2e3f4a51",
      project: "Store assistant copilot",
      workload: "RAG chatbot on product catalogue",
      aiServices: ["Azure OpenAI", "Azure AI Search"],
      source: { file: "projects.csv", line: 2 },
    });
    expect(records.map((r) => r.aiServices)).toEqual([
      ["Azure OpenAI", "Azure AI Search"],
      ["Azure AI Document Intelligence", "Azure OpenAI"],
      ["Azure Machine Learning"],
      ["Azure AI Speech", "Azure OpenAI"],
      undefined,
    ]);
    expect(records[4]?.workload).toBeUndefined();
  });

  it("reads the register as an XLSX workbook with date and TRUE/FALSE cells", async () => {
    const { records, problems } = await readProjects({ fixture: "xlsx/customer-projects.xlsx" });
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.project, r.completionDate, r.greenfield, r.stage])).toEqual([
      ["Store assistant copilot", "2025-03-14", true, "production"],
      ["Invoice extraction", "2025-01-20", false, "pilot"],
      ["Demand forecasting", "2024-11-05", undefined, "production"],
    ]);
  });

  it("names every bad cell: a stage other than Production or Pilot, a date, a yes/no, a required value", async () => {
    const { records, problems } = await readProjects({
      text: [
        "CustomerTenantId,Project,CompletionDate,Greenfield,Stage",
        "5b0f3c1e-8d2a-4c9e-9a55-0c1d2e3f4a51,Chatbot,2025-02-30,yes,Live",
        "8e1a7d44-3b6c-4f0e-b2a9-7c8d9e0f1a62,,6/1/2025,maybe,Pilot",
      ].join("\n"),
    });
    expect(records).toEqual([]);
    expect(problems.map((p) => [p.line, p.column, p.code, p.message])).toEqual([
      [2, "CompletionDate", "cell.date", expect.stringContaining('"2025-02-30" is not a valid date')],
      [2, "Stage", "cell.value", '"Live" is not a stage (expected Production or Pilot)'],
      [3, "Project", "cell.required", "is empty; a value is required"],
      [3, "Greenfield", "cell.boolean", expect.stringContaining('"maybe" is not a yes/no value')],
    ]);
  });

  it("refuses a customer tenant id that is not a GUID, naming the row and column", async () => {
    const { records, problems } = await readProjects({
      text: [
        "CustomerTenantId,Project,CompletionDate",
        "not-a-guid,Chatbot,2025-02-01",
        '"=HYPERLINK(""http://evil.example"",""x"")",Search,2025-02-01',
        "5B0F3C1E-8D2A-4C9E-9A55-0C1D2E3F4A51,Agent,2025-02-01",
      ].join("\n"),
    });
    expect(records.map((r) => r.project)).toEqual(["Agent"]);
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [2, "CustomerTenantId", "cell.value"],
      [3, "CustomerTenantId", "cell.value"],
    ]);
    expect(problems[0]?.message).toContain('"not-a-guid" is not a tenant ID');
    expect(problems[1]?.message).toContain('"=HYPERLINK(');
  });

  it("names the missing required columns with the file", async () => {
    const { problems } = await readProjects({ text: "Customer,Project Name,Date\nContoso,Bot,2025-01-01\n" });
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [1, "CustomerTenantId", "column.missing"],
      [1, "CompletionDate", "column.missing"],
    ]);
  });
});

describe("readers with a mapping", () => {
  it("read a usage file with the partner's own headers", async () => {
    const problems = new ProblemList();
    const reader = new UsageReader("usage.csv", program, problems, {
      mapping: {
        Month: "Usage month",
        CustomerTenantId: "Tenant",
        CustomerName: "Customer",
        ServiceGroup2: "Service category",
        PartnerAttributionType: "Attribution",
        OfferType: "Offer",
        CloudInstance: "Cloud",
        ACR_USD: "Revenue (USD)",
      },
    });
    await readCsvTable(join(fixtures, "csv/azure-usage-custom-headers.csv"), "usage.csv", reader);
    expect(problems.items).toEqual([]);
    const summary = reader.result();
    expect(summary.rowCount).toBe(9);
    expect(summary.eligibleRowCount).toBe(4);
    expect(summary.customers.get("5b0f3c1e-8d2a-4c9e-9a55-0c1d2e3f4a51")?.name).toBe("Fabrikam Retail");
    expect(summary.ignored).toMatchObject({ notAi: 2, governmentPal: 1 });
    expect(Object.fromEntries(summary.ignored.excludedOffers)).toEqual({ "Free Trial": 1 });
  });

  it("report a mapped header the file does not have as a problem of the header line", async () => {
    const problems = new ProblemList();
    const reader = new CertificationsReader("team.csv", program, problems, {
      mapping: { PersonId: "Email", Certification: "Exam" },
    });
    await readCsvTable(
      await csvFile("Email,Certification title\na@contoso.example,AI-102\n"),
      "team.csv",
      reader,
    );
    expect(problems.items).toEqual([
      {
        file: "team.csv",
        line: 1,
        column: "Certification",
        code: "column.mapping",
        message:
          'the mapping reads Certification from the header "Exam", which the file does not have (the header has: Email, Certification title)',
      },
    ]);
  });
});
