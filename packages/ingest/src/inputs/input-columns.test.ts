import { describe, expect, it } from "vitest";
import { normalizeHeader } from "./columns.js";
import { columnIndexes, importKinds, inputColumns, inputKinds } from "./input-columns.js";

describe("inputColumns", () => {
  it("keeps the five inputs of the CLI contract, and imports the customer project register too", () => {
    expect(inputKinds).toEqual([
      "azure-usage",
      "certifications",
      "capability-score",
      "audit-evidence",
      "audit-history",
    ]);
    expect(importKinds).toEqual([...inputKinds, "customer-projects"]);
    expect(Object.keys(inputColumns).sort()).toEqual([...importKinds].sort());
  });

  it.each(importKinds)(
    "describes every column of %s in one short sentence, and no two names collide",
    (kind) => {
      const specs = inputColumns[kind];
      for (const spec of specs) {
        expect(spec.description).toMatch(/^[A-Z].{10,100}[^.]$/);
      }
      const names = specs.flatMap((s) => [s.name, ...(s.aliases ?? [])].map(normalizeHeader));
      expect(new Set(names).size).toBe(names.length);
      for (const spec of specs) {
        if (spec.satisfiedBy !== undefined) expect(specs.map((s) => s.name)).toContain(spec.satisfiedBy);
      }
    },
  );

  it("lists the columns the contract requires", () => {
    const required = (kind: keyof typeof inputColumns) =>
      inputColumns[kind].filter((s) => s.required).map((s) => s.name);
    expect(required("azure-usage")).toEqual([
      "Month",
      "CustomerTenantId",
      "ServiceGroup2",
      "PartnerAttributionType",
      "ACR_USD",
    ]);
    expect(required("certifications")).toEqual(["PersonId", "Certification"]);
    expect(required("capability-score")).toEqual(["SolutionArea", "Metric", "Points"]);
    expect(required("audit-evidence")).toEqual(["Module", "Control", "CustomerTenantId", "DeploymentDate"]);
    expect(required("audit-history")).toEqual(["Module", "Result", "Date"]);
    expect(required("customer-projects")).toEqual(["CustomerTenantId", "Project", "CompletionDate"]);
  });

  it("gives readers each column's position by name", () => {
    const u = columnIndexes("azure-usage");
    expect(u.Month).toBe(0);
    expect(u.AssociationType).toBe(inputColumns["azure-usage"].length - 2);
    expect(u.PartnerName).toBe(inputColumns["azure-usage"].length - 1);
  });
});
