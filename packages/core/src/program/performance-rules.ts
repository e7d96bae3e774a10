import { z } from "zod";
import { isDecimalText } from "../money/decimal.js";

/*
 * The rule language of a specialization's performance requirement, as program data: a list of sub-rules,
 * each a filter over named columns of the Azure usage report, an aggregate over the window (the monthly
 * average or the window total), a threshold, a minimum of customers, and optional nested minimums (a
 * part of the sub-rule's ACR that must reach an amount of its own, e.g. SQL MI or SQL DB within SQL).
 */

/**
 * The service columns of the Azure usage report a filter may name. ComputeOSAttribute and
 * ACRAdjustmentType are named by Microsoft's filters but not in the download's data definitions: a file
 * that lacks a column leaves the conditions on it unchecked, and the report says so.
 */
export const usageFilterColumns = [
  "ServiceLevel1",
  "ServiceLevel2",
  "ServiceLevel3",
  "ServiceLevel4",
  "ServiceGroup2",
  "ServiceGroup3",
  "ServiceInfluencer",
  "ComputeOS",
  "ComputeOSAttribute",
  "ComputeCoreSoftware",
  "ACRAdjustmentType",
] as const;
export type UsageFilterColumn = (typeof usageFilterColumns)[number];

const nonEmpty = z.string().trim().min(1);
const values = z.array(nonEmpty).min(1);
const column = z.enum(usageFilterColumns, {
  error: `must be one of the usage report's service columns: ${usageFilterColumns.join(", ")}`,
});

/** A condition on the values of a usage row (every comparison ignores case and surrounding spaces). */
export type UsageFilter =
  | { readonly column: UsageFilterColumn; readonly equals: string }
  | { readonly column: UsageFilterColumn; readonly in: readonly string[] }
  | { readonly column: UsageFilterColumn; readonly notIn: readonly string[] }
  | { readonly allOf: readonly UsageFilter[] }
  | { readonly anyOf: readonly UsageFilter[] };

const FILTER_SHAPES =
  'a filter is one of {"column", "equals"}, {"column", "in": [...]}, {"column", "notIn": [...]}, {"allOf": [filters]} or {"anyOf": [filters]}';

/**
 * One object with every member optional, then checked for exactly one shape, so that a problem is named
 * at its member ("filter.allOf.1.column: must be one of the usage report's service columns") rather than
 * as "no shape matched".
 */
export const usageFilterSchema: z.ZodType<UsageFilter, unknown> = z.lazy(() =>
  z
    .strictObject({
      column: column.optional(),
      equals: nonEmpty.optional(),
      in: values.optional(),
      notIn: values.optional(),
      allOf: z.array(usageFilterSchema).min(1).optional(),
      anyOf: z.array(usageFilterSchema).min(1).optional(),
    })
    .superRefine((f, ctx) => {
      const tests = (["equals", "in", "notIn"] as const).filter((k) => f[k] !== undefined);
      const groups = (["allOf", "anyOf"] as const).filter((k) => f[k] !== undefined);
      const ok =
        (groups.length === 0 && tests.length === 1 && f.column !== undefined) ||
        (groups.length === 1 && tests.length === 0 && f.column === undefined);
      if (!ok) ctx.addIssue({ code: "custom", message: FILTER_SHAPES });
    })
    .transform((f) => f as UsageFilter),
);

const decimalText = z.string().refine(isDecimalText, 'must be a decimal number written as text, e.g. "2000"');
const ruleId = z.string().regex(/^[a-z][a-z0-9-]*$/, "lower-case letters, digits and hyphens");

const nestedMinimumSchema = z.strictObject({
  id: ruleId,
  title: nonEmpty,
  /** Rows of the sub-rule that also pass this filter make up the part. */
  filter: usageFilterSchema,
  /** The part's window total must reach this (USD). */
  minimumUsd: decimalText,
});

