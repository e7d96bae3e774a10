import { describe, expect, it } from "vitest";
import { formatDecimal } from "../money/decimal.js";
import { buildSummary, buildUsage, loadTestProgram } from "../test-support/builders.js";
import { lookupsOf } from "./program-lookups.js";
import { classifyUsage, UsageAccumulator } from "./usage-summary.js";

const program = loadTestProgram();
const lookups = lookupsOf(program);

describe("classifyUsage: is a row eligible AI ACR?", () => {
  it("counts an AI row attributed through DPOR", () => {
    expect(classifyUsage(lookups, buildUsage())).toBeUndefined();
  });

  it.each(["AI", "ai", "Ai"])("compares ServiceGroup2 %j with AI ignoring case", (serviceGroup2) => {
    expect(classifyUsage(lookups, buildUsage({ serviceGroup2 }))).toBeUndefined();
  });

  it.each(["Compute", "Analytics", "AI + Machine Learning", "Data"])(
    "does not count ServiceGroup2 %j",
    (serviceGroup2) => {
      expect(classifyUsage(lookups, buildUsage({ serviceGroup2 }))).toEqual({ reason: "not-ai" });
    },
  );

  it("drops rows flagged as duplicates at MPN level, and counts those flagged false or not flagged", () => {
    // The reader turns true/yes/1 (any case) into true and false/no/0 into false.
    expect(classifyUsage(lookups, buildUsage({ isDuplicateAtMpnLevel: true }))).toEqual({
      reason: "duplicate",
    });
    expect(classifyUsage(lookups, buildUsage({ isDuplicateAtMpnLevel: false }))).toBeUndefined();
    expect(classifyUsage(lookups, buildUsage({ isDuplicateAtMpnLevel: undefined }))).toBeUndefined();
  });

  it.each([
    "Free Trial",
    "MS-AZR-0044P TRIAL",
    "Azure Benefit",
    "Visual Studio Benefits",
    "Premier Support",
    "SUPPORT plan",
    "Microsoft Internal",
    "internal use",
    "Azure in Open (trial)",
  ])("drops offer type %j (it contains trial, benefit, support or internal, any case)", (offerType) => {
    expect(classifyUsage(lookups, buildUsage({ offerType }))).toEqual({
      reason: "excluded-offer",
      offerType,
    });
  });

  it.each(["Pay-As-You-Go", "Enterprise Agreement", "Microsoft Customer Agreement", "CSP Azure plan"])(
    "counts offer type %j",
    (offerType) => {
      expect(classifyUsage(lookups, buildUsage({ offerType }))).toBeUndefined();
    },
  );

  it.each([
    "Partner admin link",
    "PARTNER ADMIN LINK",
    "PAL",
    "pal",
    "Partner of record",
    "partner of record",
    "Digital Partner of Record",
    "DIGITAL PARTNER OF RECORD",
    "DPOR",
    "dpor",
    "POR",
    "por",
    "CSP Tier 1",
    "csp tier 1",
    "CSP Tier 2",
    "Csp Tier 2",
    "CSP",
    "csp",
    "CSP direct",
    "CSP DIRECT",
    "CSP indirect",
    "csp Indirect",
  ])("counts the eligible attribution %j", (attribution) => {
    expect(classifyUsage(lookups, buildUsage({ attribution }))).toBeUndefined();
  });

  it.each([
    "Transacting partner of record",
    "transacting PARTNER OF RECORD",
    "Partner as end-customer",
    "Deal registration",
    "CSP Tier 3",
    "Reseller",
    "PAL link",
    "Something unknown",
  ])("does not count the attribution %j, reporting it as written", (attribution) => {
    expect(classifyUsage(lookups, buildUsage({ attribution }))).toEqual({
      reason: "ineligible-attribution",
      attribution,
    });
  });

  it.each(["AzureUSGovernment", "azureusgovernment", "Government", "GOVERNMENT", "Fairfax", "fairfax"])(
    "does not count a government subscription (%j) through PAL",
    (cloudInstance) => {
      expect(classifyUsage(lookups, buildUsage({ attribution: "PAL", cloudInstance }))).toEqual({
        reason: "government-pal",
      });
      expect(
        classifyUsage(lookups, buildUsage({ attribution: "Partner admin link", cloudInstance })),
      ).toEqual({
        reason: "government-pal",
      });
    },
  );

  it.each(["Partner of record", "DPOR", "Digital Partner of Record", "CSP", "CSP Tier 1", "CSP indirect"])(
    "counts a government subscription through %s",
    (attribution) => {
      for (const cloudInstance of ["AzureUSGovernment", "Government", "Fairfax"]) {
        expect(classifyUsage(lookups, buildUsage({ attribution, cloudInstance }))).toBeUndefined();
      }
    },
  );

  it.each(["AzureCloud", "Public", "AzureChinaCloud", undefined])(
    "counts PAL in the cloud instance %j",
    (cloudInstance) => {
      expect(classifyUsage(lookups, buildUsage({ attribution: "PAL", cloudInstance }))).toBeUndefined();
    },
  );
});

