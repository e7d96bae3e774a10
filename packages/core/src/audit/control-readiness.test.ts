import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import { programControls } from "../program/program-definition.js";
import { evaluateAudit } from "../rules/audit.js";
import {
  buildEvidence,
  buildEvidenceItem,
  buildEvidenceItems,
  buildHistory,
  buildProject,
  buildWorkspace,
  chosenSpecialties,
  controlIds,
  loadTestProgram,
  workspaceFor,
} from "../test-support/builders.js";
import { dateBetween, workspaceArb } from "../test-support/workspace-arbitraries.js";
import type { AuditWorkspace, WorkspaceEvidenceItem, WorkspaceProject } from "./audit-workspace.js";
import { WORKSPACE_EVIDENCE_FILE, workspaceAuditEvidence } from "./audit-workspace.js";
import {
  AGE_OUT_NOTICE_DAYS,
  type AuditReadiness,
  type ControlReadiness,
  controlReadiness,
} from "./control-readiness.js";

const program = loadTestProgram();
/** The planned audit date, and the day readiness is looked at. */
const DATE = "2024-06-17";
const TODAY = "2024-05-01";

function readiness(
  workspace: AuditWorkspace,
  date: CalendarDate = DATE,
  today: CalendarDate = TODAY,
): AuditReadiness {
  return controlReadiness(program, workspace, date, today);
}

