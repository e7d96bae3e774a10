/**
 * Writes the XLSX fixtures of the reader tests. Run once from the repository root after changing it:
 *
 *   node packages/ingest/test-fixtures/xlsx/make-fixtures.ts
 *
 * The data is made up but shaped like the real downloads: a certifications export with an EarnedDate
 * column formatted as a date, a Partner Center Azure usage (ACR) export, and a partner's register of
 * customer projects kept in Excel (date and TRUE/FALSE cells).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

const here = dirname(fileURLToPath(import.meta.url));
// Fixed so that a rerun writes the same workbook properties.
const STAMP = new Date(Date.UTC(2025, 8, 1));

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "specready fixtures";
  workbook.created = STAMP;
  workbook.modified = STAMP;
  return workbook;
}

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

async function makeCertifications(): Promise<void> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet("Certifications");
  sheet.columns = [
    { header: "Name", key: "name", width: 22 },
    { header: "Email", key: "email", width: 30 },
    { header: "Certification", key: "certification", width: 48 },
    { header: "CertificationId", key: "id", width: 16 },
    { header: "EarnedDate", key: "earned", width: 14, style: { numFmt: "yyyy-mm-dd" } },
  ];
  const rows: [string, string, string, string, string][] = [
    [
      "Ana Souza",
      "ana.souza@contoso.example",
      "Microsoft Certified: Azure AI Engineer Associate",
      "AI-102",
      "2024-03-14",
    ],
    [
      "Ben Carter",
      "ben.carter@contoso.example",
      "Microsoft Certified: Azure AI Engineer Associate",
      "AI-102",
      "2023-11-02",
    ],
    [
      "Chen Wei",
      "chen.wei@contoso.example",
      "Microsoft Certified: Azure Data Scientist Associate",
      "DP-100",
      "2024-07-30",
    ],
    [
      "Dana Ionescu",
      "dana.ionescu@contoso.example",
      "Microsoft Certified: Azure Solutions Architect Expert",
      "AZ-305",
      "2022-05-19",
    ],
    [
      "Emre Yilmaz",
      "emre.yilmaz@contoso.example",
      "Microsoft Certified: Azure AI Fundamentals",
      "AI-900",
      "2025-01-08",
    ],
    [
      "Fatima Khan",
      "fatima.khan@contoso.example",
      "Microsoft Certified: Azure Data Scientist Associate",
      "DP-100",
      "2024-12-31",
    ],
    [
      "Gustavo Lima",
      "gustavo.lima@contoso.example",
      "Microsoft Certified: Azure AI Engineer Associate",
      "AI-102",
      "2024-02-29",
    ],
  ];
  for (const [name, email, certification, id, earned] of rows) {
    sheet.addRow({ name, email, certification, id, earned: utcDate(earned) });
  }
  sheet.getRow(1).font = { bold: true };
  await workbook.xlsx.writeFile(join(here, "certifications.xlsx"));
}

async function makeAzureUsage(): Promise<void> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet("AzureUsage");
  sheet.columns = [
    { header: "Month", key: "month", width: 10, style: { numFmt: "yyyy-mm" } },
    { header: "CustomerTenantId", key: "tenant", width: 38 },
    { header: "CustomerName", key: "customer", width: 24 },
    { header: "ServiceGroup2", key: "service", width: 24 },
    { header: "PartnerAttributionType", key: "attribution", width: 12 },
    { header: "IsACRDuplicateAtMPNLevel", key: "duplicate", width: 10 },
    { header: "OfferType", key: "offer", width: 18 },
    { header: "CloudInstance", key: "cloud", width: 10 },
    { header: "ACR_USD", key: "acr", width: 14, style: { numFmt: "#,##0.00" } },
  ];
  const customers = [
    ["5b0f3c1e-8d2a-4c9e-9a55-0c1d2e3f4a51", "Fabrikam Retail"],
    ["8e1a7d44-3b6c-4f0e-b2a9-7c8d9e0f1a62", "Northwind Traders"],
    ["c3d9e2f1-6a7b-4c8d-9e0f-1a2b3c4d5e73", "Tailspin Toys"],
    ["f4e5d6c7-b8a9-4098-8776-655443322184", "Woodgrove Bank"],
  ] as const;
  const services = ["AI + Machine Learning", "Compute", "Storage", "Analytics", "AI + Machine Learning"];
  const attributions = ["PAL", "DPOR", "CSP", "PAL"];
  const offers = ["Azure plan", "Azure plan", "Azure subscription", "Azure plan"];
  const months = ["2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"];
  let n = 0;
  for (const month of months) {
    for (let c = 0; c < customers.length; c++) {
      const [tenant, customer] = customers[c] as readonly [string, string];
      // Cents-exact amounts with a deterministic spread, some above a thousand and one negative credit.
      const acr = n === 13 ? -125.4 : Math.round((137.25 + ((n * 7919) % 4603) * 1.37) * 100) / 100;
      sheet.addRow({
        month: utcDate(month),
        tenant,
        customer,
        service: services[n % services.length],
        attribution: attributions[c],
        duplicate: n % 9 === 4,
        offer: offers[c],
        cloud: "Public",
        acr,
      });
      n++;
    }
  }
  sheet.getRow(1).font = { bold: true };
  await workbook.xlsx.writeFile(join(here, "azure-usage.xlsx"));
}

async function makeCustomerProjects(): Promise<void> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet("Project register");
  sheet.columns = [
    { header: "CustomerTenantId", key: "tenant", width: 38 },
    { header: "CustomerName", key: "customer", width: 24 },
    { header: "Project", key: "project", width: 28 },
    { header: "Workload", key: "workload", width: 36 },
    { header: "AIServices", key: "services", width: 40 },
    { header: "CompletionDate", key: "completed", width: 14, style: { numFmt: "m/d/yyyy" } },
    { header: "Greenfield", key: "greenfield", width: 10 },
    { header: "Stage", key: "stage", width: 12 },
    { header: "Account manager", key: "manager", width: 18 },
  ];
  const rows: [string, string, string, string, string, string, boolean | null, string][] = [
    [
      "5b0f3c1e-8d2a-4c9e-9a55-0c1d2e3f4a51",
      "Fabrikam Retail",
      "Store assistant copilot",
      "RAG chatbot on product catalogue",
      "Azure OpenAI; Azure AI Search",
      "2025-03-14",
      true,
      "Production",
    ],
    [
      "8e1a7d44-3b6c-4f0e-b2a9-7c8d9e0f1a62",
      "Northwind Traders",
      "Invoice extraction",
      "Document processing pipeline",
      "Azure AI Document Intelligence, Azure OpenAI",
      "2025-01-20",
      false,
      "Pilot",
    ],
    [
      "c3d9e2f1-6a7b-4c8d-9e0f-1a2b3c4d5e73",
      "Tailspin Toys",
      "Demand forecasting",
      "ML model retraining",
      "Azure Machine Learning",
      "2024-11-05",
      null,
      "Production",
    ],
  ];
  for (const [tenant, customer, project, workload, services, completed, greenfield, stage] of rows) {
    sheet.addRow({
      tenant,
      customer,
      project,
      workload,
      services,
      completed: utcDate(completed),
      greenfield: greenfield ?? undefined,
      stage,
      manager: "Dana Ionescu",
    });
  }
  sheet.getRow(1).font = { bold: true };
  await workbook.xlsx.writeFile(join(here, "customer-projects.xlsx"));
}

await makeCertifications();
await makeAzureUsage();
await makeCustomerProjects();