describe("summarizeUsage", () => {
  it("sums eligible AI ACR per customer and month exactly, credits included", () => {
    const summary = buildSummary([
      buildUsage({ customerTenantId: "t-1", month: "2024-04", acrUsd: "0.1" }),
      buildUsage({ customerTenantId: "t-1", month: "2024-04", acrUsd: "0.2" }),
      buildUsage({ customerTenantId: "t-1", month: "2024-05", acrUsd: "1,234.56" }),
      buildUsage({ customerTenantId: "t-1", month: "2024-05", acrUsd: "-234.56" }),
    ]);
    const customer = summary.customers.get("t-1");
    expect(customer).toBeDefined();
    expect(formatDecimal(customer?.eligible.get("2024-04") ?? { units: -1n, scale: 0 })).toBe("0.30");
    expect(formatDecimal(customer?.eligible.get("2024-05") ?? { units: -1n, scale: 0 })).toBe("1000.00");
    expect(summary.rowCount).toBe(4);
    expect(summary.eligibleRowCount).toBe(4);
  });

  it("treats tenant ids that differ only in case as one customer, keeping the first spelling", () => {
    const summary = buildSummary([
      buildUsage({ customerTenantId: "Tenant-ABC", customerName: undefined }),
      buildUsage({ customerTenantId: "tenant-abc", customerName: "Contoso" }),
      buildUsage({ customerTenantId: "TENANT-ABC" }),
    ]);
    expect([...summary.customers.keys()]).toEqual(["tenant-abc"]);
    const customer = summary.customers.get("tenant-abc");
    expect(customer?.tenantId).toBe("Tenant-ABC");
    expect(customer?.name).toBe("Contoso");
    expect(formatDecimal(customer?.eligible.get("2024-05") ?? { units: 0n, scale: 0 })).toBe("300.00");
  });

  it("counts what it ignores and why: not AI, duplicates, government PAL, offers and attributions as written", () => {
    const summary = buildSummary([
      buildUsage(),
      buildUsage({ serviceGroup2: "Compute" }),
      buildUsage({ serviceGroup2: "Storage" }),
      buildUsage({ isDuplicateAtMpnLevel: true }),
      buildUsage({ attribution: "PAL", cloudInstance: "Fairfax" }),
      buildUsage({ attribution: "DPOR", cloudInstance: "Fairfax" }),
      buildUsage({ offerType: "Free Trial" }),
      buildUsage({ offerType: "Free Trial" }),
      buildUsage({ offerType: "Premier Support" }),
      buildUsage({ attribution: "Transacting partner of record" }),
      buildUsage({ attribution: "Transacting partner of record" }),
      buildUsage({ attribution: "Deal registration" }),
      buildUsage({ attribution: "Partner as end-customer" }),
      buildUsage({ attribution: "Mystery" }),
    ]);
    expect(summary.rowCount).toBe(14);
    expect(summary.eligibleRowCount).toBe(2);
    expect(summary.ignored.notAi).toBe(2);
    expect(summary.ignored.duplicates).toBe(1);
    expect(summary.ignored.governmentPal).toBe(1);
    expect(Object.fromEntries(summary.ignored.excludedOffers)).toEqual({
      "Free Trial": 2,
      "Premier Support": 1,
    });
    expect(Object.fromEntries(summary.ignored.ineligibleAttributions)).toEqual({
      "Transacting partner of record": 2,
      "Deal registration": 1,
      "Partner as end-customer": 1,
      Mystery: 1,
    });
  });

  it("keeps the AI ACR that did not count per customer, month and reason, for the explanation", () => {
    const summary = buildSummary([
      buildUsage({
        customerTenantId: "t-9",
        month: "2024-04",
        attribution: "Transacting partner of record",
        acrUsd: "700",
      }),
      buildUsage({
        customerTenantId: "t-9",
        month: "2024-04",
        attribution: "Transacting partner of record",
        acrUsd: "50.5",
      }),
      buildUsage({
        customerTenantId: "t-9",
        month: "2024-05",
        attribution: "PAL",
        cloudInstance: "Government",
        acrUsd: "10",
      }),
    ]);
    const customer = summary.customers.get("t-9");
    expect(customer?.eligible.size).toBe(0);
    const april = customer?.ineligible.get("2024-04");
    expect([...(april ?? [])].map(([reason, amount]) => [reason, formatDecimal(amount)])).toEqual([
      [expect.stringContaining("Transacting partner of record"), "750.50"],
    ]);
    expect(customer?.ineligible.get("2024-05")?.size).toBe(1);
  });

  it("folds rows one at a time (the accumulator gives the same summary as summarizeUsage)", () => {
    const rows = [
      buildUsage({ customerTenantId: "a", acrUsd: "10" }),
      buildUsage({ customerTenantId: "b", acrUsd: "20", month: "2024-03" }),
      buildUsage({ customerTenantId: "a", acrUsd: "5", attribution: "Deal registration" }),
    ];
    const acc = new UsageAccumulator(program, "azure-usage.csv");
    for (const r of rows) acc.add(r);
    const folded = acc.summary();
    const direct = buildSummary(rows);
    expect(folded.file).toBe("azure-usage.csv");
    expect(folded.rowCount).toBe(direct.rowCount);
    expect([...folded.customers.keys()]).toEqual([...direct.customers.keys()]);
    expect(formatDecimal(folded.customers.get("b")?.eligible.get("2024-03") ?? { units: 0n, scale: 0 })).toBe(
      "20.00",
    );
  });
});
