import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate } from "../calendar/calendar-date.js";
import { loadPrograms, type Program } from "../program/program-definition.js";
import {
  checklistDataFiles,
  checklistJson,
  loadTestProgram,
  loadTestProgramVersion,
  programDataFiles,
} from "../test-support/builders.js";
import { type AuditPlanInput, type AuditPlanView, auditPlanView, checklistOn } from "./audit-plan.js";

const program = loadTestProgram();

/** Applied on Friday 2025-08-01, audit on Wednesday 2025-08-20 (Module B V1.7 live since 2025-06-10). */
const APPLIED = "2025-08-01";
const AUDIT = "2025-08-20";

function buildPlan(overrides: Partial<AuditPlanInput> = {}): AuditPlanInput {
  return { applicationDate: APPLIED, auditDate: AUDIT, modules: "A+B", ...overrides };
}

function view(overrides: Partial<AuditPlanInput> = {}, moduleAWaived = false): AuditPlanView {
  return auditPlanView(program, buildPlan(overrides), { moduleAWaived });
}

function dues(v: AuditPlanView): Record<string, CalendarDate | null> {
  return Object.fromEntries(v.timeline.map((s) => [s.id, s.due]));
}

describe("checklistOn: the checklist version live on a date", () => {
  it.each([
    ["A", "2021-06-30", null],
    ["A", "2021-07-01", "module-a-v2"],
    ["A", "2024-01-15", "module-a-v2"],
    ["A", "2024-08-11", "module-a-v2"],
    ["A", "2024-08-12", "module-a-2024-08"],
    ["A", "2025-12-31", "module-a-2024-08"],
    // No source dates a Module A after the V1.7 guide's period.
    ["A", "2026-03-01", null],
    ["B", "2022-12-31", null],
    ["B", "2023-01-02", "module-b-v1.3"],
    ["B", "2023-07-04", "module-b-v1.3"],
    ["B", "2023-07-05", "module-b-v1.4"],
    ["B", "2024-01-01", "module-b-v1.5"],
    ["B", "2024-08-12", "module-b-v1.6"],
    ["B", "2025-02-03", "module-b-v1.65"],
    ["B", "2025-06-09", "module-b-v1.65"],
    ["B", "2025-06-10", "module-b-v1.7"],
    ["B", "2025-12-31", "module-b-v1.7"],
    ["B", "2026-03-01", null],
  ] as const)("Module %s on %s: %s", (module, date, expected) => {
    expect(checklistOn(program, module, date)?.id ?? null).toBe(expected);
  });

  it("knows every installed version, oldest first per module, and which hold their controls", () => {
    expect(
      program.checklistVersions.map((c) => [c.id, c.module, c.effectiveFrom, c.effectiveTo, c.controlData]),
    ).toEqual([
      ["module-a-v2", "A", "2021-07-01", "2024-08-11", "summary"],
      ["module-a-2024-08", "A", "2024-08-12", "2025-12-31", "complete"],
      ["module-b-v1.3", "B", "2023-01-02", "2023-07-04", "summary"],
      ["module-b-v1.4", "B", "2023-07-05", "2023-12-31", "summary"],
      ["module-b-v1.5", "B", "2024-01-01", "2024-08-11", "summary"],
      ["module-b-v1.6", "B", "2024-08-12", "2025-02-02", "summary"],
      ["module-b-v1.65", "B", "2025-02-03", "2025-06-09", "summary"],
      ["module-b-v1.7", "B", "2025-06-10", "2025-12-31", "complete"],
    ]);
  });

  it("leaves no day without a version between the first and the last one of a module", () => {
    for (const module of ["A", "B"] as const) {
      const versions = program.checklistVersions.filter((c) => c.module === module);
      versions.slice(1).forEach((c, i) => {
        expect(addDays(versions[i]?.effectiveTo as string, 1)).toBe(c.effectiveFrom);
      });
    }
  });
});

