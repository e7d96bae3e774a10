import { describe, expect, it } from "vitest";
import { toCsv } from "../../lib/csv";
import type { CustomerProject } from "./api";
import {
  ageingLabel,
  countsUntil,
  customerCount,
  EMPTY_PROJECT_FORM,
  filterProjects,
  formFromProject,
  formProblems,
  inputFromForm,
  parseServices,
  projectAgeing,
  projectsCsvFileName,
  projectsCsvRows,
  sortProjects,
} from "./project-helpers";

let n = 0;
function buildProject(overrides: Partial<CustomerProject> = {}): CustomerProject {
  n++;
  return {
    allowedActions: [],
    id: `p${String(n).padStart(3, "0")}`,
    customerTenantId: `tenant-${n}`,
    customerName: null,
    project: `Project ${n}`,
    workload: null,
    aiServices: [],
    completionDate: "2025-01-01",
    greenfield: null,
    stage: null,
    evidenceCount: 0,
    createdAt: "2025-01-02T10:00:00Z",
    updatedAt: "2025-01-02T10:00:00Z",
    ...overrides,
  };
}

const ids = (list: readonly CustomerProject[]) => list.map((p) => p.id);

describe("countsUntil", () => {
  it("is the last day of the twelve months, as the rules count them", () => {
    expect(countsUntil("2025-03-14")).toBe("2026-03-14");
    // 2024-02-29 + 12 months is 2025-02-28; the rules still count it on the 28th.
    expect(countsUntil("2024-02-29")).toBe("2025-02-28");
    // A project of 2023-02-28 still counts on 2024-02-29: that day's window starts on 2023-02-28.
    expect(countsUntil("2023-02-28")).toBe("2024-02-29");
    expect(countsUntil("not a date")).toBe("not a date");
  });
});

