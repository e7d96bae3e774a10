import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { useCallback } from "react";
import {
  ChartFrame,
  type ChartItem,
  type ChartLayout,
  type LegendEntry,
} from "../../../components/charts/chart-frame";
import { statusColors } from "../../../components/charts/chart-palette";
import { pageTextMeasure } from "../../../components/charts/text-fit";
import { TextLines } from "../../../components/charts/text-lines";
import { calendarDateToUtc, formatDate, formatMonthAxis, todayIso } from "../../../lib/format";
import type { AuditPlan } from "../api";
import { localizeDates } from "../audit-format";
import { type DeadlineRow, deadlineTimeline, STEP_FONT, STEP_LINE_HEIGHT } from "../deadline-timeline-model";

const useStyles = makeStyles({
  empty: {
    margin: 0,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground2,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  emptyText: { margin: 0 },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, ...typographyStyles.caption1 },
});

let dayAxis: Intl.DateTimeFormat | null = null;

/** "Oct 6": the axis's short form of a calendar date, in UTC as lib/format formats calendar dates. */
function formatDayAxis(date: string): string {
  const t = calendarDateToUtc(date);
  if (t === null) return date;
  dayAxis ??= new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
  return dayAxis.format(t);
}

const STEP_COLOR = statusColors.upcoming;
const GAP_COLOR = statusColors.neutral;
const AUDIT_COLOR = tokens.colorNeutralForeground1;
const APPLICATION_COLOR = tokens.colorNeutralStrokeAccessible;
const TODAY_COLOR = tokens.colorBrandForeground1;

type StepMarks = Pick<DeadlineRow, "id" | "planned" | "onlyWithGaps">;

function plannedLabel(row: StepMarks): string {
  return row.id === "gap-report" ? "Issued" : "Planned";
}

function rowNote(row: StepMarks): string {
  const notes: string[] = [];
  if (row.planned !== null) notes.push(`${plannedLabel(row)}: ${formatDate(row.planned)}`);
  if (row.onlyWithGaps) notes.push("Only when the audit leaves open action items");
  return notes.length === 0 ? "—" : notes.join("; ");
}

function diamond(x: number, y: number, r: number): string {
  return `M${x} ${y - r} L${x + r} ${y} L${x} ${y + r} L${x - r} ${y} Z`;
}

