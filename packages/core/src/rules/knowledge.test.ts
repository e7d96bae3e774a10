import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import type { CertificationRecord } from "../records/input-records.js";
import { buildCertification, loadTestProgram } from "../test-support/builders.js";
import { announcedFlips, statusFlips } from "../test-support/timeline.js";
import type { RequirementResult } from "./evaluation-types.js";
import { evaluateKnowledge, type KnowledgeDetails } from "./knowledge.js";

const program = loadTestProgram();
const AS_OF = "2024-06-17";

function evaluate(
  records: readonly CertificationRecord[],
  asOf: CalendarDate = AS_OF,
): RequirementResult<KnowledgeDetails> {
  return evaluateKnowledge(program, records, asOf);
}

function contract(r: RequirementResult<KnowledgeDetails>) {
  return { status: r.status, individualCount: r.details?.individualCount, holders: r.details?.holders };
}

function gapCodes(r: RequirementResult): string[] {
  return r.gaps.map((g) => g.code);
}

/** A certification without dates: counts on every day. */
function timeless(
  personId: string,
  certification: string,
  more: Partial<CertificationRecord> = {},
): CertificationRecord {
  return buildCertification({
    personId,
    certification,
    earnedDate: undefined,
    expirationDate: undefined,
    ...more,
  });
}

/** p-1 holds DP-100 and p-2 AI-102 on every day: a third individual decides. */
const TWO: CertificationRecord[] = [timeless("p-1", "DP-100"), timeless("p-2", "AI-102")];

describe("knowledge: no data", () => {
  it("is no_data without a certifications file", () => {
    const r = evaluateKnowledge(program, undefined, AS_OF);
    expect(r.status).toBe("no_data");
    expect(r.details).toBeUndefined();
    expect(gapCodes(r)).toEqual(["knowledge.no-data"]);
    expect(r.changes).toEqual([]);
  });

  it("is evaluated with an empty file", () => {
    const r = evaluate([]);
    expect(contract(r)).toEqual({
      status: "not_met",
      individualCount: 0,
      holders: { "DP-100": 0, "AI-102": 0 },
    });
    expect(gapCodes(r)).toEqual(["knowledge.individuals-short"]);
  });
});

describe("knowledge: three individuals, each certification held", () => {
  it("is met with three individuals holding DP-100 or AI-102, both held", () => {
    const r = evaluate([...TWO, timeless("p-3", "DP-100")]);
    expect(contract(r)).toEqual({ status: "met", individualCount: 3, holders: { "DP-100": 2, "AI-102": 1 } });
    expect(gapCodes(r)).not.toContain("knowledge.individuals-short");
  });

  it("is not met with two individuals", () => {
    const r = evaluate(TWO);
    expect(contract(r)).toEqual({
      status: "not_met",
      individualCount: 2,
      holders: { "DP-100": 1, "AI-102": 1 },
    });
    expect(r.gaps.find((g) => g.code === "knowledge.individuals-short")?.message).toMatch(
      /one more certified individual/i,
    );
  });

  it("is not met when nobody holds AI-102, however many hold DP-100", () => {
    const r = evaluate(["p-1", "p-2", "p-3", "p-4"].map((p) => timeless(p, "DP-100")));
    expect(contract(r)).toEqual({
      status: "not_met",
      individualCount: 4,
      holders: { "DP-100": 4, "AI-102": 0 },
    });
    expect(r.gaps.find((g) => g.code === "knowledge.individuals-short")?.message).toContain("AI-102");
  });

  it("is not met when nobody holds DP-100", () => {
    const r = evaluate(["p-1", "p-2", "p-3"].map((p) => timeless(p, "AI-102")));
    expect(contract(r)).toEqual({
      status: "not_met",
      individualCount: 3,
      holders: { "DP-100": 0, "AI-102": 3 },
    });
    expect(r.gaps.find((g) => g.code === "knowledge.individuals-short")?.message).toContain("DP-100");
  });

  it("counts one person holding both certifications once, and as a holder of each", () => {
    const both = [timeless("p-1", "DP-100"), timeless("p-1", "AI-102"), timeless("p-2", "DP-100")];
    expect(contract(evaluate(both))).toEqual({
      status: "not_met",
      individualCount: 2,
      holders: { "DP-100": 2, "AI-102": 1 },
    });
    expect(contract(evaluate([...both, timeless("p-3", "AI-102")]))).toEqual({
      status: "met",
      individualCount: 3,
      holders: { "DP-100": 2, "AI-102": 2 },
    });
  });

  it("counts person ids that differ only in case as one individual", () => {
    const r = evaluate([timeless("P-1", "DP-100"), timeless("p-1", "AI-102"), timeless("p-2", "DP-100")]);
    expect(contract(r)).toEqual({
      status: "not_met",
      individualCount: 2,
      holders: { "DP-100": 2, "AI-102": 1 },
    });
    expect(r.details?.people).toHaveLength(2);
  });

  it.each([
    ["DP-100", "DP-100"],
    ["dp-100", "DP-100"],
    ["Azure Data Scientist Associate", "DP-100"],
    ["azure data scientist associate", "DP-100"],
    ["Microsoft Certified: Azure Data Scientist Associate", "DP-100"],
    ["AI-102", "AI-102"],
    ["ai-102", "AI-102"],
    ["Azure AI Engineer Associate", "AI-102"],
    ["MICROSOFT CERTIFIED: AZURE AI ENGINEER ASSOCIATE", "AI-102"],
  ])("reads the certification name %j as %s", (certification, id) => {
    const r = evaluate([timeless("p-9", certification)]);
    expect(r.details?.holders[id]).toBe(1);
    expect(r.details?.people[0]?.certifications[0]?.countsAs).toBe(id);
  });

  it("keeps other certifications and shows them, but does not count them", () => {
    const r = evaluate([
      ...TWO,
      timeless("p-3", "AZ-104"),
      timeless("p-3", "DP-203"),
      timeless("p-4", "AI-900"),
    ]);
    expect(contract(r)).toEqual({
      status: "not_met",
      individualCount: 2,
      holders: { "DP-100": 1, "AI-102": 1 },
    });
    const p3 = r.details?.people.find((p) => p.personId === "p-3");
    expect(p3?.counts).toBe(false);
    expect(p3?.certifications.map((c) => [c.certification, c.countsAs, c.counting])).toEqual([
      ["AZ-104", null, false],
      ["DP-203", null, false],
    ]);
  });
});

