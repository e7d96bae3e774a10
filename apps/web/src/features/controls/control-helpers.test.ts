import type { ControlReadiness, CustomerReadiness, ProjectReadiness } from "@specready/core";
import { describe, expect, it } from "vitest";
import {
  byModule,
  controlFilterFromSearch,
  coverageFraction,
  coverageGeometry,
  coverageMatrix,
  coverageState,
  dateFromSearch,
  evidenceAgainstNeeded,
  filterControls,
  pendingText,
  projectStanding,
  reviewSummary,
} from "./control-helpers";

function buildProject(overrides: Partial<ProjectReadiness> = {}): ProjectReadiness {
  return {
    projectId: "p1",
    project: "Contract assistant",
    completionDate: "2025-06-30",
    inWindow: true,
    agesOutOn: "2026-07-01",
    artifacts: 1,
    pendingArtifacts: 0,
    artifactsNeeded: 1,
    complete: true,
    artifactTypes: ["Signed SOW"],
    items: [],
    note: null,
    ...overrides,
  };
}

function buildCustomer(overrides: Partial<CustomerReadiness> = {}): CustomerReadiness {
  return {
    tenantId: "tenant-1",
    name: "Northwind Traders",
    counts: true,
    pending: false,
    projects: [buildProject()],
    importedRows: 0,
    ...overrides,
  };
}

function buildControl(overrides: Partial<ControlReadiness> = {}): ControlReadiness {
  return {
    id: "B3.1",
    module: "B",
    title: "Deployment",
    requiredEvidence: "Production deployments",
    acceptedDocumentation: ["Signed SOW"],
    status: "not_met",
    required: 3,
    customerCount: 1,
    artifactsNeeded: 1,
    specialty: null,
    customers: [],
    missing: [],
    warnings: [],
    review: { draft: 0, ready: 0, approved: 0, changes_requested: 0 },
    pending: { items: 0, customers: 0, customerCountIfApproved: 1, statusIfApproved: "not_met" },
    ...overrides,
  };
}

describe("figures in words", () => {
  it("measures coverage between 0 and 1", () => {
    expect(coverageFraction({ customerCount: 2, required: 3 })).toBeCloseTo(2 / 3);
    expect(coverageFraction({ customerCount: 5, required: 3 })).toBe(1);
    expect(coverageFraction({ customerCount: 0, required: 0 })).toBe(1);
  });

  it("says what is pending review beside the approved figure", () => {
    const pending = (items: number, customers: number) =>
      buildControl({
        pending: { items, customers, customerCountIfApproved: 1 + customers, statusIfApproved: "not_met" },
      });
    expect(pendingText(pending(0, 0))).toBeNull();
    expect(pendingText(pending(2, 1))).toBe("1 more pending review");
    expect(pendingText(pending(1, 0))).toBe("1 item pending review");
    expect(pendingText(pending(3, 0))).toBe("3 items pending review");
  });

  it("summarizes the review of the linked evidence, approved first", () => {
    expect(reviewSummary({ draft: 2, ready: 1, approved: 3, changes_requested: 0 })).toBe(
      "3 approved, 1 ready for review, 2 draft",
    );
    expect(reviewSummary({ draft: 0, ready: 0, approved: 0, changes_requested: 0 })).toBe(
      "No evidence linked yet",
    );
  });

  it("says how a project stands: the rules' note as a sentence, or until when it counts", () => {
    expect(projectStanding(buildProject(), "en-US")).toBe("Counts; ages out on Jul 1, 2026.");
    expect(projectStanding(buildProject({ complete: false, note: "1 of 2 evidence items" }), "en-US")).toBe(
      "1 of 2 evidence items.",
    );
  });

  it("reads only real dates from the URL", () => {
    expect(dateFromSearch(new URLSearchParams("date=2026-02-28"))).toBe("2026-02-28");
    expect(dateFromSearch(new URLSearchParams("date=2026-02-30"))).toBeNull();
    expect(dateFromSearch(new URLSearchParams(""))).toBeNull();
  });

  it("groups the controls by module, A first", () => {
    const groups = byModule([buildControl({ id: "B1.1" }), buildControl({ id: "A1.1", module: "A" })]);
    expect(groups.map((g) => [g.module, g.controls.map((c) => c.id)])).toEqual([
      ["A", ["A1.1"]],
      ["B", ["B1.1"]],
    ]);
  });
});

describe("coverageState", () => {
  it("tells counting, pending review, short, outside and nothing apart", () => {
    expect(coverageState(undefined)).toBe("none");
    expect(coverageState(buildCustomer())).toBe("counts");
    expect(
      coverageState(
        buildCustomer({
          counts: false,
          pending: true,
          projects: [buildProject({ complete: false, artifacts: 0, pendingArtifacts: 1 })],
        }),
      ),
    ).toBe("pending");
    expect(
      coverageState(
        buildCustomer({ counts: false, projects: [buildProject({ complete: false, artifacts: 0 })] }),
      ),
    ).toBe("short");
    expect(
      coverageState(
        buildCustomer({ counts: false, projects: [buildProject({ inWindow: false, complete: false })] }),
      ),
    ).toBe("outside");
    expect(coverageState(buildCustomer({ counts: false, projects: [], importedRows: 2 }))).toBe("outside");
    expect(coverageState(buildCustomer({ counts: false, projects: [], importedRows: 0 }))).toBe("none");
  });
});

