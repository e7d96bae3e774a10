import { dateOfDayNumber, dayNumber, linearScale, monthTicks } from "../../components/charts/scales";
import { estimateTextWidth, type TextMeasure, wrapText } from "../../components/charts/text-fit";
import type { TimelineStep } from "./api";
import { basisDate } from "./audit-format";

export interface DeadlineRow {
  readonly id: string;
  readonly step: string;
  /** The step's name in lines that fit the label column (one when it fits, else broken at spaces). */
  readonly stepLines: readonly string[];
  readonly onlyWithGaps: boolean;
  /** The date the deadline counts from (read from the basis), when it has one. */
  readonly from: string | null;
  readonly due: string | null;
  readonly planned: string | null;
  /** The row's band: top and height; marks sit on `center`. */
  readonly y: number;
  readonly height: number;
  readonly center: number;
  readonly fromX: number | null;
  readonly dueX: number | null;
  readonly plannedX: number | null;
}

export interface DateTick {
  readonly date: string;
  readonly x: number;
  /** Month starts are labelled "Oct"; weekly ticks "Oct 6". */
  readonly kind: "month" | "day";
}

export interface DeadlineTimelineGeometry {
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly plot: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
  readonly rows: readonly DeadlineRow[];
  readonly ticks: readonly DateTick[];
  readonly applicationX: number | null;
  readonly auditX: number | null;
  /** Null when today falls outside the chart (more than `TODAY_REACH` days from its dates). */
  readonly todayX: number | null;
  /** The dates the axis spans; null when no step has a date yet (nothing to draw). */
  readonly domain: { readonly start: string; readonly end: string } | null;
}

/** A row's height with a one-line name; a name on more lines makes its row taller. */
export const ROW_HEIGHT = 36;
/** Step names: 12px, semibold when the row is active (measured semibold, so it fits both ways). */
export const STEP_FONT = { size: 12, weight: 600 } as const;
/** The distance between the lines of a step's name. */
export const STEP_LINE_HEIGHT = 15;
const PAD_DAYS = 3;
const MIN_SPAN_DAYS = 21;
/** Today widens the axis only when it is this close to the plan's dates; otherwise it would squash them. */
export const TODAY_REACH = 45;
/** Below this the chart keeps its width and scrolls sideways. */
export const MIN_WIDTH = 560;

const MONDAY_OFFSET = 4; // 1970-01-01 was a Thursday: day numbers ≡ 4 (mod 7) are Mondays.

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/**
 * Axis ticks for a span of days: every Monday, every other Monday, or month starts (as `monthTicks`
 * spaces them), whichever first keeps the count within `maxTicks`.
 */
export function dateTicks(
  startDay: number,
  endDay: number,
  maxTicks: number,
): { date: string; day: number; kind: "month" | "day" }[] {
  if (!(endDay > startDay) || maxTicks < 1) return [];
  const span = endDay - startDay;
  for (const every of [7, 14]) {
    if (span / every > maxTicks) continue;
    const ticks: { date: string; day: number; kind: "day" }[] = [];
    let day = startDay + mod(MONDAY_OFFSET - startDay, 7);
    if (every === 14) day += mod(MONDAY_OFFSET - day, 14) === 0 ? 0 : 7;
    for (; day <= endDay; day += every) ticks.push({ date: dateOfDayNumber(day), day, kind: "day" });
    return ticks;
  }
  return monthTicks(startDay, endDay, maxTicks).map((t) => ({ ...t, kind: "month" as const }));
}

/**
 * The process deadlines on a date axis: a row per step, a window from the date it counts from to its
 * due date, the planned audit and application dates and today as vertical lines.
 */
export function deadlineTimeline(
  steps: readonly TimelineStep[],
  dates: { readonly applicationDate: string | null; readonly auditDate: string | null },
  availableWidth: number,
  today: string | null = null,
  measure: TextMeasure = estimateTextWidth,
): DeadlineTimelineGeometry {
  const width = Math.max(availableWidth, MIN_WIDTH);
  // The name column takes what the longest name needs on one line, up to 36% of the chart; a longer
  // name breaks onto more lines (its row grows) rather than being cut.
  const longest = Math.max(0, ...steps.map((s) => measure(s.step, STEP_FONT.size, STEP_FONT.weight)));
  const labelWidth = Math.ceil(Math.min(Math.max(150, longest + 24), width * 0.36));
  const lines = steps.map((s) =>
    wrapText(s.step, labelWidth - 24, measure, STEP_FONT.size, STEP_FONT.weight, 3),
  );
  const heights = lines.map((l) => Math.max(ROW_HEIGHT, l.length * STEP_LINE_HEIGHT + 12));
  const top = 8;
  const plot = {
    left: labelWidth,
    right: width - 24,
    top,
    bottom: top + heights.reduce((sum, h) => sum + h, 0),
  };

  const days: number[] = [];
  const add = (date: string | null) => {
    const d = date === null ? null : dayNumber(date);
    if (d !== null) days.push(d);
  };
  add(dates.applicationDate);
  add(dates.auditDate);
  for (const s of steps) {
    add(basisDate(s.basis));
    add(s.due);
    add(s.planned);
  }
  const todayDay = today === null ? null : dayNumber(today);
  let domain: { start: number; end: number } | null = null;
  if (days.length > 0) {
    let start = Math.min(...days);
    let end = Math.max(...days);
    if (todayDay !== null && todayDay >= start - TODAY_REACH && todayDay <= end + TODAY_REACH) {
      start = Math.min(start, todayDay);
      end = Math.max(end, todayDay);
    }
    if (end - start < MIN_SPAN_DAYS) {
      const extra = MIN_SPAN_DAYS - (end - start);
      start -= Math.floor(extra / 2);
      end += Math.ceil(extra / 2);
    }
    domain = { start: start - PAD_DAYS, end: end + PAD_DAYS };
  }

  const x = domain === null ? null : linearScale([domain.start, domain.end], [plot.left + 8, plot.right]);
  const at = (date: string | null): number | null => {
    if (x === null || date === null) return null;
    const d = dayNumber(date);
    return d === null ? null : x(d);
  };

  let nextY = plot.top;
  const rows: DeadlineRow[] = steps.map((s, i) => {
    const y = nextY;
    const height = heights[i] ?? ROW_HEIGHT;
    nextY += height;
    const from = basisDate(s.basis);
    return {
      id: s.id,
      step: s.step,
      stepLines: lines[i] ?? [s.step],
      onlyWithGaps: s.onlyWithGaps,
      from,
      due: s.due,
      planned: s.planned,
      y,
      height,
      center: y + height / 2,
      fromX: at(from),
      dueX: at(s.due),
      plannedX: at(s.planned),
    };
  });

  const ticks: DateTick[] =
    domain === null || x === null
      ? []
      : dateTicks(domain.start, domain.end, Math.max(2, Math.floor((plot.right - plot.left) / 64))).map(
          (t) => ({
            date: t.date,
            x: x(t.day),
            kind: t.kind,
          }),
        );

  const todayX =
    x === null || todayDay === null || domain === null || todayDay < domain.start || todayDay > domain.end
      ? null
      : x(todayDay);

  return {
    width,
    height: plot.bottom + 28,
    labelWidth,
    plot,
    rows,
    ticks,
    applicationX: at(dates.applicationDate),
    auditX: at(dates.auditDate),
    todayX,
    domain:
      domain === null ? null : { start: dateOfDayNumber(domain.start), end: dateOfDayNumber(domain.end) },
  };
}
