import {
  addDays,
  addMonthsToMonth,
  type CalendarDate,
  firstDayOf,
  lastDayOf,
  monthOf,
} from "../calendar/calendar-date.js";
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
import type { CapabilityScoreRecord, DesignationRecord } from "../records/input-records.js";
import type { ChangeEvent, Gap, RequirementResult } from "./evaluation-types.js";
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
  /**
   * What decided the requirement: the designation status Partner Center shows (the `designation` input),
   * or, without it, the capability score.
   */
  readonly basis: "designation" | "capability-score";
  /** With the `designation` input: each eligible area's designation on the as-of date. */
  readonly designations?: readonly DesignationStanding[];
}

/** An eligible area's designation as the `designation` input shows it, read on the as-of date. */
export interface DesignationStanding {
  readonly area: string;
  readonly status: string;
  readonly attainedDate: CalendarDate | null;
  readonly anniversaryDate: CalendarDate | null;
  /** Enrolled, attained on or before the as-of date, and the as-of date on or before the anniversary. */
  readonly active: boolean;
  /** The days on which the area must qualify (on at least one) to renew at its anniversary. */
  readonly renewalWindow: { readonly from: CalendarDate; readonly to: CalendarDate } | null;
  /** The capability score of the area now, when the capability-score input is given. */
  readonly score: { readonly totalPoints: string; readonly qualifies: boolean } | null;
  readonly line: number;
}

