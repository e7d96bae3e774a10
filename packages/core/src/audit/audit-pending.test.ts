import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildEvidenceItem,
  buildProject,
  buildWorkspace,
  loadTestProgram,
} from "../test-support/builders.js";
import { dateBetween, workspaceArb } from "../test-support/workspace-arbitraries.js";
import { auditPendingAt } from "./audit-pending.js";
import { controlReadiness } from "./control-readiness.js";

const program = loadTestProgram();

describe("auditPendingAt", () => {
  it("gives each control's approved figure and the customers pending review beside it", () => {
    const ws = buildWorkspace({
      projects: ["c-1", "c-2"].map((c) => buildProject({ id: `p-${c}`, customerTenantId: c })),
      evidence: [
        buildEvidenceItem({ projectId: "p-c-1", controls: ["B2.2"] }),
        buildEvidenceItem({ projectId: "p-c-2", controls: ["B2.2"], status: "ready" }),
        buildEvidenceItem({ projectId: "p-c-2", controls: ["B4.2"], status: "draft" }),
      ],
    });
    const pending = auditPendingAt(program, ws, "2024-06-17");
    expect(pending.items).toBe(2);
    expect(pending.statusIfApproved).toBe("not_met");
    expect(pending.controls.find((c) => c.id === "B2.2")).toEqual({
      id: "B2.2",
      customerCount: 1,
      required: 3,
      pendingItems: 1,
      pendingCustomers: 1,
      statusIfApproved: "not_met",
    });
    expect(pending.controls.find((c) => c.id === "B4.2")).toMatchObject({
      customerCount: 0,
      pendingCustomers: 1,
    });
  });

  it("agrees with the control readiness page on every control", () => {
    fc.assert(
      fc.property(workspaceArb, dateBetween("2023-06-01", "2025-06-30"), (ws, date) => {
        const pending = auditPendingAt(program, ws, date);
        const page = controlReadiness(program, ws, date, date);
        expect(
          pending.controls.map((c) => [
            c.id,
            c.customerCount,
            c.pendingCustomers,
            c.pendingItems,
            c.statusIfApproved,
          ]),
        ).toEqual(
          page.controls.map((c) => [
            c.id,
            c.customerCount,
            c.pending.customers,
            c.pending.items,
            c.pending.statusIfApproved,
          ]),
        );
        expect(pending.items).toBe(page.pendingItems);
        expect(pending.statusIfApproved).toBe(page.statusIfApproved);
      }),
      { numRuns: 200 },
    );
  });
});
