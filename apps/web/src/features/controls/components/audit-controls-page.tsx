import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Switch,
  ToggleButton,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
import { useReadiness } from "../../../api/audit-readiness";
import { useOrg } from "../../../app/org-context";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { plural } from "../../../lib/format";
import { setSearchParams, useSearchParams } from "../../../lib/router/router";
import { localizeDates } from "../../audit";
import type { EvidenceDetail } from "../../evidence";
import { AddEvidenceDialog, canEditEvidence } from "../../evidence";
import type { AuditReadiness } from "../api";
import {
  byModule,
  type ControlFilter,
  controlFilterFromSearch,
  dateFromSearch,
  filterControls,
  MODULE_TITLES,
} from "../control-helpers";
import { ControlCard } from "./control-card";
import { CoverageChart } from "./coverage-chart";
import { MeasuredOn } from "./measured-on";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  moduleHeading: { ...typographyStyles.subtitle1, margin: 0 },
  moduleNote: { color: tokens.colorNeutralForeground2, margin: 0 },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 460px), 1fr))",
    alignItems: "start",
  },
  rule: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, margin: 0 },
  summaryText: { cursor: "pointer", ...typographyStyles.caption1Strong },
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    border: "none",
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
  filtersLegend: {
    ...typographyStyles.body1Strong,
    float: "left",
    marginRight: tokens.spacingHorizontalS,
    padding: 0,
  },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
});

const FILTER_LABELS: Readonly<Record<ControlFilter, string>> = {
  all: "All controls",
  not_met: "Not met",
  warnings: "With warnings",
};

/**
 * `/o/:orgId/audit`: every audit control's readiness on the planned audit date — customers counting
 * against required, evidence per customer, the practice specialty, what is missing and what will age
 * out — with a grid of which customers back which control.
 */
export function AuditControlsPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const search = useSearchParams();
  const asked = useMemo(() => dateFromSearch(search), [search]);
  const whatIf = search.get("whatIf") === "1";
  const readiness = useReadiness(org.id, asked, whatIf);
  const editor = canEditEvidence(org.allowedActions);
  const [adding, setAdding] = useState<string | null>(null);
  const [added, setAdded] = useState<{ item: EvidenceDetail; control: string } | null>(null);

  return (
    <div className={styles.page}>
      <PageHeader
        title="Audit controls"
        context={org.name}
        description="What each control of the audit checklist asks for, which customers already back it, and what is still missing."
      />
      {readiness.isPending && <PageLoading label="Measuring the controls…" />}
      {readiness.isError && <ErrorMessage error={readiness.error} onRetry={() => void readiness.refetch()} />}
      {added !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>
              Added “{added.item.title}” for {added.control} as a draft.{" "}
              <AppLink to={`/o/${encodeURIComponent(org.id)}/evidence/${encodeURIComponent(added.item.id)}`}>
                Open it
              </AppLink>
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button
                  appearance="transparent"
                  icon={<DismissRegular />}
                  aria-label="Dismiss"
                  onClick={() => setAdded(null)}
                />
              }
            />
          </MessageBar>
        </div>
      )}
      {readiness.data !== undefined && (
        <Readiness
          data={readiness.data}
          orgId={org.id}
          asked={asked}
          whatIf={whatIf}
          editor={editor}
          onAddEvidence={(id) => {
            setAdded(null);
            setAdding(id);
          }}
        />
      )}
      <AddEvidenceDialog
        orgId={org.id}
        open={adding !== null}
        preset={{ controls: adding === null ? [] : [adding] }}
        onClose={() => setAdding(null)}
        onAdded={(item) => {
          setAdded({ item, control: adding ?? item.controls[0] ?? "" });
          setAdding(null);
        }}
      />
    </div>
  );
}

/**
 * The what-if, off by default and said so: only approved evidence counts for the audit; switched on, the
 * page counts everything pending review as if approved.
 */
