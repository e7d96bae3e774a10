import { Button, tokens, useRestoreFocusTarget } from "@fluentui/react-components";
import { InfoRegular } from "@fluentui/react-icons";
import { useCallback, useMemo } from "react";
import { ChartFrame, type ChartLayout, type LegendEntry } from "../../../components/charts/chart-frame";
import { otherColor, seriesColor, seriesColors } from "../../../components/charts/chart-palette";
import { formatMonth, formatMonthAxis, formatUsd, formatUsdCompact } from "../../../lib/format";
import type { AcrChart as AcrChartData } from "../dashboard-charts";
import { acrGeometry, acrSeries } from "./acr-chart-model";
import { ChartEmpty } from "./chart-empty";

function colorOf(colorIndex: number): string {
  return colorIndex < 0 ? otherColor : seriesColor(colorIndex);
}

export interface AcrChartProps {
  readonly acr: AcrChartData;
  readonly onExplain: () => void;
}

/**
 * Monthly eligible AI ACR, stacked by customer, around the window: the three months that count are
 * shaded and labelled, the monthly threshold is a line across, the window's average a dashed line.
 */
export function AcrChart({ acr, onExplain }: AcrChartProps) {
  const restoreFocus = useRestoreFocusTarget();
  const series = useMemo(() => acrSeries(acr, undefined, seriesColors.length), [acr]);
  const windowLabel =
    acr.window.length === 0
      ? ""
      : `${formatMonth(acr.window[0] as string, undefined, "short")} – ${formatMonth(acr.window[acr.window.length - 1] as string, undefined, "short")}`;
  const threshold = formatUsd(acr.thresholdUsd, undefined, { cents: false });
  const average = formatUsd(acr.windowAverageUsd);
  const meets = Number(acr.windowAverageUsd) >= Number(acr.thresholdUsd);

  const layout = useCallback(
    (width: number): ChartLayout => {
      const g = acrGeometry(acr, series, width);
      const items = g.bars.map((b, m) => {
        const parts = series
          .map((s) => ({ label: s.label, text: s.amountTexts[m] ?? "0", value: s.amounts[m] ?? 0 }))
          .filter((p) => p.value !== 0)
          .sort((a, b) => b.value - a.value);
        const lines = [
          `${formatMonth(b.month)}${b.inWindow ? " (in the window)" : ""}`,
          `Total: ${formatUsd(acr.totalsUsd[m] ?? "0")}`,
          ...parts.slice(0, 5).map((p) => `${p.label}: ${formatUsd(p.text)}`),
          ...(parts.length > 5 ? [`and ${parts.length - 5} more`] : []),
        ];
        return { x: b.x + b.width / 2, y: Math.max(g.plot.top, b.totalY), lines };
      });
      return {
        height: g.height,
        items,
        render: (active, hover) => (
          <>
            {g.window !== null && (
              <g>
                <rect
                  x={g.window.x}
                  y={g.plot.top - 20}
                  width={g.window.width}
                  height={g.plot.bottom - g.plot.top + 20}
                  fill={tokens.colorBrandBackground2}
                />
                <text
                  x={g.window.x + g.window.width / 2}
                  y={g.plot.top - 7}
                  textAnchor="middle"
                  fontSize="11"
                  fontWeight="600"
                  fill={tokens.colorBrandForeground1}
                >
                  Window: {windowLabel}
                </text>
              </g>
            )}
            {g.ticks.map((t) => (
              <g key={t.value}>
                <line
                  x1={g.plot.left}
                  x2={g.plot.right}
                  y1={t.y}
                  y2={t.y}
                  stroke={tokens.colorNeutralStroke2}
                />
                <text
                  x={g.plot.left - 6}
                  y={t.y}
                  textAnchor="end"
                  dominantBaseline="middle"
                  fontSize="11"
                  fill={tokens.colorNeutralForeground3}
                >
                  {formatUsdCompact(t.value)}
                </text>
              </g>
            ))}
            {g.bars.map((b, m) => (
              <g key={b.month} opacity={active === null || active === m ? 1 : 0.55}>
                {b.segments.map((s) => (
                  <rect
                    key={s.series}
                    x={s.x}
                    y={s.y}
                    width={s.width}
                    height={s.height}
                    fill={colorOf(series[s.series]?.colorIndex ?? -1)}
                    stroke={tokens.colorNeutralBackground1}
                    strokeWidth="1"
                  />
                ))}
                <text
                  x={b.x + b.width / 2}
                  y={g.plot.bottom + 16}
                  textAnchor="middle"
                  fontSize="11"
                  fontWeight={b.inWindow ? "600" : "400"}
                  fill={b.inWindow ? tokens.colorNeutralForeground1 : tokens.colorNeutralForeground3}
                >
                  {formatMonthAxis(b.month, m === 0 || b.month.endsWith("-01"))}
                </text>
                {/* A full-height target per month, easier to point at than thin segments. */}
                {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys */}
                <rect
                  x={b.x - (g.bars.length > 1 ? 4 : 0)}
                  y={g.plot.top}
                  width={b.width + 8}
                  height={g.plot.bottom - g.plot.top}
                  fill="transparent"
                  onMouseEnter={() => hover(m)}
                />
              </g>
            ))}
            <line
              x1={g.plot.left}
              x2={g.plot.right}
              y1={g.plot.bottom}
              y2={g.plot.bottom}
              stroke={tokens.colorNeutralStroke1}
            />
            <line
              x1={g.plot.left}
              x2={g.plot.right}
              y1={g.thresholdY}
              y2={g.thresholdY}
              stroke={tokens.colorPaletteRedBorderActive}
              strokeWidth="2"
            />
            <text
              x={g.plot.right}
              y={g.thresholdY - 5}
              textAnchor="end"
              fontSize="11"
              fontWeight="600"
              fill={tokens.colorPaletteRedForeground1}
            >
              {threshold} monthly average needed
            </text>
            {g.window !== null && (
              <line
                x1={g.window.x}
                x2={g.window.x + g.window.width}
                y1={g.averageY}
                y2={g.averageY}
                stroke={tokens.colorNeutralForeground1}
                strokeWidth="2"
                strokeDasharray="6 4"
              />
            )}
          </>
        ),
      };
    },
    [acr, series, windowLabel, threshold],
  );

  const legend: LegendEntry[] = [
    ...series.map((s) => ({
      label: s.countsInWindow || s.colorIndex < 0 ? s.label : `${s.label} (does not count)`,
      color: colorOf(s.colorIndex),
    })),
    {
      label: `${threshold} monthly average needed`,
      color: tokens.colorPaletteRedBorderActive,
      shape: "line",
    },
    { label: `Window average (${average})`, color: tokens.colorNeutralForeground1, shape: "dashed" },
    { label: "The three-month window", color: tokens.colorBrandBackground2, shape: "square" },
  ];

  const counting = acr.customerCount;
  const summary = acr.hasData
    ? `Stacked bar chart of monthly eligible AI ACR by customer from ${formatMonth(acr.months[0] ?? "")} to ${formatMonth(
        acr.months[acr.months.length - 1] ?? "",
      )}. In the window ${windowLabel} the monthly average is ${average}, ${meets ? "at or above" : "below"} the ${threshold} needed, from ${counting} customer${counting === 1 ? "" : "s"} with ACR in the window (needs ${acr.requiredCustomers}).`
    : "No Azure usage imported.";

  return (
    <ChartFrame
      testId="chart-acr"
      title="Monthly AI ACR by customer"
      description={
        acr.hasData ? `Window ${windowLabel}: average ${average} per month (needs ${threshold})` : undefined
      }
      summary={summary}
      legend={legend}
      layout={layout}
      actions={
        <Button
          {...restoreFocus}
          size="small"
          appearance="subtle"
          icon={<InfoRegular />}
          onClick={onExplain}
          aria-label="How this was computed: AI ACR"
        >
          How this was computed
        </Button>
      }
      empty={
        acr.hasData ? undefined : (
          <ChartEmpty>Import the Azure usage report to see AI ACR per month.</ChartEmpty>
        )
      }
      table={{
        caption: "Eligible AI ACR per month and customer (USD)",
        columns: ["Month", "In the window", "Total", ...acr.customers.map((c) => c.name ?? c.tenantId)],
        rows: acr.months.map((month, m) => [
          formatMonth(month),
          acr.window.includes(month) ? "Yes" : "No",
          formatUsd(acr.totalsUsd[m] ?? "0"),
          ...acr.customers.map((c) => formatUsd(c.amountsUsd[m] ?? "0")),
        ]),
      }}
    />
  );
}
