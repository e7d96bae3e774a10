import { sumDecimalTexts } from "@specready/core/money";
import { bandScale, linearScale, niceTicks, toNumber } from "../../../components/charts/scales";
import type { AcrChart, AcrChartCustomer } from "../dashboard-charts";

/** How many customers get their own colour; the rest are stacked as one "other customers" series. */
export const MAX_ACR_SERIES = 8;

export interface AcrSeries {
  readonly key: string;
  readonly label: string;
  /** Index into the series palette; -1 for "other customers". */
  readonly colorIndex: number;
  readonly countsInWindow: boolean;
  readonly amounts: readonly number[];
  /** The exact decimal texts behind `amounts` (for "other", the customers' exact sum). */
  readonly amountTexts: readonly string[];
}

export interface AcrSegment {
  readonly series: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface AcrGeometry {
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
  readonly ticks: readonly { readonly value: number; readonly y: number }[];
  readonly bars: readonly {
    readonly month: string;
    readonly x: number;
    readonly width: number;
    readonly inWindow: boolean;
    readonly totalY: number;
    readonly segments: readonly AcrSegment[];
  }[];
  readonly thresholdY: number;
  readonly averageY: number;
  /** The shaded window, or null when no month of the window is shown. */
  readonly window: { readonly x: number; readonly width: number } | null;
}

/** A customer's label: its name, else its tenant id shortened. */
export function customerLabel(customer: { readonly tenantId: string; readonly name: string | null }): string {
  if (customer.name !== null && customer.name.trim() !== "") return customer.name;
  return customer.tenantId.length > 13 ? `${customer.tenantId.slice(0, 8)}…` : customer.tenantId;
}

/** The colours the series palette has (chart-palette's `seriesColors`). */
export const SERIES_PALETTE_SIZE = 10;

/**
 * Palette indexes for the customers drawn on their own: each takes the colour of its `colorRank` (its
 * place by all its ACR, the same at every as-of date), so a customer keeps its colour when the date
 * changes; when two drawn customers share one, the larger customer overall keeps it and the other takes
 * the next colour not in use.
 */
function stableColors(customers: readonly AcrChartCustomer[], paletteSize: number): Map<string, number> {
  const colors = new Map<string, number>();
  const used = new Set<number>();
  for (const c of [...customers].sort((a, b) => a.colorRank - b.colorRank)) {
    let color = c.colorRank % paletteSize;
    for (let k = 0; k < paletteSize && used.has(color); k++) color = (color + 1) % paletteSize;
    used.add(color);
    colors.set(c.tenantId, color);
  }
  return colors;
}

/**
 * The series to stack: customers by window sum, largest first (those counting in the window before
 * those that do not), the first `maxSeries - 1` on their own and the rest summed as "other customers"
 * when there are more than `maxSeries`.
 */
export function acrSeries(
  acr: AcrChart,
  maxSeries = MAX_ACR_SERIES,
  paletteSize = SERIES_PALETTE_SIZE,
): AcrSeries[] {
  const sorted = [...acr.customers].sort(
    (a, b) =>
      Number(b.countsInWindow) - Number(a.countsInWindow) ||
      toNumber(b.windowSumUsd) - toNumber(a.windowSumUsd) ||
      a.tenantId.localeCompare(b.tenantId),
  );
  const own = sorted.length > maxSeries ? sorted.slice(0, maxSeries - 1) : sorted;
  const rest = sorted.length > maxSeries ? sorted.slice(maxSeries - 1) : [];
  const colors = stableColors(own, paletteSize);
  const series: AcrSeries[] = own.map((c: AcrChartCustomer) => ({
    key: c.tenantId,
    label: customerLabel(c),
    colorIndex: colors.get(c.tenantId) ?? 0,
    countsInWindow: c.countsInWindow,
    amounts: acr.months.map((_, m) => toNumber(c.amountsUsd[m])),
    amountTexts: acr.months.map((_, m) => c.amountsUsd[m] ?? "0"),
  }));
  if (rest.length > 0) {
    // Summed exactly, as the core sums money: the tooltip shows the text, the bars its float.
    const amountTexts = acr.months.map((_, m) => sumDecimalTexts(rest.map((c) => c.amountsUsd[m] ?? "0")));
    series.push({
      key: "__other__",
      label: `${rest.length} other customers`,
      colorIndex: -1,
      countsInWindow: rest.some((c) => c.countsInWindow),
      amounts: amountTexts.map(toNumber),
      amountTexts,
    });
  }
  return series;
}

/**
 * Stacked bars per month: negative amounts (credits) are not drawn below the axis, they lower nothing
 * on screen but the tooltip and the table show them as they are.
 */
export function acrGeometry(
  acr: AcrChart,
  series: readonly AcrSeries[],
  width: number,
  height = 280,
): AcrGeometry {
  const plot = { left: 64, right: width - 12, top: 26, bottom: height - 30 };
  const threshold = toNumber(acr.thresholdUsd);
  const average = toNumber(acr.windowAverageUsd);
  const totals = acr.months.map((_, m) => series.reduce((s, k) => s + Math.max(0, k.amounts[m] ?? 0), 0));
  const ticks = niceTicks(Math.max(threshold * 1.15, average, ...totals), 5);
  const top = ticks[ticks.length - 1] as number;
  const y = linearScale([0, top], [plot.bottom, plot.top]);
  const x = bandScale(acr.months.length, [plot.left, plot.right], 0.28);
  const bars = acr.months.map((month, m) => {
    let base = 0;
    const segments: AcrSegment[] = [];
    series.forEach((s, i) => {
      const v = Math.max(0, s.amounts[m] ?? 0);
      if (v <= 0) return;
      const y0 = y(base);
      const y1 = y(base + v);
      segments.push({ series: i, x: x(m), y: y1, width: x.bandwidth, height: Math.max(0, y0 - y1) });
      base += v;
    });
    return {
      month,
      x: x(m),
      width: x.bandwidth,
      inWindow: acr.window.includes(month),
      totalY: y(base),
      segments,
    };
  });
  const windowIdx = acr.months.map((m, i) => (acr.window.includes(m) ? i : -1)).filter((i) => i >= 0);
  const first = windowIdx[0];
  const last = windowIdx[windowIdx.length - 1];
  const window =
    first === undefined || last === undefined
      ? null
      : { x: plot.left + first * x.step, width: (last - first + 1) * x.step };
  return {
    width,
    height,
    plot,
    ticks: ticks.map((value) => ({ value, y: y(value) })),
    bars,
    thresholdY: y(threshold),
    averageY: y(average),
    window,
  };
}