function WhatIfSwitch({
  checked,
  pendingItems,
  onChange,
}: {
  readonly checked: boolean;
  readonly pendingItems: number;
  readonly onChange: (on: boolean) => void;
}) {
  if (pendingItems === 0 && !checked) return null;
  return (
    <Switch
      checked={checked}
      onChange={(_, d) => onChange(d.checked)}
      label={`What if everything pending review were approved? (${plural(pendingItems, "item")} pending)`}
    />
  );
}

function Readiness({
  data,
  orgId,
  asked,
  whatIf,
  editor,
  onAddEvidence,
}: {
  readonly data: AuditReadiness;
  readonly orgId: string;
  readonly asked: string | null;
  /** Asked for the what-if; the figures say whether they are it (`data.counting`). */
  readonly whatIf: boolean;
  readonly editor: boolean;
  readonly onAddEvidence: (controlId: string) => void;
}) {
  const styles = useStyles();
  const search = useSearchParams();
  const show = controlFilterFromSearch(search);
  const groups = byModule(filterControls(data.controls, show));
  const counts: Record<ControlFilter, number> = {
    all: data.controls.length,
    not_met: filterControls(data.controls, "not_met").length,
    warnings: filterControls(data.controls, "warnings").length,
  };
  const shownWhatIf = data.counting === "if_all_approved";
  return (
    <>
      <MeasuredOn orgId={orgId} date={data.date} planned={data.planned} asked={asked} />
      <WhatIfSwitch
        checked={whatIf}
        pendingItems={data.pendingItems}
        onChange={(on) => setSearchParams({ whatIf: on ? "1" : null })}
      />
      {shownWhatIf ? (
        <MessageBar intent="info" layout="multiline" data-testid="what-if-banner">
          <MessageBarBody>
            <MessageBarTitle>What-if: everything pending review approved</MessageBarTitle>
            These figures count {plural(data.pendingItems, "evidence item")} not approved yet as if they were.
            The audit counts approved evidence only:{" "}
            {data.statusIfApproved === "met"
              ? "approving them would make"
              : "even approved, they would leave"}{" "}
            the audit {data.statusIfApproved === "met" ? "ready." : "not ready."}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent={data.status === "met" ? "success" : "warning"} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>
              {data.status === "met" ? "Ready for the audit" : "Not ready yet"}
            </MessageBarTitle>
            {localizeDates(data.summary)}
          </MessageBarBody>
        </MessageBar>
      )}
      <details>
        <summary className={styles.summaryText}>How customers are counted</summary>
        <p className={styles.rule}>{localizeDates(data.rule)}</p>
      </details>
      <CoverageChart controls={data.controls} date={data.date} from={data.evidenceWindow.from} />
      <fieldset className={styles.filters}>
        <legend className={styles.filtersLegend}>Show</legend>
        {(["all", "not_met", "warnings"] as const).map((f) => (
          <ToggleButton
            key={f}
            size="small"
            checked={show === f}
            onClick={() => setSearchParams({ show: f === "all" ? null : f })}
          >
            {FILTER_LABELS[f]} ({counts[f]})
          </ToggleButton>
        ))}
      </fieldset>
      {groups.length === 0 && (
        <p className={styles.empty}>
          {show === "not_met" ? "Every control is met or waived." : "No control has a warning."}
        </p>
      )}
      {groups.map((g) => (
        <section key={g.module} className={styles.section} aria-labelledby={`module-${g.module}`}>
          <h2 id={`module-${g.module}`} className={styles.moduleHeading}>
            {MODULE_TITLES[g.module]}
          </h2>
          {g.module === "A" && data.moduleAWaived && (
            <p className={styles.moduleNote}>
              Module A is waived by an earlier audit: its controls are not audited this time.
            </p>
          )}
          <ul className={styles.list}>
            {g.controls.map((c) => (
              <li key={c.id}>
                <ControlCard
                  orgId={orgId}
                  control={c}
                  editor={editor}
                  date={asked}
                  whatIf={shownWhatIf}
                  onAddEvidence={onAddEvidence}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
