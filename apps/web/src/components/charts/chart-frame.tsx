import {
  Card,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  ToggleButton,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { TableRegular } from "@fluentui/react-icons";
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { AUTO_LAYOUT } from "../table-layout";
import { useVisuallyHiddenStyles } from "../visually-hidden";
import { clamp } from "./scales";
import { useElementWidth } from "./use-element-width";

/** A value the keyboard and the pointer can point at: where its tooltip goes and what it says. */
export interface ChartItem {
  readonly x: number;
  readonly y: number;
  /** The first line is the tooltip's heading. */
  readonly lines: readonly string[];
}

export interface ChartLayout {
  /** Set when the chart needs more than the available width (it then scrolls sideways). */
  readonly width?: number;
  readonly height: number;
  readonly items: readonly ChartItem[];
  /** Draws the chart; `hover(i)` from the marks' pointer events shows item i's tooltip. */
  render(active: number | null, hover: (index: number | null) => void): ReactNode;
}

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  readonly shape?: "square" | "line" | "dashed" | "area" | "outline";
}

export interface ChartTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ReactNode[])[];
}

export interface ChartFrameProps {
  readonly title: string;
  readonly description?: ReactNode;
  /** What the figure shows, in one or two sentences: the image's accessible name. */
  readonly summary: string;
  readonly legend: readonly LegendEntry[];
  readonly layout: (width: number) => ChartLayout;
  readonly table: ChartTable;
  readonly actions?: ReactNode;
  /** Shown instead of the chart when there is nothing to draw. */
  readonly empty?: ReactNode;
  readonly testId?: string;
}

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-start",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  title: { ...typographyStyles.subtitle2, margin: 0 },
  description: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, margin: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  legend: {
    display: "flex",
    flexWrap: "wrap",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    listStyleType: "none",
    margin: 0,
    padding: 0,
    ...typographyStyles.caption1,
    color: tokens.colorNeutralForeground2,
  },
  legendItem: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  plot: { position: "relative", overflowX: "auto", overflowY: "hidden" },
  svg: {
    display: "block",
    fontFamily: tokens.fontFamilyBase,
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "2px",
    },
  },
  tooltip: {
    position: "absolute",
    pointerEvents: "none",
    zIndex: 1,
    maxWidth: "280px",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow16,
    borderRadius: tokens.borderRadiusMedium,
    ...typographyStyles.caption1,
    transform: "translate(-50%, calc(-100% - 10px))",
    whiteSpace: "normal",
  },
  tooltipBelow: { transform: "translate(-50%, 14px)" },
  tooltipHeading: { ...typographyStyles.caption1Strong, display: "block" },
  tableWrap: { overflowX: "auto" },
  caption: {
    ...typographyStyles.caption1Strong,
    textAlign: "start",
    paddingBottom: tokens.spacingVerticalXS,
  },
});

function LegendSwatch({ color, shape = "square" }: { color: string; shape?: LegendEntry["shape"] }) {
  return (
    <svg width="16" height="12" aria-hidden="true" focusable="false">
      {shape === "line" && <line x1="0" x2="16" y1="6" y2="6" stroke={color} strokeWidth="2" />}
      {shape === "dashed" && (
        <line x1="0" x2="16" y1="6" y2="6" stroke={color} strokeWidth="2" strokeDasharray="4 2" />
      )}
      {shape === "area" && <rect width="16" height="12" fill={color} opacity="0.35" />}
      {shape === "outline" && (
        <rect x="1" y="1" width="14" height="10" rx="2" fill="none" stroke={color} strokeWidth="2" />
      )}
      {shape === "square" && <rect width="16" height="12" rx="2" fill={color} />}
    </svg>
  );
}

/**
 * The frame every chart shares: a titled card with a legend, the SVG as one accessible image (its
 * name summarizes the figure), tooltips on hover and on keyboard focus (Tab to the chart, arrow keys
 * between values, Escape to close), and the same figures as a table — hidden on screen but read by
 * screen readers, or shown with "Data table".
 */
