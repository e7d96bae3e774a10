import type { YearMonth } from "../calendar/calendar-date.js";
import { addDecimals, type Decimal, parseValidDecimal } from "../money/decimal.js";
import { compileFilter } from "../program/performance-rules.js";
import type { Program } from "../program/program-definition.js";
import type { UsageRecord } from "../records/input-records.js";
import { lookupsOf, type ProgramLookups } from "./program-lookups.js";

/** Why a usage row does not count as eligible AI ACR. */
export type UsageExclusion =
  | { readonly reason: "not-ai" }
  | { readonly reason: "duplicate" }
  | { readonly reason: "excluded-offer"; readonly offerType: string }
  | { readonly reason: "ineligible-attribution"; readonly attribution: string }
  | { readonly reason: "government-pal" };

/**
 * Answers of the per-value tests, by the value as written. Exports repeat a handful of service groups,
 * attributions, offers and clouds over millions of rows: each distinct text is tested once.
 */
export interface ClassifyMemo {
  readonly ai: Map<string, boolean>;
  readonly excludedOffer: Map<string, boolean>;
  readonly attribution: Map<string, { type: string; countsForGovernment: boolean } | null>;
  readonly government: Map<string, boolean>;
}

/** An empty memo for `classifyUsage`. */
export function createClassifyMemo(): ClassifyMemo {
  return { ai: new Map(), excludedOffer: new Map(), attribution: new Map(), government: new Map() };
}

function isAiGroup(lookups: ProgramLookups, memo: ClassifyMemo, text: string): boolean {
  let v = memo.ai.get(text);
  if (v === undefined) {
    v = lookups.serviceGroups.has(text.toLowerCase());
    memo.ai.set(text, v);
  }
  return v;
}

function isExcludedOffer(lookups: ProgramLookups, memo: ClassifyMemo, text: string): boolean {
  let v = memo.excludedOffer.get(text);
  if (v === undefined) {
    const offer = text.toLowerCase();
    v = lookups.excludedOfferTerms.some((term) => offer.includes(term));
    memo.excludedOffer.set(text, v);
  }
  return v;
}

function attributionOf(lookups: ProgramLookups, memo: ClassifyMemo, text: string) {
  let v = memo.attribution.get(text);
  if (v === undefined) {
    v = lookups.attributions.get(text.toLowerCase()) ?? null;
    memo.attribution.set(text, v);
  }
  return v;
}

function isGovernment(lookups: ProgramLookups, memo: ClassifyMemo, text: string): boolean {
  let v = memo.government.get(text);
  if (v === undefined) {
    v = lookups.governmentInstances.has(text.toLowerCase());
    memo.government.set(text, v);
  }
  return v;
}

/**
 * Whether a usage row is eligible AI ACR, and if not, the first rule it fails (in the order a person
 * would check them: the service, the duplicate flag, the offer, the attribution, the government cloud).
 * Every comparison ignores case.
 */
export function classifyUsage(
  lookups: ProgramLookups,
  row: UsageRecord,
  memo: ClassifyMemo = createClassifyMemo(),
  services?: ServiceTest,
): UsageExclusion | undefined {
  if (services === undefined ? !isAiGroup(lookups, memo, row.serviceGroup2) : !services(row)) return NOT_AI;
  if (duplicateFlagOf(lookups, row) === true) return DUPLICATE;
  if (row.offerType !== undefined && isExcludedOffer(lookups, memo, row.offerType)) {
    return { reason: "excluded-offer", offerType: row.offerType };
  }
  const attribution = attributionOf(lookups, memo, row.attribution);
  if (attribution === null) return { reason: "ineligible-attribution", attribution: row.attribution };
  if (
    !attribution.countsForGovernment &&
    row.cloudInstance !== undefined &&
    isGovernment(lookups, memo, row.cloudInstance)
  ) {
    return GOVERNMENT_PAL;
  }
  return undefined;
}

/** The row's value of the duplicate flag the program reads (undefined: the file does not say). */
function duplicateFlagOf(lookups: ProgramLookups, row: UsageRecord): boolean | undefined {
  return lookups.duplicateFlag === "IsACRDuplicateAtPGALevel"
    ? row.isDuplicateAtPgaLevel
    : row.isDuplicateAtMpnLevel;
}

const NOT_AI: UsageExclusion = { reason: "not-ai" };
const DUPLICATE: UsageExclusion = { reason: "duplicate" };
const GOVERNMENT_PAL: UsageExclusion = { reason: "government-pal" };

/**
 * Why AI ACR set aside for a customer did not count, as far as the advice needs it: the offer, the
 * attribution (and whether the subscription is in a government cloud, where PAL does not count either),
 * or a government subscription already attributed through PAL.
 */
export type IneligibleCause =
  | { readonly cause: "excluded-offer"; readonly offerType: string }
  | { readonly cause: "ineligible-attribution"; readonly attribution: string; readonly government: boolean }
  | { readonly cause: "government-pal" };

const OFFER_LABEL = "offer type ";
const ATTRIBUTION_LABEL = "attribution ";
const IN_GOVERNMENT = " in a government cloud";
const GOVERNMENT_PAL_LABEL = "government subscription through PAL";

/**
 * The label a summary keeps a cause under ("offer type Free Trial", "attribution Deal registration in a
 * government cloud"): stored text, read back by `ineligibleCauseOf`.
 */
