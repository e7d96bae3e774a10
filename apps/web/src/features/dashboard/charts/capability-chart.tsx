import { tokens } from "@fluentui/react-components";
import { useCallback } from "react";
import { ChartFrame, type ChartLayout, type LegendEntry } from "../../../components/charts/chart-frame";
import { statusColors } from "../../../components/charts/chart-palette";
import { pageTextMeasure } from "../../../components/charts/text-fit";
import { TextLines } from "../../../components/charts/text-lines";
import { formatNumber } from "../../../lib/format";
import type { CapabilityChart as CapabilityChartData } from "../dashboard-charts";
import { CAPABILITY_FONTS, CAPABILITY_LINE_HEIGHT, capabilityGeometry } from "./capability-model";
import { ChartEmpty } from "./chart-empty";

/** Partner capability score per solution area: each metric against its maximum, the total against what is needed. */
export function CapabilityChart({ chart }: { readonly chart: CapabilityChartData }) {
  const layout = useCallback(
    (width: number): ChartLayout => {
      const g = capabilityGeometry(chart, width, pageTextMeasure());
      const items = g.rows.map((r) => ({
        x: r.barX + Math.max(r.barWidth, 8) / 2,
        y: r.y + 2,
        lines:
          r.kind === "total"
            ? [
                `${r.area}: total`,
                `${formatNumber(r.valueText)} points (needs ${formatNumber(r.needed ?? 0)})`,
                r.ok ? "Reaches the total needed" : `${formatNumber((r.needed ?? 0) - r.value)} points short`,
              ]
            : [
                `${r.area}: ${r.label}`,
                `${formatNumber(r.valueText)}${r.maxText !== null ? ` of ${formatNumber(r.maxText)}` : ""} points`,
                r.ok ? "Has points" : "No points: every metric needs more than 0",
              ],
      }));
      return {
        height: g.height,
        items,
        render: (active, hover) => (
          <>
            {g.areas.map((a) => (
              <text
                key={a.area}
                x={0}
                y={a.y + 18}
                fontSize={CAPABILITY_FONTS.heading.size}
                fontWeight={CAPABILITY_FONTS.heading.weight}
                fill={a.eligible ? tokens.colorNeutralForeground1 : tokens.colorNeutralForeground3}
              >
                <TextLines lines={a.headingLines} x={0} lineHeight={CAPABILITY_LINE_HEIGHT} />
              </text>
            ))}
            {g.rows.map((r, i) => {
              const total = r.kind === "total";
              const color = total
                ? r.ok
                  ? statusColors.good
                  : statusColors.bad
                : r.ok
                  ? tokens.colorBrandBackground
                  : statusColors.bad;
              const mid = r.y + r.height / 2 + 4;
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys
                <g
                  key={`${r.area}:${r.label}`}
                  onMouseEnter={() => hover(i)}
                  opacity={active === null || active === i ? 1 : 0.65}
                >
                  <text
                    x={12}
                    y={mid - ((r.labelLines.length - 1) * CAPABILITY_LINE_HEIGHT) / 2}
                    dominantBaseline="middle"
                    fontSize={CAPABILITY_FONTS.label.size}
                    fontWeight={total ? CAPABILITY_FONTS.total.weight : CAPABILITY_FONTS.label.weight}
                    fill={tokens.colorNeutralForeground2}
                    data-label="metric"
                  >
                    <TextLines lines={r.labelLines} x={12} lineHeight={CAPABILITY_LINE_HEIGHT} />
                  </text>
                  <rect
                    x={r.barX}
                    y={r.y + 4}
                    width={Math.max(0, r.trackWidth)}
                    height={r.height}
                    rx="3"
                    fill={statusColors.track}
                  />
                  <rect x={r.barX} y={r.y + 4} width={r.barWidth} height={r.height} rx="3" fill={color} />
                  {!r.ok && !total && (
                    <rect
                      x={r.barX}
                      y={r.y + 4}
                      width={Math.max(0, r.trackWidth)}
                      height={r.height}
                      rx="3"
                      fill="none"
                      stroke={statusColors.bad}
                      strokeDasharray="4 3"
                    />
                  )}
                  {r.neededX !== null && (
                    <g>
                      <line
                        x1={r.neededX}
                        x2={r.neededX}
                        y1={r.y}
                        y2={r.y + r.height + 8}
                        stroke={tokens.colorNeutralForeground1}
                        strokeWidth="2"
                      />
                    </g>
                  )}
                  <text
                    x={g.barRight + 8}
                    y={mid}
                    dominantBaseline="middle"
                    fontSize="12"
                    fontWeight={total ? "600" : "400"}
                    fill={r.ok ? tokens.colorNeutralForeground1 : tokens.colorPaletteRedForeground1}
                  >
                    {total
                      ? `${formatNumber(r.valueText)} / ${formatNumber(r.needed ?? 0)}`
                      : `${formatNumber(r.valueText)}${r.maxText !== null ? ` / ${formatNumber(r.maxText)}` : ""}`}
                  </text>
                </g>
              );
            })}
          </>
        ),
      };
    },
    [chart],
  );

  const needed = chart.areas[0]?.neededTotal ?? "70";
  const legend: LegendEntry[] = [
    { label: "Points of a metric", color: tokens.colorBrandBackground },
    { label: "Metric without points", color: statusColors.bad, shape: "outline" },
    { label: "Total that qualifies", color: statusColors.good },
    {
      label: `Points needed (${formatNumber(needed)})`,
      color: tokens.colorNeutralForeground1,
      shape: "line",
    },
    { label: "Maximum", color: statusColors.track },
  ];
  const qualifying = chart.areas.filter((a) => a.meets).map((a) => a.area);
  const best = [...chart.areas].sort((a, b) => Number(b.totalPoints) - Number(a.totalPoints))[0];
  const summary = !chart.hasData
    ? "No capability score imported."
    : qualifying.length > 0
      ? `Bar chart of partner capability score points. ${qualifying.join(" and ")} ${qualifying.length === 1 ? "qualifies" : "qualify"} with at least ${formatNumber(needed)} points and points in every metric.`
      : `Bar chart of partner capability score points. No solution area qualifies${best !== undefined ? `; the best is ${best.area} with ${formatNumber(best.totalPoints)} of ${formatNumber(best.neededTotal)} points` : ""}.`;

  return (
    <ChartFrame
      testId="chart-capability"
      title="Partner capability score"
      description={`Each metric needs more than 0 points and the total at least ${formatNumber(needed)}`}
      summary={summary}
      legend={legend}
      layout={layout}
      empty={
        chart.hasData ? undefined : (
          <ChartEmpty>Import the capability score to see the points per metric.</ChartEmpty>
        )
      }
      table={{
        caption: "Capability score points per solution area and metric",
        columns: ["Solution area", "Metric", "Points", "Maximum", "Counts"],
        rows: chart.areas.flatMap((a) => [
          ...a.metrics.map((m) => [
            a.area,
            m.metric,
            formatNumber(m.points),
            m.maxPoints === null ? "—" : formatNumber(m.maxPoints),
            m.hasPoints ? "Yes" : "No: no points",
          ]),
          [
            a.area,
            "Total",
            formatNumber(a.totalPoints),
            `needs ${formatNumber(a.neededTotal)}`,
            a.meets ? "Qualifies" : "Does not qualify",
          ],
        ]),
      }}
    />
  );
}
