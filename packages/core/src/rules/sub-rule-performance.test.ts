import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../calendar/calendar-date.js";
import type { ServiceValues } from "../program/performance-rules.js";
import type { Program } from "../program/program-definition.js";
import type { UsageRecord } from "../records/input-records.js";
import { buildUsage, loadInfraProgram, loadTestProgram, programJson } from "../test-support/builders.js";
import { usageRow } from "../test-support/usage-arbitraries.js";
import { evaluateReadiness } from "./evaluate-readiness.js";
import { evaluatePerformance, type PerformanceDetails } from "./performance.js";
import type { SubRuleResult, SubRulesPerformanceDetails } from "./sub-rule-performance.js";
import { summarizeUsage } from "./usage-summary.js";

/*
 * Infra and Database Migration's performance on hand-made usage rows: every sub-rule at its boundaries
 * (window totals to the cent, two against three customers, the SQL MI/DB part), and the AI program's
 * one-rule form against the same rule written as a sub-rule.
 */

const AS_OF: CalendarDate = "2025-04-10"; // window January – March 2025
const WINDOW = ["2025-01", "2025-02", "2025-03"] as const;

/** Every service column of a Partner Center row, with the values of a Windows Server VM. */
const WINDOWS_VM: ServiceValues = {
  ServiceLevel1: "Compute",
  ServiceLevel2: "Virtual Machines",
  ServiceLevel3: "Dv3 Series",
  ServiceLevel4: "D2s v3",
  ServiceGroup3: "Virtual Machines",
  ServiceInfluencer: "None",
  ComputeOS: "WINDOWS",
  ComputeOSAttribute: "WINDOWS",
  ComputeCoreSoftware: "Core",
  ACRAdjustmentType: "N/A",
};
const LINUX_VM: ServiceValues = {
  ...WINDOWS_VM,
  ComputeOS: "LINUX",
  ComputeOSAttribute: "Non-Windows",
  ComputeCoreSoftware: "None",
};
const sqlService = (group3: string): ServiceValues => ({
  ...WINDOWS_VM,
  ServiceLevel1: "Databases",
  ServiceLevel2: "SQL Database",
  ServiceLevel4: "vCore",
  ServiceGroup3: group3,
  ComputeOS: "",
  ComputeOSAttribute: "",
  ComputeCoreSoftware: "",
});
const ossService = (level2: string): ServiceValues => ({ ...sqlService("Other"), ServiceLevel2: level2 });

function row(customer: string, month: string, amount: string, services: ServiceValues): UsageRecord {
  return buildUsage({
    customerTenantId: customer,
    month,
    acrUsd: amount,
    serviceGroup2: "Compute",
    attribution: "PAL",
    services,
  });
}

/** `amounts` spread over the window's months, one row per customer and month. */
function spread(customers: readonly string[], amounts: readonly string[], services: ServiceValues) {
  return customers.flatMap((c, i) =>
    WINDOW.map((m) => row(c, m, amounts[i] ?? "0", services)).filter((_, k) => k === i % 3),
  );
}

function performanceOf(rows: readonly UsageRecord[]) {
  const program = loadInfraProgram();
  const result = evaluatePerformance(program, summarizeUsage(program, "azure-usage.csv", rows), AS_OF);
  const details = result.details as SubRulesPerformanceDetails;
  const rule = (id: string) => details.rules.find((r) => r.id === id) as SubRuleResult;
  return { result, rule };
}

