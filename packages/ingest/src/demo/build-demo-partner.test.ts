import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays, addMonths, addMonthsToMonth, addYears, type CalendarDate, monthOf } from "@specready/core";
import { describe, expect, it } from "vitest";
import { PARTNER_CENTER_USAGE_COLUMNS } from "../inputs/partner-center-columns.js";
import { buildDemoPartner, buildDemoRegister, type DemoFile } from "./build-demo-partner.js";
import { writeDemoPartner } from "./write-demo-partner.js";

// The story is recomputed here with small, independent code (not the evaluation engine), so the engine
// can later be checked against the demo.

const AS_OF_DATES: CalendarDate[] = ["2025-09-10", "2026-03-31", "2028-02-29"];

const USAGE_HEADER = [...PARTNER_CENTER_USAGE_COLUMNS];

type Row = Record<string, string>;

/** RFC 4180, enough for these files: quoted fields with commas, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function fileOf(files: DemoFile[], name: string): DemoFile {
  const file = files.find((f) => f.name === name);
  if (file === undefined) throw new Error(`missing ${name}`);
  return file;
}

function table(files: DemoFile[], name: string): { header: string[]; rows: Row[] } {
  const content = fileOf(files, name).content.replace(/^\uFEFF/, "");
  const [header = [], ...body] = parseCsv(content);
  const rows = body.map((fields) => {
    expect(fields).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ""]));
  });
  return { header, rows };
}

function cents(text: string): number {
  const m = /^(-?)(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})$/.exec(text);
  if (m === null) throw new Error(`not an amount: ${text}`);
  const value = Number((m[2] ?? "").replaceAll(",", "")) * 100 + Number(m[3]);
  return m[1] === "-" ? -value : value;
}

/** ISO or M/D/YYYY to ISO; blank stays blank. */
function isoDate(text: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us) return `${us[3]}-${(us[1] ?? "").padStart(2, "0")}-${(us[2] ?? "").padStart(2, "0")}`;
  if (text !== "") expect(text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  return text;
}

const ELIGIBLE_ATTRIBUTIONS = ["partner admin link", "partner of record", "csp tier 1", "csp tier 2"];

function isEligibleAi(r: Row): boolean {
  const attribution = (r.PartnerAttributionType ?? "").toLowerCase();
  const offer = (r.OfferType ?? "").toLowerCase();
  return (
    r.ServiceGroup2 === "AI" &&
    ELIGIBLE_ATTRIBUTIONS.includes(attribution) &&
    r.IsACRDuplicateAtMPNLevel !== "1" &&
    !["trial", "benefit", "support", "internal"].some((word) => offer.includes(word)) &&
    !(r.CloudInstance === "AzureUSGovernment" && attribution === "partner admin link")
  );
}

interface Performance {
  window: string[];
  monthCents: number[];
  sumCents: number;
  customers: number;
}

function performance(usage: Row[], asOf: CalendarDate): Performance {
  const window = [-3, -2, -1].map((n) => addMonthsToMonth(monthOf(asOf), n));
  const monthCents = window.map(() => 0);
  const byCustomer = new Map<string, number>();
  for (const r of usage) {
    const index = window.indexOf(r.Month ?? "");
    if (index < 0 || !isEligibleAi(r)) continue;
    const amount = cents(r.ACR_USD ?? "");
    monthCents[index] = (monthCents[index] ?? 0) + amount;
    const tenant = (r.CustomerTenantId ?? "").toLowerCase();
    byCustomer.set(tenant, (byCustomer.get(tenant) ?? 0) + amount);
  }
  return {
    window,
    monthCents,
    sumCents: monthCents.reduce((a, b) => a + b, 0),
    customers: [...byCustomer.values()].filter((sum) => sum > 0).length,
  };
}

const DP_100 = [
  "dp-100",
  "azure data scientist associate",
  "microsoft certified: azure data scientist associate",
];
const AI_102 = ["ai-102", "azure ai engineer associate", "microsoft certified: azure ai engineer associate"];