/** The audit process's deadlines on a date axis, with the planned audit date and today. */
export function DeadlinesChart({ plan }: { readonly plan: AuditPlan }) {
  const styles = useStyles();
  const today = todayIso();
  const steps = plan.timeline;

  const layout = useCallback(
    (available: number): ChartLayout => {
      const g = deadlineTimeline(steps, plan, available, today, pageTextMeasure());
      const items: ChartItem[] = g.rows.map((r) => {
        const step = steps.find((s) => s.id === r.id);
        return {
          // Kept away from the right edge, where the tooltip would have no room to be read.
          x: Math.min(r.dueX ?? (g.plot.left + g.plot.right) / 2, g.width - 200),
          y: r.y + 4,
          lines: [
            r.step,
            r.due === null ? "No due date yet" : `Due by ${formatDate(r.due)}`,
            ...(r.planned !== null ? [`${plannedLabel(r)}: ${formatDate(r.planned)}`] : []),
            ...(step !== undefined ? [localizeDates(step.basis)] : []),
            ...(r.onlyWithGaps ? ["Only when the audit leaves open action items"] : []),
          ],
        };
      });
      return {
        width: g.width,
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
                  {t.kind === "month"
                    ? formatMonthAxis(t.date.slice(0, 7), i === 0 || t.date.slice(5, 7) === "01")
                    : formatDayAxis(t.date)}
                </text>
              </g>
            ))}
            {g.rows.map((r, i) => {
              const color = r.onlyWithGaps ? GAP_COLOR : STEP_COLOR;
              const isActive = active === i;
              const dueText = r.due === null ? null : formatDayAxis(r.due);
              const textRight = r.dueX !== null && r.dueX + 12 + 48 <= g.plot.right;
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys
                <g key={r.id} onMouseEnter={() => hover(i)} opacity={active === null || isActive ? 1 : 0.65}>
                  {i % 2 === 1 && (
                    <rect
                      x={0}
                      y={r.y}
                      width={g.width}
                      height={r.height}
                      fill={tokens.colorNeutralBackground2}
                      opacity="0.6"
                    />
                  )}
                  <text
                    x={8}
                    y={r.center - ((r.stepLines.length - 1) * STEP_LINE_HEIGHT) / 2}
                    dominantBaseline="middle"
                    fontSize={STEP_FONT.size}
                    fontWeight={isActive ? "600" : "400"}
                    fontStyle={r.onlyWithGaps ? "italic" : undefined}
                    fill={tokens.colorNeutralForeground1}
                    data-label="step"
                  >
                    <TextLines lines={r.stepLines} x={8} lineHeight={STEP_LINE_HEIGHT} />
                  </text>
                  {r.fromX !== null && r.dueX !== null && (
                    <>
                      <line
                        x1={r.fromX}
                        x2={r.dueX}
                        y1={r.center}
                        y2={r.center}
                        stroke={color}
                        strokeOpacity="0.45"
                        strokeWidth="4"
                        strokeLinecap="round"
                        strokeDasharray={r.onlyWithGaps ? "5 4" : undefined}
                      />
                      <circle cx={r.fromX} cy={r.center} r="3" fill={color} />
                    </>
                  )}
                  {r.dueX !== null ? (
                    <>
                      <path
                        d={diamond(r.dueX, r.center, isActive ? 8 : 7)}
                        fill={r.onlyWithGaps ? tokens.colorNeutralBackground1 : color}
                        stroke={isActive ? tokens.colorNeutralForeground1 : color}
                        strokeWidth="2"
                      />
                      {dueText !== null && (
                        <text
                          x={textRight ? r.dueX + 12 : r.dueX - 12}
                          y={r.center}
                          textAnchor={textRight ? "start" : "end"}
                          dominantBaseline="middle"
                          fontSize="11"
                          fill={tokens.colorNeutralForeground2}
                        >
                          {dueText}
                        </text>
                      )}
                    </>
                  ) : (
                    <text
                      x={g.plot.left + 8}
                      y={r.center}
                      dominantBaseline="middle"
                      fontSize="11"
                      fill={tokens.colorNeutralForeground3}
                    >
                      No date yet
                    </text>
                  )}
                  {r.plannedX !== null && (
                    <circle
                      cx={r.plannedX}
                      cy={r.center}
                      r="5"
                      fill={AUDIT_COLOR}
                      stroke={tokens.colorNeutralBackground1}
                      strokeWidth="1.5"
                    />
                  )}
                  {/* A wide, invisible target so the whole row answers the pointer. */}
                  <rect x={0} y={r.y} width={g.width} height={r.height} fill="transparent" />
                </g>
              );
            })}
            {g.applicationX !== null && (
              <line
                x1={g.applicationX}
                x2={g.applicationX}
                y1={g.plot.top}
                y2={g.plot.bottom}
                stroke={APPLICATION_COLOR}
                strokeWidth="1"
                strokeDasharray="1 3"
              />
            )}
            {g.auditX !== null && (
              <line
                x1={g.auditX}
                x2={g.auditX}
                y1={g.plot.top - 4}
                y2={g.plot.bottom + 4}
                stroke={AUDIT_COLOR}
                strokeWidth="2"
              />
            )}
            {g.todayX !== null && (
              <line
                x1={g.todayX}
                x2={g.todayX}
                y1={g.plot.top - 4}
                y2={g.plot.bottom + 4}
                stroke={TODAY_COLOR}
                strokeWidth="2"
                strokeDasharray="3 3"
              />
            )}
          </>
        ),
      };
    },
    [steps, plan, today],
  );

  const hasDates = steps.some((s) => s.due !== null) || plan.auditDate !== null;
  // Today is drawn only near the plan's dates (a far-away today would squash them).
  const todayShown = hasDates && deadlineTimeline(steps, plan, 800, today).todayX !== null;
  const legend: LegendEntry[] = [
    { label: "Due date", color: STEP_COLOR },
    ...(steps.some((s) => s.onlyWithGaps)
      ? [{ label: "Only with open action items", color: GAP_COLOR, shape: "dashed" as const }]
      : []),
    ...(plan.applicationDate !== null
      ? [
          {
            label: `Application ${formatDate(plan.applicationDate)}`,
            color: APPLICATION_COLOR,
            shape: "dashed" as const,
          },
        ]
      : []),
    ...(plan.auditDate !== null
      ? [{ label: `Planned audit ${formatDate(plan.auditDate)}`, color: AUDIT_COLOR, shape: "line" as const }]
      : []),
    ...(todayShown
      ? [{ label: `Today ${formatDate(today)}`, color: TODAY_COLOR, shape: "dashed" as const }]
      : []),
  ];

  const audit = steps.find((s) => s.id === "audit");
  const last = [...steps].reverse().find((s) => s.due !== null);
  const summary = hasDates
    ? [
        `Timeline of ${steps.length} audit process steps`,
        plan.applicationDate !== null ? ` from the application on ${formatDate(plan.applicationDate)}` : "",
        last?.due != null ? `; the last, ${last.step}, is due by ${formatDate(last.due)}` : "",
        ".",
        plan.auditDate !== null ? ` The audit is planned on ${formatDate(plan.auditDate)}` : "",
        plan.auditDate !== null && audit?.due != null ? ` and must be held by ${formatDate(audit.due)}.` : "",
        plan.auditDate !== null && audit?.due == null ? "." : "",
        todayShown ? "" : ` Today, ${formatDate(today)}, is outside the chart.`,
      ].join("")
    : "No dates planned yet.";

  return (
    <ChartFrame
      // The frame measures its plot when it mounts: remount it when the empty state gives way to the chart.
      key={hasDates ? "chart" : "empty"}
      testId="chart-audit-deadlines"
      title="Process deadlines"
      description="Each step's window, from the day it counts from to its latest day; steps in italics and dashed happen only when the audit leaves open action items"
      summary={summary}
      legend={legend}
      layout={layout}
      empty={
        hasDates ? undefined : (
          <div className={styles.empty}>
            <p className={styles.emptyText}>
              No deadlines yet: plan the application date to see when each step of the audit is due.
            </p>
            <ol className={styles.steps} aria-label="Audit process steps">
              {steps.map((s) => (
                <li key={s.id}>
                  {s.step}: {localizeDates(s.basis)}
                  {s.onlyWithGaps ? " (only with open action items)" : ""}
                </li>
              ))}
            </ol>
          </div>
        )
      }
      table={{
        caption: "Audit process deadlines",
        columns: ["Step", "Counts from", "Due date", "Note"],
        rows: steps.map((s) => [
          s.step,
          localizeDates(s.basis),
          s.due === null ? "Not yet known" : formatDate(s.due),
          rowNote(s),
        ]),
      }}
    />
  );
}
