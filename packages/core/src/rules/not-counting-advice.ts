import { compareDecimals, type Decimal, formatUsd, isPositive, sumDecimals } from "../money/decimal.js";
import type { Program } from "../program/program-definition.js";
import type { Gap } from "./evaluation-types.js";
import { lookupsOf } from "./program-lookups.js";
import { listInWords } from "./resources.js";
import { ineligibleCauseOf } from "./usage-summary.js";

/*
 * Why a customer's AI ACR did not count, and what (if anything) would make it count. Linking a partner
 * ID through PAL helps only where the attribution is the one thing keeping the ACR out; the other
 * causes get their own explanation:
 * - trial, benefit, support and internal offers are excluded whatever the attribution, and government
 *   subscriptions do not count through PAL (the partner agreement: "Offer types Trial, Benefits
 *   programs, Support, and Internal are excluded. Government subscriptions (i.e. Fairfax) are not
 *   eligible for ACR via PAL association", quoted in the Microsoft Partner Community thread "ACR
 *   Recognition for Benefit Programs",
 *   https://www.microsoftpartnercommunity.com/t5/Feedback-Support-Discussions/ACR-Recognition-for-Benefit-Programs/td-p/34253);
 * - the partner's own tenant: the Azure usage report attributes a partner's consumption in its own
 *   tenant "Partner as end-customer" (Partner Center Insights, "Partner insights reports and data
 *   definitions": PartnerAttributionType, PartnerName, CustomerName), which is the partner's use of
 *   Azure, not a customer's; no association makes the partner its own customer.
 * Attribution is not retroactive: ACR counts from the day the association is made (the
 * specialization's prep page, see ../shared/domain/specialization.md §2).
 */

/** What keeps an amount of a customer's AI ACR out. */
export type NotCountingCause =
  /** An attribution the program does not count, in the commercial cloud: PAL, DPOR or CSP would count. */
  | "attribution"
  /** An attribution the program does not count, in a government cloud: only DPOR or CSP would count. */
  | "government-attribution"
  /** A government subscription already attributed through PAL. */
  | "government-pal"
  /** A trial, benefit, support or internal offer. */
  | "excluded-offer"
  /** The partner's own tenant. */
  | "partner-own-tenant";

/** The cause of an amount kept under `label` (`ineligibleLabel`) for a customer. */
export function notCountingCause(label: string, partnerOwnTenant: boolean): NotCountingCause {
  if (partnerOwnTenant) return "partner-own-tenant";
  const cause = ineligibleCauseOf(label);
  switch (cause?.cause) {
    case "excluded-offer":
      return "excluded-offer";
    case "government-pal":
      return "government-pal";
    case "ineligible-attribution":
      return cause.government ? "government-attribution" : "attribution";
    default:
      // A label this version does not write (a summary stored by another version): the attribution.
      return "attribution";
  }
}

/** A customer whose AI ACR in the window did not count, with the amounts by label. */
export interface NotCountingCustomer {
  readonly tenantId: string;
  readonly name: string | null;
  readonly partnerOwnTenant: boolean;
  readonly amounts: readonly { readonly label: string; readonly amount: Decimal }[];
}

/** The order the advice is given in: what the partner can act on first, explanations after. */
const ORDER: readonly NotCountingCause[] = [
  "attribution",
  "government-attribution",
  "government-pal",
  "excluded-offer",
  "partner-own-tenant",
];

const CODES: Readonly<Record<NotCountingCause, string>> = {
  attribution: "performance.customer-unattributed",
  "government-attribution": "performance.customer-government-unattributed",
  "government-pal": "performance.customer-government-pal",
  "excluded-offer": "performance.customer-excluded-offer",
  "partner-own-tenant": "performance.partner-own-tenant",
};

/**
 * One gap per customer and cause, saying what the AI ACR that did not count is, why it cannot count
 * and what, if anything, would make it count. Actionable causes first; within a cause, the largest
 * amount first (ties by tenant id).
 */
export function notCountingAdvice(program: Program, customers: readonly NotCountingCustomer[]): Gap[] {
  const items: { cause: NotCountingCause; amount: Decimal; tenantId: string; message: string }[] = [];
  for (const c of customers) {
    const name = c.name ?? c.tenantId;
    const byCause = new Map<NotCountingCause, { label: string; amount: Decimal }[]>();
    for (const a of c.amounts) {
      const cause = notCountingCause(a.label, c.partnerOwnTenant);
      byCause.set(cause, [...(byCause.get(cause) ?? []), a]);
    }
    for (const [cause, amounts] of byCause) {
      // The own tenant is one explanation, whatever its rows' labels; an offer or an attribution is
      // one gap per label (each has its own words).
      const groups = cause === "partner-own-tenant" ? [amounts] : amounts.map((a) => [a]);
      for (const group of groups) {
        const amount = sumDecimals(group.map((a) => a.amount));
        // Credits can leave nothing (or less) behind a label: nothing to explain then.
        if (!isPositive(amount)) continue;
        items.push({
          cause,
          amount,
          tenantId: c.tenantId,
          message: adviceText(program, cause, name, amount, group[0]?.label ?? "", group),
        });
      }
    }
  }
  items.sort(
    (a, b) =>
      ORDER.indexOf(a.cause) - ORDER.indexOf(b.cause) ||
      compareDecimals(b.amount, a.amount) ||
      a.tenantId.localeCompare(b.tenantId),
  );
  return items.map((i) => ({ code: CODES[i.cause], message: i.message }));
}

