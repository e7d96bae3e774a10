import { Card, makeStyles, Spinner, tokens, typographyStyles } from "@fluentui/react-components";
import { useCallback, useMemo, useState } from "react";
import { can } from "../../../api/allowed-actions";
import type { RequirementResult } from "../../../api/types";
import { useOrg } from "../../../app/org-context";
import { CopyButton } from "../../../components/copy-button";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { WarningsList } from "../../../components/warnings-list";
import { formatDate, isCalendarDate, todayIso } from "../../../lib/format";
import { navigate, setSearchParams, useSearchParams } from "../../../lib/router/router";
import { ScoreHistoryChart, useCapabilityScore } from "../../capability-score";
import { AskedOfMeBar } from "../../evidence";
import { GettingStartedChecklist, useGettingStarted } from "../../getting-started";
import { ActivePlanCard } from "../../plan";
import { DEFAULT_SPECIALIZATION, useSpecializations } from "../../specializations";
import { useDashboard } from "../api";
import { AcrChart } from "../charts/acr-chart";
import { AuditCoverageChart } from "../charts/audit-coverage-chart";
import { CapabilityChart } from "../charts/capability-chart";
import { CertificationTimelineChart } from "../charts/certification-timeline-chart";
import { AsOfPicker } from "./as-of-picker";
import { AuditPendingNote } from "./audit-pending-note";
import { ChangeTimeline } from "./change-timeline";
import { ExplanationDialog } from "./explanation-dialog";
import { ProgramVersions } from "./program-versions";
import { ReadinessBanner } from "./readiness-banner";
import { RequirementCard } from "./requirement-card";
import { SpecializationsSummary, SpecializationTabs } from "./specializations-summary";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  sectionHeading: { ...typographyStyles.subtitle1, margin: 0 },
  // Two by two where the cards' sentences need the width; four across on wide screens.
  requirements: {
    display: "grid",
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
    alignItems: "stretch",
    "@media (min-width: 1680px)": { gridTemplateColumns: "repeat(4, minmax(0, 1fr))" },
    "@media (max-width: 900px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  charts: {
    display: "grid",
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
    "@media (max-width: 1100px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  wide: { gridColumn: "1 / -1" },
  panel: { padding: tokens.spacingHorizontalL },
  // Beside the date, so that the page does not move while another date is evaluated.
  updating: { display: "flex", alignItems: "center", minHeight: "32px", minWidth: "1px" },
  actions: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/** The organization's readiness as of a date (`?asOf=`, default today), with the charts behind it. */
export function DashboardPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const params = useSearchParams();
  const today = todayIso();
  const requested = params.get("asOf");
  const asOf = requested !== null && isCalendarDate(requested) ? requested : today;
  const specializations = useSpecializations(org.id);
  const pursued = specializations.data?.summary ?? [];
  // `?specialization=` names the readiness view; without it, the first pursued (the AI Platform first).
  const specialization =
    params.get("specialization") ?? specializations.data?.pursued[0] ?? DEFAULT_SPECIALIZATION;
  const dashboard = useDashboard(org.id, asOf, specialization);
  const checklist = useGettingStarted(org.id);
  const score = useCapabilityScore(org.id);
  // An organization with none of its inputs sees the checklist instead of four empty requirements.
  const empty = checklist.data?.done === 0;
  const [explaining, setExplaining] = useState<string | null>(null);

  const setAsOf = useCallback(
    (date: string) => setSearchParams({ asOf: date === today ? null : date }),
    [today],
  );
  const setSpecialization = useCallback(
    (value: string) => setSearchParams({ specialization: value === DEFAULT_SPECIALIZATION ? null : value }),
    [],
  );
  const shareUrl = useMemo(() => {
    const url = new URL(window.location.href);
    url.searchParams.set("asOf", asOf);
    if (specialization !== DEFAULT_SPECIALIZATION) url.searchParams.set("specialization", specialization);
    return url.toString();
  }, [asOf, specialization]);

  const data = dashboard.data;
  const evaluation = data?.evaluation;
  const explained: RequirementResult | null =
    evaluation?.requirements.find((r) => r.id === explaining) ?? null;
  const importsHref = can(org, "imports.create") ? `/o/${encodeURIComponent(org.id)}/imports` : null;
  const showing = evaluation?.asOf ?? asOf;

  return (
    <div className={styles.page}>
      <PageHeader
        title="Dashboard"
        context={org.name}
        description={
          evaluation
            ? `${evaluation.programName} (${evaluation.programVersion})${evaluation.versions.program.provisional === null ? "" : ` · ${evaluation.versions.program.provisional.label}`} · readiness as of ${formatDate(showing, undefined, "long")}`
            : "Readiness for the AI Platform on Microsoft Azure specialization"
        }
        actions={
          <div className={styles.actions}>
            <AsOfPicker value={asOf} today={today} onChange={setAsOf} />
            <CopyButton text={shareUrl} what="link to this dashboard" label="Copy link" />
            <div className={styles.updating} aria-live="polite">
              {dashboard.isFetching && data !== undefined && (
                <Spinner size="tiny" label={`Evaluating as of ${formatDate(asOf)}…`} labelPosition="after" />
              )}
            </div>
          </div>
        }
      />
      {/* What reviewers sent back to the person, where they land (editors only; nothing when none). */}
      <AskedOfMeBar
        orgId={org.id}
        actions={org.allowedActions}
        showing={false}
        onShow={() => navigate(`/o/${encodeURIComponent(org.id)}/evidence?asked=1`)}
      />
      {dashboard.isPending && <PageLoading label="Evaluating readiness…" />}
      {dashboard.isError && data === undefined && (
        <ErrorMessage
          error={dashboard.error}
          title="The dashboard could not be loaded"
          onRetry={() => void dashboard.refetch()}
        />
      )}
      {checklist.data !== undefined && checklist.data.done < checklist.data.total && (
        <GettingStartedChecklist
          orgId={org.id}
          checklist={checklist.data}
          canEdit={can(org, "imports.create")}
        />
      )}
      {data !== undefined && evaluation !== undefined && !empty && (
        <>
          {dashboard.isError && (
            <ErrorMessage
              error={dashboard.error}
              title={`Evaluating as of ${formatDate(asOf)} failed`}
              onRetry={() => void dashboard.refetch()}
            />
          )}
          {pursued.length > 1 && (
            <>
              <SpecializationsSummary summary={pursued} />
              <SpecializationTabs summary={pursued} selected={specialization} onSelect={setSpecialization} />
            </>
          )}
          <ReadinessBanner evaluation={evaluation} importsHref={importsHref} />
          <ActivePlanCard orgId={org.id} />
          <section className={styles.section} aria-labelledby="versions-heading">
            <h2 id="versions-heading" className={styles.sectionHeading}>
              Program version
            </h2>
            <ProgramVersions
              versions={evaluation.versions}
              settingsHref={
                can(org, "program.configure") ? `/o/${encodeURIComponent(org.id)}/settings` : null
              }
            />
          </section>
          <section className={styles.section} aria-labelledby="requirements-heading">
            <h2 id="requirements-heading" className={styles.sectionHeading}>
              Requirements
            </h2>
            <div className={styles.requirements}>
              {evaluation.requirements.map((r) => (
                <RequirementCard
                  key={r.id}
                  requirement={r}
                  onExplain={() => setExplaining(r.id)}
                  aside={
                    r.id === "audit" && data.auditPending !== null ? (
                      <AuditPendingNote orgId={org.id} pending={data.auditPending} />
                    ) : undefined
                  }
                />
              ))}
            </div>
          </section>
          <section className={styles.section} aria-labelledby="charts-heading">
            <h2 id="charts-heading" className={styles.sectionHeading}>
              Figures
            </h2>
            <div className={styles.charts}>
              {/* The chart is of the AI Platform's one rule; a specialization of sub-rules lists each
                  sub-rule's figures under its performance requirement (Explain). */}
              {specialization === DEFAULT_SPECIALIZATION && (
                <div className={styles.wide}>
                  <AcrChart acr={data.charts.acr} onExplain={() => setExplaining("performance")} />
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
          <ExplanationDialog requirement={explained} asOf={showing} onClose={() => setExplaining(null)} />
        </>
      )}
    </div>
  );
}