describe("auditPlanView: the process deadlines", () => {
  it("counts each step from the event before it, in business or calendar days", () => {
    const v = view();
    expect(v.timeline.map((s) => s.id)).toEqual([
      "schedule",
      "audit",
      "gap-report",
      "acknowledgement",
      "gap-review",
      "final-report",
      "notification",
    ]);
    expect(dues(v)).toEqual({
      // 2 business days after Friday 2025-08-01: Tuesday.
      schedule: "2025-08-05",
      // 30 calendar days after the application.
      audit: "2025-08-31",
      // 2 business days after the planned audit date (Wednesday): Friday.
      "gap-report": "2025-08-22",
      // 2 business days after the gap report's deadline (Friday): Tuesday.
      acknowledgement: "2025-08-26",
      // 15 calendar days after the gap report's deadline (a Saturday).
      "gap-review": "2025-09-06",
      // 5 business days after the gap review.
      "final-report": "2025-09-12",
      // 2 business days after the final report (Friday): Tuesday.
      notification: "2025-09-16",
    });
    const audit = v.timeline.find((s) => s.id === "audit");
    expect(audit).toMatchObject({ planned: AUDIT, within: { count: 30, unit: "calendar days" } });
    expect(v.timeline.filter((s) => s.onlyWithGaps).map((s) => s.id)).toEqual([
      "gap-report",
      "acknowledgement",
      "gap-review",
    ]);
  });

  it("counts from the gap report's date once it is issued", () => {
    const v = view({ gapReportIssuedOn: "2025-08-21" });
    expect(v.timeline.find((s) => s.id === "gap-report")).toMatchObject({
      due: "2025-08-22",
      planned: "2025-08-21",
    });
    expect(dues(v)).toMatchObject({
      acknowledgement: "2025-08-25",
      "gap-review": "2025-09-05",
      "final-report": "2025-09-12",
      notification: "2025-09-16",
    });
  });

  it("counts the final report from the audit when it leaves no open action items (no gap report)", () => {
    const v = view({ gapReportIssuedOn: null });
    expect(dues(v)).toMatchObject({ "final-report": "2025-08-27", notification: "2025-08-29" });
    expect(v.timeline.find((s) => s.id === "final-report")?.basis).toBe(
      `5 business days after the audit or the Gap Review (${AUDIT})`,
    );
  });

  it("states each deadline's basis with the date it counts from", () => {
    const basis = Object.fromEntries(view().timeline.map((s) => [s.id, s.basis]));
    expect(basis.schedule).toBe(`2 business days after Microsoft validates the prerequisites (${APPLIED})`);
    expect(basis.audit).toBe(`30 calendar days after approval of the application (${APPLIED})`);
    expect(basis["gap-review"]).toBe("15 calendar days after the Gap Report (2025-08-22)");
    expect(basis["final-report"]).toBe("5 business days after the audit or the Gap Review (2025-09-06)");
  });

  it("counts the steps after the audit from the audit date when no application date is set", () => {
    const v = view({ applicationDate: null });
    expect(dues(v)).toMatchObject({
      schedule: null,
      audit: null,
      "gap-report": "2025-08-22",
      notification: "2025-09-16",
    });
    expect(v.timeline.find((s) => s.id === "schedule")?.basis).toBe(
      "2 business days after Microsoft validates the prerequisites",
    );
  });

  it("counts everything from the application when no audit date is planned (the audit at its deadline)", () => {
    const v = view({ auditDate: null });
    expect(dues(v)).toMatchObject({
      schedule: "2025-08-05",
      audit: "2025-08-31",
      "gap-report": "2025-09-02",
    });
    expect(v.checklists).toEqual({ A: null, B: null });
  });

  it("has no dates at all without an application or an audit date", () => {
    const v = view({ applicationDate: null, auditDate: null });
    expect(v.timeline.every((s) => s.due === null && s.planned === null)).toBe(true);
    expect(v.warnings).toEqual([]);
  });
});

