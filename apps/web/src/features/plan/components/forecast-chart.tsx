import { tokens } from "@fluentui/react-components";
import type { AcrForecast } from "@specready/core";
import { useCallback } from "react";
import { ChartFrame, type ChartLayout, type LegendEntry } from "../../../components/charts/chart-frame";
import { linearScale, niceTicks } from "../../../components/charts/scales";
import { formatMonth, formatMonthAxis, formatUsd, formatUsdCompact } from "../../../lib/format";

const usd = (n: number) => formatUsd(n.toFixed(2));

/**
 * Monthly eligible AI ACR, actual then forecast, with the forecast's low–high band, and the monthly
 * average that performance needs; the table has each month and the performance judged in it.
 */
export function ForecastChart({ forecast }: { forecast: AcrForecast }) {
  const months = forecast.months;
  const thresholdUsd = forecast.requiredMonthlyAverageUsd;
  const layout = useCallback(
    (width: number): ChartLayout => {
      const height = 280;
      const plot = { left: 64, right: width - 16, top: 20, bottom: height - 32 };
      const max = Math.max(thresholdUsd * 1.1, ...months.map((m) => m.highUsd), 1);
      const ticks = niceTicks(max, 5);
      const y = linearScale([0, ticks[ticks.length - 1] ?? max], [plot.bottom, plot.top]);
      const step = months.length > 1 ? (plot.right - plot.left) / (months.length - 1) : 0;
      const x = (i: number) => plot.left + i * step;
      const firstForecast = months.findIndex((m) => !m.actual);
      const line = (from: number, to: number) =>
        months
          .slice(from, to)
          .map((m, k) => `${k === 0 ? "M" : "L"}${x(from + k).toFixed(1)},${y(m.usd).toFixed(1)}`)
          .join(" ");
      const bandStart = Math.max(0, firstForecast - 1);
      const ahead = firstForecast < 0 ? [] : months.slice(bandStart);
      const band =
        ahead.length === 0
          ? ""
          : `${ahead.map((m, k) => `${k === 0 ? "M" : "L"}${x(bandStart + k).toFixed(1)},${y(m.highUsd).toFixed(1)}`).join(" ")} ${[
              ...ahead,
            ]
              .reverse()
              .map((m, k) => `L${x(months.length - 1 - k).toFixed(1)},${y(m.lowUsd).toFixed(1)}`)
              .join(" ")} Z`;
      const items = months.map((m, i) => ({
        x: x(i),
        y: y(m.usd),
        lines: [
          `${formatMonth(m.month)}${m.actual ? " (actual)" : " (forecast)"}`,
          `AI ACR: ${usd(m.usd)}`,
          ...(m.actual ? [] : [`Band: ${usd(m.lowUsd)} – ${usd(m.highUsd)}`]),
        ],
      }));
      return {
        height,
        items,
        render: (active, hover) => (
          <>
            {ticks.map((t) => (
              <g key={t}>
                <line
                  x1={plot.left}
                  x2={plot.right}
                  y1={y(t)}
                  y2={y(t)}
                  stroke={tokens.colorNeutralStroke2}
                />
                <text
                  x={plot.left - 6}
                  y={y(t)}
                  textAnchor="end"
                  dominantBaseline="middle"
                  fontSize="11"
                  fill={tokens.colorNeutralForeground3}
                >
                  {formatUsdCompact(t)}
                </text>
              </g>
            ))}
            {band !== "" && <path d={band} fill={tokens.colorBrandBackground2} stroke="none" />}
            <path
              d={line(0, firstForecast < 0 ? months.length : firstForecast)}
              fill="none"
              stroke={tokens.colorBrandForeground1}
              strokeWidth="2.5"
            />
            {firstForecast >= 0 && (
              <path
                d={line(Math.max(0, firstForecast - 1), months.length)}
                fill="none"
                stroke={tokens.colorBrandForeground1}
                strokeWidth="2.5"
                strokeDasharray="6 4"
              />
            )}
            <line
              x1={plot.left}
              x2={plot.right}
              y1={y(thresholdUsd)}
              y2={y(thresholdUsd)}
              stroke={tokens.colorPaletteRedBorderActive}
              strokeWidth="2"
            />
            {months.map((m, i) => (
              <g key={m.month}>
                <circle
                  cx={x(i)}
                  cy={y(m.usd)}
                  r={active === i ? 5 : 3}
                  fill={m.actual ? tokens.colorBrandForeground1 : tokens.colorNeutralBackground1}
                  stroke={tokens.colorBrandForeground1}
                  strokeWidth="2"
                />
                {(i % 2 === 0 || months.length <= 12) && (
                  <text
                    x={x(i)}
                    y={plot.bottom + 16}
                    textAnchor="middle"
                    fontSize="11"
                    fill={tokens.colorNeutralForeground3}
                  >
                    {formatMonthAxis(m.month, i === 0 || m.month.endsWith("-01"))}
                  </text>
                )}
                {/* biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys */}
                <rect
                  x={x(i) - Math.max(step / 2, 6)}
                  y={plot.top}
                  width={Math.max(step, 12)}
                  height={plot.bottom - plot.top}
                  fill="transparent"
                  onMouseEnter={() => hover(i)}
                />
              </g>
            ))}
            <line
              x1={plot.left}
              x2={plot.right}
              y1={plot.bottom}
              y2={plot.bottom}
              stroke={tokens.colorNeutralStroke1}
            />
          </>
        ),
      };
    },
    [months, thresholdUsd],
  );
  const legend: LegendEntry[] = [
    { label: "Actual AI ACR", color: tokens.colorBrandForeground1, shape: "line" },
    { label: "Forecast", color: tokens.colorBrandForeground1, shape: "dashed" },
    { label: "Forecast band (about 80%)", color: tokens.colorBrandBackground2, shape: "area" },
    {
      label: `${usd(thresholdUsd)} monthly average needed`,
      color: tokens.colorPaletteRedBorderActive,
      shape: "line",
    },
  ];
  const judged = new Map(forecast.performance.map((p) => [p.month, p]));
  return (
    <ChartFrame
      testId="chart-forecast"
      title="ACR forecast"
      description={forecast.summary}
      summary={`Line chart of monthly eligible AI ACR from ${formatMonth(months[0]?.month ?? "")} to ${formatMonth(
        months[months.length - 1]?.month ?? "",
      )}, actual then forecast with a band. ${forecast.summary}`}
      legend={legend}
      layout={layout}
      table={{
        caption: "Monthly AI ACR, actual and forecast, and the performance judged in each month",
        columns: [
          "Month",
          "AI ACR",
          "Low",
          "High",
          "Window average",
          "Customers",
          "Performance",
          "Shown in Partner Center",
        ],
        rows: months.map((m) => {
          const p = judged.get(m.month);
          return [
            `${formatMonth(m.month)}${m.actual ? "" : " (forecast)"}`,
            usd(m.usd),
            m.actual ? "" : usd(m.lowUsd),
            m.actual ? "" : usd(m.highUsd),
            p === undefined ? "" : usd(p.averageUsd),
            p === undefined ? "" : String(p.customers),
            p === undefined ? "" : p.met ? "met" : "not met",
            p?.shownOn ?? "",
          ];
        }),
      }}
    />
  );
}
