import { linearScale, toNumber } from "../../../components/charts/scales";
import { estimateTextWidth, type TextMeasure, wrapText } from "../../../components/charts/text-fit";
import type { CapabilityChart } from "../dashboard-charts";

export interface CapabilityBarRow {
  readonly kind: "metric" | "total";
  readonly area: string;
  readonly label: string;
  /** The label in lines that fit the label column (one when it fits); the row is as tall as they need. */
  readonly labelLines: readonly string[];
  readonly value: number;
  readonly valueText: string;
  /** The most the row can reach (metric maximum, or the axis end for the total); null when unknown. */
  readonly max: number | null;
  readonly maxText: string | null;
  /** For the total: the points needed. */
  readonly needed: number | null;
  readonly ok: boolean;
  readonly y: number;
  readonly barX: number;
  readonly barWidth: number;
  readonly trackWidth: number;
  readonly height: number;
  /** For the total: where the needed points are on the bar. */
  readonly neededX: number | null;
}

export interface CapabilityGeometry {
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly barLeft: number;
  readonly barRight: number;
  readonly areas: readonly {
    readonly area: string;
    readonly eligible: boolean;
    readonly meets: boolean;
    readonly y: number;
    readonly totalText: string;
    readonly neededText: string;
    /** "Data & AI (Azure) — qualifies", in lines that fit the chart's width. */
    readonly headingLines: readonly string[];
  }[];
  readonly rows: readonly CapabilityBarRow[];
}

/** Metric names (12px; the total's semibold) and area headings (13px semibold). */
export const CAPABILITY_FONTS = {
  label: { size: 12, weight: 400 },
  total: { size: 12, weight: 600 },
  heading: { size: 13, weight: 600 },
} as const;
/** The distance between the lines of a wrapped label or heading. */
export const CAPABILITY_LINE_HEIGHT = 15;

/** An area's heading in words. */
export function areaHeading(a: {
  readonly area: string;
  readonly eligible: boolean;
  readonly meets: boolean;
}): string {
  return `${a.area}${a.eligible ? "" : " (not eligible for this program)"} — ${a.meets ? "qualifies" : "does not qualify"}`;
}

const HEADER = 30;
const ROW = 24;
const TOTAL = 30;
const GAP = 18;

/**
 * One block per solution area: a bar per metric against its maximum (a metric without points is what
 * keeps an area from qualifying, so it is flagged), then the total against the points needed.
 * Metrics share one scale (the largest maximum) so their bars compare; the total has its own.
 */
export function capabilityGeometry(
  chart: CapabilityChart,
  width: number,
  measure: TextMeasure = estimateTextWidth,
): CapabilityGeometry {
  // The label column takes what the longest metric name needs while the bars keep 100px (at least
  // 130px, so that a name never needs more than two lines);
  // a name that still does not fit breaks onto two lines (its row grows) rather than being cut.
  const { label: labelFont, total: totalFont, heading: headingFont } = CAPABILITY_FONTS;
  const longest = Math.max(
    measure("Total", totalFont.size, totalFont.weight),
    ...chart.areas.flatMap((a) => a.metrics.map((m) => measure(m.metric, labelFont.size, labelFont.weight))),
  );
  const valueWidth = width < 400 ? 64 : 86;
  const labelWidth = Math.ceil(
    Math.min(Math.max(130, longest + 24), Math.max(130, width - valueWidth - 100)),
  );
  const lines = (text: string, font: { size: number; weight: number }) =>
    wrapText(text, labelWidth - 24, measure, font.size, font.weight, 2);
  const rowExtra = (n: number) => (n - 1) * CAPABILITY_LINE_HEIGHT;
  const barLeft = labelWidth;
  const barRight = Math.max(barLeft + 60, width - valueWidth);
  const metricMax = Math.max(
    1,
    ...chart.areas.flatMap((a) =>
      a.metrics.map((m) => (m.maxPoints === null ? toNumber(m.points) : toNumber(m.maxPoints))),
    ),
  );
  const metricScale = linearScale([0, metricMax], [barLeft, barRight]);
  const areas: CapabilityGeometry["areas"][number][] = [];
  const rows: CapabilityBarRow[] = [];
  let y = 0;
  for (const a of chart.areas) {
    const headingLines = wrapText(areaHeading(a), width, measure, headingFont.size, headingFont.weight, 3);
    areas.push({
      area: a.area,
      eligible: a.eligible,
      meets: a.meets,
      y,
      totalText: a.totalPoints,
      neededText: a.neededTotal,
      headingLines,
    });
    y += HEADER + rowExtra(headingLines.length);
    for (const m of a.metrics) {
      const value = toNumber(m.points);
      const max = m.maxPoints === null ? null : toNumber(m.maxPoints);
      const labelLines = lines(m.metric, labelFont);
      rows.push({
        kind: "metric",
        area: a.area,
        label: m.metric,
        labelLines,
        value,
        valueText: m.points,
        max,
        maxText: m.maxPoints,
        needed: null,
        ok: m.hasPoints,
        // A wrapped name makes the row taller; the bar keeps its thickness, centred on the name.
        y: y + rowExtra(labelLines.length) / 2,
        barX: barLeft,
        barWidth: Math.max(0, metricScale(Math.min(value, metricMax)) - barLeft),
        trackWidth: metricScale(max ?? metricMax) - barLeft,
        height: ROW - 8,
        neededX: null,
      });
      y += ROW + rowExtra(labelLines.length);
    }
    const total = toNumber(a.totalPoints);
    const needed = toNumber(a.neededTotal);
    const sumMax = a.metrics.every((m) => m.maxPoints !== null)
      ? a.metrics.reduce((s, m) => s + toNumber(m.maxPoints), 0)
      : 0;
    const totalMax = Math.max(sumMax, needed * 1.25, total, 1);
    const totalScale = linearScale([0, totalMax], [barLeft, barRight]);
    rows.push({
      kind: "total",
      area: a.area,
      label: "Total",
      labelLines: ["Total"],
      value: total,
      valueText: a.totalPoints,
      max: totalMax,
      maxText: sumMax > 0 ? String(sumMax) : null,
      needed,
      ok: total >= needed,
      y,
      barX: barLeft,
      barWidth: Math.max(0, totalScale(total) - barLeft),
      trackWidth: barRight - barLeft,
      height: TOTAL - 8,
      neededX: totalScale(needed),
    });
    y += TOTAL + GAP;
  }
  return { width, height: Math.max(y - GAP + 4, 40), labelWidth, barLeft, barRight, areas, rows };
}