describe("Infra and Database Migration: Windows Server VM ACR (USD 30,000 over three months, 3 customers)", () => {
  it("USD 29,999.99 over the three months is not met; USD 30,000.00 is", () => {
    const short = performanceOf(spread(["a", "b", "c"], ["10000", "10000", "9999.99"], WINDOWS_VM));
    expect(short.rule("windows-vm")).toMatchObject({
      status: "not_met",
      windowTotalUsd: "29999.99",
      customerCount: 3,
    });
    expect(short.result.gaps.map((g) => g.message)).toContain(
      "Windows Server VM ACR: USD 0.01 short of USD 30,000.00 in the window January 2025 – March 2025 (it has USD 29,999.99).",
    );
    const met = performanceOf(spread(["a", "b", "c"], ["10000", "10000", "10000.00"], WINDOWS_VM));
    expect(met.rule("windows-vm")).toMatchObject({ status: "met", windowTotalUsd: "30000.00" });
  });

  it("is a window total, not an average: USD 30,000 in one month of the window meets it", () => {
    const rows = [
      row("a", "2025-02", "29000", WINDOWS_VM),
      row("b", "2025-02", "500", WINDOWS_VM),
      row("c", "2025-02", "500", WINDOWS_VM),
    ];
    expect(performanceOf(rows).rule("windows-vm").status).toBe("met");
  });

  it("two customers are not enough, three are", () => {
    const two = performanceOf(spread(["a", "b"], ["20000", "10000"], WINDOWS_VM)).rule("windows-vm");
    expect(two).toMatchObject({ status: "not_met", windowTotalUsd: "30000.00", customerCount: 2 });
    const three = performanceOf(spread(["a", "b", "c"], ["20000", "9999.99", "0.01"], WINDOWS_VM));
    expect(three.rule("windows-vm")).toMatchObject({ status: "met", customerCount: 3 });
  });

  it("months outside the window, other operating systems and other service levels do not count", () => {
    const rows = [
      ...spread(["a", "b", "c"], ["10000", "10000", "9999"], WINDOWS_VM),
      row("a", "2024-12", "5000", WINDOWS_VM),
      row("a", "2025-04", "5000", WINDOWS_VM),
      row("a", "2025-03", "5000", LINUX_VM),
      row("a", "2025-03", "5000", { ...WINDOWS_VM, ServiceLevel2: "Storage" }),
      row("a", "2025-03", "5000", { ...WINDOWS_VM, ComputeCoreSoftware: "None" }),
      row("a", "2025-03", "5000", { ...WINDOWS_VM, ACRAdjustmentType: "Adjustment" }),
    ];
    expect(performanceOf(rows).rule("windows-vm")).toMatchObject({
      status: "not_met",
      windowTotalUsd: "29999.00",
    });
  });

  it("Linux with Azure Hybrid Benefit for Windows counts as Windows ACR", () => {
    const ahub = { ...LINUX_VM, ComputeOSAttribute: "WINDOWS-AHUB", ComputeCoreSoftware: "Core" };
    const rows = spread(["a", "b", "c"], ["10000", "10000", "10000"], ahub);
    expect(performanceOf(rows).rule("windows-vm").status).toBe("met");
  });
});

describe("Infra and Database Migration: Linux VM ACR (USD 15,000 over three months, 3 customers)", () => {
  it("USD 14,999.99 is not met; USD 15,000.00 is", () => {
    expect(
      performanceOf(spread(["a", "b", "c"], ["5000", "5000", "4999.99"], LINUX_VM)).rule("linux-vm").status,
    ).toBe("not_met");
    expect(
      performanceOf(spread(["a", "b", "c"], ["5000", "5000", "5000.00"], LINUX_VM)).rule("linux-vm").status,
    ).toBe("met");
  });

  it("two customers are not enough", () => {
    expect(performanceOf(spread(["a", "b"], ["10000", "5000"], LINUX_VM)).rule("linux-vm")).toMatchObject({
      status: "not_met",
      customerCount: 2,
    });
  });

  it("M-series VMs (reserved for SAP) do not count; Red Hat and SUSE service levels count whatever the OS columns", () => {
    const mSeries = { ...LINUX_VM, ServiceLevel4: "Virtual Machines MSv2 Series" };
    const rhel = { ...WINDOWS_VM, ServiceLevel4: "Red Hat Enterprise Linux with HA", ComputeOS: "" };
    const rows = [
      ...spread(["a", "b", "c"], ["5000", "5000", "4000"], LINUX_VM),
      row("a", "2025-03", "1000", mSeries),
    ];
    expect(performanceOf(rows).rule("linux-vm")).toMatchObject({
      status: "not_met",
      windowTotalUsd: "14000.00",
    });
    const withRhel = [...rows, row("d", "2025-01", "1000", rhel)];
    expect(performanceOf(withRhel).rule("linux-vm")).toMatchObject({
      status: "met",
      windowTotalUsd: "15000.00",
      customerCount: 4,
    });
  });
});