describe("auditPlanView: checklists, fees and warnings", () => {
  it("names the checklist versions live on the audit date", () => {
    const v = view();
    expect(v.checklists.A).toMatchObject({
      id: "module-a-2024-08",
      module: "A",
      effectiveFrom: "2024-08-12",
    });
    expect(v.checklists.B).toMatchObject({ id: "module-b-v1.7", module: "B", version: "V1.7" });
    const early = view({ applicationDate: "2024-01-05", auditDate: "2024-01-15" });
    expect(early.checklists.A).toMatchObject({ id: "module-a-v2", version: "V2.x", controlData: "summary" });
    expect(early.checklists.B).toMatchObject({
      id: "module-b-v1.5",
      version: "V1.5",
      controlData: "summary",
    });
    expect(early.warnings).toContain(
      "ai-ml-azure-fy24 measures Module A against 2024-08 (module-a-2024-08) on every date; V2.x (module-a-v2) was in effect on 2024-01-15.",
    );
    expect(early.measuredAgainst.map((u) => [u.module, u.inEffect?.id, u.measuredAgainst.id])).toEqual([
      ["A", "module-a-v2", "module-a-2024-08"],
      ["B", "module-b-v1.5", "module-b-v1.7"],
    ]);
  });

  it("says when no checklist in the data was in effect on the audit date, for a version chosen by date", () => {
    const byDate = loadTestProgramVersion("ai-platform-azure-2025-01");
    const late = auditPlanView(
      byDate,
      buildPlan({ applicationDate: "2026-03-02", auditDate: "2026-03-20" }),
      {
        moduleAWaived: false,
      },
    );
    expect(late.checklists).toEqual({ A: null, B: null });
    expect(late.warnings).toContain(
      "No Module B checklist in the program data was in effect on 2026-03-20 (the nearest known is V1.7, 2025-06-10 to 2025-12-31; check Partner Center for the version in effect): controls are measured against V1.7 (module-b-v1.7, 2025-06-10 to 2025-12-31), the nearest version whose controls are in the program data.",
    );
  });

  it("lists both fees and marks the one of the planned modules", () => {
    expect(view({ modules: "B" }, true).fees).toEqual([
      { modules: "B", usd: "2400", applies: true },
      { modules: "A+B", usd: "3600", applies: false },
    ]);
    expect(view({ modules: "A+B" }).fees).toEqual([
      { modules: "B", usd: "2400", applies: false },
      { modules: "A+B", usd: "3600", applies: true },
    ]);
  });

  it("warns when the audit is after its 30-day deadline", () => {
    expect(view({ auditDate: "2025-08-31" }).warnings.some((w) => w.startsWith("The audit must"))).toBe(
      false,
    );
    expect(view({ auditDate: "2025-09-01" }).warnings).toContain(
      "The audit must take place by 2025-08-31, within 30 calendar days of the application's approval; 2025-09-01 is later.",
    );
  });

  it("warns when the audit is before the application", () => {
    const v = view({ auditDate: "2025-07-31" });
    expect(v.warnings).toContain("The audit date 2025-07-31 is before the application date 2025-08-01.");
    expect(v.warnings.some((w) => w.startsWith("The audit must"))).toBe(false);
  });

  it("warns when only Module B is planned while Module A is not waived", () => {
    const warning = "Module A is not waived on the audit date: the audit has to cover Modules A and B.";
    expect(view({ modules: "B" }, false).warnings).toContain(warning);
    expect(view({ modules: "B" }, true).warnings).not.toContain(warning);
    expect(view({ modules: "A+B" }, false).warnings).not.toContain(warning);
  });

  it("warns when a checklist without a known end has been live for more than six months", () => {
    const { B } = checklistJson();
    const openEnded = { ...B, id: "module-b-open", effectiveTo: null };
    const loaded = loadPrograms(programDataFiles(), [
      ...checklistDataFiles(),
      { file: "open.json", json: openEnded },
    ]);
    if (!loaded.ok) throw new Error("refused");
    const p = loaded.programs[0] as Program;
    const stale = (auditDate: CalendarDate) =>
      auditPlanView(p, buildPlan({ applicationDate: auditDate, auditDate }), {
        moduleAWaived: true,
      }).warnings.filter((w) => w.startsWith("Module B V1.7 has been live"));
    // Six calendar months, not a count of days: 2025-06-10 + 6 months = 2025-12-10.
    expect(stale("2025-12-10")).toEqual([]);
    expect(stale("2025-12-11")).toEqual([
      "Module B V1.7 has been live since 2025-06-10; checklists change twice a year, so check that no newer version applies on 2025-12-11.",
    ]);
    // Versions with a known end are not second-guessed.
    expect(view().warnings).toEqual([]);
  });

  it("explains how the dates are computed", () => {
    expect(view().rule).toMatch(/business days are Monday to Friday/);
  });
});
