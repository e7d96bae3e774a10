import { dateOfDayNumber, dayNumber, linearScale, monthTicks } from "../../../components/charts/scales";
import {
  estimateTextWidth,
  fitText,
  type PlacedLabel,
  placeLabel,
  type Span,
  spanMinus,
  type TextMeasure,
} from "../../../components/charts/text-fit";
import type { CertificationChartStatus, CertificationsChart } from "../dashboard-charts";

export const CERTIFICATION_STATUS_LABELS: Readonly<Record<CertificationChartStatus, string>> = {
  counting: "Counts",
  expired: "Expired",
  not_yet_earned: "Not yet earned",
  not_associated: "Not associated with the partner",
  does_not_count: "Not a program certification",
};

export interface CertificationBar {
  readonly person: string;
  readonly certification: string;
  readonly counted: string | null;
  readonly status: CertificationChartStatus;
  readonly earnedDate: string | null;
  readonly expiresOn: string | null;
  readonly renewalOpensOn: string | null;
  readonly x: number;
  readonly width: number;
  readonly y: number;
  readonly height: number;
  /** The file gives no earned date: the bar runs from the chart's left edge. */
  readonly openStart: boolean;
  /** No expiry: the bar runs to the chart's right edge. */
  readonly openEnd: boolean;
  /**
   * The bar's label (the program's short name where there is one, "DP-100"), inside the bar, after it
   * or before it, never across the as-of or today line; shortened only where it fits whole nowhere;
   * null when not even a few characters fit (the tooltip and the table still name it).
   */
  readonly label: PlacedLabel<"inside" | "after" | "before"> | null;
}

/** The bars' labels: 11px semibold. */
export const BAR_LABEL_FONT = { size: 11, weight: 600 } as const;
/** The people's names left of the plot: 12px semibold. */
export const ROW_LABEL_FONT = { size: 12, weight: 600 } as const;
/** Labels keep this far from the as-of and today lines (each 2px wide). */
const LINE_CLEARANCE = 5;

export interface CertificationTimelineGeometry {
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
  /** A row per person: `label` is the name, shortened only when the label column cannot hold it. */
  readonly rows: readonly { readonly label: string; readonly y: number; readonly height: number }[];
  readonly bars: readonly CertificationBar[];
  readonly ticks: readonly { readonly date: string; readonly x: number }[];
  readonly asOfX: number;
  /** Drawn when today is not the as-of date and falls inside the chart. */
  readonly todayX: number | null;
  readonly domain: { readonly start: string; readonly end: string };
}

const LANE = 22;
const ROW_GAP = 10;
const YEAR = 365;
/** Dates further than this from the as-of date are clipped: the chart is about the years around it. */
const MAX_REACH = 4 * YEAR;

export function personLabel(person: { readonly personId: string; readonly name: string | null }): string {
  return person.name !== null && person.name.trim() !== "" ? person.name : person.personId;
}

/**
 * A row per person, one lane per certification, bars from earned date to expiry on a shared time axis
 * that spans at least a year before and half a year after the as-of date.
 */
