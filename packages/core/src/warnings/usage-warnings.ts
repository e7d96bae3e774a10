import type { Program } from "../program/program-definition.js";
import type { InputWarning } from "../records/input-records.js";
import { usageCoverageWarnings } from "../rules/usage-coverage.js";
import type { UsageSummary } from "../rules/usage-summary.js";
import { echo } from "./echo.js";
import { byCount, eachListed } from "./listed-values.js";

function rowsAre(n: number, noun = "row"): string {
  return n === 1 ? `1 ${noun} is` : `${n} ${noun}s are`;
}

function rowsHave(n: number): string {
  return n === 1 ? "1 AI row has" : `${n} AI rows have`;
}

/**
 * What a usage summary set aside, as warnings with row counts, then the exclusions that could not be
 * applied (`usageCoverageWarnings`). One rule for every place usage is summarized: a file read by
 * `specready check`, an upload (the import's own warnings) and the months in effect in a workspace,
 * whose summary merges several imports under the program version of the evaluation.
 */
export function usageWarnings(program: Program, file: string, summary: UsageSummary): InputWarning[] {
  const warnings: InputWarning[] = [];
  const warn = (code: string, message: string, count: number) =>
    warnings.push({ code, file, message, count });
  const ig = summary.ignored;
  if (ig.notAi > 0)
    warn(
      "usage.not-ai",
      `${rowsAre(ig.notAi)} not AI services (ServiceGroup2 is not ${program.performance.serviceGroup2.join(" or ")}) and do not count`,
      ig.notAi,
    );
  if (ig.duplicates > 0)
    warn(
      "usage.duplicate",
      `${rowsAre(ig.duplicates, "AI row")} flagged IsACRDuplicateAtMPNLevel and are not summed again`,
      ig.duplicates,
    );
  const eligible = program.performance.eligibleAttributions.map((a) => a.type).join(", ");
  eachListed(
    byCount(ig.ineligibleAttributions),
    (attribution, n) =>
      warn(
        "usage.attribution",
        `${rowsHave(n)} the attribution "${echo(attribution)}", which does not count (only ${eligible})`,
        n,
      ),
    (values, n) =>
      warn("usage.attribution", `${rowsHave(n)} ${values} other attributions, which do not count`, n),
  );
  eachListed(
    byCount(ig.excludedOffers),
    (offer, n) => warn("usage.offer", `${rowsHave(n)} the offer type "${echo(offer)}", which is excluded`, n),
    (values, n) => warn("usage.offer", `${rowsHave(n)} ${values} other excluded offer types`, n),
  );
  if (ig.governmentPal > 0) {
    warn(
      "usage.government-pal",
      `${rowsAre(ig.governmentPal, "AI row")} government subscriptions attributed through PAL, which do not count`,
      ig.governmentPal,
    );
  }
  warnings.push(...usageCoverageWarnings(program, file, summary));
  return warnings;
}