export function ineligibleLabel(c: IneligibleCause): string {
  switch (c.cause) {
    case "excluded-offer":
      return `${OFFER_LABEL}${c.offerType}`;
    case "ineligible-attribution":
      return `${ATTRIBUTION_LABEL}${c.attribution}${c.government ? IN_GOVERNMENT : ""}`;
    case "government-pal":
      return GOVERNMENT_PAL_LABEL;
  }
}

/** The cause behind a label of `ineligibleLabel`; undefined for a label it does not write. */
export function ineligibleCauseOf(label: string): IneligibleCause | undefined {
  if (label === GOVERNMENT_PAL_LABEL) return { cause: "government-pal" };
  if (label.startsWith(OFFER_LABEL))
    return { cause: "excluded-offer", offerType: label.slice(OFFER_LABEL.length) };
  if (label.startsWith(ATTRIBUTION_LABEL)) {
    const rest = label.slice(ATTRIBUTION_LABEL.length);
    const government = rest.endsWith(IN_GOVERNMENT);
    return {
      cause: "ineligible-attribution",
      attribution: government ? rest.slice(0, -IN_GOVERNMENT.length) : rest,
      government,
    };
  }
  return undefined;
}

/**
 * Whether a row is of the services a performance sub-rule counts (instead of the one-rule form's
 * ServiceGroup2 test).
 */
export type ServiceTest = (row: Pick<UsageRecord, "serviceGroup2" | "services">) => boolean;

/**
 * A sub-rule's filter as a test of a row (ServiceGroup2 is a column of the record, the others in
 * `services`): `certain` takes the rows the filter confirms, `possible` also those it cannot rule out
 * because the file lacks a column it reads.
 */
export function serviceTestOf(
  filter: Parameters<typeof compileFilter>[0],
  reading: "certain" | "possible",
): ServiceTest {
  const test = compileFilter(filter);
  // The reader puts ServiceGroup2 among the services already, so most rows need no copy.
  const view = (row: Pick<UsageRecord, "serviceGroup2" | "services">) =>
    row.services?.ServiceGroup2 === row.serviceGroup2
      ? row.services
      : { ...row.services, ServiceGroup2: row.serviceGroup2 };
  return reading === "certain" ? (row) => test(view(row)) === true : (row) => test(view(row)) !== false;
}

/** The key of `UsageSummary.byRule` for the rows a sub-rule (or "rule/minimum") cannot rule out. */
export function possibleKey(ruleKey: string): string {
  return `${ruleKey}~possible`;
}

/** One customer's AI ACR by month. */
export interface CustomerUsage {
  /** The tenant id as first written in the file. */
  readonly tenantId: string;
  readonly name: string | undefined;
  /**
   * The tenant is the partner's own (see `isPartnerOwnTenant`): its consumption is the partner's use of
   * Azure, not a customer's. Set from its AI rows that do not count (the ones that need explaining);
   * absent means not seen to be.
   */
  readonly partnerOwnTenant?: boolean | undefined;
  /**
   * Eligible AI ACR per month (net of credits). Its months are in no particular order (a reader may
   * fold rows in bulk, out of file order): it is looked up by month, and stored sorted.
   */
  readonly eligible: ReadonlyMap<YearMonth, Decimal>;
  /** AI ACR that did not count, per month and per reason label (`ineligibleLabel`). */
  readonly ineligible: ReadonlyMap<YearMonth, ReadonlyMap<string, Decimal>>;
}

/**
 * Partner Center's attribution for consumption in the partner's own tenant ("Partner as end-customer"
 * in the Azure usage report; also written "Partner As End Customer").
 */
const PARTNER_AS_END_CUSTOMER = "partnerasendcustomer";

function nameKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Whether a usage row is of the partner's own tenant, as the Azure usage report shows it: attributed
 * "Partner as end-customer" (Partner Center's attribution for a partner consuming as its own
 * customer), or a customer named as the report's partner (`CustomerName` = `PartnerName`, ignoring
 * case, spaces and punctuation). The report carries no partner tenant id to compare with.
 */
export function isPartnerOwnTenant(
  row: Pick<UsageRecord, "attribution" | "customerName" | "partnerName">,
): boolean {
  if (nameKey(row.attribution) === PARTNER_AS_END_CUSTOMER) return true;
  if (row.customerName === undefined || row.partnerName === undefined) return false;
  const partner = nameKey(row.partnerName);
  return partner !== "" && nameKey(row.customerName) === partner;
}

/** How many rows of a usage export were read, how many counted, and what was set aside and why. */
export interface UsageCounts {
  readonly rowCount: number;
  readonly eligibleRowCount: number;
  readonly ignored: {
    readonly notAi: number;
    readonly duplicates: number;
    readonly governmentPal: number;
    /** Offer type as written -> rows. */
    readonly excludedOffers: ReadonlyMap<string, number>;
    /** Attribution as written -> AI rows. */
    readonly ineligibleAttributions: ReadonlyMap<string, number>;
  };
  /**
   * Eligible rows that an exclusion could not be checked for, because the row (or its file) does not
   * carry the value: the offer type, the cloud of a PAL row, the duplicate flag.
   */
  readonly unchecked: UncheckedCounts;
}