function control(r: AuditReadiness, id: string): ControlReadiness {
  const c = r.controls.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no control ${id}`);
  return c;
}

/** The documentation a control accepts, as the missing texts list it. */
function accepted(id: string): string {
  const docs = programControls(program).find((c) => c.id === id)?.acceptedDocumentation ?? [];
  expect(docs.length).toBeGreaterThan(1);
  return `${docs.slice(0, -1).join(", ")} or ${docs[docs.length - 1]}`;
}

/** One project per customer, completed on `date`, each with `items` items linked to `controls`. */
function register(
  customers: readonly string[],
  controls: readonly string[],
  items: number,
  date: CalendarDate = "2024-03-01",
): { projects: WorkspaceProject[]; evidence: WorkspaceEvidenceItem[] } {
  const projects = customers.map((c) =>
    buildProject({ id: `p-${c}`, customerTenantId: c, project: `Project of ${c}`, completionDate: date }),
  );
  const evidence = projects.flatMap((p) => buildEvidenceItems(items, { projectId: p.id, controls }));
  return { projects, evidence };
}

describe("controlReadiness: a control is met exactly when enough customers count", () => {
  it("lists every control of the program, Module A first, with its requirement", () => {
    const r = readiness(buildWorkspace());
    expect(r.controls.map((c) => [c.id, c.module, c.status, c.customerCount, c.required])).toEqual(
      programControls(program).map((c) => [c.id, c.id.slice(0, 1), "not_met", 0, c.requiredCustomers]),
    );
    expect(r.status).toBe("not_met");
    expect(r.date).toBe(DATE);
    expect(r.today).toBe(TODAY);
    expect(r.checklists).toEqual({ A: "module-a-2024-08", B: "module-b-v1.7" });
    expect(r.evidenceWindow).toEqual({ from: "2023-06-17", to: DATE });
    expect(r.rule).toContain("2023-06-17");
  });

  it("is met for every control from a full register, and says so", () => {
    const r = readiness(workspaceFor(["c-1", "c-2", "c-3"], "2024-03-01"));
    expect(r.status).toBe("met");
    expect(r.controls.every((c) => c.status === "met" && c.missing.length === 0)).toBe(true);
    expect(r.summary).toBe(`Every control to audit is ready for ${DATE}.`);
  });

  it("B2.3 (one customer, two items): one item is not enough, two are", () => {
    const one = readiness(buildWorkspace({ ...register(["c-1"], ["B2.3"], 1) }));
    const b23 = control(one, "B2.3");
    expect(b23).toMatchObject({ status: "not_met", customerCount: 0, required: 1, artifactsNeeded: 2 });
    expect(b23.customers).toHaveLength(1);
    expect(b23.customers[0]).toMatchObject({ tenantId: "c-1", counts: false, importedRows: 0 });
    expect(b23.customers[0]?.projects[0]).toMatchObject({
      project: "Project of c-1",
      inWindow: true,
      artifacts: 1,
      artifactsNeeded: 2,
      complete: false,
      note: "1 of 2 evidence items approved",
    });
    expect(b23.missing).toEqual([
      `One more customer with a project completed between 2023-06-17 and ${DATE} and 2 approved evidence items for it (0 of 1 counting).`,
      `c-1: 1 more evidence item for "Project of c-1" (1 of 2 approved; accepted: ${accepted("B2.3")}).`,
    ]);
    expect(one.summary).toContain("B2.3");

    const two = readiness(buildWorkspace({ ...register(["c-1"], ["B2.3"], 2) }));
    expect(control(two, "B2.3")).toMatchObject({ status: "met", customerCount: 1, missing: [] });
    expect(control(two, "B2.3").customers[0]).toMatchObject({ counts: true });
    expect(control(two, "B2.3").customers[0]?.projects[0]).toMatchObject({ complete: true, note: null });
  });

  it("B1.1 needs three customers with two items each (and a specialty)", () => {
    const specialties = chosenSpecialties();
    const twoCustomers = readiness(buildWorkspace({ ...register(["c-1", "c-2"], ["B1.1"], 2), specialties }));
    expect(control(twoCustomers, "B1.1")).toMatchObject({ status: "not_met", customerCount: 2 });
    expect(control(twoCustomers, "B1.1").missing).toEqual([
      `One more customer with a project completed between 2023-06-17 and ${DATE} and 2 approved evidence items for it (2 of 3 counting).`,
    ]);
    const thin = readiness(buildWorkspace({ ...register(["c-1", "c-2", "c-3"], ["B1.1"], 1), specialties }));
    expect(control(thin, "B1.1")).toMatchObject({ status: "not_met", customerCount: 0 });
    expect(control(thin, "B1.1").missing[0]).toMatch(/^3 more customers with a project/);
    expect(control(thin, "B1.1").missing.slice(1)).toHaveLength(3);
    const met = readiness(buildWorkspace({ ...register(["c-1", "c-2", "c-3"], ["B1.1"], 2), specialties }));
    expect(control(met, "B1.1")).toMatchObject({ status: "met", customerCount: 3, missing: [] });
  });

  it("B2.2 sets no minimum: one item per project is enough", () => {
    const r = readiness(buildWorkspace({ ...register(["c-1", "c-2", "c-3"], ["B2.2"], 1) }));
    expect(control(r, "B2.2")).toMatchObject({ status: "met", customerCount: 3, artifactsNeeded: 1 });
  });

  it("counts an item linked to several controls for each of them", () => {
    const r = readiness(buildWorkspace({ ...register(["c-1", "c-2", "c-3"], ["B2.3", "B3.1", "B4.1"], 2) }));
    for (const id of ["B2.3", "B3.1", "B4.1"]) {
      expect(control(r, id)).toMatchObject({ status: "met", customerCount: 3 });
    }
    expect(control(r, "B4.2")).toMatchObject({ status: "not_met", customerCount: 0, customers: [] });
  });

  it("does not count the items of another project of the same customer", () => {
    const ws = buildWorkspace({
      projects: [buildProject({ id: "p-1" }), buildProject({ id: "p-2", project: "Project 2" })],
      evidence: [
        buildEvidenceItem({ projectId: "p-1", controls: ["B2.3"] }),
        buildEvidenceItem({ projectId: "p-2", controls: ["B2.3"] }),
      ],
    });
    const b23 = control(readiness(ws), "B2.3");
    expect(b23).toMatchObject({ status: "not_met", customerCount: 0 });
    expect(b23.customers).toHaveLength(1);
    expect(b23.customers[0]?.projects.map((p) => [p.project, p.artifacts, p.complete])).toEqual([
      ["Project 1", 1, false],
      ["Project 2", 1, false],
    ]);
  });

  it("counts a customer with two complete projects once (tenant ids ignoring case)", () => {
    const ws = buildWorkspace({
      projects: [
        buildProject({ id: "p-1", customerTenantId: "c-1", completionDate: "2024-01-10" }),
        buildProject({
          id: "p-2",
          customerTenantId: "C-1",
          project: "Project 2",
          completionDate: "2024-04-10",
        }),
      ],
      evidence: [
        ...buildEvidenceItems(2, { projectId: "p-1", controls: ["B3.1"] }),
        ...buildEvidenceItems(2, { projectId: "p-2", controls: ["B3.1"] }),
      ],
    });
    const b31 = control(readiness(ws), "B3.1");
    expect(b31.customerCount).toBe(1);
    expect(b31.customers).toHaveLength(1);
    // Latest completion first.
    expect(b31.customers[0]?.projects.map((p) => [p.project, p.complete])).toEqual([
      ["Project 2", true],
      ["Project 1", true],
    ]);
  });

  it("lists counting customers first, then by name", () => {
    const ws = buildWorkspace({
      projects: [
        buildProject({ id: "p-1", customerTenantId: "t-1", customerName: "Zeta" }),
        buildProject({ id: "p-2", customerTenantId: "t-2", customerName: "Alpha" }),
        buildProject({ id: "p-3", customerTenantId: "t-3", customerName: "Beta" }),
      ],
      evidence: [
        ...buildEvidenceItems(2, { projectId: "p-1", controls: ["B3.1"] }),
        buildEvidenceItem({ projectId: "p-2", controls: ["B3.1"] }),
        buildEvidenceItem({ projectId: "p-3", controls: ["B3.1"] }),
      ],
    });
    const b31 = control(readiness(ws), "B3.1");
    expect(b31.customers.map((c) => [c.name, c.counts])).toEqual([
      ["Zeta", true],
      ["Alpha", false],
      ["Beta", false],
    ]);
    expect(b31.missing).toEqual([
      `2 more customers with a project completed between 2023-06-17 and ${DATE} and 2 approved evidence items for it (1 of 3 counting).`,
      `Alpha: 1 more evidence item for "Project 1" (1 of 2 approved; accepted: ${accepted("B3.1")}).`,
      `Beta: 1 more evidence item for "Project 1" (1 of 2 approved; accepted: ${accepted("B3.1")}).`,
    ]);
  });

  it("reports each item of a project and the review status of the control's items", () => {
    const ws = buildWorkspace({
      projects: [buildProject()],
      evidence: [
        buildEvidenceItem({
          id: "e-b",
          title: "SOW",
          artifactType: "Signed SOW",
          kind: "file",
          status: "approved",
          controls: ["B3.1"],
        }),
        buildEvidenceItem({
          id: "e-a",
          title: "Design",
          artifactType: "Solution design",
          kind: "link",
          status: "ready",
          controls: ["B3.1", "B2.3"],
        }),
        buildEvidenceItem({
          id: "e-c",
          title: "Note",
          artifactType: "Solution design",
          kind: "note",
          status: "changes_requested",
          controls: ["B3.1"],
        }),
        buildEvidenceItem({
          id: "e-d",
          title: "Elsewhere",
          projectId: "p-gone",
          status: "draft",
          controls: ["B3.1"],
        }),
      ],
    });
    const b31 = control(readiness(ws), "B3.1");
    expect(b31.review).toEqual({ draft: 1, ready: 1, approved: 1, changes_requested: 1 });
    const project = b31.customers[0]?.projects[0];
    expect(project?.items).toEqual([
      {
        id: "e-a",
        title: "Design",
        kind: "link",
        artifactType: "Solution design",
        status: "ready",
        approved: false,
      },
      {
        id: "e-c",
        title: "Note",
        kind: "note",
        artifactType: "Solution design",
        status: "changes_requested",
        approved: false,
      },
      {
        id: "e-b",
        title: "SOW",
        kind: "file",
        artifactType: "Signed SOW",
        status: "approved",
        approved: true,
      },
    ]);
    expect(project?.artifactTypes).toEqual(["Signed SOW", "Solution design"]);
    // The item of a project that is not in the register shows in the review counts only.
    expect(b31.customers).toHaveLength(1);
  });
});

describe("controlReadiness: the twelve months before the audit date, both ends included", () => {
  it.each([
    ["2023-06-17", "2024-06-17", 1],
    ["2023-06-16", "2024-06-17", 0],
    ["2024-06-17", "2024-06-17", 1],
    ["2024-06-18", "2024-06-17", 0],
    ["2023-02-28", "2024-02-29", 1],
    ["2023-02-27", "2024-02-29", 0],
    ["2024-02-29", "2025-02-28", 1],
    ["2024-02-28", "2025-02-28", 1],
    ["2024-02-27", "2025-02-28", 0],
    ["2023-03-31", "2024-03-31", 1],
    ["2023-03-30", "2024-03-31", 0],
  ])("a project completed %s counts on %s: %i customer", (completionDate, date, count) => {
    const ws = buildWorkspace({
      projects: [buildProject({ completionDate })],
      evidence: [buildEvidenceItem({ controls: ["B2.2"] })],
    });
    const b22 = control(readiness(ws, date, "2023-01-01"), "B2.2");
    expect(b22.customerCount).toBe(count);
    expect(b22.customers[0]?.projects[0]?.inWindow).toBe(count === 1);
    expect(b22.customers[0]?.counts).toBe(count === 1);
  });

  it.each([
    ["2023-02-28", "2024-03-01"],
    ["2024-02-29", "2025-03-01"],
    ["2023-06-17", "2024-06-18"],
    ["2023-12-31", "2025-01-01"],
  ])("a project completed %s ages out on %s", (completionDate, agesOutOn) => {
    const ws = buildWorkspace({
      projects: [buildProject({ completionDate })],
      evidence: [buildEvidenceItem({ controls: ["B2.2"] })],
    });
    expect(control(readiness(ws), "B2.2").customers[0]?.projects[0]?.agesOutOn).toBe(agesOutOn);
  });

  it("says why a project outside the window does not count", () => {
    const ws = buildWorkspace({
      projects: [
        buildProject({ id: "p-old", customerTenantId: "t-old", completionDate: "2023-06-16" }),
        buildProject({ id: "p-new", customerTenantId: "t-new", completionDate: "2024-06-18" }),
      ],
      evidence: [
        buildEvidenceItem({ projectId: "p-old", controls: ["B2.2"] }),
        buildEvidenceItem({ projectId: "p-new", controls: ["B2.2"] }),
      ],
    });
    const notes = Object.fromEntries(
      control(readiness(ws), "B2.2").customers.map((c) => [c.tenantId, c.projects[0]?.note]),
    );
    expect(notes).toEqual({
      // Today (2024-05-01) it still counts: it ages out before the audit date, it has not aged out.
      "t-old": `completed on 2023-06-16, more than 12 months before ${DATE} (ages out on 2024-06-17)`,
      "t-new": "completes on 2024-06-18, after the audit date",
    });
    const later = Object.fromEntries(
      control(readiness(ws, DATE, "2024-06-17"), "B2.2").customers.map((c) => [
        c.tenantId,
        c.projects[0]?.note,
      ]),
    );
    expect(later["t-old"]).toBe(
      `completed on 2023-06-16, more than 12 months before ${DATE} (aged out on 2024-06-17)`,
    );
  });
});

describe("controlReadiness: practice specialties (B1.1, B2.1)", () => {
  const complete = register(["c-1", "c-2", "c-3"], ["B1.1", "B2.1"], 2);
  const options = program.moduleB.controls.find((c) => c.id === "B1.1")?.practiceSpecialties ?? [];

  it("offers the checklist's specialties, and none for the other controls", () => {
    const r = readiness(buildWorkspace(complete));
    expect(control(r, "B1.1").specialty).toEqual({ options, chosen: null });
    expect(control(r, "B2.1").specialty?.options).toHaveLength(2);
    expect(control(r, "B3.1").specialty).toBeNull();
    expect(control(r, "A1.1").specialty).toBeNull();
  });

  it("is not met until one is chosen, however complete the evidence, and says to choose", () => {
    const r = readiness(buildWorkspace(complete));
    for (const id of ["B1.1", "B2.1"]) {
      const c = control(r, id);
      expect(c).toMatchObject({ status: "not_met", customerCount: 0 });
      expect(c.customers.every((k) => !k.counts)).toBe(true);
      expect(c.missing).toEqual([
        expect.stringMatching(/^Choose the practice specialty this control covers: ".+" or ".+"\.$/),
      ]);
      expect(c.customers[0]?.projects[0]?.note).toBe(
        "counts once a practice specialty is chosen for this control",
      );
    }
    expect(control(r, "B1.1").missing[0]).toBe(
      'Choose the practice specialty this control covers: "Machine Learning lifecycle" or "AI-powered apps".',
    );
  });

  it("says how many customers are still missing besides the specialty", () => {
    const r = readiness(buildWorkspace(register(["c-1", "c-2"], ["B1.1"], 2)));
    expect(control(r, "B1.1").missing).toEqual([
      'Choose the practice specialty this control covers: "Machine Learning lifecycle" or "AI-powered apps".',
      `One more customer with a project completed between 2023-06-17 and ${DATE} and 2 approved evidence items for it (2 of 3 ready, counting once the specialty is chosen).`,
    ]);
  });

  it("asks only for the specialty from a customer ready through one project and thin in another", () => {
    const ws = buildWorkspace({
      projects: [
        buildProject({ id: "p-1", completionDate: "2024-01-10" }),
        buildProject({ id: "p-2", project: "Project 2", completionDate: "2024-04-10" }),
      ],
      evidence: [
        ...buildEvidenceItems(2, { projectId: "p-1", controls: ["B2.1"] }),
        buildEvidenceItem({ projectId: "p-2", controls: ["B2.1"] }),
      ],
    });
    const b21 = control(readiness(ws), "B2.1");
    expect(b21.missing).toEqual([
      expect.stringMatching(/^Choose the practice specialty/),
      `2 more customers with a project completed between 2023-06-17 and ${DATE} and 2 approved evidence items for it (1 of 3 ready, counting once the specialty is chosen).`,
    ]);
  });

  it("is met once a valid specialty is chosen", () => {
    const r = readiness(buildWorkspace({ ...complete, specialties: { "B1.1": options[1] as string } }));
    expect(control(r, "B1.1")).toMatchObject({ status: "met", customerCount: 3, missing: [] });
    expect(control(r, "B1.1").specialty).toEqual({ options, chosen: options[1] });
    expect(control(r, "B2.1")).toMatchObject({ status: "not_met", customerCount: 0 });
  });

  it("treats a value the checklist does not offer as not chosen", () => {
    const r = readiness(buildWorkspace({ ...complete, specialties: { "B1.1": "Computer vision" } }));
    expect(control(r, "B1.1")).toMatchObject({ status: "not_met", customerCount: 0 });
    expect(control(r, "B1.1").specialty).toEqual({ options, chosen: null });
    expect(control(r, "B1.1").missing[0]).toMatch(/^Choose the practice specialty/);
  });
});

describe("controlReadiness: Module A waived by the audit history", () => {
  const moduleB = register(
    ["c-1", "c-2", "c-3"],
    controlIds().filter((id) => id.startsWith("B")),
    2,
  );
  const base = { ...moduleB, specialties: chosenSpecialties() };

  it("shows Module A controls as waived, with their counting customers and nothing missing", () => {
    const ws = buildWorkspace({
      ...base,
      evidence: [
        ...base.evidence,
        ...buildEvidenceItems(2, { projectId: "p-c-1", controls: ["A1.1"] }),
        buildEvidenceItem({ projectId: "p-c-2", controls: ["A1.2"] }),
      ],
      history: [buildHistory({ module: "A+B", date: "2023-06-01" })],
    });
    const r = readiness(ws);
    expect(r.moduleAWaived).toBe(true);
    expect(r.waiver).toMatchObject({ module: "A+B", date: "2023-06-01", until: "2025-06-01" });
    expect(r.status).toBe("met");
    expect(r.summary).toBe(
      `Module A is waived until 2025-06-01. Every control to audit is ready for ${DATE}.`,
    );
    for (const c of r.controls.filter((x) => x.module === "A")) {
      expect(c.status).toBe("waived");
      expect(c.missing).toEqual([]);
      expect(c.warnings).toEqual([]);
    }
    expect(control(r, "A1.1").customerCount).toBe(1);
    expect(control(r, "A1.2").customerCount).toBe(0);
    expect(control(r, "A1.2").customers).toHaveLength(1);
  });

  it("has no warnings for a waived control: it is not audited", () => {
    const ws = buildWorkspace({
      projects: [
        ...base.projects,
        buildProject({ id: "p-old", customerTenantId: "c-9", completionDate: "2023-06-10" }),
      ],
      evidence: [...base.evidence, ...buildEvidenceItems(2, { projectId: "p-old", controls: ["A1.1"] })],
      history: [buildHistory({ module: "A+B", date: "2023-06-01" })],
      specialties: base.specialties,
    });
    expect(control(readiness(ws), "A1.1")).toMatchObject({ status: "waived", warnings: [], missing: [] });
    const notWaived = readiness(buildWorkspace({ ...ws, history: [] }));
    expect(control(notWaived, "A1.1").warnings).toEqual([
      `c-9's project "Project 1" ages out on 2024-06-11, before your planned audit date ${DATE}: it will not count.`,
    ]);
  });

  it.each([
    ["A+B", "Pass", "2022-06-17", true],
    ["A+B", "Pass", "2022-06-16", false],
    ["A", "Pass", "2022-06-17", true],
    ["A", "Pass", "2024-06-17", true],
    ["A", "Pass", "2024-06-18", false],
    ["A+B", "No Pass", "2024-01-01", false],
    ["B", "Pass", "2024-01-01", false],
    ["AEMSP-3.A", "Pass", "2023-06-17", true],
    ["AEMSP-3.A", "Pass", "2023-06-16", false],
  ] as const)("a %s %s dated %s waives Module A on 2024-06-17: %s", (module, result, date, waived) => {
    const r = readiness(buildWorkspace({ ...base, history: [buildHistory({ module, result, date })] }));
    expect(r.moduleAWaived).toBe(waived);
    expect(control(r, "A3.3").status).toBe(waived ? "waived" : "not_met");
    expect(r.status).toBe(waived ? "met" : "not_met");
  });

  it("does not accept a pass from before 2021-07-01", () => {
    const at = (date: CalendarDate) =>
      readiness(buildWorkspace({ ...base, history: [buildHistory({ module: "A+B", date })] }), "2023-05-01")
        .moduleAWaived;
    expect(at("2021-06-30")).toBe(false);
    expect(at("2021-07-01")).toBe(true);
  });

  it("says what Module A misses when nothing waives it", () => {
    const r = readiness(buildWorkspace(base));
    expect(r.moduleAWaived).toBe(false);
    expect(r.waiver).toBeNull();
    expect(control(r, "A1.1").missing).toEqual([
      `2 more customers with a project completed between 2023-06-17 and ${DATE} and 2 approved evidence items for it (0 of 2 counting).`,
    ]);
    expect(r.summary).toBe(`7 controls not ready for ${DATE}: A1.1, A1.2, A2.1, A2.2, A3.1, A3.2, A3.3.`);
  });
});