function knowledge(
  certifications: Row[],
  at: CalendarDate,
): { individuals: number; dp100: number; ai102: number } {
  const dp100 = new Set<string>();
  const ai102 = new Set<string>();
  for (const r of certifications) {
    const name = (r.Certification ?? "").toLowerCase();
    const earned = isoDate(r.EarnedDate ?? "");
    const expiry = isoDate(r.ExpirationDate ?? "") || (earned === "" ? "" : addYears(earned, 1));
    const associated = r.Associated === "" || r.Associated === "true";
    const counts = associated && (earned === "" || earned <= at) && (expiry === "" || at <= expiry);
    if (!counts) continue;
    const person = (r.PersonId ?? "").toLowerCase();
    if (DP_100.includes(name)) dp100.add(person);
    if (AI_102.includes(name)) ai102.add(person);
  }
  return { individuals: new Set([...dp100, ...ai102]).size, dp100: dp100.size, ai102: ai102.size };
}

function controlCounts(evidence: Row[], at: CalendarDate): Map<string, number> {
  const customers = new Map<string, Set<string>>();
  const from = addMonths(at, -12);
  for (const r of evidence) {
    const control = /^\d/.test(r.Control ?? "") ? `${r.Module}${r.Control}` : (r.Control ?? "");
    expect(control.startsWith(r.Module ?? "?")).toBe(true);
    const date = isoDate(r.DeploymentDate ?? "");
    if (!customers.has(control)) customers.set(control, new Set());
    if (from <= date && date <= at) customers.get(control)?.add((r.CustomerTenantId ?? "").toLowerCase());
  }
  return new Map([...customers].map(([control, set]) => [control, set.size]));
}

