import { tokens } from "@fluentui/react-components";
import { useCallback } from "react";
import {
  ChartFrame,
  type ChartItem,
  type ChartLayout,
  type LegendEntry,
} from "../../../components/charts/chart-frame";
import { statusColors } from "../../../components/charts/chart-palette";
import {
  CoverageCellOutline,
  CoverageGridFrame,
  controlRowLines,
  shortControlsSentence,
} from "../../../components/charts/coverage-grid";
import { formatDate, plural } from "../../../lib/format";
import type { AuditChart } from "../dashboard-charts";
import { statusLabel } from "../requirement-labels";
import { auditGrid } from "./audit-grid-model";
import { ChartEmpty } from "./chart-empty";

function controlStatusLabel(status: string): string {
  return status === "waived" ? "Waived" : statusLabel(status);
}

/** Which customers' projects back which audit control: counting, too old (or not yet completed), or none. */
export function AuditCoverageChart({ chart }: { readonly chart: AuditChart }) {
  const layout = useCallback(
    (width: number): ChartLayout => {
      const g = auditGrid(chart, width);
      // Keyboard order: each control, then the customers that have a project for it.
      const items: ChartItem[] = [];
      const itemOfRow = new Map<number, number>();
      const itemOfCell = new Map<string, number>();
      g.rows.forEach((r, row) => {
        itemOfRow.set(row, items.length);
        items.push({
          x: g.labelWidth / 2,
          y: r.y + 2,
          lines: controlRowLines(r, controlStatusLabel),
        });
        for (const c of g.cells) {
          if (c.row !== row || c.state === "none") continue;
          itemOfCell.set(`${c.row}:${c.column}`, items.length);
          items.push({
            x: c.x + c.size / 2,
            y: c.y + 2,
            lines: [
              `${c.control} × ${c.customer}`,
              c.state === "counts" ? "Counts" : "Does not count (outside the twelve months)",
              `Latest project completed: ${formatDate(c.latestDeploymentDate)}`,
            ],
          });
        }
      });
      return {
        width: g.width,
        height: g.height,
        items,
        render: (active, hover) => (
          <>
            <CoverageGridFrame
              g={g}
              columns={g.columns}
              columnX={(column) => g.columns[column]?.x ?? 0}
              rows={g.rows}
              rowY={(row) => g.rows[row]?.y ?? 0}
              rowItem={(row) => itemOfRow.get(row) ?? -1}
              active={active}
              hover={hover}
            />
            {g.cells.map((c) => {
              const item = itemOfCell.get(`${c.row}:${c.column}`);
              const pad = 4;
              return (
                // biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys
                <g key={`${c.control}:${c.tenantId}`} onMouseEnter={() => hover(item ?? null)}>
                  <CoverageCellOutline x={c.x} y={c.y} size={c.size} />
                  {c.state === "counts" && (
                    <rect
                      x={c.x + pad}
                      y={c.y + pad}
                      width={c.size - 2 * pad}
                      height={c.size - 2 * pad}
                      rx="3"
                      fill={statusColors.good}
                      stroke={active === item ? tokens.colorNeutralForeground1 : "none"}
                      strokeWidth="2"
                    />
                  )}
                  {c.state === "too_old" && (
                    <g>
                      <rect
                        x={c.x + pad}
                        y={c.y + pad}
                        width={c.size - 2 * pad}
                        height={c.size - 2 * pad}
                        rx="3"
                        fill="none"
                        stroke={active === item ? tokens.colorNeutralForeground1 : statusColors.warning}
                        strokeWidth="2"
                      />
                      <line
                        x1={c.x + pad + 3}
                        y1={c.y + c.size - pad - 3}
                        x2={c.x + c.size - pad - 3}
                        y2={c.y + pad + 3}
                        stroke={statusColors.warning}
                        strokeWidth="2"
                      />
                    </g>
                  )}
                </g>
              );
            })}
          </>
        ),
      };
    },
    [chart],
  );

  const legend: LegendEntry[] = [
    { label: "Project counts (completed in the last twelve months)", color: statusColors.good },
    { label: "Project too old (or not completed yet)", color: statusColors.warning, shape: "outline" },
    { label: "Control met", color: statusColors.good, shape: "line" },
    { label: "Control short of customers", color: statusColors.bad, shape: "line" },
    ...(chart.moduleAWaived
      ? [{ label: "Waived (Module A)", color: statusColors.neutral, shape: "line" as const }]
      : []),
  ];
  const short = chart.controls.filter((c) => c.status === "not_met");
  const summary = !chart.hasData
    ? "No audit evidence imported."
    : `Coverage grid of ${plural(chart.controls.length, "audit control")} by ${plural(chart.customers.length, "customer")}, projects counting when completed from ${formatDate(chart.from)} to ${formatDate(chart.to)}. ${shortControlsSentence(short)}${chart.moduleAWaived ? " Module A is waived." : ""}`;

  const byKey = new Map(chart.cells.map((c) => [`${c.control}|${c.tenantId.toLowerCase()}`, c]));
  return (
    <ChartFrame
      testId="chart-audit"
      title="Audit controls by customer"
      description={`Projects count when completed between ${formatDate(chart.from)} and ${formatDate(chart.to)}`}
      summary={summary}
      legend={legend}
      layout={layout}
      empty={
        chart.hasData ? undefined : (
          <ChartEmpty>Import the audit evidence to see which customers back which control.</ChartEmpty>
        )
      }
      table={{
        caption: "Audit controls and the customers whose projects back them",
        columns: [
          "Control",
          "Title",
          "Customers",
          "Status",
          ...chart.customers.map((c) => c.name ?? c.tenantId),
        ],
        rows: chart.controls.map((c) => [
          c.id,
          c.title,
          `${c.customerCount} of ${c.required}`,
          controlStatusLabel(c.status),
          ...chart.customers.map((k) => {
            const cell = byKey.get(`${c.id}|${k.tenantId.toLowerCase()}`);
            if (cell === undefined) return "—";
            return `${cell.counts ? "Counts" : "Too old"} (${formatDate(cell.latestDeploymentDate)})`;
          }),
        ]),
      }}
    />
  );
}
