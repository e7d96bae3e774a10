import type { Program } from "../program/program-definition.js";
import type { InputWarning } from "../records/input-records.js";
import { listInWords } from "./resources.js";
import type { UsageSummary } from "./usage-summary.js";

/*
 * The exclusions of the performance rule read values the Azure usage download does not always carry:
 * Partner Center's download has no OfferType and no CloudInstance column, and older downloads lack the
 * duplicate flag the program reads. A row without the value cannot be set aside, so it counts; these
 * warnings say how many eligible rows that concerns and how to get the column.
 */

function rows(n: number, ai: string): string {
  return n === 1 ? `1 eligible ${ai}row carries` : `${n} eligible ${ai}rows carry`;
}

/** Warnings for the exclusions that could not be applied to a usage summary's eligible rows. */
export function usageCoverageWarnings(program: Program, file: string, summary: UsageSummary): InputWarning[] {
  const warnings: InputWarning[] = [];
  const u = summary.unchecked;
  const perf = program.performance;
  // A program with sub-rules counts more than AI services.
  const ai = perf.rules === undefined ? "AI " : "";
  if (u.offerType > 0 && perf.excludedOfferTypeTerms.length > 0)
    warnings.push({
      code: "usage.no-offer-type",
      file,
      count: u.offerType,
      message: `${rows(u.offerType, ai)} no OfferType, so the exclusion of ${listInWords(perf.excludedOfferTypeTerms, "or")} offers could not be applied to them (Partner Center's Azure usage download has no such column). To apply it, add an OfferType column giving each subscription's offer (the Azure portal shows it on the subscription's overview; match rows by SubscriptionId).`,
    });
  const notForGovernment = perf.eligibleAttributions.filter((a) => !a.countsForGovernment).map((a) => a.type);
  if (u.cloudInstance > 0 && perf.governmentCloudInstances.length > 0)
    warnings.push({
      code: "usage.no-cloud-instance",
      file,
      count: u.cloudInstance,
      message: `${rows(u.cloudInstance, ai)} an attribution through ${listInWords(notForGovernment, "or")} and no CloudInstance, so government subscriptions through ${listInWords(notForGovernment, "or")} could not be excluded from them (Partner Center's Azure usage download has no such column). To apply it, add a CloudInstance column: ${perf.governmentCloudInstances[0]} for subscriptions in Azure Government.`,
    });
  if (u.duplicateFlag > 0)
    warnings.push({
      code: "usage.no-duplicate-flag",
      file,
      count: u.duplicateFlag,
      message: `${rows(u.duplicateFlag, ai)} no ${perf.duplicateFlag.column} value, so rows attributed to you more than once could not be set aside and may be summed twice. Download the Azure usage report with its ${perf.duplicateFlag.column} column (Partner Center > Insights > Download reports).`,
    });
  return warnings;
}
