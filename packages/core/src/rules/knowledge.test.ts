import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import type { CertificationRecord } from "../records/input-records.js";
import { buildCertification, loadTestProgram, loadTestProgramVersion } from "../test-support/builders.js";
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

describe("certification lifecycle (credential registry): DP-100 retires 2026-06-01, AI-102 2026-06-30", () => {
  const gap = (r: RequirementResult, code: string) => r.gaps.find((g) => g.code === code)?.message;
  const allGaps = (r: RequirementResult) => r.gaps.map((g) => g.message).join("\n");

  it("announces a retirement from six months before it, not earlier", () => {
    const records = [timeless("a", "DP-100")];
    const notices = (asOf: CalendarDate) =>
      evaluate(records, asOf)
        .gaps.filter((g) => g.code === "knowledge.exam-retirement")
        .map((g) => g.message.slice(0, 12));
    expect(notices("2025-11-30")).toEqual([]);
    expect(notices("2025-12-01")).toEqual(["Exam DP-100 "]);
    expect(notices("2025-12-30")).toEqual(["Exam DP-100 ", "Exam AI-102 "]);
    expect(gap(evaluate(records, "2026-06-01"), "knowledge.exam-retirement")).toMatch(
      /^Exam DP-100 retires on 2026-06-01 \(third-party reports; verify on Microsoft Learn\): until then it can be earned and renewed/,
    );
    const after = gap(evaluate(records, "2026-06-02"), "knowledge.exam-retirement") ?? "";
    expect(after).toMatch(
      /^Exam DP-100 retired on 2026-06-01 .*: DP-100 can no longer be earned or renewed; holders keep it until it expires\./,
    );
    expect(after).toContain(
      "Its successor AI-300 leads to a different certification, Machine Learning Operations Engineer Associate, which this program version does not count",
    );
  });

  it("keeps counting a retired certification until it expires: the expiry day counts, the day after not", () => {
    const r = [buildCertification({ personId: "a", certification: "DP-100", earnedDate: "2026-01-10" })];
    expect(evaluate(r, "2027-01-10").details?.holders["DP-100"]).toBe(1);
    expect(evaluate(r, "2027-01-11").details?.holders["DP-100"]).toBe(0);
  });

  it("advises renewing up to the retirement day, and says it can no longer be renewed the day after", () => {
    const r = [
      buildCertification({
        personId: "a",
        personName: "Alex",
        certification: "DP-100",
        expirationDate: "2026-09-01",
      }),
    ];
    const onRetirementDay = evaluate(r, "2026-06-01");
    expect(gap(onRetirementDay, "knowledge.renewal-open")).toBe(
      "Alex's DP-100 expires on 2026-09-01: the free renewal assessment on Microsoft Learn is open now (since 2026-03-01) — by 2026-06-01, when DP-100's renewal assessment retires; renewing adds a year.",
    );
    const dayAfter = evaluate(r, "2026-06-02");
    expect(gap(dayAfter, "knowledge.renewal-open")).toBeUndefined();
    expect(gap(dayAfter, "knowledge.renewal-closed")).toBe(
      "Alex's DP-100 counts until 2026-09-01 and can no longer be renewed: its renewal assessment retired on 2026-06-01 (third-party reports; verify on Microsoft Learn).",
    );
    expect(allGaps(dayAfter)).not.toMatch(/renewing adds a year/);
    expect(dayAfter.changes[0]?.message).toContain("expires on 2026-09-01 (no longer renewable");
  });

  it("asks for a new AI-102 holder up to its retirement day, and for an existing holder after it", () => {
    const threeDp = ["p-1", "p-2", "p-3"].map((p) => timeless(p, "DP-100"));
    const lastDay = evaluate(threeDp, "2026-06-30");
    expect(gap(lastDay, "knowledge.individuals-short")).toContain("A holder of AI-102");
    expect(gap(lastDay, "knowledge.retired-needed")).toBeUndefined();
    const after = evaluate(threeDp, "2026-07-01");
    expect(gap(after, "knowledge.individuals-short")).toBeUndefined();
    expect(gap(after, "knowledge.retired-needed")).toMatch(
      /^A holder of AI-102 \(Azure AI Engineer Associate\) is needed .* AI-102 retired on 2026-06-30 .* can no longer be earned: only someone who already holds a valid one can fill the gap/,
    );
    expect(allGaps(after)).not.toMatch(/needs the exam again|earn AI-102|now AI-103/);
  });

  it("never tells a lapsed holder to take a retired exam again, nor to take its successor for this version", () => {
    const lapsed = [
      buildCertification({
        personId: "i",
        personName: "Isaiah",
        certification: "AI-102",
        expirationDate: "2026-11-06",
      }),
    ];
    const before = gap(
      evaluate(lapsed, "2026-06-15").gaps.length
        ? evaluate(lapsed, "2026-06-15")
        : evaluate(lapsed, "2026-06-15"),
      "knowledge.person-not-counting",
    );
    expect(before).toBeUndefined(); // still counting on 2026-06-15
    const expiredEarly = [
      buildCertification({
        personId: "i",
        personName: "Isaiah",
        certification: "AI-102",
        expirationDate: "2026-05-01",
      }),
    ];
    expect(gap(evaluate(expiredEarly, "2026-06-15"), "knowledge.person-not-counting")).toBe(
      "Isaiah's AI-102 does not count: it expired on 2026-05-01; a lapsed certification needs the exam again, which can be taken until 2026-06-30, when AI-102 retires.",
    );
    expect(gap(evaluate(lapsed, "2026-12-06"), "knowledge.person-not-counting")).toBe(
      "Isaiah's AI-102 does not count: it expired on 2026-11-06; it cannot be earned again: AI-102 retired on 2026-06-30; its successor AI-103 leads to a different certification (Azure AI Apps and Agents Developer Associate) that this program version does not count.",
    );
  });

  it("forecasts the last day the current holders meet knowledge, and it is the last day they do", () => {
    const records = [
      timeless("a", "DP-100"),
      buildCertification({ personId: "b", certification: "DP-100", expirationDate: "2027-07-06" }),
      buildCertification({ personId: "c", certification: "AI-102", expirationDate: "2027-05-01" }),
    ];
    const r = evaluate(records, "2026-07-15");
    expect(r.status).toBe("met");
    expect(r.details?.cannotBeMetFrom).toBe("2027-05-02");
    expect(
      r.details?.lifecycle.map((l) => [l.certification, l.retired, l.canBeEarned, l.lastDayHeld]),
    ).toEqual([
      // a's DP-100 has no expiry in the file: it is held without an end.
      ["DP-100", true, false, null],
      ["AI-102", true, false, "2027-05-01"],
    ]);
    expect(gap(r, "knowledge.retired-forecast")).toMatch(
      /^On the current holders, knowledge can be met until 2027-05-01 at the latest: from 2027-05-02 no current holder's AI-102 counts any more/,
    );
    expect(gap(r, "knowledge.retired-forecast")).toContain("Apply and complete the audit before then.");
    expect(evaluate(records, "2027-05-01").status).toBe("met");
    expect(evaluate(records, "2027-05-02").status).toBe("not_met");
    expect(gap(evaluate(records, "2027-05-02"), "knowledge.retired-forecast")).toMatch(
      /^Knowledge cannot be met by the current holders: no current holder's AI-102 counts/,
    );
  });

  it("counts renewals still possible before the retirement in the forecast", () => {
    // Expires 2026-08-01: its window opens 2026-02-01, before DP-100 retires, so it can reach 2027-08-01;
    // the next window (2027-02-01) opens after the retirement.
    const r = evaluate(
      [buildCertification({ personId: "a", certification: "DP-100", expirationDate: "2026-08-01" })],
      "2026-03-01",
    );
    expect(r.details?.lifecycle[0]).toMatchObject({
      certification: "DP-100",
      retired: false,
      lastDayHeld: "2027-08-01",
    });
  });

  it("does not forecast before six months ahead of a retirement, nor for a holder without an expiry", () => {
    const dated = [
      buildCertification({ personId: "a", certification: "DP-100", expirationDate: "2026-03-01" }),
    ];
    expect(evaluate(dated, "2025-11-30").details?.cannotBeMetFrom).toBeNull();
    expect(
      evaluate([timeless("a", "DP-100"), timeless("b", "AI-102")], "2027-01-01").details?.cannotBeMetFrom,
    ).toBeNull();
  });
});

