import {
  Button,
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ChevronDownRegular, ChevronRightRegular } from "@fluentui/react-icons";
import { Fragment, useState } from "react";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import {
  formatScalar,
  formatScalarList,
  humanizeKey,
  isPlainObject,
  nestedCount,
  shapeOf,
  tableColumns,
} from "../details-format";

const useStyles = makeStyles({
  fields: {
    display: "grid",
    gridTemplateColumns: "minmax(140px, max-content) minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { ...typographyStyles.body1Strong, color: tokens.colorNeutralForeground2 },
  definition: { margin: 0, minWidth: 0, overflowWrap: "anywhere" },
  block: { gridColumn: "1 / -1", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  tableWrap: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  toggle: { display: "flex", whiteSpace: "nowrap", paddingLeft: 0, minWidth: 0 },
  nestedRow: {
    backgroundColor: tokens.colorNeutralBackground2,
    ":hover": { backgroundColor: tokens.colorNeutralBackground2 },
  },
  nestedCell: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}` },
  nestedBody: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke2}`,
  },
  headerCell: { whiteSpace: "nowrap", verticalAlign: "bottom" },
  more: { alignSelf: "flex-start" },
  // "break-word", not the definition list's "anywhere": cells keep whole words, and a sentence column
  // gets room to read.
  cell: { verticalAlign: "top", whiteSpace: "normal", overflowWrap: "break-word", maxWidth: "420px" },
  longCell: { minWidth: "24ch" },
});

/** Rows shown before "Show all": the usage details can list hundreds of customers. */
const PAGE = 25;

/** A row label for the toggles of its nested records ("Show customers of B2.2"). */
function rowLabel(row: Record<string, unknown>): string {
  for (const k of ["id", "name", "area", "metric", "personId", "tenantId", "month", "certification"]) {
    const v = row[k];
    if (typeof v === "string" && v !== "") return v;
  }
  return "this row";
}

function DetailsTable({
  name,
  rows,
  depth,
}: {
  name: string;
  rows: readonly Record<string, unknown>[];
  depth: number;
}) {
  const styles = useStyles();
  const [all, setAll] = useState(false);
  // Which nested records are open, as "row:key"; they open in a full-width row under their row.
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  if (rows.length === 0) return <span>none</span>;
  const { flat, nested } = tableColumns(rows);
  const shown = all ? rows : rows.slice(0, PAGE);
  const columns = flat.length + (nested.length > 0 ? 1 : 0);
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <>
      <div className={styles.tableWrap}>
        <Table style={AUTO_LAYOUT} size="extra-small" aria-label={humanizeKey(name)}>
          <TableHeader>
            <TableRow>
              {flat.map((k) => (
                <TableHeaderCell key={k} className={styles.headerCell}>
                  {humanizeKey(k)}
                </TableHeaderCell>
              ))}
              {nested.length > 0 && <TableHeaderCell className={styles.headerCell}>Records</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((row, i) => {
              const present = nested.filter(
                (k) => row[k] !== undefined && row[k] !== null && nestedCount(row[k]) !== 0,
              );
              const label = rowLabel(row);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: details are rendered as received, rows never move
                <Fragment key={i}>
                  <TableRow>
                    {flat.map((k) => {
                      const shape = shapeOf(row[k]);
                      const text =
                        shape.kind === "list"
                          ? formatScalarList(k, shape.values)
                          : formatScalar(k, shape.kind === "scalar" ? shape.value : null);
                      return (
                        <TableCell
                          key={k}
                          className={mergeClasses(styles.cell, text.length > 40 && styles.longCell)}
                        >
                          {text}
                        </TableCell>
                      );
                    })}
                    {nested.length > 0 && (
                      <TableCell className={styles.cell}>
                        {present.map((k) => {
                          const id = `${i}:${k}`;
                          const expanded = open.has(id);
                          return (
                            <Button
                              key={k}
                              className={styles.toggle}
                              size="small"
                              appearance="transparent"
                              icon={expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}
                              aria-expanded={expanded}
                              aria-label={`${humanizeKey(k)} of ${label} (${nestedCount(row[k])})`}
                              onClick={() => toggle(id)}
                            >
                              {humanizeKey(k)} ({nestedCount(row[k])})
                            </Button>
                          );
                        })}
                      </TableCell>
                    )}
                  </TableRow>
                  {present
                    .filter((k) => open.has(`${i}:${k}`))
                    .map((k) => (
                      <TableRow key={k} className={styles.nestedRow}>
                        <TableCell colSpan={columns} className={styles.nestedCell}>
                          <div className={styles.nestedBody}>
                            <span className={styles.term}>
                              {humanizeKey(k)} of {label}
                            </span>
                            <DetailsValue name={k} value={row[k]} depth={depth + 1} />
                          </div>
                        </TableCell>
                      </TableRow>
                    ))}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {rows.length > PAGE && (
        <Button className={styles.more} size="small" appearance="subtle" onClick={() => setAll((a) => !a)}>
          {all ? `Show the first ${PAGE}` : `Show all ${rows.length} ${humanizeKey(name).toLowerCase()}`}
        </Button>
      )}
    </>
  );
}

function DetailsValue({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  const shape = shapeOf(value);
  switch (shape.kind) {
    case "scalar":
      return <>{formatScalar(name, shape.value)}</>;
    case "list":
      return <>{formatScalarList(name, shape.values)}</>;
    case "table":
      return <DetailsTable name={name} rows={shape.rows} depth={depth} />;
    case "object":
      return <DetailsView value={shape.value} depth={depth} />;
    default:
      return <code>{JSON.stringify(shape.value)}</code>;
  }
}

/**
 * Any requirement's `details` as labelled fields: figures inline, records as tables whose nested
 * records open in place (keyboard-operable `<details>`), long tables paged.
 */
export function DetailsView({ value, depth = 0 }: { readonly value: unknown; readonly depth?: number }) {
  const styles = useStyles();
  if (!isPlainObject(value)) return <DetailsValue name="" value={value} depth={depth} />;
  const entries = Object.entries(value);
  if (entries.length === 0) return <span>none</span>;
  return (
    <dl className={styles.fields}>
      {entries.map(([key, v]) => {
        const shape = shapeOf(v);
        const wide = shape.kind === "table" || (shape.kind === "object" && nestedCount(v) !== 0);
        return wide ? (
          <div key={key} className={styles.block}>
            <dt className={styles.term}>{humanizeKey(key)}</dt>
            <dd className={styles.definition}>
              <DetailsValue name={key} value={v} depth={depth} />
            </dd>
          </div>
        ) : (
          <div key={key} style={{ display: "contents" }}>
            <dt className={styles.term}>{humanizeKey(key)}</dt>
            <dd className={styles.definition}>
              <DetailsValue name={key} value={v} depth={depth} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