/** Eligible rows an exclusion could not be applied to, by the missing value. */
export interface UncheckedCounts {
  readonly offerType: number;
  /** Rows attributed through an attribution that does not count for government (PAL). */
  readonly cloudInstance: number;
  readonly duplicateFlag: number;
}

export const NO_UNCHECKED: UncheckedCounts = { offerType: 0, cloudInstance: 0, duplicateFlag: 0 };

/** Everything the performance rule needs from a usage export: small, whatever the file's size. */
export interface UsageSummary extends UsageCounts {
  readonly file: string;
  /** Customers by lower-cased tenant id. */
  readonly customers: ReadonlyMap<string, CustomerUsage>;
  /**
   * The counts again, split by the month of the row, oldest month first; they add up to the counts of
   * the summary. Usage is stored per month (re-importing a month replaces it), and the rows set aside
   * must leave with the month they belong to.
   */
  readonly byMonth: ReadonlyMap<YearMonth, UsageCounts>;
  /**
   * For a program with performance sub-rules: the summary of the rows of each sub-rule, by its id, and
   * of each nested minimum, by "rule-id/minimum-id" — the rows its filter confirms — and, under
   * `possibleKey(key)`, the rows it cannot rule out (the file lacks a column it reads). The summary
   * itself holds the rows any sub-rule may count.
   */
  readonly byRule?: ReadonlyMap<string, UsageSummary> | undefined;
}

interface MutableCustomer {
  tenantId: string;
  name: string | undefined;
  partnerOwnTenant?: boolean;
  eligible: Map<YearMonth, Decimal>;
  ineligible: Map<YearMonth, Map<string, Decimal>>;
}

/** The counts of one month while rows are folded in (flat: the reader bumps them on every row). */
interface MonthCounter {
  rowCount: number;
  eligibleRowCount: number;
  notAi: number;
  duplicates: number;
  governmentPal: number;
  readonly excludedOffers: Map<string, number>;
  readonly ineligibleAttributions: Map<string, number>;
  uncheckedOffer: number;
  uncheckedCloud: number;
  uncheckedDuplicate: number;
}

function newMonthCounter(): MonthCounter {
  return {
    rowCount: 0,
    eligibleRowCount: 0,
    notAi: 0,
    duplicates: 0,
    governmentPal: 0,
    excludedOffers: new Map(),
    ineligibleAttributions: new Map(),
    uncheckedOffer: 0,
    uncheckedCloud: 0,
    uncheckedDuplicate: 0,
  };
}

function countsOf(c: MonthCounter): UsageCounts {
  return {
    rowCount: c.rowCount,
    eligibleRowCount: c.eligibleRowCount,
    ignored: {
      notAi: c.notAi,
      duplicates: c.duplicates,
      governmentPal: c.governmentPal,
      excludedOffers: c.excludedOffers,
      ineligibleAttributions: c.ineligibleAttributions,
    },
    unchecked: {
      offerType: c.uncheckedOffer,
      cloudInstance: c.uncheckedCloud,
      duplicateFlag: c.uncheckedDuplicate,
    },
  };
}

/** The counters in month order as `UsageCounts`, and the totals of their numbers. */
function monthsOf(counters: ReadonlyMap<YearMonth, MonthCounter>) {
  const totals = { rowCount: 0, eligibleRowCount: 0, notAi: 0, duplicates: 0, governmentPal: 0 };
  const unchecked = { offerType: 0, cloudInstance: 0, duplicateFlag: 0 };
  const byMonth = new Map<YearMonth, UsageCounts>();
  for (const month of [...counters.keys()].sort()) {
    const c = counters.get(month) as MonthCounter;
    totals.rowCount += c.rowCount;
    totals.eligibleRowCount += c.eligibleRowCount;
    totals.notAi += c.notAi;
    totals.duplicates += c.duplicates;
    totals.governmentPal += c.governmentPal;
    unchecked.offerType += c.uncheckedOffer;
    unchecked.cloudInstance += c.uncheckedCloud;
    unchecked.duplicateFlag += c.uncheckedDuplicate;
    byMonth.set(month, countsOf(c));
  }
  return { totals, unchecked, byMonth };
}

/**
 * Folds usage rows, one at a time, into a `UsageSummary`. Rows are not kept: a file of millions of rows
 * becomes a summary of customers x months, so memory does not grow with the file.
 */
/** What `UsageAccumulator.prepare` works out of a row, to fold rows like it (see there). */
export interface PreparedUsage {
  /** The row it was made of: its cells but the month and the amount are those of the rows like it. */
  readonly row: UsageRecord;
  readonly exclusion: UsageExclusion | undefined;
  /** The label its ACR is set aside under, when it is excluded for a reason the advice explains. */
  readonly label: string | undefined;
  readonly uncheckedOffer: boolean;
  readonly uncheckedDuplicate: boolean;
  readonly uncheckedCloud: boolean;
}

/**
 * What an accumulator works out of a prepared row the first time it folds it, the same for every row
 * folded with it: its customer, whether the row says the tenant is the partner's own, and the
 * spelling its excluded offer or attribution is counted under.
 */
interface PreparedCache {
  readonly owner: UsageAccumulator;
  customer: MutableCustomer | undefined;
  ownTenant: boolean | undefined;
  shown: string | undefined;
}

