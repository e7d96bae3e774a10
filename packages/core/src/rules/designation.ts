import {
  addDecimals,
  compareDecimals,
  type Decimal,
  formatDecimal,
  parseDecimal,
  parseValidDecimal,
  subtractDecimals,
  ZERO,
} from "../money/decimal.js";
import type { Program } from "../program/program-definition.js";
import type { CapabilityScoreRecord } from "../records/input-records.js";
import type { Gap, RequirementResult } from "./evaluation-types.js";
import { lookupsOf } from "./program-lookups.js";
import { interpretationOf, listInWords, plural, resourcesFor } from "./resources.js";

export interface AreaScore {
  readonly area: string;
  readonly totalPoints: string;
  readonly met: boolean;
  readonly metrics: readonly {
    readonly metric: string;
    readonly category: string;
    readonly points: string;
    readonly line: number | null;
  }[];
  /** Metrics with no points (absent or 0). */
  readonly metricsWithoutPoints: readonly string[];
  /** Points still needed to reach the minimum total ("0" when reached). */
  readonly pointsShort: string;
}

export interface DesignationDetails {
  readonly qualifyingAreas: readonly string[];
  readonly minimumTotalPoints: string;
  readonly areas: readonly AreaScore[];
}

/**
 * The canonical name of a solution area as written in a file: the program's name of an eligible area
 * (its alias or any case matches), else the text as written.
 */
export function canonicalAreaName(program: Program, area: string): string {
  return lookupsOf(program).areas.get(area.trim().toLowerCase()) ?? area.trim();
}

/**
 * The score of one solution area (named canonically, see `canonicalAreaName`) from capability-score
 * rows: the points of each of the program's metrics (a missing metric has 0), their total, and whether
 * it reaches the minimum total with every metric above the floor. Area and metric names of the rows
 * match ignoring case, aliases included.
 */
export function scoreArea(
  program: Program,
  records: readonly CapabilityScoreRecord[],
  area: string,
): AreaScore {
  const rules = program.designation;
  const lookups = lookupsOf(program);
  const minimum = parseValidDecimal(rules.minimumTotalPoints);
  const floor = parseValidDecimal(rules.everyMetricAbove);
  const key = area.toLowerCase();
  const rows = records.filter((r) => canonicalAreaName(program, r.solutionArea).toLowerCase() === key);
  let total: Decimal = ZERO;
  const metrics = rules.metrics.map((m) => {
    const record = rows.find(
      (r) => (lookups.metrics.get(r.metric.trim().toLowerCase()) ?? r.metric) === m.name,
    );
    const points = record === undefined ? ZERO : (parseDecimal(record.points) ?? ZERO);
    total = addDecimals(total, points);
    return {
      metric: m.name,
      category: m.category,
      points: formatDecimal(points, 0),
      line: record?.source.line ?? null,
      value: points,
    };
  });
  const metricsWithoutPoints = metrics
    .filter((m) => compareDecimals(m.value, floor) <= 0)
    .map((m) => m.metric);
  const short = compareDecimals(total, minimum) >= 0 ? ZERO : subtractDecimals(minimum, total);
  return {
    area,
    totalPoints: formatDecimal(total, 0),
    met: compareDecimals(total, minimum) >= 0 && metricsWithoutPoints.length === 0,
    metrics: metrics.map(({ value: _value, ...m }) => m),
    metricsWithoutPoints,
    pointsShort: formatDecimal(short, 0),
  };
}

/**
 * The Solutions Partner designation: some eligible solution area has a points total at or above the
 * minimum and every metric above the floor. `records` are capability-score rows (the reader drops and
 * reports other areas; names match ignoring case and aliases, see `scoreArea`); `undefined` when there
 * is no file.
 */
export function evaluateDesignation(
  program: Program,
  records: readonly CapabilityScoreRecord[] | undefined,
): RequirementResult<DesignationDetails> {
  const rules = program.designation;
  const metricNames = rules.metrics.map((m) => m.name);
  const rule =
    `A Solutions Partner designation for ${listInWords(rules.eligibleAreas.map((a) => a.name))}: ` +
    `in at least one of these solution areas the partner capability score totals at least ${rules.minimumTotalPoints} points ` +
    `and each of the ${plural(rules.metrics.length, "metric")} (${listInWords(metricNames.map((m) => m.toLowerCase()))}) has more than ${rules.everyMetricAbove}.`;
  const base = {
    id: "designation" as const,
    title: "Solutions Partner designation",
    rule,
    interpretation: interpretationOf(program, "designation"),
    resources: resourcesFor(program, "designation"),
    changes: [],
  };
  if (records === undefined) {
    return {
      ...base,
      status: "no_data",
      summary: "No capability-score file: the designation cannot be checked.",
      gaps: [
        {
          code: "designation.no-data",
          message:
            "Add capability-score.csv (columns SolutionArea, Metric, Points) with the points per metric that Partner Center shows under Solutions Partner progress.",
        },
      ],
    };
  }

  const areas: AreaScore[] = rules.eligibleAreas.map(({ name }) => scoreArea(program, records, name));
  const qualifyingAreas = areas.filter((a) => a.met).map((a) => a.area);
  const met = qualifyingAreas.length > 0;
  const details: DesignationDetails = {
    qualifyingAreas,
    minimumTotalPoints: rules.minimumTotalPoints,
    areas,
  };

  const gaps: Gap[] = [];
  if (!met) {
    const scored = areas.filter((a) => a.metrics.some((m) => m.line !== null));
    if (scored.length === 0) {
      gaps.push({
        code: "designation.no-eligible-area",
        message: `The file has no points for ${listInWords(
          areas.map((a) => a.area),
          "or",
        )}: add the rows Partner Center shows for your Azure solution area.`,
      });
    }
    for (const a of scored) {
      const needs: string[] = [];
      if (a.pointsShort !== "0")
        needs.push(`${a.pointsShort} more points (it has ${a.totalPoints} of ${rules.minimumTotalPoints})`);
      if (a.metricsWithoutPoints.length > 0) {
        needs.push(`points in ${listInWords(a.metricsWithoutPoints.map((m) => m.toLowerCase()))}`);
      }
      gaps.push({ code: "designation.area-short", message: `${a.area} needs ${listInWords(needs)}.` });
    }
  }
  const best = [...areas].sort((x, y) =>
    compareDecimals(parseValidDecimal(y.totalPoints), parseValidDecimal(x.totalPoints)),
  )[0];
  const summary = met
    ? `${listInWords(qualifyingAreas.map((n) => `${n} (${areas.find((a) => a.area === n)?.totalPoints} points)`))} ${qualifyingAreas.length === 1 ? "qualifies" : "qualify"}.`
    : `No eligible solution area qualifies${best ? `: the best is ${best.area} with ${best.totalPoints} of ${rules.minimumTotalPoints} points` : ""}${best && best.metricsWithoutPoints.length > 0 ? ` and ${plural(best.metricsWithoutPoints.length, "metric")} without points` : ""}.`;
  return { ...base, status: met ? "met" : "not_met", details, summary, gaps };
}
