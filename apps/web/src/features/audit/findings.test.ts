import { describe, expect, it } from "vitest";
import type { Finding } from "./api";
import { compareControlIds, controlOptions, groupFindings } from "./findings";

let n = 0;
function buildFinding(overrides: Partial<Finding> = {}): Finding {
  n++;
  return {
    allowedActions: [],
    id: `f${String(n).padStart(3, "0")}`,
    controlId: "A1.1",
    text: `Finding ${n}`,
    status: "open",
    response: null,
    createdBy: "Ida Auditor",
    createdAt: `2025-10-01T10:${String(n % 60).padStart(2, "0")}:00Z`,
    resolvedBy: null,
    resolvedAt: null,
    ...overrides,
  };
}

const controls = [
  { id: "A1.1", module: "A" as const, title: "Cloud & AI Adoption Business Strategy" },
  { id: "A2.1", module: "A" as const, title: "Plan" },
  { id: "B1.1", module: "B" as const, title: "Assess" },
  { id: "B2.1", module: "B" as const, title: "Design" },
];

describe("groupFindings", () => {
  it("groups by control, controls with open items first, in checklist order", () => {
    const findings = [
      buildFinding({ controlId: "B2.1" }),
      buildFinding({
        controlId: "A1.1",
        status: "resolved",
        resolvedBy: "Ida",
        resolvedAt: "2025-10-02T00:00:00Z",
      }),
      buildFinding({ controlId: "A2.1" }),
      buildFinding({ controlId: "B2.1", status: "resolved" }),
    ];
    const g = groupFindings(findings, controls);
    expect(g.groups.map((x) => [x.controlId, x.open])).toEqual([
      ["A2.1", 1],
      ["B2.1", 1],
      ["A1.1", 0],
    ]);
    expect(g.open).toBe(2);
    expect(g.resolved).toBe(2);
    expect(g.groups[0]?.title).toBe("Plan");
  });

  it("puts open findings first within a control, oldest first", () => {
    const older = buildFinding({ controlId: "B1.1", createdAt: "2025-10-01T08:00:00Z" });
    const newer = buildFinding({ controlId: "B1.1", createdAt: "2025-10-03T08:00:00Z" });
    const resolved = buildFinding({
      controlId: "B1.1",
      status: "resolved",
      createdAt: "2025-09-01T08:00:00Z",
    });
    const g = groupFindings([resolved, newer, older], controls);
    expect(g.groups[0]?.findings.map((f) => f.id)).toEqual([older.id, newer.id, resolved.id]);
  });

  it("keeps findings on controls the readiness data does not list, after the known ones", () => {
    const g = groupFindings(
      [
        buildFinding({ controlId: "B10.1" }),
        buildFinding({ controlId: "B3.1" }),
        buildFinding({ controlId: "B1.1" }),
      ],
      controls,
    );
    expect(g.groups.map((x) => x.controlId)).toEqual(["B1.1", "B3.1", "B10.1"]);
    expect(g.groups[1]?.title).toBeNull();
  });

  it("has no groups without findings", () => {
    expect(groupFindings([], controls)).toEqual({ groups: [], open: 0, resolved: 0 });
  });
});

describe("controls", () => {
  it("orders control ids numerically", () => {
    expect(["A10.1", "B1.1", "A1.2", "A1.1"].sort(compareControlIds)).toEqual([
      "A1.1",
      "A1.2",
      "A10.1",
      "B1.1",
    ]);
  });
  it("labels the picker's options", () => {
    expect(controlOptions(controls.slice(0, 1))).toEqual([
      { id: "A1.1", label: "A1.1 Cloud & AI Adoption Business Strategy", module: "A" },
    ]);
  });
});
