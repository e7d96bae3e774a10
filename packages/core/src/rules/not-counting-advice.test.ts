import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UsageRecord } from "../records/input-records.js";
import { buildSummary, buildUsage, loadTestProgram, usageFor } from "../test-support/builders.js";
import type { Gap, RequirementResult } from "./evaluation-types.js";
import { notCountingCause } from "./not-counting-advice.js";
import { evaluatePerformance, type PerformanceDetails } from "./performance.js";
import { ineligibleCauseOf, ineligibleLabel, isPartnerOwnTenant } from "./usage-summary.js";

const program = loadTestProgram();
/** Window 2024-03 .. 2024-05. */
const AS_OF = "2024-06-17";
const PAL_ADVICE = "link your partner ID";

/** Two customers that count (not enough for the rule) and the rows of one more customer "x". */
function evaluateWith(rows: readonly Partial<UsageRecord>[]): RequirementResult<PerformanceDetails> {
  const counting = usageFor(["a", "b"], ["2024-04"], "1000.00");
  const more = rows.map((r) =>
    buildUsage({ customerTenantId: "x", customerName: "Northwind", month: "2024-04", ...r }),
  );
  return evaluatePerformance(program, buildSummary([...counting, ...more]), AS_OF);
}

function adviceOf(r: RequirementResult): Gap[] {
  return r.gaps.filter(
    (g) => g.code.startsWith("performance.customer-") || g.code === "performance.partner-own-tenant",
  );
}