describe("controlReadiness: rows of an imported audit-evidence file", () => {
  it("count as the contract counts them and show as customers with their rows", () => {
    const imported = [
      buildEvidence({
        control: "B2.2",
        customerTenantId: "t-1",
        customerName: "Fabrikam",
        deploymentDate: "2024-01-01",
      }),
      buildEvidence({ control: "B2.2", customerTenantId: "t-1", deploymentDate: "2024-02-01" }),
      buildEvidence({ control: "B2.2", customerTenantId: "t-2", deploymentDate: "2023-06-17" }),
      buildEvidence({ control: "B2.2", customerTenantId: "t-3", deploymentDate: "2023-06-16" }),
      buildEvidence({ control: "B3.1", customerTenantId: "t-3", deploymentDate: "2024-06-01" }),
    ];
    const r = readiness(buildWorkspace({ importedEvidence: imported }));
    const b22 = control(r, "B2.2");
    expect(b22).toMatchObject({ status: "not_met", customerCount: 2 });
    expect(
      b22.customers.map((c) => [c.tenantId, c.name, c.counts, c.importedRows, c.projects.length]),
    ).toEqual([
      ["t-1", "Fabrikam", true, 2, 0],
      ["t-2", null, true, 1, 0],
      ["t-3", null, false, 1, 0],
    ]);
    expect(control(r, "B3.1")).toMatchObject({ customerCount: 1 });
    expect(control(r, "B3.1").customers[0]).toMatchObject({ tenantId: "t-3", counts: true, importedRows: 1 });
  });

  it("merge with the register's customer of the same tenant, ignoring case", () => {
    const ws = buildWorkspace({
      projects: [buildProject({ customerTenantId: "T-1", customerName: null })],
      evidence: [buildEvidenceItem({ controls: ["B2.2"] })],
      importedEvidence: [
        buildEvidence({
          control: "B2.2",
          customerTenantId: "t-1",
          customerName: "Fabrikam",
          deploymentDate: "2024-01-01",
        }),
        buildEvidence({ control: "B2.2", customerTenantId: "t-2", deploymentDate: "2024-01-01" }),
      ],
    });
    const b22 = control(readiness(ws), "B2.2");
    expect(b22.customerCount).toBe(2);
    expect(b22.customers.map((c) => [c.tenantId, c.name, c.importedRows, c.projects.length])).toEqual([
      ["T-1", "Fabrikam", 1, 1],
      ["t-2", null, 1, 0],
    ]);
  });

  it("meet a control that asks for a specialty as the check counts them, with a warning to choose one", () => {
    const imported = ["t-1", "t-2", "t-3"].map((t) =>
      buildEvidence({ control: "B1.1", customerTenantId: t, deploymentDate: "2024-01-01" }),
    );
    const b11 = control(readiness(buildWorkspace({ importedEvidence: imported })), "B1.1");
    expect(b11).toMatchObject({ status: "met", customerCount: 3, missing: [] });
    expect(b11.warnings).toEqual([
      'The checklist asks for a practice specialty for this control: choose "Machine Learning lifecycle" or "AI-powered apps" before the audit.',
    ]);
  });
});