function adviceText(
  program: Program,
  cause: NotCountingCause,
  name: string,
  amount: Decimal,
  label: string,
  group: readonly { readonly label: string }[],
): string {
  const usd = formatUsd(amount);
  const types = program.performance.eligibleAttributions.map((a) => a.type);
  const governmentTypes = program.performance.eligibleAttributions
    .filter((a) => a.countsForGovernment)
    .map((a) => a.type);
  const parsed = ineligibleCauseOf(label);
  switch (cause) {
    case "attribution": {
      const attribution = parsed?.cause === "ineligible-attribution" ? parsed.attribution : label;
      const others = types.filter((t) => t.toUpperCase() !== "PAL");
      const how = [
        ...(others.length < types.length ? ["link your partner ID to its subscriptions with PAL"] : []),
        ...(others.length > 0 ? [`become its ${listInWords(typesInWords(others), "or")}`] : []),
      ];
      return (
        `${name} has ${usd} of AI ACR in the window attributed as "${attribution}", which does not count: ` +
        `${listInWords(how, "or")}, and its AI ACR counts from that day on.`
      );
    }
    case "government-attribution": {
      const attribution = parsed?.cause === "ineligible-attribution" ? parsed.attribution : label;
      return (
        `${name} has ${usd} of AI ACR in the window on government-cloud subscriptions attributed as "${attribution}", which does not count. ` +
        (governmentTypes.length > 0
          ? `In a government cloud PAL does not count either: becoming its ${listInWords(typesInWords(governmentTypes), "or")} would make it count, from that day on.`
          : "In a government cloud no association counts for this program.")
      );
    }
    case "government-pal":
      return (
        `${name} has ${usd} of AI ACR in the window on government-cloud subscriptions that are already linked to you through PAL: ` +
        "the program does not count government subscriptions through PAL, so linking them again changes nothing. " +
        (governmentTypes.length > 0
          ? `It would count if you were its ${listInWords(typesInWords(governmentTypes), "or")} for these subscriptions.`
          : "No other association counts for them in this program.")
      );
    case "excluded-offer": {
      const offer = parsed?.cause === "excluded-offer" ? parsed.offerType : label;
      return `${name} has ${usd} of AI ACR in the window on the offer "${offer}": ${offerExplanation(program, offer, types)}`;
    }
    case "partner-own-tenant": {
      const asEndCustomer = group.some((g) => {
        const c = ineligibleCauseOf(g.label);
        return c?.cause === "ineligible-attribution" && /end.?customer/i.test(c.attribution);
      });
      return (
        `${name} is your own organization's tenant (${asEndCustomer ? 'Partner Center attributes its usage "Partner as end-customer"' : "the usage report names it as the partner"}): ` +
        `its ${usd} of AI ACR in the window is your own use of Azure, not a customer's, and does not count. ` +
        "Linking PAL or any other association does not make your own tenant a customer; only your customers' consumption closes the gap."
      );
    }
  }
}

/** "PAL" stays, "DPOR" becomes "partner of record (DPOR)", "CSP" becomes "CSP" (the reader knows it). */
function typesInWords(types: readonly string[]): string[] {
  return types.map((t) => (t.toUpperCase() === "DPOR" ? "partner of record (DPOR)" : t));
}

/**
 * What an excluded offer is, why it cannot count and what would make the workload count, by the
 * program's term it contains ("trial", "benefit", "support", "internal"); other terms a program may
 * list get the rule alone.
 */
function offerExplanation(program: Program, offer: string, types: readonly string[]): string {
  const lower = offer.toLowerCase();
  const term = lookupsOf(program).excludedOfferTerms.find((t) => lower.includes(t));
  const paid = `a paid subscription (pay-as-you-go, an Azure plan or an Enterprise Agreement) associated with you through ${listInWords(types, "or")}`;
  switch (term) {
    case "trial":
      return `a free trial runs on Microsoft's free credit, and trial offers never count, whatever the attribution. The usage counts once the customer moves it to ${paid}.`;
    case "benefit":
      return `benefit programs (such as Visual Studio subscriber or partner benefit credits) run on credit Microsoft grants, and they never count, whatever the attribution. The same workload would count on ${paid}.`;
    case "support":
      return "support offers are not consumption of Azure services, and they never count, whatever the attribution; nothing makes this amount count.";
    case "internal":
      return "internal-use subscriptions are not a customer's consumption, and they never count, whatever the attribution; nothing makes this amount count.";
    default:
      return `the program does not count offers whose type mentions "${term ?? offer}", whatever the attribution.`;
  }
}
