/*
 * Generators and views for property tests of usage summaries: rows as a usage export holds them, folded
 * the way the reader folds them, and views of a summary that compare its figures.
 */
import fc from "fast-check";
import type { Decimal } from "../money/decimal.js";
import type { UsageRecord } from "../records/input-records.js";
import { UsageAccumulator, type UsageCounts, type UsageSummary } from "../rules/usage-summary.js";
import { buildUsage, loadTestProgram } from "./builders.js";

/** Contract decimal text of any sign and scale, sometimes with thousands separators. */
export const usageAmount = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 22n }), fc.integer({ min: 0, max: 6 }), fc.boolean())
  .map(([negative, units, scale, grouped]) => {
    const digits = units.toString().padStart(scale + 1, "0");
    let whole = digits.slice(0, digits.length - scale);
    if (grouped) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const fraction = digits.slice(digits.length - scale);
    return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${fraction}` : ""}`;
  });

/** A usage row mixing AI and other services, eligible and ineligible rows, spellings and months. */
export const usageRow: fc.Arbitrary<UsageRecord> = fc
  .record({
    month: fc.constantFrom("2024-11", "2024-12", "2025-01", "2025-02", "2025-03"),
    customerTenantId: fc.constantFrom("t-1", "T-1", "t-2", "t-3", "Tenant-4"),
    customerName: fc.option(fc.constantFrom("Contoso", "Fabrikam"), { nil: undefined }),
    partnerName: fc.option(fc.constantFrom("Fabrikam"), { nil: undefined }),
    serviceGroup2: fc.constantFrom("AI", "ai", "Compute", "Storage"),
    attribution: fc.constantFrom(
      "PAL",
      "DPOR",
      "CSP",
      "Deal registration",
      "DEAL REGISTRATION",
      "Mystery",
      "Partner as end-customer",
    ),
    acrUsd: usageAmount,
    isDuplicateAtMpnLevel: fc.option(fc.boolean(), { nil: undefined }),
    offerType: fc.option(fc.constantFrom("Azure plan", "Free Trial", "FREE TRIAL", "Premier Support"), {
      nil: undefined,
    }),
    cloudInstance: fc.option(fc.constantFrom("AzureCloud", "Fairfax"), { nil: undefined }),
  })
  .map((r) => buildUsage(r));

/** Folds rows like the usage reader: rows of other services are only counted, by month. */
export function summarizeLikeReader(rows: readonly UsageRecord[]): UsageSummary {
  const acc = new UsageAccumulator(loadTestProgram(), "azure-usage.csv");
  for (const r of rows) {
    if (acc.isAiServiceGroup(r.serviceGroup2)) acc.add(r);
    else acc.addOtherService(r.month);
  }
  return acc.summary();
}

const exact = (d: Decimal) => `${d.units}e-${d.scale}`;

/** The counts of a summary or a month, offers and attributions sorted. */
export function countsView(c: UsageCounts, spelling: (key: string) => string = (k) => k) {
  const entries = (map: ReadonlyMap<string, number>) =>
    [...map].map(([k, n]) => [spelling(k), n] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    rowCount: c.rowCount,
    eligibleRowCount: c.eligibleRowCount,
    notAi: c.ignored.notAi,
    duplicates: c.ignored.duplicates,
    governmentPal: c.ignored.governmentPal,
    excludedOffers: entries(c.ignored.excludedOffers),
    ineligibleAttributions: entries(c.ignored.ineligibleAttributions),
  };
}

/** Every figure of a summary, order-independent (customers by key, months sorted), amounts exact. */
export function summaryFigures(
  s: UsageSummary,
  /** `names: false` leaves out how names and tenant ids are spelled, and the own-tenant mark. */
  options: { names?: boolean; spelling?: (key: string) => string } = {},
) {
  const customers = [...s.customers]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, c]) => ({
      key,
      tenantId: options.names === false ? c.tenantId.toLowerCase() : c.tenantId,
      name: options.names === false ? null : c.name,
      // Like the name, whether the tenant is the partner's own is known from the whole file.
      partnerOwnTenant: options.names === false ? null : c.partnerOwnTenant === true,
      eligible: [...c.eligible].sort().map(([m, d]) => [m, exact(d)]),
      ineligible: [...c.ineligible]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([m, reasons]) => [m, [...reasons].sort().map(([r, d]) => [r, exact(d)])]),
    }));
  return {
    file: s.file,
    ...countsView(s, options.spelling),
    byMonth: [...s.byMonth]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([m, c]) => [m, countsView(c, options.spelling)]),
    customers,
  };
}

/** Every part of a summary in its iteration order (eligible months sorted), amounts with their scale. */
export function summaryInOrder(s: UsageSummary) {
  const counts = (c: UsageCounts) => ({ ...countsView(c), excludedOffers: [...c.ignored.excludedOffers] });
  return {
    file: s.file,
    ...counts(s),
    ineligibleAttributions: [...s.ignored.ineligibleAttributions],
    byMonth: [...s.byMonth].map(([m, c]) => [m, counts(c), [...c.ignored.ineligibleAttributions]]),
    customers: [...s.customers].map(([key, c]) => [
      key,
      c.tenantId,
      c.name,
      c.partnerOwnTenant === true,
      // Eligible months are in no particular order (`CustomerUsage.eligible`).
      [...c.eligible].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, d]) => [m, exact(d)]),
      [...c.ineligible].map(([m, reasons]) => [m, [...reasons].map(([r, d]) => [r, exact(d)])]),
    ]),
  };
}