describe("projectAgeing", () => {
  it("counts from the date − 12 months to the date, both included", () => {
    expect(projectAgeing("2024-09-10", "2025-09-10")).toEqual({
      status: "counting",
      countsUntil: "2025-09-10",
    });
    expect(projectAgeing("2024-09-09", "2025-09-10").status).toBe("older");
    expect(projectAgeing("2025-09-10", "2025-09-10").status).toBe("counting");
    expect(projectAgeing("2025-09-11", "2025-09-10").status).toBe("future");
  });

  it("agrees with countsUntil: counting on that day, aged out the day after", () => {
    for (const completed of ["2024-02-29", "2023-02-28", "2025-01-31", "2024-12-31"]) {
      const last = countsUntil(completed);
      expect(projectAgeing(completed, last).status, completed).toBe("counting");
      const next = new Date(`${last}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      expect(projectAgeing(completed, next.toISOString().slice(0, 10)).status, completed).toBe("older");
    }
  });
});

describe("ageingLabel", () => {
  const TODAY = "2025-09-10";
  const label = (completed: string, measuredOn: string, planned: boolean) =>
    ageingLabel(projectAgeing(completed, measuredOn), planned, TODAY);

  it("says on which day the project is measured", () => {
    expect(label("2025-01-10", TODAY, false)).toBe("Counts today");
    expect(label("2025-01-10", "2025-10-20", true)).toBe("Counts");
    expect(label("2025-10-01", "2025-09-20", true)).toBe("Completes too late");
    expect(label("2025-10-01", TODAY, false)).toBe("Not completed yet");
  });

  it("says Aged out only for a project that has aged out on the date measured and today", () => {
    // Counted until 2024-09-09: aged out today and on any later audit date.
    expect(label("2023-09-09", TODAY, false)).toBe("Aged out");
    expect(label("2023-09-09", "2025-11-01", true)).toBe("Aged out");
    // Counts until 2025-09-10 (today) or later, but not on the audit date: it has not aged out yet.
    expect(label("2024-09-10", "2025-11-01", true)).toBe("Ages out before the audit");
    expect(label("2024-10-15", "2025-11-01", true)).toBe("Ages out before the audit");
    // The day after it stops counting, it has aged out.
    expect(ageingLabel(projectAgeing("2024-09-09", "2025-11-01"), true, "2025-09-10")).toBe("Aged out");
  });
});

describe("filterProjects", () => {
  const list = [
    buildProject({ customerName: "Fabrikam Retail", workload: "RAG chatbot" }),
    buildProject({ customerName: "Crème Brûlée Ltd", project: "Invoice extraction" }),
    buildProject({ customerTenantId: "ABC-123", aiServices: ["Azure OpenAI", "Document Intelligence"] }),
  ];
  const [a, b, c] = ids(list);

  it("matches part of the customer, project, workload or an AI service, ignoring case and accents", () => {
    expect(ids(filterProjects(list, "chatbot"))).toEqual([a]);
    expect(ids(filterProjects(list, "creme"))).toEqual([b]);
    expect(ids(filterProjects(list, "INVOICE"))).toEqual([b]);
    expect(ids(filterProjects(list, "abc"))).toEqual([c]);
    expect(ids(filterProjects(list, "document intel"))).toEqual([c]);
    expect(filterProjects(list, "  ")).toBe(list);
    expect(filterProjects(list, "nothing")).toEqual([]);
  });
});

describe("sortProjects", () => {
  const beta = buildProject({ customerName: "beta", completionDate: "2025-03-01", stage: "pilot" });
  const alpha = buildProject({ customerName: "Alpha", completionDate: "2024-11-05", evidenceCount: 3 });
  const alpha10 = buildProject({
    customerName: "alpha 10",
    completionDate: "2025-06-30",
    stage: "production",
  });
  const alpha9 = buildProject({ customerName: "alpha 9", completionDate: "2024-11-05", greenfield: true });
  const list = [beta, alpha, alpha10, alpha9];

  it("sorts text in language order with numbers by value", () => {
    expect(ids(sortProjects(list, "customer", "ascending", "en"))).toEqual(
      ids([alpha, alpha9, alpha10, beta]),
    );
    expect(ids(sortProjects(list, "customer", "descending", "en"))).toEqual(
      ids([beta, alpha10, alpha9, alpha]),
    );
  });

  it("sorts dates, breaking ties by customer then project", () => {
    expect(ids(sortProjects(list, "completionDate", "ascending", "en"))).toEqual(
      ids([alpha, alpha9, beta, alpha10]),
    );
    expect(ids(sortProjects(list, "completionDate", "descending", "en"))).toEqual(
      ids([alpha10, beta, alpha, alpha9]),
    );
    expect(ids(sortProjects(list, "countsUntil", "descending", "en"))).toEqual(
      ids([alpha10, beta, alpha, alpha9]),
    );
  });

  it("sorts numbers by value and puts empty values last in both directions", () => {
    expect(ids(sortProjects(list, "evidence", "descending", "en"))[0]).toBe(alpha.id);
    expect(ids(sortProjects(list, "stage", "ascending", "en"))).toEqual(ids([beta, alpha10, alpha, alpha9]));
    expect(ids(sortProjects(list, "stage", "descending", "en"))).toEqual(ids([alpha10, beta, alpha, alpha9]));
    expect(ids(sortProjects(list, "greenfield", "descending", "en"))).toEqual(
      ids([alpha9, alpha, alpha10, beta]),
    );
  });

  it("does not change the list it is given", () => {
    sortProjects(list, "customer", "descending");
    expect(ids(list)).toEqual(ids([beta, alpha, alpha10, alpha9]));
  });
});

describe("customerCount", () => {
  it("counts tenants regardless of case", () => {
    expect(
      customerCount([
        buildProject({ customerTenantId: "ABC" }),
        buildProject({ customerTenantId: "abc " }),
        buildProject({ customerTenantId: "def" }),
      ]),
    ).toBe(2);
  });
});

describe("the project form", () => {
  it("turns what was typed into the API's input: trimmed, empty text as null, services split", () => {
    const input = inputFromForm({
      ...EMPTY_PROJECT_FORM,
      customerTenantId: "  11111111-2222-3333-4444-555555555555 ",
      customerName: "   ",
      project: " Contract analysis ",
      aiServices: "Azure OpenAI; AI Search,\nazure openai, ",
      completionDate: "2025-05-01",
      greenfield: "no",
      stage: "pilot",
    });
    expect(input).toEqual({
      customerTenantId: "11111111-2222-3333-4444-555555555555",
      customerName: null,
      project: "Contract analysis",
      workload: null,
      aiServices: ["Azure OpenAI", "AI Search"],
      completionDate: "2025-05-01",
      greenfield: false,
      stage: "pilot",
    });
    expect(inputFromForm(EMPTY_PROJECT_FORM)).toMatchObject({
      greenfield: null,
      stage: null,
      aiServices: [],
    });
  });

  it("fills the form from a project and back without change", () => {
    const p = buildProject({
      customerName: "Contoso",
      workload: "Chat",
      aiServices: ["Azure OpenAI", "AI Search"],
      greenfield: true,
      stage: "production",
    });
    const { id, evidenceCount, createdAt, updatedAt, allowedActions, ...rest } = p;
    expect(inputFromForm(formFromProject(p))).toEqual(rest);
  });

  it("parses services pasted from a spreadsheet", () => {
    expect(parseServices("")).toEqual([]);
    expect(parseServices("A, B;C\nb")).toEqual(["A", "B", "C"]);
  });
});

describe("projects CSV", () => {
  it("writes one row per project with whether it counts, formula-safe", () => {
    const rows = projectsCsvRows(
      [
        buildProject({
          customerTenantId: "tenant-7",
          customerName: '=HYPERLINK("x")',
          project: "Project 7",
          aiServices: ["Azure OpenAI", "Azure AI Search"],
          completionDate: "2025-03-14",
          greenfield: false,
          stage: "production",
          evidenceCount: 2,
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
      "Production",
      2,
      "2026-03-14",
      "Yes",
    ]);
    expect(rows[0]?.[10]).toBe("Counts for an audit on 2025-09-10");
    expect(rows[0]).toHaveLength(rows[1]?.length ?? 0);
    expect(toCsv(rows)).toContain(`"'=HYPERLINK(""x"")"`);
    expect(projectsCsvFileName("Adatum Café", "2025-09-10")).toBe(
      "specready-customer-projects-adatum-cafe-2025-09-10.csv",
    );
  });
});

describe("formProblems", () => {
  it("refuses a customer tenant ID that is not a GUID before asking the API; an empty one is the API's to name", () => {
    const form = (customerTenantId: string) => ({ ...EMPTY_PROJECT_FORM, customerTenantId });
    expect(formProblems(form(" 5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d "))).toEqual({});
    expect(formProblems(form(""))).toEqual({});
    expect(formProblems(form("not-a-guid")).customerTenantId).toMatch(/^"not-a-guid" is not a tenant ID/);
    expect(formProblems(form("=HYPERLINK(1)")).customerTenantId).toContain("is not a tenant ID");
  });
});
