import { makeStyles, Spinner, tokens, typographyStyles } from "@fluentui/react-components";
import { Suspense, useCallback, useDeferredValue, useMemo, useState } from "react";
import { can } from "../../../api/allowed-actions";
import type { RequirementResult } from "../../../api/types";
import { useOrg } from "../../../app/org-context";
import { CopyButton } from "../../../components/copy-button";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AfterPaint } from "../../../lib/after-paint";
import { formatDate, todayIso } from "../../../lib/format";
import { lazyComponent } from "../../../lib/lazy-component";
import { navigate, setSearchParams, useSearchParams } from "../../../lib/router/router";
import { AskedOfMeBar } from "../../evidence";
import { GettingStartedChecklist, useGettingStarted } from "../../getting-started";
import { ActivePlanCard } from "../../plan";
import { DEFAULT_SPECIALIZATION, useSpecializations } from "../../specializations";
import { dashboardAsOf, useDashboard } from "../api";
import { AsOfPicker } from "./as-of-picker";
import { AuditPendingNote } from "./audit-pending-note";
import { ProgramVersions } from "./program-versions";
import { ReadinessBanner } from "./readiness-banner";
import { RequirementCard } from "./requirement-card";
import { SpecializationsSummary, SpecializationTabs } from "./specializations-summary";

/*
 * The cards first: the charts, the upcoming changes and the warnings below them, and the explanation
 * dialog, are a chunk of their own, asked for as soon as this page's code runs (while its data is on
 * the way), and drawn in a render of their own after the frame that shows the cards (`AfterPaint`),
 * as are the parts that load data of their own (what is asked of the person, the active plan).
 */
const figuresChunk = lazyComponent(
  () => import("./dashboard-figures"),
  (module) => module.DashboardFigures,
);
const explanationChunk = lazyComponent(
  () => import("./explanation-dialog"),
  (module) => module.ExplanationDialog,
);
const DashboardFigures = figuresChunk.Component;
const ExplanationDialog = explanationChunk.Component;
figuresChunk.preload().catch(() => undefined);
explanationChunk.preload().catch(() => undefined);

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
  const asOf = dashboardAsOf(params, today);
  const specializations = useSpecializations(org.id);
  const pursued = specializations.data?.summary ?? [];
  // `?specialization=` names the readiness view; without it, the first pursued (the AI Platform first).
  const specialization =
    params.get("specialization") ?? specializations.data?.pursued[0] ?? DEFAULT_SPECIALIZATION;
  const dashboard = useDashboard(org.id, asOf, specialization);
  const checklist = useGettingStarted(org.id);
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
  // Null at first, then the data in a render of its own, after the cards (also when the data was
  // already there as the page opened: the initial value).
  const figures = useDeferredValue(data ?? null, null);
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
      <AfterPaint>
        <AskedOfMeBar
          orgId={org.id}
          actions={org.allowedActions}
          showing={false}
          onShow={() => navigate(`/o/${encodeURIComponent(org.id)}/evidence?asked=1`)}
        />
      </AfterPaint>
      {(dashboard.isPending || specializations.isPending) && <PageLoading label="Evaluating readiness…" />}
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
      {/* With the specializations pursued: their summary goes above the cards, which must not move. */}
      {data !== undefined && evaluation !== undefined && !empty && !specializations.isPending && (
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
          <AfterPaint>
            <ActivePlanCard orgId={org.id} />
          </AfterPaint>
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
          <AfterPaint fallback={<PageLoading label="Drawing the figures…" />}>
            {figures === null ? (
              <PageLoading label="Drawing the figures…" />
            ) : (
              <Suspense fallback={<PageLoading label="Loading the figures…" />}>
                <DashboardFigures
                  orgId={org.id}
                  data={figures}
                  showAcr={specialization === DEFAULT_SPECIALIZATION}
                  onExplain={setExplaining}
                />
              </Suspense>
            )}
          </AfterPaint>
          <AfterPaint>
            <Suspense fallback={null}>
              <ExplanationDialog requirement={explained} asOf={showing} onClose={() => setExplaining(null)} />
            </Suspense>
          </AfterPaint>
        </>
      )}
    </div>
  );
}