describe("knowledge: when a certification counts", () => {
  const third = (more: Partial<CertificationRecord>, asOf: CalendarDate = AS_OF) =>
    evaluate([...TWO, buildCertification({ personId: "p-3", certification: "DP-100", ...more })], asOf);

  it("counts on its expiration day and not the day after", () => {
    expect(third({ earnedDate: "2023-01-10", expirationDate: "2024-06-17" }).status).toBe("met");
    const r = third({ earnedDate: "2023-01-10", expirationDate: "2024-06-16" });
    expect(contract(r)).toMatchObject({ status: "not_met", individualCount: 2 });
    const gap = r.gaps.find((g) => g.code === "knowledge.person-not-counting");
    expect(gap?.message).toContain("expired on 2024-06-16");
  });

  it("expires one year after it was earned when no expiry is given", () => {
    const onTheDay = third({ earnedDate: "2023-06-17", expirationDate: undefined });
    expect(onTheDay.status).toBe("met");
    const p3 = onTheDay.details?.people.find((p) => p.personId === "p-3");
    expect(p3?.certifications[0]?.expiresOn).toBe("2024-06-17");
    expect(third({ earnedDate: "2023-06-16", expirationDate: undefined }).status).toBe("not_met");
  });

  it("expires on 2025-02-28 when earned on 2024-02-29", () => {
    const earned = { earnedDate: "2024-02-29", expirationDate: undefined };
    const r = third(earned, "2025-02-28");
    expect(r.status).toBe("met");
    expect(r.details?.people.find((p) => p.personId === "p-3")?.certifications[0]?.expiresOn).toBe(
      "2025-02-28",
    );
    expect(third(earned, "2025-03-01").status).toBe("not_met");
  });

  it("prefers the file's ExpirationDate (a renewal) to one year after earning", () => {
    expect(third({ earnedDate: "2022-01-10", expirationDate: "2025-01-10" }).status).toBe("met");
    expect(third({ earnedDate: "2024-01-10", expirationDate: "2024-03-01" }).status).toBe("not_met");
  });

  it("counts until the ExpirationDate when no EarnedDate is given", () => {
    const expiring = { earnedDate: undefined, expirationDate: "2024-08-31" };
    expect(third(expiring, "2024-08-31").status).toBe("met");
    expect(third(expiring, "2024-09-01").status).toBe("not_met");
  });

  it("counts without any date (no expiry known)", () => {
    expect(third({ earnedDate: undefined, expirationDate: undefined }).status).toBe("met");
  });

  it("counts from the day it is earned, not before", () => {
    expect(third({ earnedDate: "2024-06-17" }).status).toBe("met");
    const r = third({ earnedDate: "2024-06-18" });
    expect(r.status).toBe("not_met");
    expect(r.gaps.find((g) => g.code === "knowledge.person-not-counting")?.message).toContain("2024-06-18");
  });

  it("counts when Associated is true or absent, not when false", () => {
    expect(third({ associated: true }).status).toBe("met");
    expect(third({ associated: undefined }).status).toBe("met");
    const r = third({ associated: false });
    expect(contract(r)).toMatchObject({ status: "not_met", individualCount: 2 });
    expect(r.gaps.find((g) => g.code === "knowledge.person-not-counting")?.message).toMatch(/associate/);
  });

  it("counts a person once a single one of their rows counts", () => {
    const r = evaluate([
      ...TWO,
      buildCertification({ personId: "p-3", certification: "DP-100", associated: false }),
      buildCertification({ personId: "p-3", certification: "AI-102", earnedDate: "2024-05-01" }),
    ]);
    expect(contract(r)).toEqual({ status: "met", individualCount: 3, holders: { "DP-100": 1, "AI-102": 2 } });
  });

  it("shows when the renewal assessment is open for a counting certification", () => {
    const r = third({ earnedDate: "2023-09-30", expirationDate: undefined });
    expect(r.status).toBe("met");
    const p3 = r.details?.people.find((p) => p.personId === "p-3")?.certifications[0];
    expect(p3?.expiresOn).toBe("2024-09-30");
    expect(p3?.renewalOpensOn).toBe("2024-03-30");
    expect(gapCodes(r)).toContain("knowledge.renewal-open");
  });
});

