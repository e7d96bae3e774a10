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
import { ArrowRightRegular, WarningRegular } from "@fluentui/react-icons";
import type { ImportImpact, ReadinessChange } from "../../../api/types";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { formatDate, formatMonth, formatNumber, formatUsd } from "../../../lib/format";
import {
  conflictText,
  measureWords,
  moreText,
  previewLineText,
  previewSummary,
  scorePreviewText,
  signedUsd,
  statusWords,
} from "../import-helpers";

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
  conflict: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
  lines: { maxHeight: "40vh", overflowY: "auto" },
});

/** Each line with a key of its own (a file may list the same certification of a person twice). */
function withKeys<T extends { action: string; personId: string; certification: string }>(
  lines: readonly T[],
): { line: T; key: string }[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const base = `${line.action}\u0000${line.personId}\u0000${line.certification}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { line, key: `${base}\u0000${n}` };
  });
}

/**
 * What an import would do, line by line, before it is applied: a certifications file's rows it adds,
 * changes and removes per person and certification (conflicts with People-page edits marked; a bounded
 * list with the rest counted), a capability score's entry in the history with each area's total before
 * and after.
 */
export function ImportPreview({
  impact,
  idPrefix,
  prospective,
}: {
  readonly impact: ImportImpact;
  readonly idPrefix: string;
  /** True while the import waits to be applied. */
  readonly prospective: boolean;
}) {
  const styles = useStyles();
  const people = impact.people;
  const score = impact.score;
  if (people === undefined && score === undefined) return null;
  const more = people === undefined ? null : moreText(people.more);
  const scoreText = score === undefined ? undefined : scorePreviewText(score);
  return (
    <section className={styles.section} aria-labelledby={`${idPrefix}-preview`}>
      <h4 id={`${idPrefix}-preview`} className={styles.heading}>
        {people !== undefined
          ? prospective
            ? "What this file would change in the people records"
            : "What this file changed in the people records"
          : prospective
            ? "What this file would add to the capability score's history"
            : "What this file added to the capability score's history"}
      </h4>
      {people !== undefined && (
        <>
          <p className={styles.quiet}>{previewSummary(people)}</p>
          {people.lines.length > 0 && (
            <div className={styles.lines}>
              <ul className={styles.list} aria-label="Certification rows">
                {withKeys(people.lines).map(({ line, key }) => {
                  const conflict = conflictText(line);
                  return (
                    <li key={key}>
                      {previewLineText(line)}
                      {conflict !== null && (
                        <span className={styles.conflict}>
                          {" "}
                          <WarningRegular aria-hidden /> Conflict: {conflict}
                        </span>
                      )}
                    </li>
                  );
                })}
                {more !== null && <li>{more}</li>}
              </ul>
            </div>
          )}
        </>
      )}
      {scoreText !== undefined && (
        <>
          <p className={styles.quiet}>{scoreText.heading}</p>
          <ul className={styles.list} aria-label="Solution areas">
            {scoreText.areas.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

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