export const performanceSubRuleSchema = z.strictObject({
  id: ruleId,
  title: nonEmpty,
  filter: usageFilterSchema,
  /**
   * `monthly-average`: the window total divided by the window's months reaches `minimumUsd` (compared
   * exactly as the total against minimumUsd × months); `window-total`: the window total reaches it.
   */
  aggregate: z.enum(["monthly-average", "window-total"]),
  minimumUsd: decimalText,
  /** Customers whose eligible ACR under this sub-rule in the window is above zero. */
  minimumCustomers: z.int().min(1),
  minimums: z.array(nestedMinimumSchema).default([]),
  /** What the sources say about the sub-rule that the filter cannot express, shown with the rule. */
  caveats: z.array(nonEmpty).default([]),
});

export type PerformanceSubRule = z.infer<typeof performanceSubRuleSchema>;
export type NestedMinimum = PerformanceSubRule["minimums"][number];

/** The columns a filter reads. */
export function filterColumns(filter: UsageFilter): Set<UsageFilterColumn> {
  const out = new Set<UsageFilterColumn>();
  const walk = (f: UsageFilter) => {
    if ("allOf" in f) f.allOf.forEach(walk);
    else if ("anyOf" in f) f.anyOf.forEach(walk);
    else out.add(f.column);
  };
  walk(filter);
  return out;
}

/**
 * The service values of a row by column. A column missing from the map is one the file does not have:
 * a condition on it can be neither confirmed nor ruled out.
 */
export type ServiceValues = Readonly<Partial<Record<UsageFilterColumn, string>>>;

/**
 * A filter's answer for a row: `true`, `false`, or `unknown` when it depends on a column the file does
 * not have (three-valued: allOf is false when any part is false, anyOf true when any part is true).
 */
export type FilterAnswer = true | false | "unknown";

/** A filter as a function of a row's service values, comparing without case or surrounding spaces. */
export function compileFilter(filter: UsageFilter): (row: ServiceValues) => FilterAnswer {
  const norm = (s: string) => s.trim().toLowerCase();
  if ("allOf" in filter) {
    const parts = filter.allOf.map(compileFilter);
    return (row) => {
      let answer: FilterAnswer = true;
      for (const p of parts) {
        const a = p(row);
        if (a === false) return false;
        if (a === "unknown") answer = "unknown";
      }
      return answer;
    };
  }
  if ("anyOf" in filter) {
    const parts = filter.anyOf.map(compileFilter);
    return (row) => {
      let answer: FilterAnswer = false;
      for (const p of parts) {
        const a = p(row);
        if (a === true) return true;
        if (a === "unknown") answer = "unknown";
      }
      return answer;
    };
  }
  const col = filter.column;
  if ("equals" in filter) {
    const v = norm(filter.equals);
    return (row) => {
      const x = row[col];
      return x === undefined ? "unknown" : norm(x) === v;
    };
  }
  const set = new Set(("in" in filter ? filter.in : filter.notIn).map(norm));
  const inside = "in" in filter;
  return (row) => {
    const x = row[col];
    return x === undefined ? "unknown" : set.has(norm(x)) === inside;
  };
}

/** A filter in words: "ServiceGroup3 is SQLDB or SQL DB MI". */
export function filterInWords(filter: UsageFilter): string {
  const quoted = (vs: readonly string[]) => vs.map((v) => `"${v}"`);
  const or = (vs: readonly string[]) =>
    vs.length <= 1 ? vs.join("") : `${vs.slice(0, -1).join(", ")} or ${vs[vs.length - 1]}`;
  if ("allOf" in filter)
    return filter.allOf.length === 1
      ? filterInWords(filter.allOf[0] as UsageFilter)
      : `(${filter.allOf.map(filterInWords).join(" and ")})`;
  if ("anyOf" in filter)
    return filter.anyOf.length === 1
      ? filterInWords(filter.anyOf[0] as UsageFilter)
      : `(${filter.anyOf.map(filterInWords).join(" or ")})`;
  if ("equals" in filter) return `${filter.column} is "${filter.equals}"`;
  if ("in" in filter) return `${filter.column} is ${or(quoted(filter.in))}`;
  return `${filter.column} is none of ${quoted(filter.notIn).join(", ")}`;
}