describe("Infra and Database Migration: SQL ACR (USD 9,000, of it USD 3,000 from SQL MI or SQL DB)", () => {
  const vm = sqlService("SQL on IaaS");
  it("USD 9,000 from SQL VMs alone is not met: the SQL MI/DB part is short", () => {
    const { rule, result } = performanceOf(spread(["a", "b", "c"], ["3000", "3000", "3000"], vm));
    expect(rule("sql")).toMatchObject({
      status: "not_met",
      windowTotalUsd: "9000.00",
      customerCount: 3,
      minimums: [expect.objectContaining({ id: "sql-mi-db", windowTotalUsd: "0.00", met: false })],
    });
    expect(result.gaps.map((g) => g.code)).toContain("performance.part-short");
  });

  it("USD 9,000.00 in all with USD 2,999.99 from SQL MI and SQL DB is not met; with USD 3,000.00 it is", () => {
    const base = spread(["a", "b"], ["3000", "3000"], vm);
    const short = [
      ...base,
      row("c", "2025-03", "0.01", vm),
      row("c", "2025-01", "2000.00", sqlService("SQL DB MI")),
      row("c", "2025-02", "999.99", sqlService("SQLDB")),
    ];
    const shortRule = performanceOf(short).rule("sql");
    expect(shortRule.status).toBe("not_met");
    expect(shortRule.windowTotalUsd).toBe("9000.00");
    expect(shortRule.customerCount).toBe(3);
    expect(shortRule.minimums[0]).toMatchObject({ windowTotalUsd: "2999.99", met: false });
    const met = [
      ...base,
      row("c", "2025-01", "2000.00", sqlService("SQL DB MI")),
      row("c", "2025-02", "1000.00", sqlService("sqldb")),
    ];
    const metRule = performanceOf(met).rule("sql");
    expect(metRule.status).toBe("met");
    expect(metRule.windowTotalUsd).toBe("9000.00");
    expect(metRule.minimums[0]).toMatchObject({ windowTotalUsd: "3000.00", met: true });
  });
});

describe("Infra and Database Migration: SQL MI/DB part at its boundary", () => {
  it("meets the SQL sub-rule with exactly USD 3,000.00 from SQL Managed Instance and SQL Database", () => {
    const rows = [
      row("a", "2025-01", "3000", sqlService("SQL on IaaS VM")),
      row("b", "2025-02", "3000", sqlService("SQL on IaaS")),
      row("c", "2025-03", "1500.00", sqlService("SQL DB MI")),
      row("c", "2025-03", "1500.00", sqlService("SQLDB")),
    ];
    expect(performanceOf(rows).rule("sql")).toMatchObject({
      status: "met",
      minimums: [expect.objectContaining({ windowTotalUsd: "3000.00", requiredUsd: "3000.00", met: true })],
    });
    const short = rows.map((r, i) => (i === 3 ? { ...r, acrUsd: "1499.99" } : r));
    expect(performanceOf(short).rule("sql")).toMatchObject({
      status: "not_met",
      minimums: [expect.objectContaining({ windowTotalUsd: "2999.99", met: false })],
    });
  });
});