export interface DesignationOptions {
  readonly asOf?: CalendarDate | undefined;
  /** The `designation` input; undefined when there is no such file. */
  readonly designation?: readonly DesignationRecord[] | undefined;
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
  options: DesignationOptions = {},
): RequirementResult<DesignationDetails> {
  if (options.designation !== undefined && options.asOf !== undefined)
    return evaluateActiveDesignation(program, records, options.designation, options.asOf);
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
    basis: "capability-score",
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

/** Whether a status is one of an active designation (names ignore case and spaces). */
function isActiveStatus(program: Program, status: string): boolean {
  const key = status.trim().toLowerCase();
  return program.designation.activeStatuses.some((s) => s.toLowerCase() === key);
}

/** Whether a designation row is active on a date: enrolled, attained by then, the anniversary not passed. */
export function designationActiveOn(program: Program, d: DesignationRecord, date: CalendarDate): boolean {
  return (
    isActiveStatus(program, d.status) &&
    (d.attainedDate === undefined || d.attainedDate <= date) &&
    (d.anniversaryDate === undefined || date <= d.anniversaryDate)
  );
}

/**
 * The days on which an area must qualify, on at least one, to renew at its anniversary: from the first
 * day of the month `renewalQualificationMonths` before the anniversary month to the anniversary month's
 * last day.
 */
export function renewalWindowOf(
  program: Program,
  anniversary: CalendarDate,
): { from: CalendarDate; to: CalendarDate } {
  const month = monthOf(anniversary);
  return {
    from: firstDayOf(addMonthsToMonth(month, -program.designation.renewalQualificationMonths)),
    to: lastDayOf(month),
  };
}

function activeAreasOn(program: Program, rows: readonly DesignationRecord[], date: CalendarDate): string[] {
  return program.designation.eligibleAreas
    .map((a) => a.name)
    .filter((area) => rows.some((d) => d.solutionArea === area && designationActiveOn(program, d, date)));
}

/**
 * The designation requirement from the designation status Partner Center shows: met while an eligible
 * area's designation is active (enrolled from its attained date through its anniversary date, whatever
 * its score does meanwhile). The capability score, when given, forecasts the renewal at the anniversary.
 */
function evaluateActiveDesignation(
  program: Program,
  records: readonly CapabilityScoreRecord[] | undefined,
  designation: readonly DesignationRecord[],
  asOf: CalendarDate,
): RequirementResult<DesignationDetails> {
  const rules = program.designation;
  const eligible = rules.eligibleAreas.map((a) => a.name);
  const rows = designation.filter((d) => eligible.includes(d.solutionArea));
  const areas = records === undefined ? [] : eligible.map((name) => scoreArea(program, records, name));
  const standings: DesignationStanding[] = rows.map((d) => {
    const score = areas.find((a) => a.area === d.solutionArea && a.metrics.some((m) => m.line !== null));
    return {
      area: d.solutionArea,
      status: d.status,
      attainedDate: d.attainedDate ?? null,
      anniversaryDate: d.anniversaryDate ?? null,
      active: designationActiveOn(program, d, asOf),
      renewalWindow: d.anniversaryDate === undefined ? null : renewalWindowOf(program, d.anniversaryDate),
      score: score === undefined ? null : { totalPoints: score.totalPoints, qualifies: score.met },
      line: d.source.line,
    };
  });
  const qualifyingAreas = activeAreasOn(program, rows, asOf);
  const met = qualifyingAreas.length > 0;
  const gaps: Gap[] = [];
  if (!met) {
    if (rows.length === 0) {
      gaps.push({
        code: "designation.no-eligible-area",
        message: `The designation file lists no ${listInWords(eligible, "or")} designation: add the row Partner Center shows under Membership > Solutions Partner.`,
      });
    }
    for (const s of standings) {
      let message: string;
      if (isActiveStatus(program, s.status)) {
        message =
          s.attainedDate !== null && s.attainedDate > asOf
            ? `${s.area} is attained on ${s.attainedDate}, after ${asOf}: it counts from that day.`
            : `${s.area} reached its anniversary on ${s.anniversaryDate}: unless it was renewed, it is no longer active. If you renewed, import the status Partner Center shows now.`;
      } else if (s.status.toLowerCase() === "qualified") {
        message = `${s.area} is Qualified but not enrolled: the specialization needs an active designation — enroll in Partner Center (Membership offers).`;
      } else {
        message = `${s.area} is ${s.status}: it needs at least ${rules.minimumTotalPoints} points with every metric above ${rules.everyMetricAbove} to qualify, then enrolling.`;
      }
      gaps.push({ code: "designation.not-active", message });
    }
  }
  // The score forecasts the renewal: an active area must qualify on at least one day of its window.
  for (const s of standings) {
    if (!s.active || s.anniversaryDate === null || s.renewalWindow === null) continue;
    const window = `${s.renewalWindow.from} and ${s.renewalWindow.to}`;
    if (s.score === null) {
      if (records === undefined && s.renewalWindow.from <= addDays(asOf, 183))
        gaps.push({
          code: "designation.renewal-unknown",
          message: `${s.area} reaches its anniversary on ${s.anniversaryDate}: to renew it, Partner Center must show it qualified on at least one day between ${window}. Add capability-score.csv to see whether it qualifies.`,
        });
      continue;
    }
    if (!s.score.qualifies) {
      const area = areas.find((a) => a.area === s.area);
      const short: string[] = [];
      if (area !== undefined && area.pointsShort !== "0") short.push(`${area.pointsShort} more points`);
      if (area !== undefined && area.metricsWithoutPoints.length > 0)
        short.push(`points in ${listInWords(area.metricsWithoutPoints.map((m) => m.toLowerCase()))}`);
      gaps.push({
        code: "designation.renewal-at-risk",
        message: `${s.area} has ${s.score.totalPoints} points now, below what renewing needs: by its anniversary on ${s.anniversaryDate} it must qualify (at least ${rules.minimumTotalPoints} points, every metric above ${rules.everyMetricAbove}) on at least one day between ${window}, else the designation ends after ${s.anniversaryDate}. It needs ${listInWords(short)}.`,
      });
    } else if (s.renewalWindow.from <= asOf) {
      gaps.push({
        code: "designation.renewal-open",
        message: `${s.area} qualifies now (${s.score.totalPoints} points) within its renewal window (${window}): renew it in Partner Center before its anniversary on ${s.anniversaryDate}.`,
      });
    }
  }
  const details: DesignationDetails = {
    qualifyingAreas,
    minimumTotalPoints: rules.minimumTotalPoints,
    areas,
    basis: "designation",
    designations: standings,
  };
  const active = standings.filter((s) => s.active);
  const summary = met
    ? `${listInWords(active.map((s) => `${s.area} (${s.status} until ${s.anniversaryDate ?? "no anniversary given"})`))} ${active.length === 1 ? "is" : "are"} active.`
    : rows.length === 0
      ? "No eligible Solutions Partner designation in the designation file."
      : `No eligible designation is active on ${asOf}: ${listInWords(standings.map((s) => `${s.area} ${s.status}`))}.`;
  return {
    id: "designation",
    title: "Solutions Partner designation",
    status: met ? "met" : "not_met",
    details,
    summary,
    rule:
      `An active Solutions Partner designation for ${listInWords(eligible, "or")}: Partner Center shows it ${listInWords(rules.activeStatuses, "or")} ` +
      `from the day it was attained through its anniversary date, whatever its partner capability score does meanwhile. ` +
      `To renew, the area must qualify (at least ${rules.minimumTotalPoints} points, every metric above ${rules.everyMetricAbove}) on at least one day from the start of the month ${plural(rules.renewalQualificationMonths, "month")} before the anniversary month to the end of the anniversary month.`,
    interpretation: interpretationOf(program, "designation"),
    resources: resourcesFor(program, "designation"),
    gaps,
    changes: designationChanges(program, rows, asOf),
  };
}

/** The days an area's designation starts (attained after the as-of date) or ends (after its anniversary). */
function designationChanges(
  program: Program,
  rows: readonly DesignationRecord[],
  asOf: CalendarDate,
): ChangeEvent[] {
  const dates = new Set<CalendarDate>();
  for (const d of rows) {
    if (!isActiveStatus(program, d.status)) continue;
    if (d.attainedDate !== undefined && d.attainedDate > asOf) dates.add(d.attainedDate);
    if (d.anniversaryDate !== undefined && d.anniversaryDate >= asOf)
      dates.add(addDays(d.anniversaryDate, 1));
  }
  const events: ChangeEvent[] = [];
  let previous = activeAreasOn(program, rows, asOf);
  for (const date of [...dates].sort()) {
    const next = activeAreasOn(program, rows, date);
    const started = next.filter((a) => !previous.includes(a));
    const ended = previous.filter((a) => !next.includes(a));
    if (started.length === 0 && ended.length === 0) continue;
    const statusChanges = next.length > 0 !== previous.length > 0;
    const what = [
      ...started.map((a) => `${a} becomes active`),
      ...ended.map((a) => `${a} passes its anniversary and ends unless renewed`),
    ];
    events.push({
      date,
      requirement: "designation",
      status: next.length > 0 ? "met" : "not_met",
      statusChanges,
      message: `${listInWords(what)}${statusChanges ? ` — designation becomes ${next.length > 0 ? "met" : "not met"}` : ""}.`,
    });
    previous = next;
  }
  return events;
}
