import { tokens } from "@fluentui/react-components";
import { useCallback } from "react";
import { ChartFrame, type ChartLayout, type LegendEntry } from "../../../components/charts/chart-frame";
import { statusColors } from "../../../components/charts/chart-palette";
import { pageTextMeasure } from "../../../components/charts/text-fit";
import { formatDate, formatMonthAxis, plural, todayIso } from "../../../lib/format";
import type { CertificationChartStatus, CertificationsChart } from "../dashboard-charts";
import {
  BAR_LABEL_FONT,
  CERTIFICATION_STATUS_LABELS,
  certificationTimeline,
  personLabel,
  ROW_LABEL_FONT,
} from "./certification-timeline-model";
import { ChartEmpty } from "./chart-empty";

const STATUS_COLORS: Readonly<Record<CertificationChartStatus, string>> = {
  counting: statusColors.good,
  expired: statusColors.bad,
  not_yet_earned: statusColors.upcoming,
  not_associated: statusColors.warning,
  does_not_count: statusColors.neutral,
};

const STATUS_ORDER: readonly CertificationChartStatus[] = [
  "counting",
  "expired",
  "not_yet_earned",
  "not_associated",
  "does_not_count",
];

export interface CertificationTimelineChartProps {
  readonly chart: CertificationsChart;
  readonly asOf: string;
}