describe("coverageMatrix", () => {
  const fabrikam = (counts: boolean) => buildCustomer({ tenantId: "T-FAB", name: "Fabrikam", counts });
  const contoso = (counts: boolean) => buildCustomer({ tenantId: "t-con", name: null, counts });
  const controls = [
    buildControl({ id: "A1.1", module: "A", customers: [contoso(true)] }),
    buildControl({ id: "B2.1", customers: [fabrikam(true), contoso(true)] }),
    // The same tenant in another case is the same customer; a name found later labels it.
    buildControl({
      id: "B3.1",
      customers: [buildCustomer({ tenantId: "T-CON", name: "Contoso", counts: false })],
    }),
  ];

  it("has a column per customer, those counting for most controls first", () => {
    const m = coverageMatrix(controls, "en");
    expect(m.columns).toEqual([
      { tenantId: "t-con", label: "Contoso", counting: 2 },
      { tenantId: "T-FAB", label: "Fabrikam", counting: 1 },
    ]);
    expect(m.rows.map((r) => [r.id, r.cells.map((c) => c.state)])).toEqual([
      ["A1.1", ["counts", "none"]],
      ["B2.1", ["counts", "counts"]],
      ["B3.1", ["short", "none"]],
    ]);
  });

  it("keeps cells readable and draws a line between the modules", () => {
    const m = coverageMatrix(controls, "en");
    const g = coverageGeometry(m, 400);
    expect(g.cellSize).toBe(28);
    expect(g.columnX).toEqual([g.gridLeft, g.gridLeft + 28]);
    expect(g.rowY).toEqual([g.headerHeight, g.headerHeight + 28, g.headerHeight + 56]);
    expect(g.moduleBreaks).toEqual([g.headerHeight + 28]);
    expect(g.width).toBeGreaterThanOrEqual(400);
    // Many customers widen the chart (it scrolls) rather than shrink the squares.
    const many = coverageMatrix(
      [
        buildControl({
          customers: Array.from({ length: 60 }, (_, i) =>
            buildCustomer({ tenantId: `t${i}`, name: `C${i}` }),
          ),
        }),
      ],
      "en",
    );
    expect(coverageGeometry(many, 400).width).toBeGreaterThan(60 * 28);
  });
});

describe("filterControls", () => {
  const controls = [
    buildControl({ id: "A1.1", module: "A", status: "waived" }),
    buildControl({ id: "B2.1", status: "met", warnings: ["Choose a specialty."] }),
    buildControl({ id: "B3.1", status: "not_met" }),
  ];

  it("lists all controls, those not met, or those with warnings, in checklist order", () => {
    const ids = (show: Parameters<typeof filterControls>[1]) =>
      filterControls(controls, show).map((c) => c.id);
    expect(ids("all")).toEqual(["A1.1", "B2.1", "B3.1"]);
    expect(ids("not_met")).toEqual(["B3.1"]);
    expect(ids("warnings")).toEqual(["B2.1"]);
  });

  it("reads the choice from the URL", () => {
    expect(controlFilterFromSearch(new URLSearchParams("show=not_met"))).toBe("not_met");
    expect(controlFilterFromSearch(new URLSearchParams("show=warnings"))).toBe("warnings");
    expect(controlFilterFromSearch(new URLSearchParams("show=everything"))).toBe("all");
    expect(controlFilterFromSearch(new URLSearchParams(""))).toBe("all");
  });
});

describe("evidenceAgainstNeeded", () => {
  it("writes the approved evidence items against the minimum, in the singular for one", () => {
    expect(evidenceAgainstNeeded({ artifacts: 1, artifactsNeeded: 2 }, "en-US")).toBe(
      "1 of 2 evidence items approved",
    );
    expect(evidenceAgainstNeeded({ artifacts: 0, artifactsNeeded: 1 }, "en-US")).toBe(
      "0 of 1 evidence item approved",
    );
    expect(evidenceAgainstNeeded({ artifacts: 1200, artifactsNeeded: 1500 }, "en-US")).toBe(
      "1,200 of 1,500 evidence items approved",
    );
  });

  it("says what waits for review beside the approved items", () => {
    expect(evidenceAgainstNeeded({ artifacts: 1, artifactsNeeded: 2, pendingArtifacts: 1 }, "en-US")).toBe(
      "1 of 2 evidence items approved, 1 pending review",
    );
    expect(evidenceAgainstNeeded({ artifacts: 2, artifactsNeeded: 2, pendingArtifacts: 0 }, "en-US")).toBe(
      "2 of 2 evidence items approved",
    );
  });
});
