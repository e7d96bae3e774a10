import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import { evaluateReadiness } from "../rules/evaluate-readiness.js";
import { dateBetween } from "../test-support/arbitraries.js";
import { loadTestProgram, loadTestPrograms } from "../test-support/builders.js";
import { contractDataArb, contractInputs, contractMembers } from "../test-support/contract-arbitraries.js";
import { type ProgramSelection, type SelectionRequest, selectProgram } from "./program-selection.js";

const programs = loadTestPrograms();
const fy24 = loadTestProgram();

function select(request: SelectionRequest): ProgramSelection {
  const result = selectProgram(programs, request);
  if (!result.ok) throw new Error(result.message);
  return result.selection;
}

/** The program, and each module's checklist in effect and measured against, for a date. */
function onDate(date: CalendarDate, request: Partial<SelectionRequest> = {}) {
  const s = select({ date, ...request });
  return {
    program: s.versions.program.id,
    name: s.versions.program.name,
    A: [
      s.versions.checklists[0]?.inEffect?.version ?? null,
      s.versions.checklists[0]?.measuredAgainst.version,
    ],
    B: [
      s.versions.checklists[1]?.inEffect?.version ?? null,
      s.versions.checklists[1]?.measuredAgainst.version,
    ],
  };
}

describe("selectProgram: the version in effect on the date", () => {
  it.each([
    [
      "2023-03-01",
      "ai-ml-azure-2022-10",
      "AI and Machine Learning in Microsoft Azure",
      ["V2.x", "2024-08"],
      ["V1.3", "V1.7"],
    ],
    [
      "2023-09-01",
      "ai-ml-azure-2022-10",
      "AI and Machine Learning in Microsoft Azure",
      ["V2.x", "2024-08"],
      ["V1.4", "V1.7"],
    ],
    [
      "2024-06-17",
      "ai-ml-azure-2022-10",
      "AI and Machine Learning in Microsoft Azure",
      ["V2.x", "2024-08"],
      ["V1.5", "V1.7"],
    ],
    [
      "2024-12-31",
      "ai-ml-azure-2022-10",
      "AI and Machine Learning in Microsoft Azure",
      ["2024-08", "2024-08"],
      ["V1.6", "V1.7"],
    ],
    [
      "2025-01-01",
      "ai-platform-azure-2025-01",
      "AI Platform on Microsoft Azure",
      ["2024-08", "2024-08"],
      ["V1.6", "V1.7"],
    ],
    [
      "2025-03-01",
      "ai-platform-azure-2025-01",
      "AI Platform on Microsoft Azure",
      ["2024-08", "2024-08"],
      ["V1.65", "V1.7"],
    ],
    [
      "2025-09-10",
      "ai-platform-azure-2025-01",
      "AI Platform on Microsoft Azure",
      ["2024-08", "2024-08"],
      ["V1.7", "V1.7"],
    ],
    [
      "2026-12-06",
      "ai-platform-azure-2025-01",
      "AI Platform on Microsoft Azure",
      [null, "2024-08"],
      [null, "V1.7"],
    ],
  ] as const)("on %s: %s (%s), Module A %j, Module B %j", (date, program, name, a, b) => {
    expect(onDate(date)).toEqual({ program, name, A: a, B: b });
  });

  it("measures a date in effect of a complete checklist without a warning", () => {
    const s = select({ date: "2025-09-10" });
    expect(s.versions.selectedBy).toBe("date");
    expect(s.versions.reason).toBe("the version in effect on 2025-09-10 (from 2025-01-01)");
    expect(s.versions.warnings).toEqual([]);
    // It gives the contract's reading, which an evaluation reports as its program.
    expect(s.versions.reading).toBe("ai-ml-azure-fy24");
  });

  it("says when a checklist in effect holds no controls, and what it is measured against instead", () => {
    const s = select({ date: "2023-09-01" });
    expect(s.versions.warnings).toEqual([
      "Module A V2.x (module-a-v2) was in effect on 2023-09-01, but specready holds only its dates and changes, not its controls: controls are measured against 2024-08 (module-a-2024-08, 2024-08-12 to 2025-12-31), the nearest version whose controls are in the program data.",
      "Module B V1.4 (module-b-v1.4) was in effect on 2023-09-01, but specready holds only its dates and changes, not its controls: controls are measured against V1.7 (module-b-v1.7, 2025-06-10 to 2025-12-31), the nearest version whose controls are in the program data.",
    ]);
    expect(s.program.moduleA.id).toBe("module-a-2024-08");
    expect(s.program.moduleB.id).toBe("module-b-v1.7");
  });

  it("measures a date before every version against the nearest, with a warning", () => {
    const s = select({ date: "2019-05-01" });
    expect(s.versions.program.id).toBe("ai-ml-azure-2022-10");
    expect(s.versions.warnings[0]).toBe(
      "No program version in the data was in effect on 2019-05-01: measured against the nearest, AI and Machine Learning in Microsoft Azure (ai-ml-azure-2022-10, 2022-10-03 to 2024-12-31). specready has no program data for that date.",
    );
  });

  it("takes the checklists of the planned audit date when there is one", () => {
    const s = select({ date: "2025-03-01", auditDate: "2025-09-10" });
    expect(s.versions.program.id).toBe("ai-platform-azure-2025-01");
    expect(s.versions.checklists.map((c) => [c.date, c.inEffect?.version])).toEqual([
      ["2025-09-10", "2024-08"],
      ["2025-09-10", "V1.7"],
    ]);
  });

  it("never chooses the provisional version by default, at any date", () => {
    fc.assert(
      fc.property(dateBetween("2019-01-01", "2030-12-31"), (date) => {
        const s = select({ date });
        expect(s.versions.program.provisional).toBeNull();
        expect(s.program.provisional).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("chooses the provisional version from 2026-06-02 for an organization that opted in", () => {
    expect(select({ date: "2026-06-01", includeProvisional: true }).versions.program.id).toBe(
      "ai-platform-azure-2025-01",
    );
    const s = select({ date: "2026-06-02", includeProvisional: true });
    expect(s.versions.program).toMatchObject({
      id: "ai-platform-azure-2026-provisional",
      provisional: { label: "provisional — verify in Partner Center" },
    });
    expect(s.versions.reason).toContain("the organization opted into provisional versions");
    // Not the contract's reading: it counts other certifications.
    expect(s.versions.reading).toBe("ai-platform-azure-2026-provisional");
  });
});

describe("selectProgram: a pinned version", () => {
  it("measures the contract's program exactly as pinned, on every date", () => {
    for (const date of ["2019-05-01", "2023-09-01", "2026-12-06"] as const) {
      const s = select({ date, pinned: { id: "ai-ml-azure-fy24", by: "cli" } });
      expect(s.program).toBe(fy24);
      expect(s.versions).toMatchObject({ selectedBy: "pinned", pinnedBy: "cli" });
      expect(s.versions.reason).toBe("pinned with --program ai-ml-azure-fy24");
      expect(s.versions.warnings).toEqual([]);
    }
  });

  it("warns when a dated version is pinned for a date outside its period", () => {
    const s = select({ date: "2024-03-01", pinned: { id: "ai-platform-azure-2025-01", by: "organization" } });
    expect(s.versions.reason).toBe("pinned in the organization's settings (ai-platform-azure-2025-01)");
    expect(s.versions.reading).toBe("ai-platform-azure-2025-01");
    expect(s.versions.warnings[0]).toBe(
      "ai-platform-azure-2025-01 is in effect from 2025-01-01, not on 2024-03-01: it is measured as pinned.",
    );
  });

  it("refuses an unknown version, naming the installed ones", () => {
    expect(selectProgram(programs, { date: "2025-01-01", pinned: { id: "nope", by: "cli" } })).toEqual({
      ok: false,
      message:
        'unknown program "nope" (installed: ai-ml-azure-2022-10, ai-ml-azure-fy24, ai-platform-azure-2025-01, ai-platform-azure-2026-provisional)',
    });
  });
});

describe("the default is the contract's reading: the version in effect measures as ai-ml-azure-fy24", () => {
  it("gives the contract's members exactly, for random contract inputs at dates 2019–2030", () => {
    // Each requirement is seen met and not met, so the equality is not one of empty results.
    const seen = new Set<string>();
    fc.assert(
      fc.property(contractDataArb("2019-01-01", "2030-12-31"), (data) => {
        const selected = select({ date: data.asOf });
        const byDate = evaluateReadiness(
          selected.program,
          contractInputs(selected.program, data),
          data.asOf,
          {
            versions: selected.versions,
          },
        );
        const contract = evaluateReadiness(fy24, contractInputs(fy24, data), data.asOf);
        expect(contractMembers(byDate)).toEqual(contractMembers(contract));
        expect(byDate.ready).toBe(contract.ready); // the exit status
        for (const r of contract.requirements) seen.add(`${r.id}:${r.status}`);
      }),
      { numRuns: 400 },
    );
    for (const id of ["designation", "performance", "knowledge", "audit"])
      for (const status of ["met", "not_met", "no_data"]) expect(seen).toContain(`${id}:${status}`);
  });
});