describe("the provisional version: successors counted in place of the retired certifications", () => {
  const provisional = loadTestProgramVersion("ai-platform-azure-2026-provisional");

  it("counts AI-103 and AI-300 holders for AI-102 and DP-100, naming what they hold", () => {
    const records = [
      timeless("a", "AI-103"),
      timeless("b", "Machine Learning Operations Engineer Associate"),
      timeless("c", "DP-100"),
    ];
    const r = evaluateKnowledge(provisional, records, "2026-12-06");
    expect(contract(r)).toEqual({ status: "met", individualCount: 3, holders: { "DP-100": 2, "AI-102": 1 } });
    const a = r.details?.people.find((p) => p.personId === "a")?.certifications[0];
    expect(a).toMatchObject({ countsAs: "AI-102", credential: "AI-103", counting: true });
    expect(r.rule).toContain("AI-102 (Azure AI Engineer Associate, or AI-103 in its place)");
    expect(r.details?.cannotBeMetFrom).toBeNull();
    expect(
      r.gaps.filter((g) => g.code === "knowledge.exam-retirement").map((g) => g.message.split(". ").at(-1)),
    ).toEqual([
      "This version also counts its successor AI-300 (Machine Learning Operations Engineer Associate) in its place.",
      "This version also counts its successor AI-103 (Azure AI Apps and Agents Developer Associate) in its place.",
    ]);
    // The contract's program does not count them.
    expect(contract(evaluateKnowledge(program, records, "2026-12-06")).holders).toEqual({
      "DP-100": 1,
      "AI-102": 0,
    });
  });
});
