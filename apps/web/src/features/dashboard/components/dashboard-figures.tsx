import { Card, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { WarningsList } from "../../../components/warnings-list";
import { ScoreHistoryChart, useCapabilityScore } from "../../capability-score";
import type { Dashboard } from "../api";
import { AcrChart } from "../charts/acr-chart";
import { AuditCoverageChart } from "../charts/audit-coverage-chart";
import { CapabilityChart } from "../charts/capability-chart";
import { CertificationTimelineChart } from "../charts/certification-timeline-chart";
import { ChangeTimeline } from "./change-timeline";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  sectionHeading: { ...typographyStyles.subtitle1, margin: 0 },
  charts: {
    display: "grid",
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
    "@media (max-width: 1100px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  wide: { gridColumn: "1 / -1" },
  panel: { padding: tokens.spacingHorizontalL },
});

export interface DashboardFiguresProps {
  readonly orgId: string;
  readonly data: Dashboard;
  /**
   * The ACR chart is of the AI Platform's one rule; a specialization of sub-rules lists each sub-rule's
   * figures under its performance requirement (Explain) instead.
   */
  readonly showAcr: boolean;
  /** Opens "How this was computed" for a requirement (the ACR chart explains performance). */
  readonly onExplain: (requirementId: string) => void;
}

/**
 * The dashboard below the requirement cards: the charts (each with its data table), the upcoming
 * changes and the warnings. Its own chunk, rendered after the cards (dashboard-page.tsx).
 */
export function DashboardFigures({ orgId, data, showAcr, onExplain }: DashboardFiguresProps) {
  const styles = useStyles();
  const score = useCapabilityScore(orgId);
  const { evaluation } = data;
  return (
    <>
      <section className={styles.section} aria-labelledby="charts-heading">
        <h2 id="charts-heading" className={styles.sectionHeading}>
          Figures
        </h2>
        <div className={styles.charts}>
          {showAcr && (
            <div className={styles.wide}>
              <AcrChart acr={data.charts.acr} onExplain={() => onExplain("performance")} />
            </div>
          )}
          <CertificationTimelineChart chart={data.charts.certifications} asOf={data.charts.asOf} />
          <CapabilityChart chart={data.charts.capability} />
          {score.data !== undefined && score.data.history.length > 0 && (
            <div className={styles.wide}>
              <ScoreHistoryChart view={score.data} />
            </div>
          )}
          <div className={styles.wide}>
            <AuditCoverageChart chart={data.charts.audit} />
          </div>
        </div>
      </section>
      <section className={styles.section} aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className={styles.sectionHeading}>
          Upcoming changes
        </h2>
        <Card className={styles.panel}>
          <ChangeTimeline events={evaluation.timeline} />
        </Card>
      </section>
      <section className={styles.section} aria-labelledby="warnings-heading">
        <h2 id="warnings-heading" className={styles.sectionHeading}>
          Warnings
        </h2>
        <Card className={styles.panel}>
          <WarningsList warnings={evaluation.warnings} />
        </Card>
      </section>
    </>
  );
}