/** Who holds which certification from when to when, against the as-of date (and today). */
export function CertificationTimelineChart({ chart, asOf }: CertificationTimelineChartProps) {
  const today = todayIso();
  const layout = useCallback(
    (width: number): ChartLayout => {
      const g = certificationTimeline(chart, asOf, width, today, pageTextMeasure());
      const items = g.bars.map((b) => ({
        x: b.x + b.width / 2,
        y: b.y,
        lines: [
          `${b.person}: ${b.certification}${b.counted !== null && b.counted !== b.certification ? ` (counts as ${b.counted})` : ""}`,
          CERTIFICATION_STATUS_LABELS[b.status],
          `Earned: ${b.earnedDate === null ? "not given" : formatDate(b.earnedDate)}`,
          `Expires: ${b.expiresOn === null ? "no expiry given" : formatDate(b.expiresOn)}`,
          ...(b.status === "counting" && b.renewalOpensOn !== null
            ? [`Renewal assessment opens: ${formatDate(b.renewalOpensOn)}`]
            : []),
        ],
      }));
      return {
        height: g.height,
        items,
        render: (active, hover) => (
          <>
            {g.ticks.map((t, i) => (
              <g key={t.date}>
                <line
                  x1={t.x}
                  x2={t.x}
                  y1={g.plot.top}
                  y2={g.plot.bottom}
                  stroke={tokens.colorNeutralStroke2}
                />
                <text
                  x={t.x}
                  y={g.plot.bottom + 16}
                  textAnchor="middle"
                  fontSize="11"
                  fill={tokens.colorNeutralForeground3}
                >
                  {formatMonthAxis(t.date.slice(0, 7), i === 0 || t.date.slice(5, 7) === "01")}
                </text>
              </g>
            ))}
            {g.rows.map((r, i) => (
              <g key={`${r.label}:${r.y}`}>
                {i % 2 === 1 && (
                  <rect
                    x={0}
                    y={r.y - 4}
                    width={g.width}
                    height={r.height + 8}
                    fill={tokens.colorNeutralBackground2}
                    opacity="0.6"
                  />
                )}
                <text
                  x={8}
                  y={r.y + 14}
                  fontSize={ROW_LABEL_FONT.size}
                  fontWeight={ROW_LABEL_FONT.weight}
                  fill={tokens.colorNeutralForeground1}
                >
                  {r.label}
                </text>
              </g>
            ))}
            {g.bars.map((b, i) => {
              const color = STATUS_COLORS[b.status];
              const inside = b.label?.place === "inside";
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys
                <g
                  key={`${b.person}:${b.certification}:${b.y}`}
                  onMouseEnter={() => hover(i)}
                  opacity={active === null || active === i ? 1 : 0.6}
                >
                  <rect
                    x={b.x}
                    y={b.y}
                    width={b.width}
                    height={b.height}
                    rx="3"
                    fill={color}
                    fillOpacity={b.status === "counting" ? 1 : 0.85}
                    stroke={active === i ? tokens.colorNeutralForeground1 : "none"}
                    strokeWidth="2"
                    strokeDasharray={b.status === "not_yet_earned" ? "4 2" : undefined}
                  />
                  {b.openStart && (
                    <path
                      d={`M${b.x + 6} ${b.y} L${b.x} ${b.y + b.height / 2} L${b.x + 6} ${b.y + b.height}`}
                      fill={tokens.colorNeutralBackground1}
                      opacity="0.8"
                    />
                  )}
                  {b.openEnd && (
                    <path
                      d={`M${b.x + b.width - 6} ${b.y} L${b.x + b.width} ${b.y + b.height / 2} L${b.x + b.width - 6} ${b.y + b.height}`}
                      fill={tokens.colorNeutralBackground1}
                      opacity="0.8"
                    />
                  )}
                  {b.label !== null && (
                    <text
                      x={b.label.x}
                      y={b.y + b.height / 2}
                      dominantBaseline="middle"
                      fontSize={BAR_LABEL_FONT.size}
                      fontWeight={BAR_LABEL_FONT.weight}
                      fill={
                        !inside
                          ? tokens.colorNeutralForeground2
                          : b.status === "not_associated"
                            ? tokens.colorNeutralForeground1
                            : tokens.colorNeutralForegroundOnBrand
                      }
                      data-label="certification"
                    >
                      {b.label.text}
                    </text>
                  )}
                </g>
              );
            })}
            <line
              x1={g.asOfX}
              x2={g.asOfX}
              y1={g.plot.top - 4}
              y2={g.plot.bottom + 4}
              stroke={tokens.colorNeutralForeground1}
              strokeWidth="2"
              data-line="as-of"
            />
            {g.todayX !== null && (
              <line
                x1={g.todayX}
                x2={g.todayX}
                y1={g.plot.top - 4}
                y2={g.plot.bottom + 4}
                stroke={tokens.colorBrandForeground1}
                strokeWidth="2"
                strokeDasharray="3 3"
                data-line="today"
              />
            )}
          </>
        ),
      };
    },
    [chart, asOf, today],
  );

  const present = new Set(chart.people.flatMap((p) => p.certifications.map((c) => c.status)));
  const legend: LegendEntry[] = [
    ...STATUS_ORDER.filter((s) => present.has(s)).map((s) => ({
      label: CERTIFICATION_STATUS_LABELS[s],
      color: STATUS_COLORS[s],
    })),
    { label: `As of ${formatDate(asOf)}`, color: tokens.colorNeutralForeground1, shape: "line" },
    ...(today !== asOf
      ? [{ label: "Today", color: tokens.colorBrandForeground1, shape: "dashed" as const }]
      : []),
  ];
  const countingPeople = chart.people.filter((p) =>
    p.certifications.some((c) => c.status === "counting"),
  ).length;
  const expiring = chart.people
    .flatMap((p) =>
      p.certifications
        .filter((c) => c.status === "counting" && c.expiresOn !== null)
        .map((c) => c.expiresOn as string),
    )
    .sort()[0];
  const summary = chart.hasData
    ? `Timeline of the certifications of ${plural(chart.people.length, "person", "people")}. ${countingPeople} ${countingPeople === 1 ? "person has" : "people have"} a certification that counts on ${formatDate(asOf)}${expiring !== undefined ? `; the first of them expires on ${formatDate(expiring)}` : ""}.`
    : "No certifications imported.";

  return (
    <ChartFrame
      testId="chart-certifications"
      title="Certifications over time"
      description="A bar per certification, from the day it was earned to its expiry"
      summary={summary}
      legend={legend}
      layout={layout}
      empty={
        chart.hasData ? undefined : (
          <ChartEmpty>Import the certifications file to see who holds what, and until when.</ChartEmpty>
        )
      }
      table={{
        caption: "Certifications per person",
        columns: ["Person", "Certification", "Counts as", "Earned", "Expires", "Status"],
        rows: chart.people.flatMap((p) =>
          p.certifications.map((c) => [
            personLabel(p),
            c.certification,
            c.counted ?? "—",
            formatDate(c.earnedDate),
            formatDate(c.expiresOn),
            CERTIFICATION_STATUS_LABELS[c.status],
          ]),
        ),
      }}
    />
  );
}