describe("Infra and Database Migration: open-source database ACR (USD 4,500, any mix, 3 customers)", () => {
  it("USD 4,499.99 of MariaDB, MySQL, PostgreSQL and Cosmos DB is not met; USD 4,500.00 is", () => {
    const mix = (last: string) => [
      row("a", "2025-01", "1500", ossService("Azure Database for MariaDB")),
      row("b", "2025-02", "1000", ossService("MySQL Database on Azure")),
      row("b", "2025-02", "500", ossService("PostgreSQL")),
      row("c", "2025-03", last, ossService("Cosmos DB")),
    ];
    expect(performanceOf(mix("1499.99")).rule("oss-db").status).toBe("not_met");
    expect(performanceOf(mix("1500.00")).rule("oss-db")).toMatchObject({
      status: "met",
      windowTotalUsd: "4500.00",
      customerCount: 3,
    });
  });

  it("two customers are not enough; a database outside ServiceLevel1 Databases does not count", () => {
    const rows = [
      row("a", "2025-01", "3000", ossService("PostgreSQL")),
      row("b", "2025-02", "1500", ossService("Cosmos DB")),
      row("c", "2025-03", "100", { ...ossService("PostgreSQL"), ServiceLevel1: "Compute" }),
    ];
    expect(performanceOf(rows).rule("oss-db")).toMatchObject({ status: "not_met", customerCount: 2 });
  });
});

describe("Infra and Database Migration: the requirement", () => {
  const allMet = () => [
    ...spread(["a", "b", "c"], ["10000", "10000", "10000"], WINDOWS_VM),
    ...spread(["a", "b", "c"], ["5000", "5000", "5000"], LINUX_VM),
    ...spread(["a", "b", "c"], ["3000", "3000", "3000"], sqlService("SQL DB MI")),
    ...spread(["a", "b", "c"], ["1500", "1500", "1500"], ossService("PostgreSQL")),
  ];

  it("is met when every sub-rule is met, and the same customers count for every one", () => {
    const { result } = performanceOf(allMet());
    expect(result.status).toBe("met");
    expect(result.summary).toMatch(/^4 of 4 sub-rules met in January 2025 – March 2025/);
  });

  it("is not met when one sub-rule is short; it becomes met on no date while the data ages out", () => {
    const rows = allMet().filter(
      (r) =>
        !(
          r.customerTenantId === "c" &&
          r.services?.ServiceLevel1 === "Databases" &&
          r.services.ServiceLevel2 === "PostgreSQL"
        ),
    );
    const { result } = performanceOf(rows);
    expect(result.status).toBe("not_met");
    expect(result.changes.every((c) => c.status !== "met")).toBe(true);
  });

  it("says how a window that ages out changes the status", () => {
    const { result } = performanceOf(allMet());
    expect(result.changes[0]).toMatchObject({ date: "2025-05-01", status: "not_met", statusChanges: true });
  });

  it("is unknown, not met or not met, when only rows the file cannot rule out would meet a sub-rule", () => {
    // A file without ComputeOSAttribute or ACRAdjustmentType (the Partner Center download has neither).
    const strip = (s: ServiceValues | undefined): ServiceValues => {
      const { ComputeOSAttribute: _a, ACRAdjustmentType: _b, ...rest } = s ?? {};
      return rest;
    };
    const rows = allMet().map((r) => ({ ...r, services: strip(r.services) }));
    const { result, rule } = performanceOf(rows);
    expect(rule("windows-vm")).toMatchObject({
      status: "unknown",
      windowTotalUsd: "0.00",
      possibleWindowTotalUsd: "30000.00",
      possibleCustomerCount: 3,
    });
    // Linux VMs: the Red Hat / SUSE option reads ServiceLevel4 only, but these rows are not RHEL.
    expect(rule("linux-vm").status).toBe("unknown");
    expect(rule("sql").status).toBe("met");
    expect(result.status).toBe("unknown");
    expect(result.gaps.map((g) => g.code)).toContain("performance.unconfirmed");
  });

  it("has no data without a usage file", () => {
    expect(evaluatePerformance(loadInfraProgram(), undefined, AS_OF).status).toBe("no_data");
  });

  it("shows knowledge and Module B as unknown: the program data does not hold them", () => {
    const evaluation = evaluateReadiness(
      loadInfraProgram(),
      {
        usage: summarizeUsage(loadInfraProgram(), "azure-usage.csv", allMet()),
        certifications: [],
        auditEvidence: [],
      },
      AS_OF,
    );
    const status = (id: string) => evaluation.requirements.find((r) => r.id === id)?.status;
    expect(status("performance")).toBe("met");
    expect(status("knowledge")).toBe("unknown");
    // No Module A evidence: not met on Module A alone, whatever Module B holds.
    expect(status("audit")).toBe("not_met");
    expect(evaluation.ready).toBe(false);
    expect(evaluation.eligibleToApply).toBe(false);
  });

  it("with Module A waived, the audit is unknown rather than met", () => {
    const program = loadInfraProgram();
    const evaluation = evaluateReadiness(
      program,
      {
        auditEvidence: [],
        auditHistory: [
          {
            module: "A+B",
            result: "Pass",
            date: "2024-06-01",
            source: { file: "audit-history.csv", line: 2 },
          },
        ],
      },
      AS_OF,
    );
    const audit = evaluation.requirements.find((r) => r.id === "audit");
    expect(audit?.status).toBe("unknown");
    expect(audit?.gaps.map((g) => g.code)).toContain("audit.module-b-not-in-program-data");
  });
});

