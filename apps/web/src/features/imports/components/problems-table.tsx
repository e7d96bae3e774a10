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
import { ArrowDownloadRegular } from "@fluentui/react-icons";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { downloadCsv } from "../../../lib/csv";
import { formatNumber } from "../../../lib/format";
import type { Problem } from "../types";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  head: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalM,
  },
  caption: { ...typographyStyles.body1Strong, margin: 0 },
  wrap: {
    overflow: "auto",
    maxHeight: "420px",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  number: { textAlign: "end", whiteSpace: "nowrap" },
});

export interface ProblemsTableProps {
  readonly problems: readonly Problem[];
  /** How many problems there are in all, when the list was capped. */
  readonly total?: number;
}

/** Every problem of a failed import: file, line, column and what is wrong, as `specready check` reports them. */
export function ProblemsTable({ problems, total }: ProblemsTableProps) {
  const styles = useStyles();
  const all = total ?? problems.length;
  const capped = all > problems.length;
  return (
    <div className={styles.root}>
      <div className={styles.head}>
        <p className={styles.caption} id="problems-caption">
          {capped
            ? `The first ${formatNumber(problems.length)} of ${formatNumber(all)} problems`
            : `${formatNumber(all)} ${all === 1 ? "problem" : "problems"}`}
        </p>
        <Button
          size="small"
          icon={<ArrowDownloadRegular />}
          onClick={() =>
            downloadCsv("import-problems.csv", [
              ["File", "Line", "Column", "Code", "Problem"],
              ...problems.map((p) => [p.file, p.line ?? "", p.column ?? "", p.code, p.message]),
            ])
          }
        >
          Download as CSV
        </Button>
      </div>
      <div className={styles.wrap}>
        <Table style={AUTO_LAYOUT} size="small" aria-labelledby="problems-caption">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell>Line</TableHeaderCell>
              <TableHeaderCell>Column</TableHeaderCell>
              <TableHeaderCell>Problem</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems may repeat on one line; their order is the report's
              <TableRow key={i}>
                <TableCell>{p.file}</TableCell>
                <TableCell className={styles.number}>
                  {p.line === undefined ? "—" : formatNumber(p.line)}
                </TableCell>
                <TableCell>{p.column ?? "—"}</TableCell>
                <TableCell>{p.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
