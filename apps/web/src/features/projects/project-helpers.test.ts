import type { CustomerProjectRecord } from "@specready/core";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../lib/csv";
import {
  addMonths,
  customerCount,
  filterProjects,
  projectAgeing,
  projectsCsvFileName,
  projectsCsvRows,
  sortProjects,
} from "./project-helpers";

function record(over: Partial<CustomerProjectRecord> & { line: number }): CustomerProjectRecord {
  const { line, ...rest } = over;
  return {
    customerTenantId: `tenant-${line}`,
    project: `Project ${line}`,
    completionDate: "2025-01-01",
    source: { file: "projects.csv", line },
    ...rest,
  } as CustomerProjectRecord;
}

describe("addMonths", () => {
  it("keeps the day, or takes the month's last day", () => {
    expect(addMonths("2025-03-14", 12)).toBe("2026-03-14");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28");
    expect(addMonths("2025-01-10", -12)).toBe("2024-01-10");
    expect(addMonths("not a date", 12)).toBe("not a date");
  });
});

describe("projectAgeing", () => {
  it("counts from today − 12 months to today, both included", () => {
    expect(projectAgeing("2024-09-10", "2025-09-10")).toEqual({
      status: "counting",
      countsThrough: "2025-09-10",
    });
    expect(projectAgeing("2024-09-09", "2025-09-10").status).toBe("older");
    expect(projectAgeing("2025-09-10", "2025-09-10").status).toBe("counting");
    expect(projectAgeing("2025-09-11", "2025-09-10").status).toBe("future");
  });

  it("handles a leap day: it counts through February 28th", () => {
    expect(projectAgeing("2024-02-29", "2025-02-28")).toEqual({
      status: "counting",
      countsThrough: "2025-02-28",
    });
    expect(projectAgeing("2024-02-29", "2025-03-01").status).toBe("older");
  });
});

describe("filterProjects", () => {
  const list = [
    record({ line: 2, customerName: "Fabrikam Retail", workload: "RAG chatbot" }),
    record({ line: 3, customerName: "Crème Brûlée Ltd", project: "Invoice extraction" }),
    record({ line: 4, customerTenantId: "ABC-123" }),
  ];

  it("matches part of the customer, project or workload, ignoring case and accents", () => {
    expect(filterProjects(list, "chatbot").map((p) => p.source.line)).toEqual([2]);
    expect(filterProjects(list, "creme").map((p) => p.source.line)).toEqual([3]);
    expect(filterProjects(list, "INVOICE").map((p) => p.source.line)).toEqual([3]);
    expect(filterProjects(list, "abc").map((p) => p.source.line)).toEqual([4]);
    expect(filterProjects(list, "  ")).toBe(list);
    expect(filterProjects(list, "nothing")).toEqual([]);
  });
});

describe("sortProjects", () => {
  const list = [
    record({ line: 2, customerName: "beta", completionDate: "2025-03-01", stage: "pilot" }),
    record({ line: 3, customerName: "Alpha", completionDate: "2024-11-05" }),
    record({ line: 4, customerName: "alpha 10", completionDate: "2025-06-30", stage: "production" }),
    record({ line: 5, customerName: "alpha 9", completionDate: "2024-11-05", greenfield: true }),
  ];
  const lines = (r: readonly CustomerProjectRecord[]) => r.map((p) => p.source.line);

  it("sorts text in language order with numbers by value", () => {
    expect(lines(sortProjects(list, "customer", "ascending", "en"))).toEqual([3, 5, 4, 2]);
    expect(lines(sortProjects(list, "customer", "descending", "en"))).toEqual([2, 4, 5, 3]);
  });

  it("sorts dates and keeps ties in file order", () => {
    expect(lines(sortProjects(list, "completionDate", "ascending"))).toEqual([3, 5, 2, 4]);
    expect(lines(sortProjects(list, "completionDate", "descending"))).toEqual([4, 2, 3, 5]);
  });

  it("puts empty values last in both directions", () => {
    expect(lines(sortProjects(list, "stage", "ascending", "en"))).toEqual([2, 4, 3, 5]);
    expect(lines(sortProjects(list, "stage", "descending", "en"))).toEqual([4, 2, 3, 5]);
    expect(lines(sortProjects(list, "greenfield", "descending"))).toEqual([5, 2, 3, 4]);
  });

  it("does not change the list it is given", () => {
    sortProjects(list, "source", "descending");
    expect(lines(list)).toEqual([2, 3, 4, 5]);
  });
});

describe("customerCount", () => {
  it("counts tenants regardless of case", () => {
    expect(
      customerCount([
        record({ line: 2, customerTenantId: "ABC" }),
        record({ line: 3, customerTenantId: "abc" }),
        record({ line: 4, customerTenantId: "def" }),
      ]),
    ).toBe(2);
  });
});

describe("projects CSV", () => {
  it("writes one row per project with whether it counts, formula-safe", () => {
    const rows = projectsCsvRows(
      [
        record({
          line: 7,
          customerName: '=HYPERLINK("x")',
          aiServices: ["Azure OpenAI", "Azure AI Search"],
          completionDate: "2025-03-14",
          greenfield: false,
          stage: "production",
        }),
      ],
      "2025-09-10",
    );
    expect(rows[1]).toEqual([
      "tenant-7",
      '=HYPERLINK("x")',
      "Project 7",
      "",
      "Azure OpenAI; Azure AI Search",
      "2025-03-14",
      "No",
      "production",
      "Yes",
      "2026-03-14",
      "projects.csv",
      7,
    ]);
    expect(toCsv(rows)).toContain(`"'=HYPERLINK(""x"")"`);
    expect(projectsCsvFileName("Adatum Café", "2025-09-10")).toBe(
      "specready-projects-adatum-cafe-2025-09-10.csv",
    );
  });
});
