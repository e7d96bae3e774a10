import type { Program } from "../program/program-definition.js";
import type { InputWarning } from "../records/input-records.js";
import { usageCoverageWarnings } from "../rules/usage-coverage.js";
import type { UsageSummary } from "../rules/usage-summary.js";
import { echo } from "./echo.js";
import { byCount, eachListed } from "./listed-values.js";

function rowsAre(n: number, noun = "row"): string {
  return n === 1 ? `1 ${noun} is` : `${n} ${noun}s are`;
}

function rowsHave(n: number, ai = "AI "): string {
  return n === 1 ? `1 ${ai}row has` : `${n} ${ai}rows have`;
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
  const groups = program.performance.serviceGroup2;
  // A program with sub-rules counts more than AI services.
  const ai = program.performance.rules === undefined ? "AI " : "";
  if (ig.notAi > 0)
    warn(
      "usage.not-ai",
      groups === undefined
        ? `${rowsAre(ig.notAi)} of services no performance sub-rule counts and do not count`
        : `${rowsAre(ig.notAi)} not AI services (ServiceGroup2 is not ${groups.join(" or ")}) and do not count`,
      ig.notAi,
    );
  if (ig.duplicates > 0)
    warn(
      "usage.duplicate",
      `${rowsAre(ig.duplicates, `${ai}row`)} flagged IsACRDuplicateAtMPNLevel and are not summed again`,
      ig.duplicates,
    );
  const eligible = program.performance.eligibleAttributions.map((a) => a.type).join(", ");
  eachListed(
    byCount(ig.ineligibleAttributions),
    (attribution, n) =>
      warn(
        "usage.attribution",
        `${rowsHave(n, ai)} the attribution "${echo(attribution)}", which does not count (only ${eligible})`,
        n,
      ),
    (values, n) =>
      warn("usage.attribution", `${rowsHave(n, ai)} ${values} other attributions, which do not count`, n),
  );
  eachListed(
    byCount(ig.excludedOffers),
    (offer, n) =>
      warn("usage.offer", `${rowsHave(n, ai)} the offer type "${echo(offer)}", which is excluded`, n),
    (values, n) => warn("usage.offer", `${rowsHave(n, ai)} ${values} other excluded offer types`, n),
  );
  if (ig.governmentPal > 0) {
    warn(
      "usage.government-pal",
      `${rowsAre(ig.governmentPal, `${ai}row`)} government subscriptions attributed through PAL, which do not count`,
      ig.governmentPal,
    );
  }
  warnings.push(...usageCoverageWarnings(program, file, summary));
  return warnings;
}