/** A prepared row as `prepare` makes it, with what its accumulator caches of it. */
interface PreparedRow extends PreparedUsage {
  readonly cache: PreparedCache;
}

/** How rows like a prepared one may be folded in bulk (see `UsageAccumulator.bulkFolding`). */
export interface BulkFolding {
  /** 0: one by one (`addPrepared`), in order; 1: eligible; 2: a duplicate; 3: not AI. */
  readonly kind: 0 | 1 | 2 | 3;
  /** The customer's number, for `addEligibleSum` (kind 1). */
  readonly customer: number;
  /** Whether its rows leave the offer, the duplicate flag or the cloud unchecked (kind 1). */
  readonly uncheckedOffer: boolean;
  readonly uncheckedDuplicate: boolean;
  readonly uncheckedCloud: boolean;
}

/** Rows of one month folded in bulk, by what they counted as (see `addMonthCounts`). */
export interface FoldedCounts {
  readonly rows: number;
  readonly eligible: number;
  readonly uncheckedOffer: number;
  readonly uncheckedDuplicate: number;
  readonly uncheckedCloud: number;
  readonly duplicates: number;
  readonly notAi: number;
}

/** How many tenant ids as written `UsageAccumulator` remembers (past that, each is lower-cased). */
const TENANTS_AS_WRITTEN = 100_000;

export class UsageAccumulator {
  private readonly lookups: ProgramLookups;
  private readonly memo = createClassifyMemo();
  private readonly customers = new Map<string, MutableCustomer>();
  /** The customers by tenant id as written (several spellings may lead to one customer). */
  private readonly byTenantAsWritten = new Map<string, MutableCustomer>();
  private readonly months = new Map<YearMonth, MonthCounter>();
  /**
   * The counter of the month of the previous row. Exports come sorted or grouped by month and the reader
   * hands over the same string for the same month text, so an identity check usually saves the lookup.
   */
  private lastMonth: YearMonth | undefined;
  private lastCounter: MonthCounter = newMonthCounter();
  // The totals of these two are kept as rows come, rather than summed from the months, so that their
  // order (and the order of the warnings made of them) is the order of the file.
  private readonly excludedOffers = new Map<string, number>();
  private readonly ineligibleAttributions = new Map<string, number>();
  private readonly spellings = new Map<string, string>();
  private readonly ownTenant = new Map<string, Map<string | undefined, Map<string | undefined, boolean>>>();
  /** The customer name each customer's eligible rows were last checked with (see `add`). */
  private readonly checkedName = new Map<MutableCustomer, string | undefined>();

  /** The rows' service test of a program with sub-rules (undefined: the one-rule ServiceGroup2 test). */
  private readonly services: ServiceTest | undefined;
  /** One accumulator per sub-rule and nested minimum, for a program with sub-rules. */
  private readonly rules: ReadonlyMap<string, UsageAccumulator> | undefined;

  constructor(
    program: Program,
    private readonly file: string,
    services?: ServiceTest,
  ) {
    this.lookups = lookupsOf(program);
    const subRules = program.performance.rules;
    if (services !== undefined || subRules === undefined) {
      this.services = services;
      this.rules = undefined;
    } else {
      const tests = subRules.map((r) => serviceTestOf(r.filter, "possible"));
      this.services = (row) => tests.some((t) => t(row));
      const rules = new Map<string, UsageAccumulator>();
      const add = (key: string, filter: Parameters<typeof compileFilter>[0]) => {
        rules.set(key, new UsageAccumulator(program, file, serviceTestOf(filter, "certain")));
        rules.set(possibleKey(key), new UsageAccumulator(program, file, serviceTestOf(filter, "possible")));
      };
      for (const r of subRules) {
        add(r.id, r.filter);
        for (const m of r.minimums) add(`${r.id}/${m.id}`, { allOf: [r.filter, m.filter] });
      }
      this.rules = rules;
    }
  }

  /**
   * Whether the reader must read a row's service columns before asking `isAiServiceGroup`-style
   * questions: true for a program with sub-rules (use `isOfProgramServices`).
   */
  get readsServiceColumns(): boolean {
    return this.services !== undefined;
  }

  /** Whether a ServiceGroup2 value is one of the program's AI groups (rows of others only count). */
  isAiServiceGroup(serviceGroup2: string): boolean {
    return isAiGroup(this.lookups, this.memo, serviceGroup2);
  }

  /** Whether a row is of the services the program counts (any sub-rule's, or the AI groups). */
  isOfProgramServices(row: Pick<UsageRecord, "serviceGroup2" | "services">): boolean {
    return this.services === undefined ? this.isAiServiceGroup(row.serviceGroup2) : this.services(row);
  }

  /** Counts a validated row of a service group that is not AI, without its values but its month. */
  addOtherService(month: YearMonth): void {
    const c = month === this.lastMonth ? this.lastCounter : this.counter(month);
    c.rowCount++;
    c.notAi++;
  }

  /** Counts `rows` validated rows of service groups that are not AI, all of one month. */
  addOtherServices(month: YearMonth, rows: number): void {
    const c = month === this.lastMonth ? this.lastCounter : this.counter(month);
    c.rowCount += rows;
    c.notAi += rows;
  }

