import { tokens } from "@fluentui/react-components";
import { plural } from "../../lib/format";
import { statusColors } from "./chart-palette";
import { truncate } from "./truncate";

/**
 * The parts shared by the grids of audit controls by customer (the dashboard's audit coverage chart
 * and the controls page's customers-by-control chart): the row per control with its status bar and
 * count, the rotated customer headers, the lines between modules and the outline of each cell.
 */

/** A control row's status bar: met, waived, or short of customers. */
export function controlStatusColor(status: string): string {
  if (status === "met") return statusColors.good;
  if (status === "waived") return statusColors.neutral;
  return statusColors.bad;
}

export interface CoverageGridRow {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly customerCount: number;
  readonly required: number;
}

/** The tooltip of a control row. */
export function controlRowLines(r: CoverageGridRow, statusLabel: (status: string) => string): string[] {
  return [
    `${r.id} ${r.title}`,
    r.status === "waived"
      ? "Waived by an earlier audit"
      : `${r.customerCount} of ${plural(r.required, "customer")}: ${statusLabel(r.status).toLowerCase()}`,
  ];
}

/** "Every control to audit has enough customers." or which ones are short, for the chart summary. */
export function shortControlsSentence(
  short: readonly Pick<CoverageGridRow, "id" | "customerCount" | "required">[],
): string {
  return short.length === 0
    ? "Every control to audit has enough customers."
    : `${short.length} ${short.length === 1 ? "control is" : "controls are"} short of customers: ${short
        .map((r) => `${r.id} (${r.customerCount} of ${r.required})`)
        .join(", ")}.`;
}

export interface CoverageGridFrameGeometry {
  readonly width: number;
  readonly labelWidth: number;
  readonly countX: number;
  readonly headerHeight: number;
  readonly cellSize: number;
  readonly moduleBreaks: readonly number[];
}

/**
 * Everything of the grid but its cells: the customer headers (a column's left edge in `columnX`),
 * the "Counted" header, a row per control (top edge in `rowY`) and the lines between modules.
 */
export function CoverageGridFrame({
  g,
  columns,
  columnX,
  rows,
  rowY,
  rowItem,
  active,
  hover,
}: {
  readonly g: CoverageGridFrameGeometry;
  readonly columns: readonly { readonly tenantId: string; readonly label: string }[];
  readonly columnX: (column: number) => number;
  readonly rows: readonly CoverageGridRow[];
  readonly rowY: (row: number) => number;
  readonly rowItem: (row: number) => number;
  readonly active: number | null;
  readonly hover: (item: number | null) => void;
}) {
  return (
    <>
      {columns.map((c, i) => (
        <text
          key={c.tenantId}
          transform={`translate(${columnX(i) + g.cellSize / 2 + 4}, ${g.headerHeight - 6}) rotate(-45)`}
          fontSize="11"
          fill={tokens.colorNeutralForeground2}
        >
          {truncate(c.label, 18)}
        </text>
      ))}
      <text
        x={g.countX}
        y={g.headerHeight - 6}
        fontSize="11"
        fontWeight="600"
        fill={tokens.colorNeutralForeground2}
      >
        Counted
      </text>
      {rows.map((r, row) => {
        const y = rowY(row);
        const item = rowItem(row);
        const waived = r.status === "waived";
        return (
          // biome-ignore lint/a11y/noStaticElementInteractions: pointer hover only; the keyboard reaches the same tooltip via the chart's arrow keys
          <g key={r.id} onMouseEnter={() => hover(item)}>
            {row % 2 === 0 && (
              <rect
                x={0}
                y={y}
                width={g.width}
                height={g.cellSize}
                fill={tokens.colorNeutralBackground2}
                opacity="0.7"
              />
            )}
            <rect
              x={0}
              y={y + 4}
              width={4}
              height={g.cellSize - 8}
              fill={controlStatusColor(r.status)}
              rx="2"
            />
            <text
              x={10}
              y={y + g.cellSize / 2}
              dominantBaseline="middle"
              fontSize="12"
              fontWeight={active === item ? "700" : "400"}
              fill={waived ? tokens.colorNeutralForeground3 : tokens.colorNeutralForeground1}
            >
              <tspan fontWeight="600">{r.id}</tspan>{" "}
              {truncate(r.title, Math.floor((g.labelWidth - 60) / 6.3))}
            </text>
            <text
              x={g.countX}
              y={y + g.cellSize / 2}
              dominantBaseline="middle"
              fontSize="12"
              fontWeight="600"
              fill={
                r.status === "not_met" ? tokens.colorPaletteRedForeground1 : tokens.colorNeutralForeground2
              }
            >
              {waived ? "waived" : `${r.customerCount}/${r.required}`}
            </text>
          </g>
        );
      })}
      {g.moduleBreaks.map((y) => (
        <line key={y} x1={0} x2={g.width} y1={y} y2={y} stroke={tokens.colorNeutralStroke1} strokeWidth="2" />
      ))}
    </>
  );
}

/** The faint outline every cell of the grid has, whatever it holds. */
export function CoverageCellOutline({
  x,
  y,
  size,
}: {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}) {
  return (
    <rect
      x={x + 1}
      y={y + 1}
      width={size - 2}
      height={size - 2}
      fill="transparent"
      stroke={tokens.colorNeutralStroke3}
    />
  );
}
