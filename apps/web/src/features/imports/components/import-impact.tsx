import {
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
import { ArrowRightRegular } from "@fluentui/react-icons";
import type { ImportImpact, ReadinessChange } from "../../../api/types";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { formatDate, formatMonth, formatNumber, formatUsd } from "../../../lib/format";
import { measureWords, signedUsd, statusWords } from "../import-helpers";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { ...typographyStyles.body1Strong, margin: 0 },
  tableWrap: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  number: { textAlign: "end", whiteSpace: "nowrap" },
  nowrap: { whiteSpace: "nowrap" },
  list: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  change: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  summary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: "block" },
  quiet: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/** What an import replaces: each count in effect and after it, and for usage each month's AI ACR. */
export function ImpactTables({
  impact,
  idPrefix,
}: {
  readonly impact: ImportImpact;
  readonly idPrefix: string;
}) {
  const styles = useStyles();
  const months = impact.months ?? [];
  return (
    <>
      {impact.replaces !== "merge" && (
        <section className={styles.section} aria-labelledby={`${idPrefix}-replaced`}>
          <h4 id={`${idPrefix}-replaced`} className={styles.heading}>
            {impact.replaces === "months" ? "In the months this file covers" : "What this file replaces"}
          </h4>
          <div className={styles.tableWrap}>
            <Table style={AUTO_LAYOUT} size="small" aria-labelledby={`${idPrefix}-replaced`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell />
                  <TableHeaderCell className={styles.number}>In effect now</TableHeaderCell>
                  <TableHeaderCell className={styles.number}>With this file</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {impact.measures.map((m) => (
                  <TableRow key={m.name}>
                    <TableCell>{measureWords(m.name)}</TableCell>
                    <TableCell className={styles.number}>{formatNumber(m.before)}</TableCell>
                    <TableCell className={styles.number}>{formatNumber(m.after)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </section>
      )}
      {months.length > 0 && (
        <section className={styles.section} aria-labelledby={`${idPrefix}-months`}>
          <h4 id={`${idPrefix}-months`} className={styles.heading}>
            Eligible AI ACR by month
            {impact.eligibleAcrChange !== undefined ? ` (${signedUsd(impact.eligibleAcrChange)} in all)` : ""}
          </h4>
          <div className={styles.tableWrap}>
            <Table style={AUTO_LAYOUT} size="small" aria-labelledby={`${idPrefix}-months`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Month</TableHeaderCell>
                  <TableHeaderCell>This file</TableHeaderCell>
                  <TableHeaderCell className={styles.number}>Rows</TableHeaderCell>
                  <TableHeaderCell className={styles.number}>Before</TableHeaderCell>
                  <TableHeaderCell className={styles.number}>After</TableHeaderCell>
                  <TableHeaderCell className={styles.number}>Change</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {months.map((m) => (
                  <TableRow key={m.month}>
                    <TableCell className={styles.nowrap}>{formatMonth(m.month)}</TableCell>
                    <TableCell>{m.replaces ? "Replaces it" : "Adds it"}</TableCell>
                    <TableCell className={styles.number}>
                      {m.replaces ? `${formatNumber(m.rowsBefore)} → ` : ""}
                      {formatNumber(m.rowsAfter)}
                    </TableCell>
                    <TableCell className={styles.number}>{formatUsd(m.eligibleAcrBefore)}</TableCell>
                    <TableCell className={styles.number}>{formatUsd(m.eligibleAcrAfter)}</TableCell>
                    <TableCell className={styles.number}>{signedUsd(m.eligibleAcrChange)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </section>
      )}
    </>
  );
}

/**
 * Readiness today before and after an import: each requirement that changes, with its status and
 * figure before and after, or that nothing changes.
 */
export function ReadinessChangeList({
  change,
  idPrefix,
  prospective,
}: {
  readonly change: ReadinessChange;
  readonly idPrefix: string;
  /** True while the import waits: "would change". */
  readonly prospective: boolean;
}) {
  const styles = useStyles();
  const changed = change.requirements.filter((r) => r.changed);
  const unchanged = change.requirements.filter((r) => !r.changed);
  return (
    <section className={styles.section} aria-labelledby={`${idPrefix}-readiness`}>
      <h4 id={`${idPrefix}-readiness`} className={styles.heading}>
        Readiness today ({formatDate(change.asOf)})
      </h4>
      {changed.length === 0 ? (
        <p className={styles.quiet}>
          No change: every requirement {prospective ? "would stay" : "stays"} as it was.
        </p>
      ) : (
        <ul className={styles.list}>
          {changed.map((r) => (
            <li key={r.id}>
              <span className={styles.change}>
                <strong>{r.title}:</strong>{" "}
                {r.before.status === r.after.status ? (
                  `${statusWords(r.after.status)}, its figure ${prospective ? "would change" : "changed"}`
                ) : (
                  <>
                    {statusWords(r.before.status)}{" "}
                    <ArrowRightRegular aria-label={prospective ? "would become" : "became"} />{" "}
                    {statusWords(r.after.status)}
                  </>
                )}
              </span>
              <span className={styles.summary}>
                Before: {r.before.summary || "no data"}. After: {r.after.summary || "no data"}.
              </span>
            </li>
          ))}
          {unchanged.length > 0 && <li>No change to {unchanged.map((r) => r.title).join(", ")}.</li>}
        </ul>
      )}
    </section>
  );
}