  /**
   * What folding a row needs besides its month and amount, worked out once: its exclusion (if any),
   * the label its set-aside ACR is kept under, and which checks it leaves open. Rows that differ only
   * in month and amount (a subscription's rows, month after month) can share one: a reader that sees
   * the same cells again folds them with `addPrepared`, without reading them into a record again.
   */
  prepare(row: UsageRecord): PreparedRow {
    const exclusion = classifyUsage(this.lookups, row, this.memo, this.services);
    let label: string | undefined;
    if (exclusion?.reason === "excluded-offer") {
      label = ineligibleLabel({ cause: "excluded-offer", offerType: exclusion.offerType });
    } else if (exclusion?.reason === "ineligible-attribution") {
      const government =
        row.cloudInstance !== undefined && isGovernment(this.lookups, this.memo, row.cloudInstance);
      label = ineligibleLabel({
        cause: "ineligible-attribution",
        attribution: exclusion.attribution,
        government,
      });
    } else if (exclusion?.reason === "government-pal") {
      label = GOVERNMENT_PAL_LABEL;
    }
    return {
      row,
      exclusion,
      label,
      uncheckedOffer: row.offerType === undefined,
      uncheckedDuplicate: duplicateFlagOf(this.lookups, row) === undefined,
      uncheckedCloud:
        row.cloudInstance === undefined &&
        attributionOf(this.lookups, this.memo, row.attribution)?.countsForGovernment === false,
      cache: { owner: this, customer: undefined, ownTenant: undefined, shown: undefined },
    };
  }

  /**
   * What `prepare` makes of a row with the cells of `classOf`'s row but for its customer's (the tenant
   * id and name), which are `customerOf`'s: both prepared here. The reader of a row with the cells of
   * each of two rows read before gets, without reading it, the same as from reading it, and folds it
   * in bulk at once: for an eligible row, the customer is found (added to the customers when new) and
   * checked for the partner's own tenant now, as `addPrepared` does with a first row. The caller calls
   * this where that row is in the file, after the rows before it were folded.
   */
  preparedLike(classOf: PreparedUsage, customerOf: PreparedUsage): PreparedUsage {
    const prepared = this.prepare({
      ...classOf.row,
      customerTenantId: customerOf.row.customerTenantId,
      customerName: customerOf.row.customerName,
    });
    if (prepared.exclusion === undefined) this.checkedCustomerOf(prepared, prepared.cache);
    return prepared;
  }

  /**
   * How a reader may fold rows like a prepared one in bulk, once this accumulator has folded one of
   * them (with `addPrepared`): eligible rows summed by customer and month (`addEligibleSum`) and
   * counted (`addMonthCounts`); duplicates and rows not AI only counted. Their order changes nothing
   * there: the customer and every map key they touch exist by then, and the month amounts are looked up
   * by month. Any other kind of row (its ACR set aside under a reason listed in the order seen) is
   * folded with `addPrepared` (kind 0): in the file's order until one of them was folded in a month;
   * then the reasons, offers and attributions it counts under exist in that month, and the rest of
   * that month's may come in any order (the sums are exact, the counts are counts).
   */
  bulkFolding(prepared: PreparedUsage): BulkFolding {
    const exclusion = prepared.exclusion;
    const cache = this.cacheOf(prepared);
    const kind =
      exclusion === undefined
        ? cache?.customer === undefined
          ? 0
          : 1
        : exclusion.reason === "duplicate"
          ? 2
          : exclusion.reason === "not-ai"
            ? 3
            : 0;
    let customer = -1;
    if (kind === 1) {
      const known = this.customerNumbers.get(cache?.customer as MutableCustomer);
      customer = known ?? this.numberedCustomers.push(cache?.customer as MutableCustomer) - 1;
      if (known === undefined) this.customerNumbers.set(cache?.customer as MutableCustomer, customer);
    }
    return {
      kind,
      customer,
      uncheckedOffer: prepared.uncheckedOffer,
      uncheckedDuplicate: prepared.uncheckedDuplicate,
      uncheckedCloud: prepared.uncheckedCloud,
    };
  }

  /** Customers by the number `bulkFolding` gave them. */
  private readonly customerNumbers = new Map<MutableCustomer, number>();
  private readonly numberedCustomers: MutableCustomer[] = [];

  /** Adds the summed amounts of eligible rows of customer number `customer` (see `bulkFolding`) in `month`. */
  addEligibleSum(customer: number, month: YearMonth, amount: Decimal): void {
    const c = this.numberedCustomers[customer] as MutableCustomer;
    const before = c.eligible.get(month);
    c.eligible.set(month, before === undefined ? amount : addDecimals(before, amount));
  }

  /** Adds the counts of rows folded in bulk (see `bulkFolding`) in `month`. */
  addMonthCounts(month: YearMonth, counts: FoldedCounts): void {
    const c = month === this.lastMonth ? this.lastCounter : this.counter(month);
    c.rowCount += counts.rows;
    c.eligibleRowCount += counts.eligible;
    c.uncheckedOffer += counts.uncheckedOffer;
    c.uncheckedDuplicate += counts.uncheckedDuplicate;
    c.uncheckedCloud += counts.uncheckedCloud;
    c.duplicates += counts.duplicates;
    c.notAi += counts.notAi;
  }

  /** The cache of a prepared row this accumulator made (undefined for one made elsewhere). */
  private cacheOf(prepared: PreparedUsage): PreparedCache | undefined {
    const cache = (prepared as Partial<PreparedRow>).cache;
    return cache?.owner === this ? cache : undefined;
  }

