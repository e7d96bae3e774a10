import { linearScale, toNumber } from "../../../components/charts/scales";
import type { CapabilityChart } from "../dashboard-charts";

export interface CapabilityBarRow {
  readonly kind: "metric" | "total";
  readonly area: string;
  readonly label: string;
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
  }[];
  readonly rows: readonly CapabilityBarRow[];
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
export function capabilityGeometry(chart: CapabilityChart, width: number): CapabilityGeometry {
  const labelWidth = Math.min(220, Math.max(130, Math.round(width * 0.3)));
  const valueWidth = 86;
  const barLeft = labelWidth;
  const barRight = Math.max(barLeft + 60, width - valueWidth);
  const metricMax = Math.max(
    1,
    ...chart.areas.flatMap((a) =>
      a.metrics.map((m) => (m.maxPoints === null ? toNumber(m.points) : toNumber(m.maxPoints))),
    ),
  );
  const metricScale = linearScale([0, metricMax], [barLeft, barRight]);
  const areas: {
    area: string;
    eligible: boolean;
    meets: boolean;
    y: number;
    totalText: string;
    neededText: string;
  }[] = [];
  const rows: CapabilityBarRow[] = [];
  let y = 0;
  for (const a of chart.areas) {
    areas.push({
      area: a.area,
      eligible: a.eligible,
      meets: a.meets,
      y,
      totalText: a.totalPoints,
      neededText: a.neededTotal,
    });
    y += HEADER;
    for (const m of a.metrics) {
      const value = toNumber(m.points);
      const max = m.maxPoints === null ? null : toNumber(m.maxPoints);
      rows.push({
        kind: "metric",
        area: a.area,
        label: m.metric,
        value,
        valueText: m.points,
        max,
        maxText: m.maxPoints,
        needed: null,
        ok: m.hasPoints,
        y,
        barX: barLeft,
        barWidth: Math.max(0, metricScale(Math.min(value, metricMax)) - barLeft),
        trackWidth: metricScale(max ?? metricMax) - barLeft,
        height: ROW - 8,
        neededX: null,
      });
      y += ROW;
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
