import { addBusinessDays } from "@specready/core/calendar";
import { describe, expect, it } from "vitest";
import type { TimelineStep } from "./api";
import {
  acknowledgementDue,
  basisDate,
  checklistVersionFor,
  feeAmount,
  localizeDates,
  modulesLabel,
} from "./audit-format";

function step(overrides: Partial<TimelineStep> & { id: string }): TimelineStep {
  return {
    step: overrides.id,
    within: { count: 2, unit: "business days" },
    basis: "",
    due: null,
    planned: null,
    onlyWithGaps: false,
    ...overrides,
  };
}

describe("fees", () => {
  it("formats whole dollars without cents, in the user's locale", () => {
    expect(feeAmount("3600", "en-US")).toBe("$3,600");
    expect(feeAmount("2400.00", "en-US")).toBe("$2,400");
    expect(feeAmount("2400.5", "en-US")).toBe("$2,400.50");
    expect(feeAmount("3600", "de-DE").replace(/\s/g, " ")).toBe("3.600 $");
    expect(feeAmount("3600", "fr-FR").replace(/\s/g, " ")).toBe("3 600 $US");
  });
  it("shows text that is not an amount as it is", () => {
    expect(feeAmount("on request", "en-US")).toBe("on request");
  });
  it("names the modules", () => {
    expect(modulesLabel("B")).toBe("Module B");
    expect(modulesLabel("A+B")).toBe("Modules A+B");
  });
});

describe("dates in the API's sentences", () => {
  it("formats real ISO dates and leaves the rest", () => {
    expect(localizeDates("The audit must take place by 2025-10-10; 2025-11-01 is later.", "en-US")).toBe(
      "The audit must take place by Oct 10, 2025; Nov 1, 2025 is later.",
    );
    expect(localizeDates("checklist module-a-2024-08 and 2025-02-30", "en-US")).toBe(
      "checklist module-a-2024-08 and 2025-02-30",
    );
  });
  it("reads the date a step counts from", () => {
    expect(basisDate("2 business days after the audit (2025-10-01)")).toBe("2025-10-01");
    expect(basisDate("2 business days after the audit")).toBeNull();
    expect(basisDate("after (2025-13-01)")).toBeNull();
  });
});

describe("checklist version of a result", () => {
  const checklists = {
    A: {
      id: "module-a-2024-08",
      module: "A" as const,
      title: "Module A",
      version: "2024-08",
      effectiveFrom: "2024-08-12",
      effectiveTo: null,
      controlData: "complete" as const,
    },
    B: {
      id: "module-b-v1.7",
      module: "B" as const,
      title: "Module B",
      version: "V1.7",
      effectiveFrom: "2024-01-01",
      effectiveTo: null,
      controlData: "complete" as const,
    },
  };
  it("takes the version live on the audit date, both for an A+B audit", () => {
    expect(checklistVersionFor("A", checklists)).toBe("2024-08");
    expect(checklistVersionFor("B", checklists)).toBe("V1.7");
    expect(checklistVersionFor("A+B", checklists)).toBe("A 2024-08, B V1.7");
  });
  it("is empty without a plan's checklist", () => {
    expect(checklistVersionFor("A", { A: null, B: checklists.B })).toBe("");
    expect(checklistVersionFor("A+B", { A: null, B: checklists.B })).toBe("V1.7");
    expect(checklistVersionFor("B", undefined)).toBe("");
  });
});

describe("acknowledgement deadline", () => {
  it("counts business days, skipping the weekend", () => {
    expect(addBusinessDays("2025-10-09", 2)).toBe("2025-10-13"); // Thursday → Monday
    expect(addBusinessDays("2025-10-10", 2)).toBe("2025-10-14"); // Friday → Tuesday
    expect(addBusinessDays("2025-10-11", 1)).toBe("2025-10-13"); // Saturday → Monday
    expect(addBusinessDays("2025-12-31", 2)).toBe("2026-01-02");
  });
  it("takes the plan's date when the timeline counts from this report", () => {
    const timeline = [
      step({ id: "gap-report", planned: "2025-10-09", due: "2025-10-09" }),
      step({ id: "acknowledgement", due: "2025-10-14" }),
    ];
    expect(acknowledgementDue({ issuedOn: "2025-10-09" }, timeline)).toEqual({
      due: "2025-10-14",
      within: "2 business days",
    });
  });
  it("counts from the report itself otherwise", () => {
    const timeline = [step({ id: "gap-report", planned: "2025-10-20" }), step({ id: "acknowledgement" })];
    expect(acknowledgementDue({ issuedOn: "2025-10-09" }, timeline)?.due).toBe("2025-10-13");
    expect(acknowledgementDue({ issuedOn: "2025-10-09" }, undefined)?.due).toBe("2025-10-13");
    expect(
      acknowledgementDue({ issuedOn: "2025-10-09" }, [
        step({ id: "acknowledgement", within: { count: 1, unit: "business days" } }),
      ]),
    ).toEqual({ due: "2025-10-10", within: "1 business day" });
    expect(acknowledgementDue({ issuedOn: "x" }, undefined)).toBeNull();
  });
});