describe("controlReadiness: warnings about the audit date", () => {
  const one = (completionDate: CalendarDate, date: CalendarDate = DATE, today: CalendarDate = TODAY) =>
    control(
      readiness(
        buildWorkspace({
          projects: [buildProject({ customerName: "Contoso", completionDate })],
          evidence: buildEvidenceItems(2, { controls: ["B2.3"] }),
        }),
        date,
        today,
      ),
      "B2.3",
    );

  it("warns about a project counting today that ages out before the audit date", () => {
    const c = one("2023-06-10");
    expect(c.status).toBe("not_met");
    expect(c.warnings).toEqual([
      `Contoso's project "Project 1" ages out on 2024-06-11, before your planned audit date ${DATE}: it will not count.`,
    ]);
  });

  it("does not warn about a project that aged out already", () => {
    expect(one("2023-04-30").warnings).toEqual([]);
  });

  it(`warns about a project ageing out within ${AGE_OUT_NOTICE_DAYS} days after the audit date`, () => {
    const c = one("2023-07-01");
    expect(c.status).toBe("met");
    expect(c.warnings).toEqual([
      `Contoso's project "Project 1" ages out on 2024-07-02, 15 days after the audit date: a later audit date loses it.`,
    ]);
    expect(one("2023-07-16").warnings).toEqual([
      `Contoso's project "Project 1" ages out on 2024-07-17, 30 days after the audit date: a later audit date loses it.`,
    ]);
    expect(one("2023-06-17").warnings[0]).toContain("ages out on 2024-06-18, 1 day after the audit date");
    expect(one("2023-07-17").warnings).toEqual([]);
  });

  it("warns about a completion planned after today: it counts only if it happens", () => {
    const c = one("2024-06-01");
    expect(c.status).toBe("met");
    expect(c.warnings).toEqual([
      `Contoso's project "Project 1" is planned to complete on 2024-06-01: it counts only if it does.`,
    ]);
    expect(one("2024-05-01").warnings).toEqual([]);
  });

  it("does not warn about a project completing after the audit date (its note says why it does not count)", () => {
    const c = one("2024-07-01");
    expect(c.warnings).toEqual([]);
    expect(c.customers[0]?.projects[0]?.note).toBe("completes on 2024-07-01, after the audit date");
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties: the page, the dashboard and `specready check` on the binder's rows agree.

describe("controlReadiness: properties", () => {
  const RUNS = { numRuns: 300 };

  it("reports each control's status and count as the readiness check does on the derived rows", () => {
    fc.assert(
      fc.property(workspaceArb, dateBetween("2023-06-01", "2025-06-30"), (ws, date) => {
        const page = controlReadiness(program, ws, date, date);
        const check = evaluateAudit(program, workspaceAuditEvidence(program, ws), ws.history, date);
        expect(page.controls.map((c) => [c.id, c.status, c.customerCount, c.required])).toEqual(
          check.details?.controls.map((c) => [c.id, c.status, c.customerCount, c.required]),
        );
        expect(page.status).toBe(check.status);
        expect(page.moduleAWaived).toBe(check.details?.moduleAWaived);
      }),
      RUNS,
    );
  });

  it("numbers the derived rows 2..n+1 in order, before the imported rows", () => {
    fc.assert(
      fc.property(workspaceArb, (ws) => {
        const rows = workspaceAuditEvidence(program, ws);
        const imported = ws.importedEvidence ?? [];
        const derived = rows.slice(0, rows.length - imported.length);
        expect(derived.map((r) => r.source)).toEqual(
          derived.map((_, i) => ({ file: WORKSPACE_EVIDENCE_FILE, line: i + 2 })),
        );
        expect(rows.slice(derived.length)).toEqual(imported);
      }),
      RUNS,
    );
  });

  it("counts a customer exactly when it is listed as counting, through a complete project or an imported row", () => {
    fc.assert(
      fc.property(workspaceArb, dateBetween("2023-06-01", "2025-06-30"), (ws, date) => {
        const page = controlReadiness(program, ws, date, date);
        for (const c of page.controls) {
          expect(c.customers.filter((k) => k.counts)).toHaveLength(c.customerCount);
          const specialtyChosen = c.specialty === null || c.specialty.chosen !== null;
          for (const k of c.customers) {
            const throughRegister = specialtyChosen && k.projects.some((p) => p.complete);
            if (k.counts && k.importedRows === 0) expect(throughRegister).toBe(true);
            for (const p of k.projects) {
              // The window and the age-out day agree, month ends included.
              expect(p.inWindow).toBe(p.completionDate <= date && date < p.agesOutOn);
              expect(p.complete).toBe(p.inWindow && p.artifacts >= c.artifactsNeeded);
              expect(p.note === null).toBe(p.complete && specialtyChosen);
            }
          }
          if (c.status !== "not_met") expect(c.missing).toEqual([]);
          else expect(c.missing.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it("lists as pending exactly the customers that approving what is pending would add", () => {
    fc.assert(
      fc.property(workspaceArb, dateBetween("2023-06-01", "2025-06-30"), (ws, date) => {
        const page = controlReadiness(program, ws, date, date);
        const whatIf = evaluateAudit(
          program,
          workspaceAuditEvidence(program, ws, "if_all_approved"),
          ws.history,
          date,
        );
        for (const c of page.controls) {
          const ifApproved = whatIf.details?.controls.find((x) => x.id === c.id);
          expect(c.pending.customerCountIfApproved).toBe(ifApproved?.customerCount);
          expect(c.pending.statusIfApproved).toBe(ifApproved?.status);
          expect(c.pending.customers).toBe(c.pending.customerCountIfApproved - c.customerCount);
          expect(c.customers.filter((k) => k.pending)).toHaveLength(c.pending.customers);
          for (const k of c.customers) expect(k.counts && k.pending).toBe(false);
          for (const p of c.customers.flatMap((k) => k.projects))
            expect(p.artifacts + p.pendingArtifacts).toBe(p.items.length);
        }
        expect(page.statusIfApproved).toBe(whatIf.status);
      }),
      RUNS,
    );
  });

  it("the what-if counts as if every item pending review were approved, and says it is a what-if", () => {
    fc.assert(
      fc.property(workspaceArb, dateBetween("2023-06-01", "2025-06-30"), (ws, date) => {
        const whatIf = controlReadiness(program, ws, date, date, "if_all_approved");
        const allApproved: AuditWorkspace = {
          ...ws,
          evidence: ws.evidence.map((e) => ({ ...e, status: "approved" as const, approved: e.current })),
        };
        const approved = controlReadiness(program, allApproved, date, date);
        expect(whatIf.counting).toBe("if_all_approved");
        expect(whatIf.controls.map((c) => [c.id, c.status, c.customerCount])).toEqual(
          approved.controls.map((c) => [c.id, c.status, c.customerCount]),
        );
        expect(whatIf.controls.every((c) => c.customers.every((k) => !k.pending))).toBe(true);
        expect(whatIf.rule).toContain("what-if");
      }),
      RUNS,
    );
  });
});

describe("controlReadiness: only approved evidence counts", () => {
  const specialties = chosenSpecialties();
  const projects = ["c-1", "c-2", "c-3"].map((c) =>
    buildProject({
      id: `p-${c}`,
      customerTenantId: c,
      customerName: c.toUpperCase(),
      project: `Project of ${c}`,
    }),
  );
  const items = (
    customer: string,
    statuses: readonly ("draft" | "ready" | "approved" | "changes_requested")[],
  ) =>
    statuses.map((status) => buildEvidenceItem({ projectId: `p-${customer}`, controls: ["B4.1"], status }));

  it("shows the approved figure with what is pending beside it, and says who waits for what", () => {
    const ws = buildWorkspace({
      projects,
      specialties,
      evidence: [
        ...items("c-1", ["approved", "approved"]),
        ...items("c-2", ["approved", "ready"]),
        ...items("c-3", ["draft"]),
      ],
    });
    const r = readiness(ws);
    const b41 = control(r, "B4.1");
    expect(b41).toMatchObject({
      status: "not_met",
      customerCount: 1,
      pending: { items: 2, customers: 1, customerCountIfApproved: 2, statusIfApproved: "not_met" },
    });
    expect(b41.customers.map((k) => [k.name, k.counts, k.pending])).toEqual([
      ["C-1", true, false],
      ["C-2", false, true],
      ["C-3", false, false],
    ]);
    expect(b41.customers[1]?.projects[0]).toMatchObject({
      artifacts: 1,
      pendingArtifacts: 1,
      complete: false,
      note: "1 of 2 evidence items approved; 1 more pending review",
    });
    expect(b41.missing).toEqual([
      `C-2 counts once 1 evidence item pending review for "Project of c-2" is approved (1 of 2 approved).`,
      `One more customer with a project completed between 2023-06-17 and ${DATE} and 2 approved evidence items for it (1 of 3 counting, 1 more pending review).`,
      `C-3: 1 more evidence item for "Project of c-3" (0 of 2 approved, 1 pending review; accepted: ${accepted("B4.1")}).`,
    ]);
    expect(r.pendingItems).toBe(2);
    expect(r.summary).toContain("2 evidence items pending review do not count yet.");
  });

  it("says which controls approving would make met", () => {
    const ws = buildWorkspace({
      projects,
      specialties,
      evidence: [
        ...items("c-1", ["approved", "approved"]),
        ...items("c-2", ["approved", "approved"]),
        ...items("c-3", ["ready", "approved"]),
      ],
    });
    const r = readiness(ws);
    expect(control(r, "B4.1")).toMatchObject({ status: "not_met", pending: { statusIfApproved: "met" } });
    expect(r.summary).toContain(
      "1 evidence item pending review does not count yet; approving it would make B4.1 met.",
    );
    const whatIf = controlReadiness(program, ws, DATE, TODAY, "if_all_approved");
    expect(control(whatIf, "B4.1")).toMatchObject({
      status: "met",
      customerCount: 3,
      pending: { customers: 0 },
    });
    expect(whatIf.summary).toContain("What-if: 1 evidence item pending review is counted as if approved.");
  });

  it("does not count an approval of an earlier revision", () => {
    const stale = buildEvidenceItem({
      projectId: "p-c-1",
      controls: ["B2.2"],
      current: { revision: 2, sha256: "b".repeat(64) },
      approved: { revision: 1, sha256: "a".repeat(64) },
    });
    const r = readiness(buildWorkspace({ projects, evidence: [stale] }));
    expect(control(r, "B2.2")).toMatchObject({ customerCount: 0, pending: { items: 1, customers: 1 } });
    expect(control(r, "B2.2").customers[0]?.projects[0]?.items[0]).toMatchObject({
      status: "approved",
      approved: false,
    });
  });
});