describe("knowledge: change dates", () => {
  it("changes the day after a certification expires, the status with it when it drops below", () => {
    const r = evaluate([
      ...TWO,
      buildCertification({ personId: "p-3", certification: "DP-100", expirationDate: "2024-09-30" }),
    ]);
    expect(r.status).toBe("met");
    expect(r.changes).toEqual([
      expect.objectContaining({
        date: "2024-10-01",
        requirement: "knowledge",
        status: "not_met",
        statusChanges: true,
      }),
    ]);
  });

  it("changes without a status change when enough others remain", () => {
    const r = evaluate([
      ...TWO,
      timeless("p-3", "DP-100"),
      buildCertification({ personId: "p-4", certification: "AI-102", earnedDate: "2023-12-31" }),
    ]);
    expect(r.changes.map((c) => [c.date, c.status, c.statusChanges])).toEqual([["2025-01-01", "met", false]]);
  });

  it("changes on the day a certification is earned, and the day after it then expires", () => {
    const r = evaluate([
      ...TWO,
      buildCertification({ personId: "p-3", certification: "AI-102", earnedDate: "2024-08-01" }),
    ]);
    expect(r.status).toBe("not_met");
    expect(r.changes.map((c) => [c.date, c.status, c.statusChanges])).toEqual([
      ["2024-08-01", "met", true],
      ["2025-08-02", "not_met", true],
    ]);
  });

  it("has no change for certifications that never count", () => {
    const r = evaluate([
      ...TWO,
      buildCertification({
        personId: "p-3",
        certification: "DP-100",
        associated: false,
        expirationDate: "2024-12-31",
      }),
      buildCertification({ personId: "p-4", certification: "AZ-104", expirationDate: "2024-12-31" }),
      buildCertification({ personId: "p-5", certification: "DP-100", expirationDate: "2024-01-31" }),
    ]);
    expect(r.changes).toEqual([]);
  });

  it("announces exactly the days on which the status flips", () => {
    const records = [
      buildCertification({ personId: "a", certification: "DP-100", earnedDate: "2023-07-01" }),
      buildCertification({ personId: "b", certification: "AI-102", earnedDate: "2023-08-15" }),
      buildCertification({ personId: "c", certification: "DP-100", earnedDate: "2024-02-29" }),
      buildCertification({
        personId: "d",
        certification: "AI-102",
        earnedDate: "2024-09-01",
        expirationDate: "2025-03-31",
      }),
      buildCertification({ personId: "e", certification: "DP-100", earnedDate: "2025-01-15" }),
      buildCertification({ personId: "b", certification: "AI-102", earnedDate: "2024-08-10" }),
    ];
    const r = evaluate(records);
    const to = "2026-06-30";
    const flips = statusFlips((d) => evaluate(records, d).status, AS_OF, to);
    expect(flips.length).toBeGreaterThan(1);
    expect(announcedFlips(r, to)).toEqual(flips);
    for (const e of r.changes) expect(evaluate(records, e.date).status).toBe(e.status);
  });
});

describe("exam retirement (program data)", () => {
  it("is mentioned from six months before the retirement date, not earlier", () => {
    const records = [
      buildCertification({ personId: "a", certification: "DP-100", earnedDate: "2025-01-01" }),
    ];
    const codes = (asOf: string) => evaluateKnowledge(program, records, asOf).gaps.map((g) => g.code);
    expect(codes("2025-12-29")).not.toContain("knowledge.exam-retirement");
    expect(codes("2025-12-30")).toContain("knowledge.exam-retirement");
    const after = evaluateKnowledge(program, records, "2026-07-01").gaps.find(
      (g) => g.code === "knowledge.exam-retirement",
    );
    expect(after?.message).toMatch(/^Exam AI-102 retired on 2026-06-30 \(successor: AI-103\)\./);
  });
});
