import type { YearMonth } from "../calendar/calendar-date.js";
import { addDecimals, type Decimal, parseValidDecimal } from "../money/decimal.js";
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
): UsageExclusion | undefined {
  if (!isAiGroup(lookups, memo, row.serviceGroup2)) return NOT_AI;
  if (row.isDuplicateAtMpnLevel === true) return DUPLICATE;
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

const NOT_AI: UsageExclusion = { reason: "not-ai" };
const DUPLICATE: UsageExclusion = { reason: "duplicate" };
const GOVERNMENT_PAL: UsageExclusion = { reason: "government-pal" };

/** One customer's AI ACR by month. */
export interface CustomerUsage {
  /** The tenant id as first written in the file. */
  readonly tenantId: string;
  readonly name: string | undefined;
  /** Eligible AI ACR per month (net of credits). */
  readonly eligible: ReadonlyMap<YearMonth, Decimal>;
  /** AI ACR that did not count, per month and per reason label (e.g. "attribution Transacting partner of record"). */
  readonly ineligible: ReadonlyMap<YearMonth, ReadonlyMap<string, Decimal>>;
}

/** Everything the performance rule needs from a usage export: small, whatever the file's size. */
export interface UsageSummary {
  readonly file: string;
  readonly rowCount: number;
  readonly eligibleRowCount: number;
  /** Customers by lower-cased tenant id. */
  readonly customers: ReadonlyMap<string, CustomerUsage>;
  readonly ignored: {
    readonly notAi: number;
    readonly duplicates: number;
    readonly governmentPal: number;
    /** Offer type as written -> rows. */
    readonly excludedOffers: ReadonlyMap<string, number>;
    /** Attribution as written -> AI rows. */
    readonly ineligibleAttributions: ReadonlyMap<string, number>;
  };
}

interface MutableCustomer {
  tenantId: string;
  name: string | undefined;
  eligible: Map<YearMonth, Decimal>;
  ineligible: Map<YearMonth, Map<string, Decimal>>;
}

/**
 * Folds usage rows, one at a time, into a `UsageSummary`. Rows are not kept: a file of millions of rows
 * becomes a summary of customers x months, so memory does not grow with the file.
 */
export class UsageAccumulator {
  private readonly lookups: ProgramLookups;
  private readonly memo = createClassifyMemo();
  private readonly customers = new Map<string, MutableCustomer>();
  private rowCount = 0;
  private eligibleRowCount = 0;
  private notAi = 0;
  private duplicates = 0;
  private governmentPal = 0;
  private readonly excludedOffers = new Map<string, number>();
  private readonly ineligibleAttributions = new Map<string, number>();
  private readonly spellings = new Map<string, string>();

  constructor(
    program: Program,
    private readonly file: string,
  ) {
    this.lookups = lookupsOf(program);
  }

  /** Whether a ServiceGroup2 value is one of the program's AI groups (rows of others only count). */
  isAiServiceGroup(serviceGroup2: string): boolean {
    return isAiGroup(this.lookups, this.memo, serviceGroup2);
  }

  /** Counts a validated row of a service group that is not AI, without its values. */
  addOtherService(): void {
    this.rowCount++;
    this.notAi++;
  }

  /** Adds one validated row. */
  add(row: UsageRecord): void {
    this.rowCount++;
    const exclusion = classifyUsage(this.lookups, row, this.memo);
    if (exclusion === undefined) {
      this.eligibleRowCount++;
      const customer = this.customer(row);
      const amount = parseValidDecimal(row.acrUsd);
      const before = customer.eligible.get(row.month);
      customer.eligible.set(row.month, before === undefined ? amount : addDecimals(before, amount));
      return;
    }
    switch (exclusion.reason) {
      case "not-ai":
        this.notAi++;
        return;
      case "duplicate":
        this.duplicates++;
        return;
      case "excluded-offer":
        increment(this.excludedOffers, exclusion.offerType, this.spellings);
        this.addIneligible(row, `offer type ${exclusion.offerType}`);
        return;
      case "ineligible-attribution":
        increment(this.ineligibleAttributions, exclusion.attribution, this.spellings);
        this.addIneligible(row, `attribution ${exclusion.attribution}`);
        return;
      case "government-pal":
        this.governmentPal++;
        this.addIneligible(row, "government subscription through PAL");
        return;
    }
  }

  /** The summary of every row added so far. */
  summary(): UsageSummary {
    return {
      file: this.file,
      rowCount: this.rowCount,
      eligibleRowCount: this.eligibleRowCount,
      customers: this.customers,
      ignored: {
        notAi: this.notAi,
        duplicates: this.duplicates,
        governmentPal: this.governmentPal,
        excludedOffers: this.excludedOffers,
        ineligibleAttributions: this.ineligibleAttributions,
      },
    };
  }

  private customer(row: UsageRecord): MutableCustomer {
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
    return customer;
  }

  private addIneligible(row: UsageRecord, label: string): void {
    const customer = this.customer(row);
    let byReason = customer.ineligible.get(row.month);
    if (byReason === undefined) {
      byReason = new Map();
      customer.ineligible.set(row.month, byReason);
    }
    const amount = parseValidDecimal(row.acrUsd);
    const before = byReason.get(label);
    byReason.set(label, before === undefined ? amount : addDecimals(before, amount));
  }
}

/**
 * Counts a value by its spelling-insensitive form, keeping the first spelling seen as the key shown
 * ("Deal registration" and "DEAL REGISTRATION" are one warning).
 */
function increment(map: Map<string, number>, key: string, spellings: Map<string, string>): void {
  const lower = key.toLowerCase();
  let shown = spellings.get(lower);
  if (shown === undefined) {
    shown = key;
    spellings.set(lower, key);
  }
  map.set(shown, (map.get(shown) ?? 0) + 1);
}

/** Summarizes rows already in memory (tests, small files). */
export function summarizeUsage(program: Program, file: string, rows: Iterable<UsageRecord>): UsageSummary {
  const acc = new UsageAccumulator(program, file);
  for (const row of rows) acc.add(row);
  return acc.summary();
}

/**
 * Merges summaries of consecutive parts of one file, in file order (the first name seen for a customer
 * is kept). Sums stay exact; the result equals the summary of the whole file read at once.
 */
export function mergeUsageSummaries(parts: readonly UsageSummary[]): UsageSummary {
  const customers = new Map<string, MutableCustomer>();
  const excludedOffers = new Map<string, number>();
  const ineligibleAttributions = new Map<string, number>();
  let rowCount = 0;
  let eligibleRowCount = 0;
  let notAi = 0;
  let duplicates = 0;
  let governmentPal = 0;
  for (const part of parts) {
    rowCount += part.rowCount;
    eligibleRowCount += part.eligibleRowCount;
    notAi += part.ignored.notAi;
    duplicates += part.ignored.duplicates;
    governmentPal += part.ignored.governmentPal;
    for (const [k, n] of part.ignored.excludedOffers) excludedOffers.set(k, (excludedOffers.get(k) ?? 0) + n);
    for (const [k, n] of part.ignored.ineligibleAttributions)
      ineligibleAttributions.set(k, (ineligibleAttributions.get(k) ?? 0) + n);
    for (const [key, c] of part.customers) {
      let into = customers.get(key);
      if (into === undefined) {
        into = { tenantId: c.tenantId, name: c.name, eligible: new Map(), ineligible: new Map() };
        customers.set(key, into);
      } else if (into.name === undefined) {
        into.name = c.name;
      }
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
  return {
    file: parts[0]?.file ?? "",
    rowCount,
    eligibleRowCount,
    customers,
    ignored: { notAi, duplicates, governmentPal, excludedOffers, ineligibleAttributions },
  };
}