describe("advice for AI ACR that does not count: only what fits the row", () => {
  it("advises PAL (or DPOR, CSP) when the attribution is the one thing keeping the ACR out", () => {
    const r = evaluateWith([{ attribution: "Transacting partner of record", acrUsd: "2680.04" }]);
    expect(r.status).toBe("not_met");
    const [gap, ...others] = adviceOf(r);
    expect(others).toEqual([]);
    expect(gap?.code).toBe("performance.customer-unattributed");
    expect(gap?.message).toBe(
      'Northwind has USD 2,680.04 of AI ACR in the window attributed as "Transacting partner of record", which does not count: link your partner ID to its subscriptions with PAL or become its partner of record (DPOR) or CSP, and its AI ACR counts from that day on.',
    );
  });

  it.each([
    ["Free Trial", "trial", "moves it to a paid subscription"],
    ["Visual Studio Enterprise Benefit", "benefit", "would count on a paid subscription"],
    ["Premier Support", "support", "nothing makes this amount count"],
    ["Internal consumption", "internal", "nothing makes this amount count"],
  ])("explains an excluded offer (%s) without advising PAL", (offerType, term, remedy) => {
    // Attributed through PAL already: linking is not what is missing.
    const r = evaluateWith([{ offerType, attribution: "PAL", acrUsd: "1234.5" }]);
    const gaps = adviceOf(r);
    expect(gaps.map((g) => g.code)).toEqual(["performance.customer-excluded-offer"]);
    const text = gaps[0]?.message ?? "";
    expect(text).toContain(`Northwind has USD 1,234.50 of AI ACR in the window on the offer "${offerType}"`);
    expect(text.toLowerCase()).toContain(term);
    expect(text).toContain(remedy);
    expect(text).not.toContain(PAL_ADVICE);
  });

  it("explains a government subscription that already is PAL, and names what would count instead", () => {
    const r = evaluateWith([{ attribution: "Partner admin link", cloudInstance: "AzureUSGovernment" }]);
    const gaps = adviceOf(r);
    expect(gaps.map((g) => g.code)).toEqual(["performance.customer-government-pal"]);
    expect(gaps[0]?.message).toContain("already linked to you through PAL");
    expect(gaps[0]?.message).toContain("partner of record (DPOR) or CSP");
    expect(gaps[0]?.message).not.toContain(PAL_ADVICE);
  });

  it("does not advise PAL for a government subscription with another attribution either", () => {
    const r = evaluateWith([{ attribution: "Deal registration", cloudInstance: "Fairfax" }]);
    const gaps = adviceOf(r);
    expect(gaps.map((g) => g.code)).toEqual(["performance.customer-government-unattributed"]);
    expect(gaps[0]?.message).toContain("PAL does not count either");
    expect(gaps[0]?.message).toContain("partner of record (DPOR) or CSP");
    expect(gaps[0]?.message).not.toContain(PAL_ADVICE);
  });

  it.each([
    [
      "attributed Partner as end-customer",
      { attribution: "Partner as end-customer" },
      "Partner as end-customer",
    ],
    [
      "spelled Partner As End Customer",
      { attribution: "PARTNER AS END CUSTOMER" },
      "Partner as end-customer",
    ],
    [
      "named as the report's partner",
      {
        attribution: "Deal registration",
        customerName: "Adatum Consulting",
        partnerName: "ADATUM consulting",
      },
      "names it as the partner",
    ],
    [
      "named as the partner, on a trial",
      { offerType: "Free Trial", customerName: "Adatum Consulting", partnerName: "Adatum Consulting" },
      "names it as the partner",
    ],
  ])("explains the partner's own tenant (%s) without advising PAL", (_, row, how) => {
    const r = evaluateWith([row]);
    const gaps = adviceOf(r);
    expect(gaps.map((g) => g.code)).toEqual(["performance.partner-own-tenant"]);
    expect(gaps[0]?.message).toContain("is your own organization's tenant");
    expect(gaps[0]?.message).toContain(how);
    expect(gaps[0]?.message).not.toContain(PAL_ADVICE);
    const x = r.details?.customers.find((c) => c.tenantId === "x");
    expect(x?.partnerOwnTenant).toBe(true);
    expect(x?.ineligibleInWindow.map((i) => i.cause)).toEqual(["partner-own-tenant"]);
  });

  it("does not take a customer whose name only resembles the partner's for its own tenant", () => {
    const r = evaluateWith([
      {
        attribution: "Deal registration",
        customerName: "Adatum Consulting UK",
        partnerName: "Adatum Consulting",
      },
    ]);
    expect(adviceOf(r).map((g) => g.code)).toEqual(["performance.customer-unattributed"]);
  });

  it("gives what the partner can act on first, then the explanations, largest amount first", () => {
    const rows = [
      ...usageFor(["a", "b"], ["2024-04"], "1000.00"),
      buildUsage({ customerTenantId: "own", attribution: "Partner as end-customer", acrUsd: "900" }),
      buildUsage({ customerTenantId: "trial", offerType: "Free Trial", acrUsd: "50" }),
      buildUsage({ customerTenantId: "gov", attribution: "PAL", cloudInstance: "Fairfax", acrUsd: "700" }),
      buildUsage({ customerTenantId: "tpor-small", attribution: "Deal registration", acrUsd: "10" }),
      buildUsage({ customerTenantId: "tpor-big", attribution: "Deal registration", acrUsd: "12000" }),
    ];
    const r = evaluatePerformance(program, buildSummary(rows), AS_OF);
    expect(adviceOf(r).map((g) => [g.code, g.message.split(" ")[0]])).toEqual([
      ["performance.customer-unattributed", "tpor-big"],
      ["performance.customer-unattributed", "tpor-small"],
      ["performance.customer-government-pal", "gov"],
      ["performance.customer-excluded-offer", "trial"],
      ["performance.partner-own-tenant", "own"],
    ]);
    expect(adviceOf(r)[0]?.message).toContain("USD 12,000.00");
  });

  it("gives no advice while the requirement is met, nor for customers that count", () => {
    const met = evaluatePerformance(
      program,
      buildSummary([
        ...usageFor(["a", "b", "c"], ["2024-04"], "2000.00"),
        buildUsage({ customerTenantId: "x", attribution: "Deal registration", month: "2024-04" }),
      ]),
      AS_OF,
    );
    expect(met.status).toBe("met");
    expect(adviceOf(met)).toEqual([]);
    const counting = evaluateWith([{ acrUsd: "100" }, { attribution: "Deal registration", acrUsd: "500" }]);
    expect(adviceOf(counting)).toEqual([]);
  });

  it("keeps the contract's JSON numbers as numbers and amounts as exact decimal text", () => {
    const r = evaluateWith([{ attribution: "Deal registration", acrUsd: "2680.04" }]);
    expect(r.details?.monthlyAverageUsd).toBe(666.67);
    expect(r.details?.customers.find((c) => c.tenantId === "x")?.ineligibleInWindow).toEqual([
      { reason: "attribution Deal registration", amountUsd: "2680.04", cause: "attribution" },
    ]);
  });
});

