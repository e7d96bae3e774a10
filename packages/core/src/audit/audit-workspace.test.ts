import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programControls } from "../program/program-definition.js";
import { auditFiguresAt } from "../rules/audit.js";
import {
  buildEvidence,
  buildEvidenceItem,
  buildEvidenceItems,
  buildProject,
  buildWorkspace,
  chosenSpecialties,
  controlIds,
  fakeSha256,
  loadTestProgram,
  workspaceFor,
} from "../test-support/builders.js";
import { workspaceArb } from "../test-support/workspace-arbitraries.js";
import {
  type AuditWorkspace,
  artifactsNeeded,
  type EvidenceCounting,
  type EvidenceStatus,
  type EvidenceVersion,
  evidenceItemCounts,
  itemsFor,
  specialtyMissing,
  WORKSPACE_EVIDENCE_FILE,
  workspaceAuditEvidence,
} from "./audit-workspace.js";

/** A random register, and statuses to give the items that do not count. */
const registerArbitrary = fc.record({
  ws: workspaceArb,
  pendingStatuses: fc.array(fc.constantFrom<EvidenceStatus>("draft", "ready", "changes_requested"), {
    minLength: 1,
    maxLength: 5,
  }),
});

const program = loadTestProgram();

function controlOf(id: string) {
  const c = programControls(program).find((x) => x.id === id);
  if (c === undefined) throw new Error(`no control ${id}`);
  return c;
}

describe("artifactsNeeded", () => {
  it("is the control's minimum, or one where the checklist sets none", () => {
    expect(artifactsNeeded(controlOf("B1.1"))).toBe(2);
    expect(artifactsNeeded(controlOf("B2.3"))).toBe(2);
    expect(artifactsNeeded(controlOf("A1.1"))).toBe(2);
    expect(artifactsNeeded(controlOf("B2.2"))).toBe(1);
    expect(artifactsNeeded(controlOf("A2.1"))).toBe(1);
  });
});

describe("specialtyMissing", () => {
  const b11 = controlOf("B1.1");
  const [first, second] = b11.practiceSpecialties;

  it("is false for a control that asks for no specialty", () => {
    expect(specialtyMissing(controlOf("B3.1"), buildWorkspace())).toBe(false);
  });

  it("is true until one of the checklist's specialties is chosen", () => {
    expect(specialtyMissing(b11, buildWorkspace())).toBe(true);
    expect(specialtyMissing(b11, buildWorkspace({ specialties: { "B1.1": first as string } }))).toBe(false);
    expect(specialtyMissing(b11, buildWorkspace({ specialties: { "B1.1": second as string } }))).toBe(false);
  });

  it("treats a value the checklist does not offer as not chosen", () => {
    for (const value of ["Computer vision", "", "machine learning lifecycle"]) {
      expect(specialtyMissing(b11, buildWorkspace({ specialties: { "B1.1": value } }))).toBe(true);
    }
  });

  it("reads the specialty of its own control only", () => {
    expect(specialtyMissing(b11, buildWorkspace({ specialties: { "B2.1": first as string } }))).toBe(true);
  });
});

describe("itemsFor", () => {
  it("lists the items of one project linked to one control, in title order, ties by id", () => {
    const items = [
      buildEvidenceItem({ id: "e-3", title: "Solution design", controls: ["B2.1", "B3.1"] }),
      buildEvidenceItem({ id: "e-2", title: "Architecture", controls: ["B2.1"] }),
      buildEvidenceItem({ id: "e-1", title: "Solution design", controls: ["B2.1"] }),
      buildEvidenceItem({ id: "e-4", title: "Another project", projectId: "p-2", controls: ["B2.1"] }),
      buildEvidenceItem({ id: "e-5", title: "Other control", controls: ["B3.1"] }),
    ];
    const ws = buildWorkspace({ evidence: items });
    expect(itemsFor(ws, "B2.1", "p-1").map((i) => i.id)).toEqual(["e-2", "e-1", "e-3"]);
    expect(itemsFor(ws, "B3.1", "p-1").map((i) => i.id)).toEqual(["e-5", "e-3"]);
    expect(itemsFor(ws, "B2.1", "p-2").map((i) => i.id)).toEqual(["e-4"]);
    expect(itemsFor(ws, "B4.1", "p-1")).toEqual([]);
  });
});

