import { describe, expect, it } from "vitest";
import { guessKind, kindLabel, looksLikeSpreadsheet } from "./kinds";

describe("guessKind", () => {
  it("recognizes the file names of the README and Partner Center downloads", () => {
    expect(guessKind("azure-usage.csv")).toBe("azure-usage");
    expect(guessKind("Azure-Usage (3).CSV")).toBe("azure-usage");
    expect(guessKind("AzureUsage_2025-09.xlsx")).toBe("azure-usage");
    expect(guessKind("ACR report.csv")).toBe("azure-usage");
    expect(guessKind("certifications.csv")).toBe("certifications");
    expect(guessKind("Certifications_2025.xlsx")).toBe("certifications");
    expect(guessKind("capability-score.csv")).toBe("capability-score");
    expect(guessKind("Partner capability score.xlsx")).toBe("capability-score");
    expect(guessKind("audit-evidence.csv")).toBe("audit-evidence");
    expect(guessKind("AuditEvidence.xlsx")).toBe("audit-evidence");
    expect(guessKind("audit-history.csv")).toBe("audit-history");
    expect(guessKind("Audit_History.CSV")).toBe("audit-history");
    expect(guessKind("designation.csv")).toBe("designation");
    expect(guessKind("Solutions Partner designation.xlsx")).toBe("designation");
    expect(guessKind("customer-projects.csv")).toBe("customer-projects");
    expect(guessKind("C:\\Users\\me\\Downloads\\customer projects.xlsx")).toBe("customer-projects");
  });

  it("tells the two audit files apart", () => {
    expect(guessKind("audit results 2024.csv")).toBe("audit-history");
    expect(guessKind("audit.csv")).toBe("audit-evidence");
  });

  it("does not guess from names it does not recognize", () => {
    expect(guessKind("export.csv")).toBeNull();
    expect(guessKind("data (1).xlsx")).toBeNull();
  });
});

describe("labels", () => {
  it("names kinds and recognizes spreadsheet files", () => {
    expect(kindLabel("audit-history")).toBe("Audit history");
    expect(kindLabel("other")).toBe("other");
    expect(looksLikeSpreadsheet("a.CSV")).toBe(true);
    expect(looksLikeSpreadsheet("a.pdf")).toBe(false);
  });
});