describe("the AI program's rule: the detailed engine gives what the general sub-rule engine gives", () => {
  // The AI program file writes its performance in the rule language: one sub-rule, ServiceGroup2 = AI,
  // a monthly average of USD 2,000 over the window from three customers. Loaded, it is evaluated by the
  // detailed engine (the contract's per-customer output); the same rule handed to the general engine
  // must agree with it.
  const detailed = loadTestProgram();
  const { serviceGroup2, minimumMonthlyAverageUsd, minimumCustomers, monthlyAverageRule, ...common } =
    detailed.performance;
  const ruleProgram =
    monthlyAverageRule === undefined
      ? undefined
      : ({ ...detailed, performance: { ...common, rules: [monthlyAverageRule] } } satisfies Program);

  it("loads in the detailed form, derived from the file's one rule", () => {
    expect(programJson().performance).not.toHaveProperty("serviceGroup2");
    expect(detailed.performance.rules).toBeUndefined();
    expect(serviceGroup2).toEqual(["AI"]);
    expect(minimumMonthlyAverageUsd).toBe("2000");
    expect(minimumCustomers).toBe(3);
    expect(monthlyAverageRule).toMatchObject({ id: "ai-acr", aggregate: "monthly-average" });
    expect(ruleProgram).toBeDefined();
  });

  it("gives the same status, window total and customers on generated usage", () => {
    const oneRule = detailed;
    const program = ruleProgram as NonNullable<typeof ruleProgram>;
    fc.assert(
      fc.property(
        fc.array(usageRow, { maxLength: 40 }),
        fc.constantFrom<CalendarDate>("2025-01-15", "2025-03-01", "2025-04-10", "2025-06-30"),
        (rows, asOf) => {
          const before = evaluatePerformance(oneRule, summarizeUsage(oneRule, "u.csv", rows), asOf);
          const after = evaluatePerformance(program, summarizeUsage(program, "u.csv", rows), asOf);
          const d = before.details as PerformanceDetails;
          const r = (after.details as SubRulesPerformanceDetails).rules[0] as SubRuleResult;
          expect(after.status).toBe(before.status);
          expect(r.windowTotalUsd).toBe(d.windowTotalUsd);
          expect(r.customerCount).toBe(d.customerCount);
          expect(r.requiredWindowTotalUsd).toBe(d.requiredWindowTotalUsd);
          expect(after.details && "rules" in after.details && after.details.rows).toMatchObject({
            total: d.rows.total,
            eligible: d.rows.eligible,
            outsideRules: d.rows.notAi,
            duplicates: d.rows.duplicates,
            governmentPal: d.rows.governmentPal,
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
