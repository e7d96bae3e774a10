import type { AuditChart, AuditChartCell } from "../dashboard-charts";
import { customerLabel } from "./acr-chart-model";

export type AuditCellState = "counts" | "too_old" | "none";

export interface AuditGridCell {
  readonly control: string;
  readonly tenantId: string;
  readonly customer: string;
  readonly state: AuditCellState;
  readonly latestDeploymentDate: string | null;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly row: number;
  readonly column: number;
}

export interface AuditGridGeometry {
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly countX: number;
  readonly gridLeft: number;
  readonly headerHeight: number;
  readonly cellSize: number;
  readonly columns: readonly { readonly tenantId: string; readonly label: string; readonly x: number }[];
  readonly rows: readonly {
    readonly id: string;
    readonly module: string;
    readonly title: string;
    readonly required: number;
    readonly customerCount: number;
    readonly status: string;
    readonly waived: boolean;
    readonly y: number;
  }[];
  readonly cells: readonly AuditGridCell[];
  /** Where one module's rows end and the next begin. */
  readonly moduleBreaks: readonly number[];
}

/** The state of a control × customer cell: a counting project, only projects too old (or not yet done), or none. */
export function cellState(cell: AuditChartCell | undefined): AuditCellState {
  if (cell === undefined) return "none";
  return cell.counts ? "counts" : "too_old";
}

export function cellKey(control: string, tenantId: string): string {
  return `${control}\u0000${tenantId.toLowerCase()}`;
}

/**
 * Rows are controls (with the customers required and counted), columns customers, a square per cell.
 * The grid keeps a readable cell size and asks for more width than available when there are many
 * customers (the frame then scrolls sideways) rather than shrinking cells to dots.
 */
export function auditGrid(chart: AuditChart, availableWidth: number): AuditGridGeometry {
  const labelWidth = Math.min(300, Math.max(170, Math.round(availableWidth * 0.34)));
  const countWidth = 64;
  const cellSize = 26;
  const headerHeight = Math.min(
    130,
    Math.max(40, 12 + 6.2 * Math.max(0, ...chart.customers.map((c) => customerLabel(c).length)) * 0.72),
  );
  const countX = labelWidth;
  const gridLeft = labelWidth + countWidth;
  const byKey = new Map(chart.cells.map((c) => [cellKey(c.control, c.tenantId), c]));
  const columns = chart.customers.map((c, i) => ({
    tenantId: c.tenantId,
    label: customerLabel(c),
    x: gridLeft + i * cellSize,
  }));
  const moduleBreaks: number[] = [];
  const rows = chart.controls.map((c, i) => {
    const previous = chart.controls[i - 1];
    if (previous !== undefined && previous.module !== c.module)
      moduleBreaks.push(headerHeight + i * cellSize);
    return {
      id: c.id,
      module: c.module,
      title: c.title,
      required: c.required,
      customerCount: c.customerCount,
      status: c.status,
      waived: c.status === "waived",
      y: headerHeight + i * cellSize,
    };
  });
  const cells: AuditGridCell[] = [];
  rows.forEach((r, row) => {
    columns.forEach((col, column) => {
      const cell = byKey.get(cellKey(r.id, col.tenantId));
      cells.push({
        control: r.id,
        tenantId: col.tenantId,
        customer: col.label,
        state: cellState(cell),
        latestDeploymentDate: cell?.latestDeploymentDate ?? null,
        x: col.x,
        y: r.y,
        size: cellSize,
        row,
        column,
      });
    });
  });
  // Rotated labels lean right past the last column.
  const needed = gridLeft + columns.length * cellSize + headerHeight * 0.75 + 8;
  return {
    width: Math.max(availableWidth, needed),
    height: headerHeight + rows.length * cellSize + 4,
    labelWidth,
    countX,
    gridLeft,
    headerHeight,
    cellSize,
    columns,
    rows,
    cells,
    moduleBreaks,
  };
}