export function certificationTimeline(
  chart: CertificationsChart,
  asOf: string,
  width: number,
  today: string | null = null,
  measure: TextMeasure = estimateTextWidth,
): CertificationTimelineGeometry {
  const asOfDay = dayNumber(asOf) ?? 0;
  let startDay = asOfDay - YEAR;
  let endDay = asOfDay + YEAR / 2;
  for (const p of chart.people) {
    for (const c of p.certifications) {
      const e = c.earnedDate === null ? null : dayNumber(c.earnedDate);
      const x = c.expiresOn === null ? null : dayNumber(c.expiresOn);
      // A certification not yet earned on the as-of date is drawn too: its earned date widens the axis.
      if (e !== null) startDay = Math.min(startDay, e);
      if (e !== null) endDay = Math.max(endDay, e);
      if (x !== null) endDay = Math.max(endDay, x);
    }
  }
  startDay = Math.max(startDay - 15, asOfDay - MAX_REACH);
  endDay = Math.min(endDay + 15, asOfDay + MAX_REACH);
  // The name column is as wide as the longest name needs, up to a third of the chart.
  const rowText = (name: string) => measure(name, ROW_LABEL_FONT.size, ROW_LABEL_FONT.weight);
  const longest = Math.max(0, ...chart.people.map((p) => rowText(personLabel(p))));
  const labelWidth = Math.ceil(Math.min(Math.max(90, longest + 20), Math.max(110, width * 0.34)));
  const plot = { left: labelWidth, right: width - 16, top: 8, bottom: 0 };
  const x = linearScale([startDay, endDay], [plot.left, plot.right]);
  const rows: { label: string; y: number; height: number }[] = [];
  const bars: CertificationBar[] = [];
  let y = plot.top;
  for (const p of chart.people) {
    const lanes = Math.max(1, p.certifications.length);
    const height = lanes * LANE;
    rows.push({
      label: fitText(personLabel(p), labelWidth - 16, measure, ROW_LABEL_FONT.size, ROW_LABEL_FONT.weight),
      y,
      height,
    });
    p.certifications.forEach((c, lane) => {
      const e = c.earnedDate === null ? null : dayNumber(c.earnedDate);
      const z = c.expiresOn === null ? null : dayNumber(c.expiresOn);
      const from = Math.min(Math.max(startDay, e ?? startDay), endDay);
      // A certification counts through its expiry day: the bar ends after it.
      const to = Math.min(endDay, z === null ? endDay : z + 1);
      const x0 = Math.min(x(from), plot.right - 4);
      const x1 = Math.min(Math.max(x(to), x0 + 4), plot.right);
      bars.push({
        person: personLabel(p),
        certification: c.certification,
        counted: c.counted,
        status: c.status,
        earnedDate: c.earnedDate,
        expiresOn: c.expiresOn,
        renewalOpensOn: c.renewalOpensOn,
        x: x0,
        width: x1 - x0,
        y: y + lane * LANE + 3,
        height: LANE - 6,
        openStart: e === null || e < startDay,
        openEnd: z === null || z + 1 > endDay,
        label: null,
      });
    });
    y += height + ROW_GAP;
  }
  plot.bottom = Math.max(y - ROW_GAP, plot.top + LANE);
  const todayDay = today === null || today === asOf ? null : dayNumber(today);
  const asOfX = x(asOfDay);
  const todayX = todayDay !== null && todayDay >= startDay && todayDay <= endDay ? x(todayDay) : null;
  const lines: Span[] = [asOfX, ...(todayX === null ? [] : [todayX])].map((lx) => ({
    start: lx - LINE_CLEARANCE,
    end: lx + LINE_CLEARANCE,
  }));
  const labelled = bars.map((b) => ({ ...b, label: barLabel(b, plot, lines, measure) }));
  const tickWidth = 72;
  const ticks = monthTicks(
    startDay,
    endDay,
    Math.max(2, Math.floor((plot.right - plot.left) / tickWidth)),
  ).map((t) => ({ date: t.date, x: x(t.day) }));
  return {
    width,
    height: plot.bottom + 28,
    plot,
    rows,
    bars: labelled,
    ticks,
    asOfX,
    todayX,
    domain: {
      start: dateOfDayNumber(startDay),
      end: dateOfDayNumber(endDay),
    },
  };
}

/**
 * Where a bar's label goes: inside the bar, else after it, else before it, in the first place it fits
 * whole, keeping clear of the as-of and today lines (`lines`).
 */
function barLabel(
  b: CertificationBar,
  plot: { readonly left: number; readonly right: number },
  lines: readonly Span[],
  measure: TextMeasure,
): CertificationBar["label"] {
  const name = b.counted ?? b.certification;
  const inside = spanMinus({ start: b.x + 8, end: b.x + b.width - 8 }, lines);
  const after = spanMinus({ start: b.x + b.width + 4, end: plot.right }, lines);
  // Before the bar, the piece nearest to it first, the text ending where the piece ends.
  const before = spanMinus({ start: plot.left + 4, end: b.x - 4 }, lines).reverse();
  return placeLabel(
    name,
    [
      ...inside.map((s) => ({ ...s, place: "inside" as const })),
      ...after.map((s) => ({ ...s, place: "after" as const })),
      ...before.map((s) => ({ ...s, place: "before" as const, alignEnd: true })),
    ],
    measure,
    BAR_LABEL_FONT.size,
    BAR_LABEL_FONT.weight,
  );
}
