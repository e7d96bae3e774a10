import { describe, expect, it } from "vitest";
import { buildSummary, buildUsage, loadTestProgram } from "../test-support/builders.js";
import { usageCoverageWarnings } from "./usage-coverage.js";

const program = loadTestProgram();

function warnings(rows: ReturnType<typeof buildUsage>[]) {
  return usageCoverageWarnings(program, "azure-usage.csv", buildSummary(rows)).map((w) => [w.code, w.count]);
}

describe("exclusions that could not be applied, for lack of a column", () => {
  it("counts eligible rows without an offer type, a PAL row's cloud, or the duplicate flag", () => {
    expect(
      warnings([
        buildUsage({ attribution: "PAL" }),
        buildUsage({ attribution: "Partner of record", isDuplicateAtMpnLevel: false }),
        // Not eligible: not counted, whatever it lacks.
        buildUsage({ serviceGroup2: "Compute" }),
        buildUsage({ attribution: "Deal registration" }),
      ]),
    ).toEqual([
      ["usage.no-offer-type", 2],
      ["usage.no-cloud-instance", 1],
      ["usage.no-duplicate-flag", 1],
    ]);
  });

  it("says nothing when every eligible row carries the values", () => {
    expect(
      warnings([
        buildUsage({
          attribution: "PAL",
          offerType: "Azure plan",
          cloudInstance: "AzureCloud",
          isDuplicateAtMpnLevel: false,
        }),
        buildUsage({ attribution: "CSP Tier 1", offerType: "Azure plan", isDuplicateAtMpnLevel: false }),
      ]),
    ).toEqual([]);
  });

  it("says which exclusion could not be applied and how to get the column", () => {
    const [offer, cloud, flag] = usageCoverageWarnings(
      program,
      "azure-usage.csv",
      buildSummary([buildUsage({ attribution: "PAL" })]),
    );
    expect(offer?.message).toBe(
      "1 eligible AI row carries no OfferType, so the exclusion of trial, benefit, support or internal offers could not be applied to them (Partner Center's Azure usage download has no such column). To apply it, add an OfferType column giving each subscription's offer (the Azure portal shows it on the subscription's overview; match rows by SubscriptionId).",
    );
    expect(cloud?.message).toContain("government subscriptions through PAL could not be excluded");
    expect(cloud?.message).toContain(
      "add a CloudInstance column: AzureUSGovernment for subscriptions in Azure Government",
    );
    expect(flag?.message).toContain("no IsACRDuplicateAtMPNLevel value");
  });
});
