import {
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useState } from "react";
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
  nested: {
    marginTop: tokens.spacingVerticalXXS,
    "& > summary": {
      cursor: "pointer",
      color: tokens.colorBrandForegroundLink,
      borderRadius: tokens.borderRadiusSmall,
      ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
    },
  },
  nestedBody: {
    padding: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
  more: { alignSelf: "flex-start" },
  cell: { verticalAlign: "top", whiteSpace: "normal" },
});

/** Rows shown before "Show all": the usage details can list hundreds of customers. */
const PAGE = 25;

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
  if (rows.length === 0) return <span>none</span>;
  const { flat, nested } = tableColumns(rows);
  const shown = all ? rows : rows.slice(0, PAGE);
  return (
    <>
      <div className={styles.tableWrap}>
        <Table style={AUTO_LAYOUT} size="extra-small" aria-label={humanizeKey(name)}>
          <TableHeader>
            <TableRow>
              {flat.map((k) => (
                <TableHeaderCell key={k}>{humanizeKey(k)}</TableHeaderCell>
              ))}
              {nested.length > 0 && <TableHeaderCell>Records</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: details are rendered as received, rows never move
              <TableRow key={i}>
                {flat.map((k) => {
                  const shape = shapeOf(row[k]);
                  return (
                    <TableCell key={k} className={styles.cell}>
                      {shape.kind === "list"
                        ? formatScalarList(k, shape.values)
                        : formatScalar(k, shape.kind === "scalar" ? shape.value : null)}
                    </TableCell>
                  );
                })}
                {nested.length > 0 && (
                  <TableCell className={styles.cell}>
                    {nested.map((k) =>
                      row[k] === undefined || row[k] === null || nestedCount(row[k]) === 0 ? null : (
                        <details key={k} className={styles.nested}>
                          <summary>
                            {humanizeKey(k)}
                            {nestedCount(row[k]) !== null ? ` (${nestedCount(row[k])})` : ""}
                          </summary>
                          <div className={styles.nestedBody}>
                            <DetailsValue name={k} value={row[k]} depth={depth + 1} />
                          </div>
                        </details>
                      ),
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
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