describe("the reasons a summary keeps", () => {
  it.each([
    { cause: "excluded-offer", offerType: "Free Trial" },
    { cause: "ineligible-attribution", attribution: "Deal registration", government: false },
    { cause: "ineligible-attribution", attribution: "Deal registration", government: true },
    { cause: "government-pal" },
  ] as const)("reads back the label of %j", (c) => {
    expect(ineligibleCauseOf(ineligibleLabel(c))).toEqual(c);
  });

  it("reads labels stored before government clouds were told apart as commercial attributions", () => {
    expect(notCountingCause("attribution Deal registration", false)).toBe("attribution");
    expect(notCountingCause("something else entirely", false)).toBe("attribution");
    expect(notCountingCause("offer type Free Trial", true)).toBe("partner-own-tenant");
  });

  it("recognises the partner's own tenant by attribution or by name, not by a missing name", () => {
    expect(isPartnerOwnTenant({ attribution: "Partner as end-customer" })).toBe(true);
    expect(
      isPartnerOwnTenant({ attribution: "PAL", customerName: "A.B. Corp", partnerName: "ab corp" }),
    ).toBe(true);
    expect(isPartnerOwnTenant({ attribution: "PAL", customerName: "Contoso" })).toBe(false);
    expect(isPartnerOwnTenant({ attribution: "PAL", partnerName: "Contoso" })).toBe(false);
    expect(isPartnerOwnTenant({ attribution: "PAL", customerName: "", partnerName: "" })).toBe(false);
  });

  it("advises PAL exactly for positive commercial ACR kept out by its attribution alone (property)", () => {
    const row = fc.record({
      attribution: fc.constantFrom(
        "PAL",
        "DPOR",
        "Deal registration",
        "Transacting partner of record",
        "Partner as end-customer",
      ),
      offerType: fc.option(fc.constantFrom("Azure plan", "Free Trial", "Sponsorship Benefit"), {
        nil: undefined,
      }),
      cloudInstance: fc.option(fc.constantFrom("AzureCloud", "AzureUSGovernment"), { nil: undefined }),
      customerName: fc.constantFrom("Northwind", "Adatum"),
      acrUsd: fc.constantFrom("-20", "0", "35.5", "1200"),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
        const withPartner = rows.map((r) => ({ ...r, partnerName: "Adatum" }));
        const r = evaluateWith(withPartner);
        const x = r.details?.customers.find((c) => c.tenantId === "x");
        const palAdvised = adviceOf(r).some((g) => g.message.includes(PAL_ADVICE));
        // Expected from the rows themselves: positive amounts of commercial rows that pass every rule
        // but the attribution, of a tenant that is not the partner's own.
        const own = withPartner.some((w) => isPartnerOwnTenant(w));
        const government = (w: (typeof withPartner)[number]) => w.cloudInstance === "AzureUSGovernment";
        const attributionOnly = new Map<string, number>();
        for (const w of withPartner) {
          if (["PAL", "DPOR"].includes(w.attribution)) continue;
          if (w.offerType !== undefined && w.offerType !== "Azure plan") continue;
          if (government(w)) continue;
          attributionOnly.set(w.attribution, (attributionOnly.get(w.attribution) ?? 0) + Number(w.acrUsd));
        }
        const expected =
          r.status !== "met" &&
          x !== undefined &&
          !x.counts &&
          !own &&
          [...attributionOnly.values()].some((v) => v > 0);
        expect(palAdvised).toBe(expected);
      }),
    );
  });
});
