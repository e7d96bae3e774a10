import { tokens } from "@fluentui/react-components";
import { useCallback } from "react";
import { ChartFrame, type ChartLayout, type LegendEntry } from "../../../components/charts/chart-frame";
import { seriesColor } from "../../../components/charts/chart-palette";
import { formatDate, formatNumber } from "../../../lib/format";
import type { CapabilityScoreView } from "../api";

const HEIGHT = 220;
const PAD = { left: 40, right: 16, top: 12, bottom: 28 };

/** Each area's total after each entry, against the minimum total: the trend toward the designation. */
export function ScoreHistoryChart({ view }: { readonly view: CapabilityScoreView }) {
  const minimum = Number(view.minimumTotalPoints);
  const areas = view.areas.filter((a) => view.history.some((h) => h.areas.some((x) => x.area === a)));
  const points = view.history;
  const layout = useCallback(
    (width: number): ChartLayout => {
      const plotW = Math.max(1, width - PAD.left - PAD.right);
      const plotH = HEIGHT - PAD.top - PAD.bottom;
      const x = (i: number) =>
        PAD.left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
      const y = (v: number) => PAD.top + plotH - (Math.min(100, Math.max(0, v)) / 100) * plotH;
      const series = areas.map((area, s) => ({
        area,
        color: seriesColor(s),
        marks: points.flatMap((p, i) => {
          const a = p.areas.find((q) => q.area === area);
          return a === undefined ? [] : [{ i, v: Number(a.totalPoints), p, a }];
        }),
      }));
      const items = series.flatMap((s) =>
        s.marks.map((m) => ({
          x: x(m.i),
          y: y(m.v),
          lines: [
            `${s.area}, ${formatDate(m.p.shownOn)}`,
            `${formatNumber(m.a.totalPoints)} points${m.a.met ? " — qualifies" : `, ${formatNumber(m.a.pointsShort)} short of ${formatNumber(minimum)}`}`,
            m.p.kind === "import" ? `Imported from ${m.p.label}` : "Entered in the form",
          ],
        })),
      );
      return {
        height: HEIGHT,
        items,
        render: (active, hover) => (
          <>
            {[0, 50, 100].map((v) => (
              <g key={v}>
                <line
                  x1={PAD.left}
                  x2={width - PAD.right}
                  y1={y(v)}
                  y2={y(v)}
                  stroke={tokens.colorNeutralStroke2}
                />
                <text
                  x={PAD.left - 6}
                  y={y(v) + 4}
                  textAnchor="end"
                  fontSize="11"
                  fill={tokens.colorNeutralForeground2}
                >
                  {v}
                </text>
              </g>
            ))}
            <line
              x1={PAD.left}
              x2={width - PAD.right}
              y1={y(minimum)}
              y2={y(minimum)}
              stroke={tokens.colorStatusDangerForeground1}
              strokeDasharray="6 4"
            />
            <text
              x={width - PAD.right}
              y={y(minimum) - 4}
              textAnchor="end"
              fontSize="11"
              fill={tokens.colorStatusDangerForeground1}
            >
              {`${formatNumber(minimum)} needed`}
            </text>
            {points.map((p, i) => (
              <text
                key={p.entryId}
                x={x(i)}
                y={HEIGHT - 8}
                textAnchor="middle"
                fontSize="11"
                fill={tokens.colorNeutralForeground2}
              >
                {formatDate(p.shownOn, undefined, "short")}
              </text>
            ))}
            {series.map((s) => (
              <g key={s.area}>
                <polyline
                  fill="none"
                  stroke={s.color}
                  strokeWidth={2}
                  points={s.marks.map((m) => `${x(m.i)},${y(m.v)}`).join(" ")}
                />
                {s.marks.map((m) => {
                  const index = items.findIndex((it) => it.x === x(m.i) && it.y === y(m.v));
                  return (
                    <circle
                      key={`${s.area}-${m.i}`}
                      cx={x(m.i)}
                      cy={y(m.v)}
                      r={active === index ? 6 : 4}
                      fill={s.color}
                      onPointerEnter={() => hover(index)}
                      onPointerLeave={() => hover(null)}
                    />
                  );
                })}
              </g>
            ))}
          </>
        ),
      };
    },
    [areas, points, minimum],
  );
  const legend: LegendEntry[] = [
    ...areas.map((a, i) => ({ label: a, color: seriesColor(i), shape: "line" as const })),
    {
      label: `${formatNumber(minimum)} points needed`,
      color: tokens.colorStatusDangerForeground1,
      shape: "dashed",
    },
  ];
  const last = points[points.length - 1];
  const summary =
    last === undefined
      ? "No capability score entered yet."
      : `The capability score over ${points.length} entries; latest ${formatDate(last.shownOn)}: ${last.areas
          .map((a) => `${a.area} ${a.totalPoints} points${a.met ? " (qualifies)" : ""}`)
          .join(", ")}.`;
  return (
    <ChartFrame
      testId="chart-score-history"
      title="Score history"
      description={`Each solution area's total as Partner Center showed it, against the ${formatNumber(minimum)} points needed${
        view.anniversaries.length === 0
          ? ""
          : `; designation anniversary: ${view.anniversaries.map((a) => `${a.area} ${formatDate(a.anniversaryDate)}`).join(", ")}`
      }`}
      summary={summary}
      legend={legend}
      layout={layout}
      empty={points.length === 0 ? <p>Enter the score to start its history.</p> : undefined}
      table={{
        caption: "Capability score history by date and solution area",
        columns: ["Shown on", "From", "Solution area", "Total", "Short of the minimum", "Qualifies"],
        rows: points.flatMap((p) =>
          p.areas.map((a) => [
            formatDate(p.shownOn),
            p.kind === "import" ? `Import of ${p.label}` : "Form",
            a.area,
            formatNumber(a.totalPoints),
            formatNumber(a.pointsShort),
            a.met
              ? "Yes"
              : a.metricsWithoutPoints.length > 0
                ? `No: no points in ${a.metricsWithoutPoints.join(", ")}`
                : "No",
          ]),
        ),
      }}
    />
  );
}
