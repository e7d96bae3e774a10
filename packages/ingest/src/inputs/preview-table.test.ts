import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { previewTable } from "./preview-table.js";

const fixtures = new URL("../../test-fixtures/", import.meta.url).pathname;

/** Stores an upload the way the server does: under a name of its own, not the user's. */
async function stored(content: string | Buffer | { fixture: string }): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "specready-preview-")), "upload-1");
  if (typeof content === "object" && "fixture" in content)
    await copyFile(join(fixtures, content.fixture), path);
  else await writeFile(path, content);
  return path;
}

const OWN_USAGE_MAPPING = {
  Month: "Usage month",
  CustomerTenantId: "Tenant",
  CustomerName: "Customer",
  ServiceGroup2: "Service category",
  PartnerAttributionType: "Attribution",
  ACR_USD: "Revenue (USD)",
};

describe("previewTable", () => {
  it("shows the first rows of a Partner Center export and how its headers match", async () => {
    const path = await stored({ fixture: "csv/azure-usage-bom-crlf.csv" });
    const result = await previewTable(path, "Azure usage June.csv", "azure-usage", { rows: 2 });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { preview } = result;
    expect(preview.header.slice(0, 4)).toEqual(["PartnerID", "PartnerName", "Month", "CustomerTenantId"]);
    expect(preview.rows).toHaveLength(2);
    expect(preview.rows[0]?.slice(2, 5)).toEqual([
      "6/1/2025",
      "0B6F2D9E-1A2B-4C3D-8E9F-101112131415",
      "Litware Health, Inc.",
    ]);
    expect(preview.rows[0]).toHaveLength(preview.header.length);
    expect(preview.columns.find((c) => c.name === "ACR_USD")).toEqual({
      name: "ACR_USD",
      required: true,
      description: "Azure consumed revenue in US dollars",
      header: "ACR USD",
      matchedBy: "name",
    });
    expect(preview.columns.find((c) => c.name === "AssociationType")).toMatchObject({
      required: false,
      header: null,
      matchedBy: null,
    });
    expect(preview.missingRequired).toEqual([]);
    expect(preview.problems).toEqual([]);
  });

  it("shows ten rows unless told otherwise", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `2025-06,t-${i},AI,PAL,${i}.00`);
    const path = await stored(["Month,CustomerTenantId,ServiceGroup2,PAL,ACR_USD", ...rows].join("\n"));
    const result = await previewTable(path, "usage.csv", "azure-usage");
    expect(result.ok && result.preview.rows.map((r) => r[1])).toEqual(
      Array.from({ length: 10 }, (_, i) => `t-${i}`),
    );
  });

  it("lists required columns no header holds, and applies the user's mapping", async () => {
    const path = await stored({ fixture: "csv/azure-usage-custom-headers.csv" });
    const before = await previewTable(path, "usage.csv", "azure-usage");
    expect(before.ok && before.preview.missingRequired).toEqual([
      "Month",
      "CustomerTenantId",
      "ServiceGroup2",
      "PartnerAttributionType",
      "ACR_USD",
    ]);
    const after = await previewTable(path, "usage.csv", "azure-usage", { mapping: OWN_USAGE_MAPPING });
    if (!after.ok) throw new Error("unexpected problems");
    expect(after.preview.missingRequired).toEqual([]);
    expect(after.preview.columns.slice(0, 6).map((c) => [c.name, c.header, c.matchedBy])).toEqual([
      ["Month", "Usage month", "mapping"],
      ["CustomerTenantId", "Tenant", "mapping"],
      ["ServiceGroup2", "Service category", "mapping"],
      ["PartnerAttributionType", "Attribution", "mapping"],
      ["ACR_USD", "Revenue (USD)", "mapping"],
      ["CustomerName", "Customer", "mapping"],
    ]);
  });

  it("counts AssociationType for PartnerAttributionType, as the reader does", async () => {
    const path = await stored({ fixture: "csv/azure-usage-association-type.csv" });
    const result = await previewTable(path, "usage.csv", "azure-usage");
    expect(result.ok && result.preview.missingRequired).toEqual([]);
    expect(
      result.ok && result.preview.columns.find((c) => c.name === "PartnerAttributionType"),
    ).toMatchObject({
      header: null,
      required: true,
    });
  });

  it("shows a stale mapping's problems and the preview without that entry", async () => {
    const path = await stored({ fixture: "csv/azure-usage-custom-headers.csv" });
    const result = await previewTable(path, "usage.csv", "azure-usage", {
      mapping: { ...OWN_USAGE_MAPPING, ACR_USD: "Revenue (EUR)", Currency: "Cloud" },
    });
    if (!result.ok) throw new Error("unexpected problems");
    expect(result.preview.problems.map((p) => [p.file, p.line, p.column, p.code])).toEqual([
      ["usage.csv", 1, "ACR_USD", "column.mapping"],
      ["usage.csv", 1, "Currency", "column.mapping"],
    ]);
    expect(result.preview.missingRequired).toEqual(["ACR_USD"]);
    expect(result.preview.columns.find((c) => c.name === "ACR_USD")?.header).toBeNull();
  });

  it("shows a workbook uploaded under a .csv name, reading its cells as text", async () => {
    const path = await stored({ fixture: "xlsx/customer-projects.xlsx" });
    const result = await previewTable(path, "Projects.csv", "customer-projects", { rows: 2 });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.preview.header).toEqual([
      "CustomerTenantId",
      "CustomerName",
      "Project",
      "Workload",
      "AIServices",
      "CompletionDate",
      "Greenfield",
      "Stage",
      "Account manager",
    ]);
    expect(result.preview.rows.map((r) => r.slice(5, 8))).toEqual([
      ["2025-03-14", "TRUE", "Production"],
      ["2025-01-20", "FALSE", "Pilot"],
    ]);
    expect(result.preview.missingRequired).toEqual([]);
  });

  it("reads only the start of a large file", async () => {
    // 40,000 rows and then a broken quote: a preview that read on would fail.
    const lines = ["Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,ACR_USD"];
    for (let i = 0; i < 40_000; i++) lines.push(`2025-06,"tenant ${i}",AI,PAL,${i}.50`);
    lines.push('2025-07,"never closed,AI,PAL,1');
    const result = await previewTable(await stored(lines.join("\n")), "usage.csv", "azure-usage");
    expect(result.ok && result.preview.rows.length).toBe(10);
  });

  it("shows at most 200 characters of a header or a cell, ending cut ones in an ellipsis, and says so", async () => {
    const longHeader = `Notes ${"n".repeat(300)}`;
    const csv = `PersonId,Certification,${longHeader}\np1,DP-100,${"é".repeat(20_000)}\np2,AI-102,short\n`;
    const result = await previewTable(await stored(csv), "certs.csv", "certifications", {
      mapping: { PersonName: `${"x".repeat(400)}` },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { preview } = result;
    expect(preview.truncated).toBe(true);
    expect(preview.header[2]).toHaveLength(200);
    expect(preview.header[2]?.endsWith("n…")).toBe(true);
    expect(preview.rows[0]?.[2]).toBe(`${"é".repeat(199)}…`);
    expect(preview.rows[1]?.[2]).toBe("short");
    // The mapping's problem names the header it asked for, cut too.
    expect(preview.problems[0]?.message.length).toBeLessThan(600);
    expect(JSON.stringify(preview).length).toBeLessThan(3_000);

    const plain = await previewTable(
      await stored("PersonId,Certification\np1,DP-100\n"),
      "c.csv",
      "certifications",
    );
    expect(plain.ok && plain.preview.truncated).toBe(false);
  });

  it("refuses a file that is not a table, naming the upload", async () => {
    const pdf = await stored(
      Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "latin1"),
    );
    expect(await previewTable(pdf, "Partner Center report.pdf", "azure-usage")).toEqual({
      ok: false,
      problems: [
        {
          file: "Partner Center report.pdf",
          line: undefined,
          code: "file.format",
          message: expect.stringMatching(/^is not a CSV or XLSX file: it is a PDF document/),
        },
      ],
    });
    const empty = await previewTable(await stored(""), "empty.csv", "certifications");
    expect(empty.ok ? [] : empty.problems.map((p) => p.message)).toEqual([
      "is empty: there is no header row",
    ]);
  });
});
