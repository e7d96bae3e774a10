import { describe, expect, it } from "vitest";
import {
  buildCertification,
  buildSummary,
  buildUsage,
  loadTestProgram,
  loadTestProgramVersion,
} from "../test-support/builders.js";
import { planCertifications } from "./certification-plan.js";
import { checkWhatIf, parseWhatIf, parseWhatIfText } from "./what-if.js";

describe("planCertifications", () => {
  it("renews what can be renewed, links a Learn profile and names who sits which exam by when", () => {
    const program = loadTestProgram();
    const records = [
      buildCertification({
        personId: "ann",
        personName: "Ann",
        certification: "DP-100",
        earnedDate: "2024-03-01",
      }),
      buildCertification({
        personId: "bob",
        personName: "Bob",
        certification: "DP-100",
        earnedDate: "2024-05-01",
        associated: false,
      }),
      // Carl's AI-102 lapsed: he is the first to ask to sit it again.
      buildCertification({
        personId: "carl",
        personName: "Carl",
        certification: "AI-102",
        earnedDate: "2023-01-10",
      }),
      buildCertification({
        personId: "dana",
        personName: "Dana",
        certification: "AZ-104",
        earnedDate: "2024-02-01",
      }),
    ];
    const plan = planCertifications(program, records, "2024-06-17", "2024-09-30");
    const kinds = plan.actions.map((a) => `${a.personName}:${a.kind}:${a.exam ?? a.certification}`);
    expect(kinds).toContain("Bob:associate:DP-100");
    expect(kinds).toContain("Carl:earn:AI-102");
    expect(plan.actions.find((a) => a.kind === "earn")?.by).toBe("2024-09-30");
    // Ann's DP-100 expires 2025-03-01, before the next anniversary: renew in its window.
    const renew = plan.actions.find((a) => a.personName === "Ann" && a.kind === "renew");
    expect(renew).toMatchObject({ opensOn: "2024-09-01", by: "2025-03-01" });
    expect(plan.checks.map((c) => c.met)).toEqual([true, true]);
    expect(plan.checks[0]?.metWithoutActions).toBe(false);
  });

  it("after a retirement proposes only a successor the program version accepts, and says when none is", () => {
    const records = [
      buildCertification({ personId: "ann", certification: "DP-100", earnedDate: "2026-05-01" }),
      buildCertification({ personId: "bob", certification: "DP-100", earnedDate: "2026-05-10" }),
      buildCertification({
        personId: "isaiah",
        personName: "Isaiah",
        certification: "AI-102",
        earnedDate: "2025-11-01",
        expirationDate: "2026-11-01",
      }),
    ];
    const accepting = loadTestProgramVersion("ai-platform-azure-2026-provisional");
    const plan = planCertifications(accepting, records, "2026-12-06", "2027-01-31");
    const ai = plan.actions.find((a) => a.certification === "AI-102" && a.kind === "earn");
    expect(ai).toMatchObject({ personName: "Isaiah", exam: "AI-103", by: "2027-01-31" });
    const strict = loadTestProgramVersion("ai-platform-azure-2025-01");
    const blocked = planCertifications(strict, records, "2026-12-06", "2027-01-31");
    expect(blocked.actions.some((a) => a.exam === "AI-103")).toBe(false);
    expect(blocked.blocked.map((b) => b.certification)).toContain("AI-102");
  });

  it("counts a what-if certification from the day it is earned", () => {
    const program = loadTestProgramVersion("ai-platform-azure-2026-provisional");
    const records = [
      buildCertification({ personId: "ann", certification: "DP-100", earnedDate: "2026-05-01" }),
      buildCertification({ personId: "bob", certification: "DP-100", earnedDate: "2026-05-10" }),
    ];
    const plan = planCertifications(program, records, "2026-12-06", "2027-01-31", [
      { person: "cleo", certification: "AI-103", earnedOn: "2027-01-15" },
    ]);
    expect(plan.checks[0]?.metWithoutActions).toBe(true);
    expect(
      plan.actions.some((a) => a.certification === "AI-102" && a.kind === "earn" && a.by <= "2027-01-31"),
    ).toBe(false);
  });
});

describe("what-if scenarios", () => {
  it("names the field of every problem", () => {
    const shape = parseWhatIf({
      acr: [{ type: "add", customer: "x", usdPerMonth: "1e3", from: "2027-13" }, { type: "grow" }],
      certifications: [{ person: "", certification: "AI-102", earnedOn: "2027-02-30" }],
      extra: true,
    });
    expect(shape.ok).toBe(false);
    if (shape.ok) return;
    const fields = shape.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "acr[0].usdPerMonth",
        "acr[0].from",
        "acr[1].type",
        "certifications[0].person",
        "certifications[0].earnedOn",
        "extra",
      ]),
    );
    const json = parseWhatIfText('{\n  "acr": [,]\n}');
    expect(json.ok).toBe(false);
    if (!json.ok)
      expect(json.problems[0]).toMatchObject({
        field: "(the file)",
        message: expect.stringMatching(/^is not valid JSON/),
      });
  });

  it("checks the scenario against the data: known customers, no past months, known certifications", () => {
    const program = loadTestProgram();
    const usage = buildSummary([
      buildUsage({ customerTenantId: "t-1", customerName: "Contoso", month: "2024-05" }),
    ]);
    const parsed = parseWhatIf({
      acr: [
        { type: "pal", customer: "contoso", from: "2024-05" },
        { type: "stop", customer: "Nobody", from: "2024-07" },
        { type: "add", customer: "Newco", usdPerMonth: "100", from: "2024-06" },
      ],
      certifications: [{ person: "p", certification: "AZ-104", earnedOn: "2024-06-01" }],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const problems = checkWhatIf(program, parsed.scenario, usage, "2024-06-17");
    expect(problems.map((p) => p.field)).toEqual([
      "acr[0].from",
      "acr[1].customer",
      "certifications[0].certification",
      "certifications[0].earnedOn",
    ]);
    expect(problems[0]?.message).toContain("never counts retroactively");
  });
});
