import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import { installedSpecializations, selectSpecialization } from "../program/program-selection.js";
import { buildUsage, loadInfraProgram, loadTestProgram, loadTestPrograms } from "../test-support/builders.js";
import { evaluateReadiness } from "./evaluate-readiness.js";
import type { SubRulesPerformanceDetails } from "./sub-rule-performance.js";
import { mergeUsageSummaries, splitUsageSummaryByMonth, summarizeUsage } from "./usage-summary.js";
import { usageSummaryFromJson, usageSummaryToJson } from "./usage-summary-json.js";

/*
 * What a workspace pursuing several specializations needs of the core: each program's usage sums stored
 * as JSON month by month (sub-rules included) and read back to the same evaluation; the version of each
 * specialization on a date; and a performance that says "re-import" rather than summing a month whose
 * figures were not kept.
 */

const AS_OF: CalendarDate = "2025-04-10"; // window January – March 2025

const sqlRow = (customer: string, month: string, amount: string) =>
  buildUsage({
    customerTenantId: customer,
    month,
    acrUsd: amount,
    serviceGroup2: "Databases",
    attribution: "PAL",
    services: { ServiceLevel1: "Databases", ServiceLevel2: "SQL Database", ServiceGroup3: "SQLDB" },
  });

const ROWS = ["c1", "c2", "c3"].flatMap((c) =>
  ["2025-01", "2025-02", "2025-03"].map((m) => sqlRow(c, m, "1000.50")),
);

describe("several specializations in one workspace", () => {
  it("stores a sub-rule program's usage month by month as JSON and evaluates it as the whole file", () => {
    const infra = loadInfraProgram();
    const whole = summarizeUsage(infra, "azure-usage.csv", ROWS);
    const stored = [...splitUsageSummaryByMonth(whole).values()].map((m) =>
      usageSummaryFromJson(JSON.parse(JSON.stringify(usageSummaryToJson(m)))),
    );
    const fromStore = evaluateReadiness(infra, { usage: mergeUsageSummaries(stored) }, AS_OF);
    const fromFile = evaluateReadiness(infra, { usage: whole }, AS_OF);
    expect(fromStore.requirements).toEqual(fromFile.requirements);
    const details = fromStore.requirements.find((r) => r.id === "performance")?.details as
      | SubRulesPerformanceDetails
      | undefined;
    const sql = details?.rules.find((r) => r.id === "sql");
    expect(sql).toMatchObject({ status: "met", windowTotalUsd: "9004.50", customerCount: 3 });
  });

  it("writes the AI Platform's summaries as before: no sub-rule member", () => {
    const json = usageSummaryToJson(summarizeUsage(loadTestProgram(), "azure-usage.csv", [buildUsage()]));
    expect(Object.keys(json)).toEqual(["version", "file", "totals", "months", "customers"]);
  });

  it("says to import the usage again when a month of the window has no figures for the program, never zero", () => {
    const infra = loadInfraProgram();
    const usage = summarizeUsage(infra, "azure-usage.csv", ROWS);
    const missing = evaluateReadiness(infra, { usage, usageMissingMonths: ["2025-02"] }, AS_OF);
    const performance = missing.requirements.find((r) => r.id === "performance");
    expect(performance).toMatchObject({
      status: "unknown",
      summary:
        "Unknown — re-import usage: the usage of February 2025 was imported before this specialization was pursued, so its figures for these rules were not kept.",
      gaps: [{ code: "performance.reimport-needed" }],
    });
    expect(performance?.details).toBeUndefined();
    expect(missing.eligibleToApply).toBe(false);
    // A month outside the window changes nothing.
    const outside = evaluateReadiness(infra, { usage, usageMissingMonths: ["2024-06"] }, AS_OF);
    expect(outside).toEqual(evaluateReadiness(infra, { usage }, AS_OF));
  });

  it("names the installed specializations, the AI Platform first, and chooses each one's version", () => {
    const programs = [...loadTestPrograms(), loadInfraProgram()];
    expect(installedSpecializations(programs, "2026-12-06")).toEqual([
      { specialization: "ai-platform-azure", name: "AI Platform on Microsoft Azure" },
      { specialization: "infra-db-migration", name: "Infra and Database Migration to Microsoft Azure" },
    ]);
    expect(installedSpecializations(programs, "2024-06-17")[0]?.name).toBe(
      "AI and Machine Learning in Microsoft Azure",
    );
    const infra = selectSpecialization(programs, "infra-db-migration", "2026-12-06");
    expect(infra.ok && infra.selection.program.id).toBe("infra-db-migration-2023");
    expect(infra.ok && infra.selection.versions.reason).toMatch(/latest version of the specialization/);
    const ai = selectSpecialization(programs, "ai-platform-azure", "2026-12-06");
    expect(ai.ok && ai.selection.program.id).toBe("ai-platform-azure-2025-01");
    expect(selectSpecialization(programs, "networking", "2026-12-06").ok).toBe(false);
  });
});