export function ChartFrame(props: ChartFrameProps) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const plotRef = useRef<HTMLDivElement>(null);
  const available = useElementWidth(plotRef);
  const layout = useMemo(() => props.layout(Math.max(available, 280)), [props.layout, available]);
  const width = layout.width ?? Math.max(available, 280);
  const [active, setActive] = useState<number | null>(null);
  const [showTable, setShowTable] = useState(false);
  const titleId = useId();
  const hintId = useId();
  const count = layout.items.length;

  // A new layout may have fewer items.
  useEffect(() => {
    if (active !== null && active >= count) setActive(null);
  }, [active, count]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<SVGSVGElement>) => {
      if (count === 0) return;
      const next = (() => {
        switch (event.key) {
          case "ArrowRight":
          case "ArrowDown":
            return active === null ? 0 : Math.min(count - 1, active + 1);
          case "ArrowLeft":
          case "ArrowUp":
            return active === null ? 0 : Math.max(0, active - 1);
          case "Home":
            return 0;
          case "End":
            return count - 1;
          case "Escape":
            return null;
          default:
            return undefined;
        }
      })();
      if (next === undefined) return;
      event.preventDefault();
      setActive(next);
    },
    [active, count],
  );

  const item = active === null ? undefined : layout.items[active];
  const below = item !== undefined && item.y < 70;
  const tooltipLeft = item === undefined ? 0 : clamp(item.x, 90, Math.max(90, width - 90));

  return (
    <Card className={styles.card} aria-labelledby={titleId} role="region" data-testid={props.testId}>
      <div className={styles.header}>
        <div>
          <h3 id={titleId} className={styles.title}>
            {props.title}
          </h3>
          {props.description !== undefined && <p className={styles.description}>{props.description}</p>}
        </div>
        <div className={styles.actions}>
          {props.actions}
          {props.empty === undefined && (
            <ToggleButton
              size="small"
              appearance="subtle"
              icon={<TableRegular />}
              checked={showTable}
              onClick={() => setShowTable((s) => !s)}
              aria-label={`Data table: ${props.title}`}
            >
              Data table
            </ToggleButton>
          )}
        </div>
      </div>
      {props.empty !== undefined ? (
        props.empty
      ) : (
        <>
          {props.legend.length > 0 && (
            <ul className={styles.legend} aria-label={`Legend: ${props.title}`}>
              {props.legend.map((l) => (
                <li key={l.label} className={styles.legendItem}>
                  <LegendSwatch color={l.color} shape={l.shape} />
                  {l.label}
                </li>
              ))}
            </ul>
          )}
          <div ref={plotRef} className={styles.plot}>
            <svg
              className={styles.svg}
              role="img"
              aria-label={props.summary}
              aria-describedby={hintId}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart is focusable so that arrow keys can move between its values
              tabIndex={0}
              width={width}
              height={layout.height}
              viewBox={`0 0 ${width} ${layout.height}`}
              onKeyDown={onKeyDown}
              onFocus={() => setActive((a) => a ?? (count > 0 ? 0 : null))}
              onBlur={() => setActive(null)}
              onMouseLeave={() => setActive(null)}
            >
              {layout.render(active, setActive)}
            </svg>
            <span id={hintId} className={hidden.hidden}>
              Arrow keys move between the values; the data table below has the same figures.
            </span>
            {item !== undefined && (
              <div
                className={mergeClasses(styles.tooltip, below && styles.tooltipBelow)}
                style={{ left: tooltipLeft, top: item.y }}
                role="status"
                aria-live="polite"
              >
                {item.lines.map((line, i) =>
                  i === 0 ? (
                    <span key={line} className={styles.tooltipHeading}>
                      {line}
                    </span>
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: lines may repeat and never reorder
                    <span key={i} style={{ display: "block" }}>
                      {line}
                    </span>
                  ),
                )}
              </div>
            )}
          </div>
        </>
      )}
      {props.empty === undefined && (
        <div className={mergeClasses(styles.tableWrap, !showTable && hidden.hidden)}>
          <Table style={AUTO_LAYOUT} size="small">
            <caption className={styles.caption}>{props.table.caption}</caption>
            <TableHeader>
              <TableRow>
                {props.table.columns.map((c) => (
                  <TableHeaderCell key={c}>{c}</TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {props.table.rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the table is rebuilt from the figures, rows never move
                <TableRow key={r}>
                  {row.map((cell, c) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                    <TableCell key={c}>{cell}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