  /** The customer of a prepared row, found once per prepared row. */
  private customerOf(prepared: PreparedUsage, cache: PreparedCache | undefined): MutableCustomer {
    if (cache === undefined) return this.customer(prepared.row);
    // `customer` only ever adds a name the customer lacks: once per row is all it can do.
    cache.customer ??= this.customer(prepared.row);
    return cache.customer;
  }

  /** The customer of a prepared row, marked the partner's own tenant when the row says so. */
  private checkedCustomerOf(prepared: PreparedUsage, cache: PreparedCache | undefined): MutableCustomer {
    const customer = this.customerOf(prepared, cache);
    if (customer.partnerOwnTenant !== true && this.ownTenantOf(prepared, cache))
      customer.partnerOwnTenant = true;
    return customer;
  }

  /** `isOwnTenant` of a prepared row's row, answered once per prepared row. */
  private ownTenantOf(prepared: PreparedUsage, cache: PreparedCache | undefined): boolean {
    if (cache === undefined) return this.isOwnTenant(prepared.row);
    cache.ownTenant ??= this.isOwnTenant(prepared.row);
    return cache.ownTenant;
  }

  /** Adds one validated row. */
  add(row: UsageRecord): void {
    const prepared = this.prepare(row);
    if (this.rules !== undefined && prepared.exclusion?.reason !== "not-ai") {
      for (const acc of this.rules.values()) acc.add(row);
    }
    this.addPrepared(prepared, row.month, row.acrUsd);
  }

  /**
   * Adds one validated row from what `prepare` made of a row with the same cells but for its month and
   * amount (given here: the amount as validated text, or parsed). A program with sub-rules folds its
   * rows with `add` only. With `rows`, adds that many such rows of one month whose amounts sum to
   * `acrUsd`: the same figures as adding them one by one.
   */
  addPrepared(prepared: PreparedUsage, month: YearMonth, acrUsd: string | Decimal, rows = 1): void {
    const c = month === this.lastMonth ? this.lastCounter : this.counter(month);
    c.rowCount += rows;
    const { row, exclusion } = prepared;
    const cache = this.cacheOf(prepared);
    if (exclusion === undefined) {
      c.eligibleRowCount += rows;
      if (prepared.uncheckedOffer) c.uncheckedOffer += rows;
      if (prepared.uncheckedDuplicate) c.uncheckedDuplicate += rows;
      if (prepared.uncheckedCloud) c.uncheckedCloud += rows;
      // A tenant named like the partner is the partner's own whichever of its rows says so. The name is
      // looked at again only when it changes (or once per prepared row), so the eligible rows (most of a
      // file) cost one comparison.
      const customer = cache !== undefined ? this.checkedCustomerOf(prepared, cache) : this.customer(row);
      if (
        cache === undefined &&
        customer.partnerOwnTenant !== true &&
        this.checkedName.get(customer) !== row.customerName
      ) {
        this.checkedName.set(customer, row.customerName);
        if (this.isOwnTenant(row)) customer.partnerOwnTenant = true;
      }
      const amount = typeof acrUsd === "string" ? parseValidDecimal(acrUsd) : acrUsd;
      const before = customer.eligible.get(month);
      customer.eligible.set(month, before === undefined ? amount : addDecimals(before, amount));
      return;
    }
    switch (exclusion.reason) {
      case "not-ai":
        c.notAi += rows;
        return;
      case "duplicate":
        c.duplicates += rows;
        return;
      case "excluded-offer": {
        const shown = this.shownOf(exclusion.offerType, cache);
        this.excludedOffers.set(shown, (this.excludedOffers.get(shown) ?? 0) + rows);
        c.excludedOffers.set(shown, (c.excludedOffers.get(shown) ?? 0) + rows);
        this.addIneligible(prepared, cache, month, acrUsd);
        return;
      }
      case "ineligible-attribution": {
        const shown = this.shownOf(exclusion.attribution, cache);
        this.ineligibleAttributions.set(shown, (this.ineligibleAttributions.get(shown) ?? 0) + rows);
        c.ineligibleAttributions.set(shown, (c.ineligibleAttributions.get(shown) ?? 0) + rows);
        this.addIneligible(prepared, cache, month, acrUsd);
        return;
      }
      case "government-pal":
        c.governmentPal += rows;
        this.addIneligible(prepared, cache, month, acrUsd);
        return;
    }
  }

  /** The summary of every row added so far. */
  summary(): UsageSummary {
    const { totals, unchecked, byMonth } = monthsOf(this.months);
    return {
      file: this.file,
      rowCount: totals.rowCount,
      eligibleRowCount: totals.eligibleRowCount,
      unchecked,
      customers: this.customers,
      ignored: {
        notAi: totals.notAi,
        duplicates: totals.duplicates,
        governmentPal: totals.governmentPal,
        excludedOffers: this.excludedOffers,
        ineligibleAttributions: this.ineligibleAttributions,
      },
      byMonth,
      ...(this.rules === undefined
        ? {}
        : { byRule: new Map([...this.rules].map(([id, acc]) => [id, acc.summary()])) }),
    };
  }

  private counter(month: YearMonth): MonthCounter {
    let c = this.months.get(month);
    if (c === undefined) {
      c = newMonthCounter();
      this.months.set(month, c);
    }
    this.lastMonth = month;
    this.lastCounter = c;
    return c;
  }

