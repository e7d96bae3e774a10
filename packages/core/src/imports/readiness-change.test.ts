import { describe, expect, it } from "vitest";
import type { ReadinessInputs } from "../rules/evaluate-readiness.js";
import { evaluateReadiness } from "../rules/evaluate-readiness.js";
import { buildCertification, buildSummary, loadTestProgram, usageFor } from "../test-support/builders.js";
import { describeReadinessChange, readinessChange } from "./readiness-change.js";
import { repeatedRowsMessage } from "./repeated-rows.js";

const program = loadTestProgram();
const asOf = "2025-09-10";
const evaluate = (inputs: Partial<ReadinessInputs>) =>
  evaluateReadiness(program, { warnings: [], files: [], ...inputs }, asOf);
const certified = [
  buildCertification({ personId: "a", certification: "DP-100" }),
  buildCertification({ personId: "b", certification: "AI-102" }),
  buildCertification({ personId: "c", certification: "DP-100" }),
].map((c) => ({ ...c, earnedDate: "2025-03-01" as const }));

describe("what a change of the data does to readiness", () => {
  it("says no change when the evaluations agree", () => {
    const e = evaluate({ certifications: certified });
    const change = readinessChange(e, evaluate({ certifications: certified }));
    expect(change.changed).toBe(false);
    expect(change.requirements.map((r) => r.id)).toEqual(e.requirements.map((r) => r.id));
    expect(change.requirements.every((r) => !r.changed && r.before.status === r.after.status)).toBe(true);
    expect(describeReadinessChange(change)).toBe("no change to readiness on 2025-09-10");
  });

  it("gives each changed requirement's status and figure before and after", () => {
    const before = evaluate({ certifications: certified });
    const after = evaluate({
      certifications: certified,
      usage: buildSummary(usageFor(["t-1", "t-2", "t-3"], ["2025-06", "2025-07", "2025-08"], "700.00")),
    });
    const change = readinessChange(before, after);
    expect(change.changed).toBe(true);
    const performance = change.requirements.find((r) => r.id === "performance");
    const expected = after.requirements.find((r) => r.id === "performance");
    expect(performance).toEqual({
      id: "performance",
      title: expected?.title,
      before: {
        status: "no_data",
        summary: before.requirements.find((r) => r.id === "performance")?.summary,
      },
      after: { status: "met", summary: expected?.summary },
      changed: true,
    });
    expect(change.requirements.find((r) => r.id === "knowledge")?.changed).toBe(false);
    expect(describeReadinessChange(change)).toBe(`${expected?.title}: no data → met`);
  });

  it("refuses to compare evaluations of different dates", () => {
    const a = evaluate({});
    const b = evaluateReadiness(program, { warnings: [], files: [] }, "2025-09-11");
    expect(() => readinessChange(a, b)).toThrow(/one date/);
  });
});

describe("the warning for repeated rows", () => {
  it("asks whether the file was joined with itself when most rows repeat", () => {
    expect(repeatedRowsMessage({ rows: 120_000, repeated: 119_700, complete: true })).toBe(
      "119,700 of 120,000 rows repeat an earlier row: was the file joined with itself?",
    );
    expect(repeatedRowsMessage({ rows: 4, repeated: 2, complete: false })).toBe(
      "at least 2 of 4 rows repeat an earlier row: was the file joined with itself?",
    );
  });

  it("says a few repeats are kept and counted, and nothing when there are none", () => {
    expect(repeatedRowsMessage({ rows: 40, repeated: 1, complete: true })).toBe(
      "1 of 40 rows repeats an earlier row exactly. Such rows are kept and counted, as specready check counts them: check that the file was exported once.",
    );
    expect(repeatedRowsMessage({ rows: 40, repeated: 0, complete: true })).toBeNull();
  });
});
