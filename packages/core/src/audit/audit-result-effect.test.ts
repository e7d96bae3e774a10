import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moduleAWaiverAt } from "../rules/audit.js";
import { buildHistory, loadTestProgram } from "../test-support/builders.js";
import { dateBetween } from "../test-support/workspace-arbitraries.js";
import { recordingEffect, withdrawalEffect } from "./audit-result-effect.js";

const program = loadTestProgram();
const TODAY = "2026-03-10";

describe("recordingEffect", () => {
  it("says a Pass of A+B waives Module A for two years, with the rule", () => {
    const effect = recordingEffect(program, [], { module: "A+B", result: "Pass", date: "2026-03-02" }, TODAY);
    expect(effect.before).toBeNull();
    expect(effect.after?.until).toBe("2028-03-02");
    expect(effect.changesWaiver).toBe(true);
    expect(effect.sentence).toBe(
      "Recording a Pass of Modules A+B dated 2026-03-02 waives Module A until 2028-03-02 " +
        "(a Module A or A+B pass dated on or after 2021-07-01, within the last two years): " +
        "until then the audits cover Module B only.",
    );
  });

  it("says a Pass of Module B, or a No Pass, waives nothing", () => {
    expect(
      recordingEffect(program, [], { module: "B", result: "Pass", date: "2026-03-02" }, TODAY).sentence,
    ).toMatch(/^Recording a Pass of Module B dated 2026-03-02 does not waive Module A \(a waiver needs /);
    const noPass = recordingEffect(
      program,
      [],
      { module: "A+B", result: "No Pass", date: "2026-03-02" },
      TODAY,
    );
    expect(noPass.after).toBeNull();
    expect(noPass.sentence).toBe(
      "Recording a No Pass of Modules A+B dated 2026-03-02 adds it to the audit history; it waives nothing and Module A stays audited.",
    );
  });

  it("says when an earlier pass already waives Module A at least as long", () => {
    const history = [buildHistory({ module: "A", result: "Pass", date: "2025-06-01" })];
    const effect = recordingEffect(
      program,
      history,
      { module: "B", result: "No Pass", date: "2026-03-02" },
      TODAY,
    );
    expect(effect.changesWaiver).toBe(false);
    expect(effect.sentence).toBe(
      "Recording a No Pass of Module B dated 2026-03-02 does not change the Module A waiver: Module A is waived until 2027-06-01 by the A pass of 2025-06-01.",
    );
  });

  it("agrees with the waiver rule on the history with the result added", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("A", "B", "A+B", "AEMSP-3.A"),
        fc.constantFrom("Pass", "No Pass" as const),
        dateBetween("2020-01-01", TODAY),
        (module, result, date) => {
          const effect = recordingEffect(program, [], { module, result, date }, TODAY);
          const rule = moduleAWaiverAt(program, [buildHistory({ module, result, date })], TODAY);
          expect(effect.after?.until ?? null).toBe(rule?.until ?? null);
          expect(effect.changesWaiver).toBe(rule !== null);
        },
      ),
    );
  });
});

describe("withdrawalEffect", () => {
  const pass = buildHistory({ module: "A+B", result: "Pass", date: "2025-10-01" });
  const older = buildHistory({ module: "A", result: "Pass", date: "2024-09-01" });

  it("says the waiver ends when the withdrawn pass was the one waiving Module A", () => {
    const effect = withdrawalEffect(program, [pass], [], pass, TODAY);
    expect(effect.after).toBeNull();
    expect(effect.sentence).toBe(
      "Withdrawing a Pass of Modules A+B dated 2025-10-01 ends the Module A waiver that held until 2027-10-01: Module A is audited again.",
    );
  });

  it("says how far an earlier pass still waives it", () => {
    const effect = withdrawalEffect(program, [older, pass], [older], pass, TODAY);
    expect(effect.after?.until).toBe("2026-09-01");
    expect(effect.sentence).toBe(
      "Withdrawing a Pass of Modules A+B dated 2025-10-01 moves the end of the Module A waiver to 2026-09-01 (the A pass of 2024-09-01).",
    );
  });

  it("says when nothing changes", () => {
    const noPass = buildHistory({ module: "B", result: "No Pass", date: "2025-10-01" });
    expect(withdrawalEffect(program, [noPass], [], noPass, TODAY).sentence).toBe(
      "Withdrawing a No Pass of Module B dated 2025-10-01 does not change the Module A waiver: Module A is not waived.",
    );
  });
});