  private customer(row: UsageRecord): MutableCustomer {
    // By the id as written first: a reader hands over one string per distinct cell value, so this
    // usually saves lower-casing it and hashing the new string.
    const known = this.byTenantAsWritten.get(row.customerTenantId);
    if (known !== undefined) {
      if (known.name === undefined && row.customerName !== undefined) known.name = row.customerName;
      return known;
    }
    const key = row.customerTenantId.toLowerCase();
    let customer = this.customers.get(key);
    if (customer === undefined) {
      customer = {
        tenantId: row.customerTenantId,
        name: row.customerName,
        eligible: new Map(),
        ineligible: new Map(),
      };
      this.customers.set(key, customer);
    } else if (customer.name === undefined && row.customerName !== undefined) {
      customer.name = row.customerName;
    }
    if (this.byTenantAsWritten.size < TENANTS_AS_WRITTEN)
      this.byTenantAsWritten.set(row.customerTenantId, customer);
    return customer;
  }

  /**
   * `isPartnerOwnTenant`, answered once per attribution, customer name and partner name (looked up by
   * the strings themselves, without making a key string per row).
   */
  private isOwnTenant(row: UsageRecord): boolean {
    let byCustomer = this.ownTenant.get(row.attribution);
    if (byCustomer === undefined) {
      byCustomer = new Map();
      this.ownTenant.set(row.attribution, byCustomer);
    }
    let byPartner = byCustomer.get(row.customerName);
    if (byPartner === undefined) {
      byPartner = new Map();
      byCustomer.set(row.customerName, byPartner);
    }
    let v = byPartner.get(row.partnerName);
    if (v === undefined) {
      v = isPartnerOwnTenant(row);
      byPartner.set(row.partnerName, v);
    }
    return v;
  }

  /** The spelling an offer or attribution is counted under: the first one seen, case ignored. */
  private shownOf(key: string, cache: PreparedCache | undefined): string {
    if (cache?.shown !== undefined) return cache.shown;
    const lower = key.toLowerCase();
    let shown = this.spellings.get(lower);
    if (shown === undefined) {
      shown = key;
      this.spellings.set(lower, key);
    }
    if (cache !== undefined) cache.shown = shown;
    return shown;
  }

  private addIneligible(
    prepared: PreparedUsage,
    cache: PreparedCache | undefined,
    month: YearMonth,
    acrUsd: string | Decimal,
  ): void {
    const label = prepared.label as string;
    // Only the AI ACR that does not count needs the explanation, so only its rows are looked at: the
    // eligible rows, most of a file, are summed without it.
    const customer = this.checkedCustomerOf(prepared, cache);
    let byReason = customer.ineligible.get(month);
    if (byReason === undefined) {
      byReason = new Map();
      customer.ineligible.set(month, byReason);
    }
    const amount = typeof acrUsd === "string" ? parseValidDecimal(acrUsd) : acrUsd;
    const before = byReason.get(label);
    byReason.set(label, before === undefined ? amount : addDecimals(before, amount));
  }
}

/**
 * Counts a value by its spelling-insensitive form, keeping the first spelling seen as the key shown
 * ("Deal registration" and "DEAL REGISTRATION" are one warning). Returns the key shown.
 */
function increment(map: Map<string, number>, key: string, spellings: Map<string, string>, n = 1): string {
  const lower = key.toLowerCase();
  let shown = spellings.get(lower);
  if (shown === undefined) {
    shown = key;
    spellings.set(lower, key);
  }
  map.set(shown, (map.get(shown) ?? 0) + n);
  return shown;
}

/** Summarizes rows already in memory (tests, small files). */
export function summarizeUsage(program: Program, file: string, rows: Iterable<UsageRecord>): UsageSummary {
  const acc = new UsageAccumulator(program, file);
  for (const row of rows) acc.add(row);
  return acc.summary();
}

/**
 * Merges summaries in order: the parts of one file read in parallel, in file order, or the months of
 * usage stored month by month. The first name seen for a customer is kept, and offers and attributions
 * that differ only in case are one, shown as first seen. Sums stay exact; the result of merging the
 * parts of a file equals the summary of the whole file read at once.
 */