describe("buildDemoPartner", () => {
  it("is deterministic for an as-of date and moves with it", () => {
    expect(buildDemoPartner("2025-09-10")).toEqual(buildDemoPartner("2025-09-10"));
    expect(buildDemoPartner("2025-09-10")).not.toEqual(buildDemoPartner("2025-09-11"));
  });

  it("writes the five files as Partner Center and spreadsheets do", () => {
    const files = buildDemoPartner("2025-09-10");
    expect(files.map((f) => f.name)).toEqual([
      "azure-usage.csv",
      "certifications.csv",
      "capability-score.csv",
      "audit-evidence.csv",
      "audit-history.csv",
    ]);
    for (const file of files) {
      expect(file.content.startsWith("\uFEFF")).toBe(file.name === "azure-usage.csv");
      expect(file.content.endsWith("\r\n")).toBe(true);
      expect(/[^\r]\n/.test(file.content)).toBe(false);
    }
    expect(table(files, "azure-usage.csv").header).toEqual(USAGE_HEADER);
    expect(table(files, "certifications.csv").header).toEqual([
      "PersonId",
      "PersonName",
      "Certification",
      "EarnedDate",
      "ExpirationDate",
      "Associated",
    ]);
    expect(table(files, "capability-score.csv").header).toEqual(["SolutionArea", "Metric", "Points"]);
    expect(table(files, "audit-evidence.csv").header).toEqual([
      "Module",
      "Control",
      "CustomerTenantId",
      "CustomerName",
      "DeploymentDate",
      "Evidence",
    ]);
    expect(table(files, "audit-history.csv").header.slice(0, 3)).toEqual(["Module", "Result", "Date"]);
  });

  it("keeps the full months' figures the same whatever the as-of date", () => {
    const figures = AS_OF_DATES.map((asOf) => {
      const p = performance(table(buildDemoPartner(asOf), "azure-usage.csv").rows, asOf);
      return { monthCents: p.monthCents, customers: p.customers };
    });
    expect(figures[1]).toEqual(figures[0]);
    expect(figures[2]).toEqual(figures[0]);
  });

  it("leaves the current month out while Partner Center has no data for it yet", () => {
    const usage = table(buildDemoPartner("2025-09-02"), "azure-usage.csv").rows;
    const months = new Set(usage.map((r) => r.Month));
    expect(months.has("2025-09")).toBe(false);
    expect(months.size).toBe(12);
  });

  describe.each(AS_OF_DATES)("the story at %s", (asOf) => {
    const files = buildDemoPartner(asOf);
    const usage = table(files, "azure-usage.csv").rows;

    it("has a realistic usage report", () => {
      const asOfMonth = monthOf(asOf);
      const months = [...new Set(usage.map((r) => r.Month))].sort();
      expect(months).toEqual(
        [-12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0].map((n) => addMonthsToMonth(asOfMonth, n)),
      );
      expect(usage.length).toBeGreaterThan(400);
      expect(usage.length).toBeLessThan(1000);

      const tenants = new Map<string, Set<string>>();
      for (const r of usage) {
        const subs = tenants.get(r.CustomerTenantId ?? "") ?? new Set();
        subs.add(r.SubscriptionId ?? "");
        tenants.set(r.CustomerTenantId ?? "", subs);
        expect(r.PartnerID).toBe("4455667");
        expect(r.ACR_USD).toMatch(/^-?(\d{1,3}(,\d{3})+|\d{1,3})\.\d{2}$/);
      }
      expect(tenants.size).toBeGreaterThanOrEqual(12);
      for (const subs of tenants.values()) expect(subs.size).toBeLessThanOrEqual(3);
      expect(new Set(usage.map((r) => r.ServiceGroup2))).toEqual(
        new Set(["AI", "Compute", "Data", "Storage", "Networking"]),
      );

      const attributions = new Set(usage.map((r) => r.PartnerAttributionType));
      for (const a of ["Partner admin link", "Partner of record", "CSP Tier 1", "CSP Tier 2"]) {
        expect(attributions.has(a)).toBe(true);
      }
      expect(usage.some((r) => r.PartnerAttributionType === "Transacting partner of record")).toBe(true);
      expect(usage.some((r) => r.PartnerAttributionType === "Partner as end-customer")).toBe(true);
      const duplicates = usage.filter((r) => r.IsACRDuplicateAtMPNLevel === "1");
      expect(duplicates.length).toBeGreaterThanOrEqual(2);
      const governmentPal = usage.filter(
        (r) => r.CloudInstance === "AzureUSGovernment" && r.PartnerAttributionType === "Partner admin link",
      );
      expect(new Set(governmentPal.map((r) => r.CustomerTenantId)).size).toBe(1);
      expect(governmentPal.some((r) => r.ServiceGroup2 === "AI")).toBe(true);
      expect(usage.filter((r) => r.OfferType === "Free Trial")).toHaveLength(1);
      expect(usage.some((r) => r.ServiceGroup2 === "AI" && cents(r.ACR_USD ?? "") < 0)).toBe(true);
      expect(usage.filter((r) => (r.ACR_USD ?? "").includes(",")).length).toBeGreaterThanOrEqual(3);
    });

    it("meets the designation through Data & AI (Azure) only", () => {
      const points = new Map<string, number[]>();
      for (const r of table(files, "capability-score.csv").rows) {
        const area = r.SolutionArea ?? "";
        points.set(area, [...(points.get(area) ?? []), Number(r.Points)]);
      }
      const qualifying = ["Data & AI (Azure)", "Digital & App Innovation (Azure)"].filter((area) => {
        const values = points.get(area) ?? [];
        const total = values.reduce((a, b) => a + b, 0);
        return values.length === 5 && values.every((v) => v > 0) && total >= 70;
      });
      expect(qualifying).toEqual(["Data & AI (Azure)"]);
      expect(points.get("Data & AI (Azure)")?.reduce((a, b) => a + b, 0)).toBe(76);
    });

    it("meets performance, but the biggest window month leaves next month", () => {
      const p = performance(usage, asOf);
      expect(p.sumCents).toBeGreaterThanOrEqual(600_000);
      expect(p.sumCents).toBeLessThanOrEqual(720_000);
      expect(p.customers).toBeGreaterThanOrEqual(4);
      expect(p.customers).toBeLessThanOrEqual(5);
      const [oldest = 0, ...rest] = p.monthCents;
      expect(rest.every((m) => m < oldest)).toBe(true);

      // Next month's window is the last two full months plus this month, reported so far.
      const currentMonth = monthOf(asOf);
      const toDate = usage
        .filter((r) => r.Month === currentMonth && isEligibleAi(r))
        .reduce((sum, r) => sum + cents(r.ACR_USD ?? ""), 0);
      const [, middle = 0, last = 0] = p.monthCents;
      expect(middle + last + toDate).toBeLessThan(600_000);
      // ... and even a whole month at the current run rate would not bring enough.
      expect(middle + last + last).toBeLessThan(600_000);
    });

    it("does not meet knowledge: no counting AI-102, and a DP-100 about to expire", () => {
      const certifications = table(files, "certifications.csv").rows;
      expect(knowledge(certifications, asOf)).toEqual({ individuals: 3, dp100: 3, ai102: 0 });
      expect(knowledge(certifications, addDays(asOf, 45))).toEqual({ individuals: 2, dp100: 2, ai102: 0 });
      expect(knowledge(certifications, addDays(asOf, -45)).ai102).toBe(1);
      expect(knowledge(certifications, addDays(asOf, -20)).ai102).toBe(0);
      expect(certifications.some((r) => r.Associated === "false")).toBe(true);
      expect(certifications.some((r) => ["AZ-305", "AZ-104"].includes(r.Certification ?? ""))).toBe(true);
      expect(certifications.every((r) => (r.PersonId ?? "").endsWith("@adatum.example"))).toBe(true);
      expect(certifications.some((r) => (r.EarnedDate ?? "").includes("/"))).toBe(true);
      expect(certifications.some((r) => /^\d{4}-/.test(r.EarnedDate ?? ""))).toBe(true);
      expect(certifications.some((r) => r.ExpirationDate === "")).toBe(true);
    });

    it("does not meet the audit with its approved evidence: A3.3 and B4.1 wait for review, B2.2 and B3.1 are short, Module A is not waived", () => {
      const evidence = table(files, "audit-evidence.csv").rows;
      expect(Object.fromEntries(controlCounts(evidence, asOf))).toEqual({
        "A1.1": 2,
        "A1.2": 2,
        "A2.1": 2,
        "A2.2": 2,
        "A3.1": 2,
        "A3.2": 2,
        "A3.3": 1,
        "B1.1": 3,
        "B2.1": 3,
        "B2.2": 1,
        "B2.3": 1,
        "B3.1": 2,
        "B4.1": 2,
        "B4.2": 3,
      });
      // The file lists the register's approved evidence: the items still in review are left out.
      const register = buildDemoRegister(asOf);
      expect(evidence).toHaveLength(register.evidence.filter((e) => e.status === "approved").length);
      expect(
        register.evidence.filter((e) => e.status !== "approved").map((e) => [e.control, e.status]),
      ).toEqual(
        expect.arrayContaining([
          ["A3.3", "draft"],
          ["B2.2", "changes_requested"],
          ["B4.1", "ready"],
        ]),
      );
      // One Module A customer ages out within two months.
      const later = controlCounts(evidence, addMonths(asOf, 2));
      for (const control of ["A1.1", "A1.2", "A2.1", "A2.2", "A3.1", "A3.2", "A3.3"]) {
        expect(later.get(control)).toBe(1);
      }
      expect(new Set(evidence.map((r) => r.Control))).toContain("1.1");
      expect(new Set(evidence.map((r) => r.Control))).toContain("B1.1");

      const names = new Map(usage.map((r) => [r.CustomerTenantId, r.CustomerName]));
      for (const r of evidence) expect(names.get(r.CustomerTenantId)).toBe(r.CustomerName);

      const history = table(files, "audit-history.csv").rows;
      const waived = history.some((r) => {
        const date = isoDate(r.Date ?? "");
        return (
          r.Result === "Pass" &&
          ["A", "A+B"].includes(r.Module ?? "") &&
          date >= "2021-07-01" &&
          addYears(asOf, -2) <= date &&
          date <= asOf
        );
      });
      expect(waived).toBe(false);
      expect(history.map((r) => `${r.Module} ${r.Result}`)).toEqual(["B No Pass", "A+B Pass"]);
    });
  });
});

describe("writeDemoPartner", () => {
  it("creates the directory, writes the files and refreshes them on a second run", async () => {
    const root = await mkdtemp(join(tmpdir(), "specready-demo-"));
    try {
      const dir = join(root, "demo", "partner");
      const paths = await writeDemoPartner(dir, "2025-09-10");
      expect(paths).toHaveLength(5);
      expect((await readdir(dir)).sort()).toEqual([
        "audit-evidence.csv",
        "audit-history.csv",
        "azure-usage.csv",
        "capability-score.csv",
        "certifications.csv",
      ]);
      await writeDemoPartner(dir, "2026-03-31");
      const usage = await readFile(join(dir, "azure-usage.csv"), "utf8");
      expect(usage).toBe(fileOf(buildDemoPartner("2026-03-31"), "azure-usage.csv").content);
      expect(await readdir(dir)).toHaveLength(5);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("refuses a directory holding other files and leaves it untouched", async () => {
    const root = await mkdtemp(join(tmpdir(), "specready-demo-"));
    try {
      await writeFile(join(root, "my-real-usage.csv"), "x");
      await expect(writeDemoPartner(root, "2025-09-10")).rejects.toThrow(root);
      expect(await readdir(root)).toEqual(["my-real-usage.csv"]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
