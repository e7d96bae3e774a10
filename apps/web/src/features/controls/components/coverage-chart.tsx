import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { useCallback, useMemo } from "react";
import type { ControlReadiness } from "../../../api/types";
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
import {
  COVERAGE_LABELS,
  type CoverageState,
  controlStatusLabel,
  coverageGeometry,
  coverageMatrix,
  evidenceAgainstNeeded,
} from "../control-helpers";

const useStyles = makeStyles({
  empty: { ...typographyStyles.body1, color: tokens.colorNeutralForeground2, margin: 0 },
});

function cellText(state: CoverageState, artifacts: string): string {
  return state === "none" ? "—" : `${COVERAGE_LABELS[state]}${artifacts === "" ? "" : ` (${artifacts})`}`;
}

/**
 * Which customers back which control on the date measured: a square per control and customer, filled
 * when the customer counts, dashed when it would count once its evidence pending review is approved,
 * outlined when a project is in the window but short of evidence, crossed when the projects are outside
 * the twelve months. The same figures are in the data table.
 */
export function CoverageChart({
  controls,
  date,
  from,
}: {
  readonly controls: readonly ControlReadiness[];
  readonly date: string;
  readonly from: string;
}) {
  const styles = useStyles();
  const matrix = useMemo(() => coverageMatrix(controls), [controls]);

  const layout = useCallback(
    (width: number): ChartLayout => {
      const g = coverageGeometry(matrix, width);
      const items: ChartItem[] = [];
      const itemOfRow = new Map<number, number>();
      const itemOfCell = new Map<string, number>();
      matrix.rows.forEach((r, row) => {
        itemOfRow.set(row, items.length);
        items.push({
          x: g.labelWidth / 2,
          y: (g.rowY[row] ?? 0) + 2,
          lines: controlRowLines(r, controlStatusLabel),
        });
        r.cells.forEach((cell, column) => {
          if (cell.state === "none" || cell.customer === undefined) return;
          const col = matrix.columns[column];
          itemOfCell.set(`${row}:${column}`, items.length);
          const best = cell.customer.projects.find((p) => p.inWindow) ?? cell.customer.projects[0];
          items.push({
            x: (g.columnX[column] ?? 0) + g.cellSize / 2,
            y: (g.rowY[row] ?? 0) + 2,
            lines: [
              `${r.id} × ${col?.label ?? cell.customer.tenantId}`,
              COVERAGE_LABELS[cell.state],
              ...(best === undefined
                ? []
                : [
                    `${best.project}: ${evidenceAgainstNeeded(best)}`,
                    `Completed ${formatDate(best.completionDate)}`,
                  ]),
              ...(cell.customer.importedRows > 0 ? [plural(cell.customer.importedRows, "imported row")] : []),
            ],
          });
        });
      });
      return {
        width: g.width,
        height: g.height,
        items,
        render: (active, hover) => (
          <>
            <CoverageGridFrame
              g={g}
              columns={matrix.columns}
              columnX={(column) => g.columnX[column] ?? 0}
              rows={matrix.rows}
              rowY={(row) => g.rowY[row] ?? 0}
              rowItem={(row) => itemOfRow.get(row) ?? -1}
              active={active}
              hover={hover}
            />
            {matrix.rows.map((r, row) =>
              r.cells.map((cell, column) => {
                const x = g.columnX[column] ?? 0;
                const y = g.rowY[row] ?? 0;
                const item = itemOfCell.get(`${row}:${column}`);
                const pad = 5;
                const size = g.cellSize - 2 * pad;
                const highlight = active !== null && active === item;
                return (
                  // biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys
                  <g
                    key={`${r.id}:${matrix.columns[column]?.tenantId}`}
                    onMouseEnter={() => hover(item ?? null)}
                  >
                    <CoverageCellOutline x={x} y={y} size={g.cellSize} />
                    {cell.state === "counts" && (
                      <rect
                        x={x + pad}
                        y={y + pad}
                        width={size}
                        height={size}
                        rx="3"
                        fill={statusColors.good}
                        stroke={highlight ? tokens.colorNeutralForeground1 : "none"}
                        strokeWidth="2"
                      />
                    )}
                    {(cell.state === "pending" || cell.state === "short") && (
                      // Outlined: pending review in the counting colour, dashed; short of evidence in amber.
                      <rect
                        x={x + pad}
                        y={y + pad}
                        width={size}
                        height={size}
                        rx="3"
                        fill="none"
                        stroke={
                          highlight
                            ? tokens.colorNeutralForeground1
                            : cell.state === "pending"
                              ? statusColors.good
                              : statusColors.warning
                        }
                        strokeWidth="2.5"
                        strokeDasharray={cell.state === "pending" ? "4 2" : undefined}
                      />
                    )}
                    {cell.state === "outside" && (
                      <g
                        stroke={highlight ? tokens.colorNeutralForeground1 : statusColors.neutral}
                        strokeWidth="2"
                      >
                        <line
                          x1={x + pad + 2}
                          y1={y + pad + 2}
                          x2={x + g.cellSize - pad - 2}
                          y2={y + g.cellSize - pad - 2}
                        />
                        <line
                          x1={x + g.cellSize - pad - 2}
                          y1={y + pad + 2}
                          x2={x + pad + 2}
                          y2={y + g.cellSize - pad - 2}
                        />
                      </g>
                    )}
                  </g>
                );
              }),
            )}
          </>
        ),
      };
    },
    [matrix],
  );

  const legend: LegendEntry[] = [
    { label: "Customer counts", color: statusColors.good },
    {
      label: "Counts once evidence pending review is approved (dashed)",
      color: statusColors.good,
      shape: "outline",
    },
    { label: "In the window, not enough evidence yet", color: statusColors.warning, shape: "outline" },
    { label: "Only projects outside the twelve months (×)", color: statusColors.neutral, shape: "line" },
    { label: "Control met", color: statusColors.good, shape: "line" },
    { label: "Control short of customers", color: statusColors.bad, shape: "line" },
  ];
  const short = matrix.rows.filter((r) => r.status === "not_met");
  const summary =
    matrix.columns.length === 0
      ? "No customer backs any control yet."
      : `Coverage grid of ${plural(matrix.rows.length, "audit control")} by ${plural(matrix.columns.length, "customer")} on ${formatDate(date)}. ${shortControlsSentence(short)}`;

  return (
    <ChartFrame
      testId="chart-control-coverage"
      title="Customers by control"
      description={`Projects count when completed between ${formatDate(from)} and ${formatDate(date)} with enough evidence items`}
      summary={summary}
      legend={legend}
      layout={layout}
      empty={
        matrix.columns.length === 0 ? (
          <p className={styles.empty}>
            No evidence is linked to a customer project yet: the grid fills as evidence is added.
          </p>
        ) : undefined
      }
      table={{
        caption: "Audit controls and the customers that back them",
        columns: ["Control", "Status", "Customers", ...matrix.columns.map((c) => c.label)],
        rows: matrix.rows.map((r) => [
          `${r.id} ${r.title}`,
          controlStatusLabel(r.status),
          `${r.customerCount} of ${r.required}`,
          ...r.cells.map((cell) => {
            const p = cell.customer?.projects.find((x) => x.inWindow) ?? cell.customer?.projects[0];
            return cellText(cell.state, p === undefined ? "" : evidenceAgainstNeeded(p));
          }),
        ]),
      }}
    />
  );
}