export function mergeUsageSummaries(
  parts: readonly UsageSummary[],
  options: {
    /**
     * The first part is not used again by the caller: its customers are taken over, and added to,
     * rather than copied (the parts of a file read in parallel, where the first is the largest).
     */
    readonly takeFirst?: boolean;
  } = {},
): UsageSummary {
  const customers = new Map<string, MutableCustomer>();
  const excludedOffers = new Map<string, number>();
  const ineligibleAttributions = new Map<string, number>();
  const offerSpellings = new Map<string, string>();
  const attributionSpellings = new Map<string, string>();
  const months = new Map<YearMonth, MonthCounter>();
  for (const [index, part] of parts.entries()) {
    for (const [k, n] of part.ignored.excludedOffers) increment(excludedOffers, k, offerSpellings, n);
    for (const [k, n] of part.ignored.ineligibleAttributions)
      increment(ineligibleAttributions, k, attributionSpellings, n);
    for (const [month, counts] of part.byMonth) {
      let into = months.get(month);
      if (into === undefined) {
        into = newMonthCounter();
        months.set(month, into);
      }
      into.rowCount += counts.rowCount;
      into.eligibleRowCount += counts.eligibleRowCount;
      into.notAi += counts.ignored.notAi;
      into.duplicates += counts.ignored.duplicates;
      into.governmentPal += counts.ignored.governmentPal;
      into.uncheckedOffer += counts.unchecked.offerType;
      into.uncheckedCloud += counts.unchecked.cloudInstance;
      into.uncheckedDuplicate += counts.unchecked.duplicateFlag;
      for (const [k, n] of counts.ignored.excludedOffers)
        increment(into.excludedOffers, k, offerSpellings, n);
      for (const [k, n] of counts.ignored.ineligibleAttributions)
        increment(into.ineligibleAttributions, k, attributionSpellings, n);
    }
    if (index === 0 && options.takeFirst === true) {
      for (const [key, c] of part.customers) customers.set(key, c as MutableCustomer);
      continue;
    }
    for (const [key, c] of part.customers) {
      let into = customers.get(key);
      if (into === undefined) {
        into = { tenantId: c.tenantId, name: c.name, eligible: new Map(), ineligible: new Map() };
        customers.set(key, into);
      } else if (into.name === undefined) {
        into.name = c.name;
      }
      if (c.partnerOwnTenant === true) into.partnerOwnTenant = true;
      for (const [month, amount] of c.eligible) {
        const before = into.eligible.get(month);
        into.eligible.set(month, before === undefined ? amount : addDecimals(before, amount));
      }
      for (const [month, reasons] of c.ineligible) {
        let byReason = into.ineligible.get(month);
        if (byReason === undefined) {
          byReason = new Map();
          into.ineligible.set(month, byReason);
        }
        for (const [reason, amount] of reasons) {
          const before = byReason.get(reason);
          byReason.set(reason, before === undefined ? amount : addDecimals(before, amount));
        }
      }
    }
  }
  const { totals, unchecked, byMonth } = monthsOf(months);
  const ruleIds = [...new Set(parts.flatMap((p) => [...(p.byRule?.keys() ?? [])]))];
  const byRule =
    ruleIds.length === 0
      ? {}
      : {
          byRule: new Map(
            ruleIds.map((id) => [id, mergeUsageSummaries(parts.flatMap((p) => p.byRule?.get(id) ?? []))]),
          ),
        };
  return {
    ...byRule,
    file: parts[0]?.file ?? "",
    rowCount: totals.rowCount,
    eligibleRowCount: totals.eligibleRowCount,
    unchecked,
    customers,
    ignored: {
      notAi: totals.notAi,
      duplicates: totals.duplicates,
      governmentPal: totals.governmentPal,
      excludedOffers,
      ineligibleAttributions,
    },
    byMonth,
  };
}

const NO_COUNTS: UsageCounts = countsOf(newMonthCounter());

/**
 * Splits a summary into one summary per month, oldest first, each holding the counts of that month and
 * every customer with AI usage in it (with the customer's name from the whole file). Merging the months
 * back in month order (`mergeUsageSummaries`) gives the same figures for every month: this is how usage
 * is stored, a month at a time, so that re-importing a month replaces it.
 */
export function splitUsageSummaryByMonth(summary: UsageSummary): Map<YearMonth, UsageSummary> {
  const customersByMonth = new Map<YearMonth, Map<string, MutableCustomer>>();
  for (const month of summary.byMonth.keys()) customersByMonth.set(month, new Map());
  const customerIn = (month: YearMonth, key: string, c: CustomerUsage): MutableCustomer => {
    let customers = customersByMonth.get(month);
    if (customers === undefined) {
      customers = new Map();
      customersByMonth.set(month, customers);
    }
    let customer = customers.get(key);
    if (customer === undefined) {
      customer = { tenantId: c.tenantId, name: c.name, eligible: new Map(), ineligible: new Map() };
      if (c.partnerOwnTenant === true) customer.partnerOwnTenant = true;
      customers.set(key, customer);
    }
    return customer;
  };
  for (const [key, c] of summary.customers) {
    for (const [month, amount] of c.eligible) customerIn(month, key, c).eligible.set(month, amount);
    for (const [month, reasons] of c.ineligible)
      customerIn(month, key, c).ineligible.set(month, new Map(reasons));
  }
  const result = new Map<YearMonth, UsageSummary>();
  const rulesByMonth = [...(summary.byRule ?? [])].map(
    ([id, s]) => [id, splitUsageSummaryByMonth(s)] as const,
  );
  for (const month of [...customersByMonth.keys()].sort()) {
    const counts = summary.byMonth.get(month) ?? NO_COUNTS;
    const byRule =
      summary.byRule === undefined
        ? {}
        : {
            byRule: new Map(
              rulesByMonth.flatMap(([id, months]) => {
                const s = months.get(month);
                return s === undefined ? [] : [[id, s] as const];
              }),
            ),
          };
    result.set(month, {
      ...byRule,
      file: summary.file,
      rowCount: counts.rowCount,
      eligibleRowCount: counts.eligibleRowCount,
      unchecked: counts.unchecked,
      customers: customersByMonth.get(month) as Map<string, MutableCustomer>,
      ignored: counts.ignored,
      byMonth: new Map([[month, counts]]),
    });
  }
  return result;
}