describe("workspaceAuditEvidence: the register as the contract's audit-evidence rows", () => {
  it("writes one row per item of a project with the control's minimum, dated by the project's completion", () => {
    const ws = buildWorkspace({
      projects: [
        buildProject({
          id: "p-1",
          customerTenantId: "t-1",
          customerName: "Contoso",
          completionDate: "2024-02-29",
        }),
      ],
      evidence: [
        buildEvidenceItem({ title: "Signed SOW", artifactType: "Signed SOW", controls: ["B3.1"] }),
        buildEvidenceItem({ title: "As-built", artifactType: "As-built documentation", controls: ["B3.1"] }),
      ],
    });
    expect(workspaceAuditEvidence(program, ws)).toEqual([
      {
        module: "B",
        control: "B3.1",
        customerTenantId: "t-1",
        customerName: "Contoso",
        deploymentDate: "2024-02-29",
        evidence: "As-built (As-built documentation)",
        source: { file: WORKSPACE_EVIDENCE_FILE, line: 2 },
      },
      {
        module: "B",
        control: "B3.1",
        customerTenantId: "t-1",
        customerName: "Contoso",
        deploymentDate: "2024-02-29",
        evidence: "Signed SOW (Signed SOW)",
        source: { file: WORKSPACE_EVIDENCE_FILE, line: 3 },
      },
    ]);
  });

  it("leaves the customer name out when the register has none", () => {
    const ws = buildWorkspace({
      projects: [buildProject()],
      evidence: [buildEvidenceItem({ controls: ["B2.2"] })],
    });
    const [row] = workspaceAuditEvidence(program, ws);
    expect(row).toBeDefined();
    expect(row && "customerName" in row).toBe(false);
  });

  it("writes no row for a project short of the minimum (B1.1 needs two items, B2.2 one)", () => {
    const ws = buildWorkspace({
      projects: [buildProject()],
      evidence: [buildEvidenceItem({ controls: ["B1.1", "B2.2"] })],
      specialties: chosenSpecialties(),
    });
    expect(workspaceAuditEvidence(program, ws).map((r) => r.control)).toEqual(["B2.2"]);
    const two = buildWorkspace({
      ...ws,
      evidence: [...ws.evidence, buildEvidenceItem({ controls: ["B1.1"] })],
    });
    expect(workspaceAuditEvidence(program, two).map((r) => r.control)).toEqual(["B1.1", "B1.1", "B2.2"]);
  });

  it("counts an item for every control it is linked to", () => {
    const ws = buildWorkspace({
      projects: [buildProject()],
      evidence: buildEvidenceItems(2, { controls: ["B3.1", "B4.1", "A2.1"] }),
    });
    expect(workspaceAuditEvidence(program, ws).map((r) => r.control)).toEqual([
      "A2.1",
      "A2.1",
      "B3.1",
      "B3.1",
      "B4.1",
      "B4.1",
    ]);
  });

  it("does not add up items of two projects: each project needs its own minimum", () => {
    const ws = buildWorkspace({
      projects: [buildProject({ id: "p-1" }), buildProject({ id: "p-2", project: "Project 2" })],
      evidence: [
        buildEvidenceItem({ projectId: "p-1", controls: ["B2.3"] }),
        buildEvidenceItem({ projectId: "p-2", controls: ["B2.3"] }),
      ],
    });
    expect(workspaceAuditEvidence(program, ws)).toEqual([]);
  });

  it("ignores items whose project is not in the register", () => {
    const ws = buildWorkspace({
      projects: [buildProject({ id: "p-1" })],
      evidence: [buildEvidenceItem({ projectId: "p-gone", controls: ["B2.2"] })],
    });
    expect(workspaceAuditEvidence(program, ws)).toEqual([]);
  });

  it("writes no rows for a control whose practice specialty is not chosen, or not one of the checklist's", () => {
    const evidence = buildEvidenceItems(2, { controls: ["B1.1", "B2.1", "B3.1"] });
    const rows = (specialties: Record<string, string>) =>
      [
        ...new Set(
          workspaceAuditEvidence(
            program,
            buildWorkspace({ projects: [buildProject()], evidence, specialties }),
          ).map((r) => r.control),
        ),
      ].sort();
    expect(rows({})).toEqual(["B3.1"]);
    expect(rows({ "B1.1": "Computer vision", "B2.1": "anything" })).toEqual(["B3.1"]);
    expect(rows({ "B1.1": controlOf("B1.1").practiceSpecialties[1] as string })).toEqual(["B1.1", "B3.1"]);
    expect(rows(chosenSpecialties())).toEqual(["B1.1", "B2.1", "B3.1"]);
  });

  it("orders rows by control (checklist order), customer name, project and item title", () => {
    const ws = buildWorkspace({
      projects: [
        buildProject({ id: "p-z", customerTenantId: "t-9", customerName: "Zeta", project: "Alpha" }),
        buildProject({ id: "p-a2", customerTenantId: "t-1", customerName: "Adatum", project: "Second" }),
        buildProject({ id: "p-a1", customerTenantId: "t-1", customerName: "Adatum", project: "First" }),
        // No name: sorted by its tenant id.
        buildProject({ id: "p-m", customerTenantId: "m-tenant", customerName: null, project: "X" }),
      ],
      evidence: [
        buildEvidenceItem({ projectId: "p-z", title: "b", controls: ["B4.2", "A3.2"] }),
        buildEvidenceItem({ projectId: "p-a2", title: "a", controls: ["B4.2"] }),
        buildEvidenceItem({ projectId: "p-a1", title: "z", controls: ["B4.2"] }),
        buildEvidenceItem({ projectId: "p-a1", title: "c", controls: ["B4.2"] }),
        buildEvidenceItem({ projectId: "p-m", title: "m", controls: ["B4.2"] }),
      ],
    });
    const rows = workspaceAuditEvidence(program, ws);
    expect(rows.map((r) => `${r.control} ${r.customerName ?? r.customerTenantId} ${r.evidence}`)).toEqual([
      "A3.2 Zeta b (Solution design)",
      "B4.2 Adatum c (Solution design)",
      "B4.2 Adatum z (Solution design)",
      "B4.2 Adatum a (Solution design)",
      "B4.2 m-tenant m (Solution design)",
      "B4.2 Zeta b (Solution design)",
    ]);
    expect(rows.map((r) => r.source.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it("writes a row for a project outside the twelve months too: the contract's rule decides", () => {
    const ws = buildWorkspace({
      projects: [buildProject({ completionDate: "2019-05-01" })],
      evidence: [buildEvidenceItem({ controls: ["B2.2"] })],
    });
    expect(workspaceAuditEvidence(program, ws).map((r) => r.deploymentDate)).toEqual(["2019-05-01"]);
  });

  it("counts approved items only: a draft, an item waiting for review or sent back does not count", () => {
    const ws = (statuses: readonly EvidenceStatus[]) =>
      buildWorkspace({
        projects: [buildProject()],
        evidence: statuses.map((status) => buildEvidenceItem({ controls: ["B2.3"], status })),
      });
    expect(workspaceAuditEvidence(program, ws(["approved", "approved"]))).toHaveLength(2);
    expect(workspaceAuditEvidence(program, ws(["draft", "changes_requested"]))).toEqual([]);
    expect(workspaceAuditEvidence(program, ws(["approved", "ready"]))).toEqual([]);
    // The what-if counts them all as if approved.
    expect(workspaceAuditEvidence(program, ws(["draft", "ready"]), "if_all_approved")).toHaveLength(2);
  });

  it("counts an approval only for the content approved: a new revision or a changed text needs a new one", () => {
    const approved = buildEvidenceItem({ controls: ["B2.3"] });
    const current = approved.current as EvidenceVersion;
    const newRevision = buildEvidenceItem({
      controls: ["B2.3"],
      current: { revision: 2, sha256: fakeSha256("revision 2") },
      approved: current,
    });
    const sameNumberOtherBytes = buildEvidenceItem({
      controls: ["B2.3"],
      current: { revision: 1, sha256: fakeSha256("other bytes") },
      approved: { revision: 1, sha256: fakeSha256("bytes approved") },
    });
    const noApproval = buildEvidenceItem({ controls: ["B2.3"], status: "approved", approved: null });
    const noRevision = buildEvidenceItem({ controls: ["B2.3"], current: null, approved: null });
    expect(evidenceItemCounts(approved)).toBe(true);
    for (const item of [newRevision, sameNumberOtherBytes, noApproval, noRevision])
      expect(evidenceItemCounts(item), item.id).toBe(false);
    const ws = buildWorkspace({ projects: [buildProject()], evidence: [approved, newRevision] });
    expect(workspaceAuditEvidence(program, ws)).toEqual([]);
    expect(workspaceAuditEvidence(program, ws, "if_all_approved")).toHaveLength(2);
    // A file without a revision has nothing to count, even in the what-if.
    expect(
      workspaceAuditEvidence(
        program,
        buildWorkspace({ projects: [buildProject()], evidence: [approved, noRevision] }),
        "if_all_approved",
      ),
    ).toEqual([]);
  });

  it("property: the rows are those of the approved items alone, whatever the others' statuses", () => {
    fc.assert(
      fc.property(registerArbitrary, ({ ws, pendingStatuses }) => {
        const rows = workspaceAuditEvidence(program, ws);
        const onlyCounting = { ...ws, evidence: ws.evidence.filter(evidenceItemCounts) };
        expect(rows).toEqual(workspaceAuditEvidence(program, onlyCounting));
        // Moving items between draft, ready and changes requested changes nothing counted.
        const shuffled = {
          ...ws,
          evidence: ws.evidence.map((e, i) =>
            evidenceItemCounts(e)
              ? e
              : { ...e, status: pendingStatuses[i % pendingStatuses.length] as EvidenceStatus },
          ),
        };
        expect(workspaceAuditEvidence(program, shuffled)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it("property: approving an item never lowers a control's count; the what-if is every item approved", () => {
    const date = "2024-06-17";
    fc.assert(
      fc.property(registerArbitrary, fc.nat(), ({ ws }, pick) => {
        const counts = (w: AuditWorkspace, counting: EvidenceCounting = "approved") =>
          auditFiguresAt(program, workspaceAuditEvidence(program, w, counting), [], date).counts;
        const now = counts(ws);
        const waiting = ws.evidence.filter((e) => !evidenceItemCounts(e) && e.current !== null);
        const target = waiting[pick % Math.max(1, waiting.length)];
        const approvedOne = {
          ...ws,
          evidence: ws.evidence.map((e) =>
            e === target ? { ...e, status: "approved" as const, approved: e.current } : e,
          ),
        };
        const allApproved = {
          ...ws,
          evidence: ws.evidence.map((e) =>
            e.current === null ? e : { ...e, status: "approved" as const, approved: e.current },
          ),
        };
        const after = counts(approvedOne);
        const ifApproved = counts(ws, "if_all_approved");
        for (const [id, n] of now) {
          expect(after.get(id) ?? 0).toBeGreaterThanOrEqual(n);
          expect(ifApproved.get(id) ?? 0).toBeGreaterThanOrEqual(after.get(id) ?? 0);
        }
        expect(ifApproved).toEqual(counts(allApproved));
      }),
      { numRuns: 200 },
    );
  });

  it("follows the register's rows with the imported audit-evidence rows, unchanged", () => {
    const imported = [
      buildEvidence({ control: "B1.1", customerTenantId: "t-7", deploymentDate: "2024-01-01" }),
      buildEvidence({ control: "A1.1", customerTenantId: "t-8", deploymentDate: "2020-01-01" }),
    ];
    const ws = buildWorkspace({
      projects: [buildProject()],
      evidence: [buildEvidenceItem({ controls: ["B2.2"] })],
      importedEvidence: imported,
    });
    const rows = workspaceAuditEvidence(program, ws);
    expect(rows).toHaveLength(3);
    expect(rows[0]?.source).toEqual({ file: WORKSPACE_EVIDENCE_FILE, line: 2 });
    expect(rows.slice(1)).toEqual(imported);
    expect(workspaceAuditEvidence(program, buildWorkspace({ importedEvidence: imported }))).toEqual(imported);
  });

  it("covers every control of the program from a full register", () => {
    const rows = workspaceAuditEvidence(program, workspaceFor(["c-1", "c-2", "c-3"], "2024-03-01"));
    expect([...new Set(rows.map((r) => r.control))]).toEqual(controlIds(program));
    for (const r of rows) expect(r.module).toBe(r.control.slice(0, 1));
  });
});
