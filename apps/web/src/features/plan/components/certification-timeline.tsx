import { tokens } from "@fluentui/react-components";
import type { CertificationPlan } from "@specready/core";
import { useCallback } from "react";
import { ChartFrame, type ChartLayout, type LegendEntry } from "../../../components/charts/chart-frame";
import { dayNumber, linearScale, monthTicks } from "../../../components/charts/scales";
import { formatDate, formatMonthAxis } from "../../../lib/format";

const KIND_COLOR = {
  held: tokens.colorPaletteGreenBorderActive,
  renewed: tokens.colorPaletteLightGreenBorderActive,
  planned: tokens.colorPaletteMarigoldBorderActive,
  "what-if": tokens.colorPaletteBerryBorderActive,
} as const;
const KIND_TEXT = {
  held: "Held",
  renewed: "After renewal",
  planned: "Planned exam",
  "what-if": "What-if",
} as const;

/**
 * Who holds which program certification when: held, extended by renewals, and the exams the plan asks
 * for, against the audit date and its next anniversary; the table lists the plan's actions.
 */
export function CertificationTimeline({ plan, from }: { plan: CertificationPlan; from: string }) {
  const checks = plan.checks;
  const end = checks[checks.length - 1]?.date ?? from;
  const rows = plan.timeline.filter(
    (s) => (s.to === null || s.to >= from) && (s.from === null || s.from <= end),
  );
  const layout = useCallback(
    (width: number): ChartLayout => {
      const rowHeight = 26;
      const plot = {
        left: 220,
        right: width - 16,
        top: 24,
        bottom: 24 + Math.max(1, rows.length) * rowHeight,
      };
      const start = dayNumber(from) ?? 0;
      const stop = (dayNumber(end) ?? start) + 30;
      const x = linearScale([start, stop], [plot.left, plot.right]);
      const clampDay = (d: string | null, fallback: number) => {
        const n = d === null ? fallback : (dayNumber(d) ?? fallback);
        return Math.min(stop, Math.max(start, n));
      };
      const items = rows.map((s, i) => ({
        x: x(clampDay(s.from, start)),
        y: plot.top + i * rowHeight + rowHeight / 2,
        lines: [
          `${s.personName ?? s.personId}: ${s.certification}`,
          `${KIND_TEXT[s.kind]} from ${s.from === null ? "before" : formatDate(s.from)} to ${s.to === null ? "no end" : formatDate(s.to)}`,
        ],
      }));
      return {
        height: plot.bottom + 28,
        items,
        render: (active, hover) => (
          <>
            {monthTicks(start, stop, 8).map((t) => (
              <g key={t.date}>
                <line
                  x1={x(t.day)}
                  x2={x(t.day)}
                  y1={plot.top}
                  y2={plot.bottom}
                  stroke={tokens.colorNeutralStroke2}
                />
                <text
                  x={x(t.day)}
                  y={plot.bottom + 16}
                  textAnchor="middle"
                  fontSize="11"
                  fill={tokens.colorNeutralForeground3}
                >
                  {formatMonthAxis(t.date.slice(0, 7), t.date.slice(5, 7) === "01")}
                </text>
              </g>
            ))}
            {rows.map((s, i) => {
              const y0 = plot.top + i * rowHeight;
              const a = x(clampDay(s.from, start));
              const b = x(clampDay(s.to, stop));
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys
                <g key={`${s.personId}-${s.certification}-${s.kind}-${s.from}`} onMouseEnter={() => hover(i)}>
                  <text
                    x={8}
                    y={y0 + rowHeight / 2}
                    dominantBaseline="middle"
                    fontSize="12"
                    fill={tokens.colorNeutralForeground1}
                  >
                    {`${s.personName ?? s.personId}`.slice(0, 22)} · {s.certification}
                  </text>
                  <rect
                    x={a}
                    y={y0 + 5}
                    width={Math.max(2, b - a)}
                    height={rowHeight - 10}
                    rx="3"
                    fill={KIND_COLOR[s.kind]}
                    opacity={active === null || active === i ? 1 : 0.6}
                  />
                </g>
              );
            })}
            {checks.map((c) => (
              <g key={c.date}>
                <line
                  x1={x(dayNumber(c.date) ?? start)}
                  x2={x(dayNumber(c.date) ?? start)}
                  y1={plot.top - 8}
                  y2={plot.bottom}
                  stroke={tokens.colorNeutralForeground1}
                  strokeWidth="2"
                  strokeDasharray="4 3"
                />
                <text
                  x={x(dayNumber(c.date) ?? start)}
                  y={plot.top - 12}
                  textAnchor="middle"
                  fontSize="11"
                  fontWeight="600"
                  fill={tokens.colorNeutralForeground1}
                >
                  {c.label}
                </text>
              </g>
            ))}
          </>
        ),
      };
    },
    [rows, checks, from, end],
  );
  const legend: LegendEntry[] = (Object.keys(KIND_COLOR) as (keyof typeof KIND_COLOR)[]).map((k) => ({
    label: KIND_TEXT[k],
    color: KIND_COLOR[k],
  }));
  return (
    <ChartFrame
      testId="chart-certification-plan"
      title="Certification plan"
      description={plan.summary}
      summary={`Timeline of who holds which certification until the next anniversary (${end}). ${plan.summary}`}
      legend={legend}
      layout={layout}
      table={{
        caption: "What to do, by when",
        columns: ["By", "Person", "Action", "Certification", "Why"],
        rows: [
          ...plan.actions.map((a) => [
            formatDate(a.by),
            a.personName ?? a.personId ?? "Someone new",
            a.kind === "earn" ? `Sit ${a.exam}` : a.kind === "renew" ? "Renew" : "Link the Learn profile",
            a.certification,
            a.reason,
          ]),
          ...plan.blocked.map((b) => [
            formatDate(b.date),
            "",
            "Cannot be planned",
            b.certification,
            b.reason,
          ]),
        ],
      }}
    />
  );
}
