import { describe, expect, it } from "vitest";
import { bindColumns } from "./columns.js";
import { inputColumns } from "./input-columns.js";
import { ProblemList } from "./input-problem.js";

const usage = inputColumns["azure-usage"];
const projects = inputColumns["customer-projects"];

/** Binds `header` to the columns of a kind; the bound column of each spec by name, and the problems. */
function bind(header: readonly string[], specs: typeof usage, mapping?: Readonly<Record<string, string>>) {
  const problems = new ProblemList();
  const bound = bindColumns("upload.csv", header, specs, 1, problems, mapping);
  const by = (name: string) => {
    const k = specs.findIndex((s) => s.name === name);
    return { index: bound.indexes[k], name: bound.names[k], matchedBy: bound.matchedBy[k] };
  };
  return { bound, by, problems: problems.items };
}

// A partner's own re-export of the usage report, with headers the readers do not know.
const OWN_HEADERS = [
  "Usage month",
  "Tenant",
  "Customer",
  "Service category",
  "Attribution",
  "Offer",
  "Revenue (USD)",
];
const OWN_MAPPING = {
  Month: "Usage month",
  CustomerTenantId: "Tenant",
  CustomerName: "Customer",
  ServiceGroup2: "Service category",
  PartnerAttributionType: "Attribution",
  ACR_USD: "Revenue (USD)",
};

describe("bindColumns with a mapping", () => {
  it("reads each mapped column from the header the user chose", () => {
    const { by, bound, problems } = bind(OWN_HEADERS, usage, OWN_MAPPING);
    expect(problems).toEqual([]);
    expect(by("ACR_USD")).toEqual({ index: 6, name: "Revenue (USD)", matchedBy: "mapping" });
    expect(by("CustomerName")).toEqual({ index: 2, name: "Customer", matchedBy: "mapping" });
    expect(by("OfferType")).toEqual({ index: -1, name: "OfferType", matchedBy: null });
    expect(bound.missing).toEqual([]);
  });

  it("compares the mapped header as headers are compared: case, spaces, underscores and hyphens aside", () => {
    const { by, problems } = bind(OWN_HEADERS, usage, { ...OWN_MAPPING, ACR_USD: " REVENUE_(usd) " });
    expect(problems).toEqual([]);
    expect(by("ACR_USD")).toEqual({ index: 6, name: "Revenue (USD)", matchedBy: "mapping" });
  });

  it("prefers the mapping over a header of the column's own name", () => {
    const header = ["Month", "CustomerTenantId", "ServiceGroup2", "PartnerAttributionType", "ACR_USD", "USD"];
    const { by } = bind(header, usage, { ACR_USD: "USD" });
    expect(by("ACR_USD")).toEqual({ index: 5, name: "USD", matchedBy: "mapping" });
    expect(by("Month")).toEqual({ index: 0, name: "Month", matchedBy: "name" });
  });

  it("does not match another column by name to a header the mapping took", () => {
    // The file's CustomerName holds tenant ids; its names are in "Account".
    const header = ["Month", "CustomerName", "Account", "ServiceGroup2", "PAL or DPOR", "ACR_USD"];
    const { by, problems } = bind(header, usage, {
      CustomerTenantId: "CustomerName",
      PartnerAttributionType: "PAL or DPOR",
    });
    expect(problems).toEqual([]);
    expect(by("CustomerTenantId")).toMatchObject({ index: 1, matchedBy: "mapping" });
    expect(by("CustomerName")).toEqual({ index: -1, name: "CustomerName", matchedBy: null });
  });

  it("reports a mapped header the file does not have, naming it, at the header line", () => {
    const { problems, bound } = bind(OWN_HEADERS, usage, { ...OWN_MAPPING, ACR_USD: "Revenue (EUR)" });
    expect(problems).toEqual([
      {
        file: "upload.csv",
        line: 1,
        column: "ACR_USD",
        code: "column.mapping",
        message: expect.stringContaining('the header "Revenue (EUR)", which the file does not have'),
      },
    ]);
    // One problem for the column: its being missing is not reported again.
    expect(bound.missing).toEqual(["ACR_USD"]);
  });

  it("falls back to the column's name when a mapped header is absent", () => {
    const header = ["Month", "CustomerTenantId", "ServiceGroup2", "PartnerAttributionType", "ACR_USD"];
    const { by, problems } = bind(header, usage, { ACR_USD: "Revenue" });
    expect(problems.map((p) => p.code)).toEqual(["column.mapping"]);
    expect(by("ACR_USD")).toEqual({ index: 4, name: "ACR_USD", matchedBy: "name" });
  });

  it("reports a mapping entry that is not a column of the kind", () => {
    const { problems } = bind(OWN_HEADERS, usage, { ...OWN_MAPPING, Revenue: "Revenue (USD)" });
    expect(problems).toEqual([
      expect.objectContaining({
        line: 1,
        column: "Revenue",
        code: "column.mapping",
        message: expect.stringMatching(
          /^the mapping names the column "Revenue", which this file does not have/,
        ),
      }),
    ]);
  });

  it("accepts the canonical name in any spelling headers are accepted in, and ignores a blank header", () => {
    const header = ["Month", "CustomerTenantId", "ServiceGroup2", "PartnerAttributionType", "ACR_USD", "USD"];
    const { by, problems } = bind(header, usage, { "acr usd": "USD", CustomerName: "  " });
    expect(problems).toEqual([]);
    expect(by("ACR_USD")).toMatchObject({ index: 5, matchedBy: "mapping" });
    expect(by("CustomerName")).toMatchObject({ index: -1, matchedBy: null });
  });
});

describe("bindColumns: required columns", () => {
  it("takes AssociationType for a missing PartnerAttributionType, by name or by mapping", () => {
    const header = ["Month", "CustomerTenantId", "ServiceGroup2", "AssociationType", "ACR_USD"];
    expect(bind(header, usage).bound.missing).toEqual([]);
    const own = ["Month", "CustomerTenantId", "ServiceGroup2", "Association", "ACR_USD"];
    expect(bind(own, usage, { AssociationType: "Association" }).bound.missing).toEqual([]);
    const { problems, bound } = bind(["Month", "CustomerTenantId", "ServiceGroup2", "ACR_USD"], usage);
    expect(bound.missing).toEqual(["PartnerAttributionType"]);
    expect(problems[0]?.message).toBe(
      "the required column PartnerAttributionType (or AssociationType) is missing (the header has: Month, CustomerTenantId, ServiceGroup2, ACR_USD)",
    );
  });

  it("matches a column by its aliases", () => {
    const header = ["Customer Tenant ID", "Project Name", "AI services used", "Deployment Date"];
    const { by, bound } = bind(header, projects);
    expect(bound.missing).toEqual([]);
    expect(by("Project")).toEqual({ index: 1, name: "Project Name", matchedBy: "name" });
    expect(by("AIServices")).toMatchObject({ index: 2, matchedBy: "name" });
    expect(by("CompletionDate")).toMatchObject({ index: 3, matchedBy: "name" });
  });
});
