import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  Textarea,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { DocumentBulletListRegular } from "@fluentui/react-icons";
import { type FormEvent, useId, useState } from "react";
import { type Actions, can } from "../../../api/allowed-actions";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { fieldErrors } from "../../../lib/api-client";
import { formatDate, formatTimestamp, isCalendarDate, plural, todayIso } from "../../../lib/format";
import { type AuditPlan, type GapReport, useFindings, useGapReports, useIssueGapReport } from "../api";
import { acknowledgementDue } from "../audit-format";
import { compareControlIds } from "../findings";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  title: { ...typographyStyles.subtitle2, margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  date: { maxWidth: "220px" },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  meta: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, margin: 0 },
  summary: { margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
  deadline: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  items: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  control: { ...typographyStyles.body1Strong },
});

/** The gap reports: issued by the auditor as a snapshot of the open findings; acknowledged by the partner. */
export function GapReportsSection({
  orgId,
  actions,
  plan,
}: {
  readonly orgId: string;
  readonly actions: Actions;
  readonly plan: AuditPlan | undefined;
}) {
  const styles = useStyles();
  const reports = useGapReports(orgId);
  const sorted = [...(reports.data ?? [])].sort((a, b) =>
    a.issuedOn !== b.issuedOn ? (a.issuedOn < b.issuedOn ? 1 : -1) : a.issuedAt < b.issuedAt ? 1 : -1,
  );
  return (
    <section className={styles.section} aria-labelledby="gap-reports-heading">
      <h2 id="gap-reports-heading" className={styles.heading}>
        Gap reports
      </h2>
      <p className={styles.muted}>
        When the audit leaves open action items, the auditor issues a gap report listing them; the partner
        acknowledges it and a gap review meeting follows.
      </p>
      {can(actions, "audit.gap-report") && <IssueGapReportForm orgId={orgId} />}
      {reports.isPending && <PageLoading label="Loading the gap reports…" />}
      {reports.isError && (
        <ErrorMessage
          error={reports.error}
          title="The gap reports could not be loaded"
          onRetry={() => void reports.refetch()}
        />
      )}
      {reports.data !== undefined && sorted.length === 0 && (
        <p className={styles.muted}>No gap report issued.</p>
      )}
      {sorted.length > 0 && (
        <ul className={styles.list}>
          {sorted.map((r) => (
            <li key={r.id}>
              <GapReportCard report={r} plan={plan} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function IssueGapReportForm({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const issue = useIssueGapReport(orgId);
  const findings = useFindings(orgId);
  const [issuedOn, setIssuedOn] = useState(todayIso());
  const [summary, setSummary] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const [message, setMessage] = useState("");
  const headingId = useId();
  const server = fieldErrors(issue.error);
  const open = (findings.data ?? []).filter((f) => f.status === "open").length;
  const nothingOpen = findings.data !== undefined && open === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isCalendarDate(issuedOn)) {
      setProblem("Enter the date the report is issued on.");
      return;
    }
    setProblem(undefined);
    setMessage("");
    const trimmed = summary.trim();
    issue.mutate(trimmed === "" ? { issuedOn } : { issuedOn, summary: trimmed }, {
      onSuccess: () => {
        setSummary("");
        setMessage(`Gap report of ${formatDate(issuedOn)} issued.`);
      },
    });
  };

  return (
    <Card className={styles.card}>
      <h3 id={headingId} className={styles.title}>
        Issue a gap report
      </h3>
      <p className={styles.muted}>
        {findings.data === undefined
          ? "The report lists the findings open when it is issued."
          : nothingOpen
            ? "No finding is open: a gap report lists open action items, so there is nothing to report."
            : `The report lists the ${plural(open, "open finding")} as they are now.`}
      </p>
      <form className={styles.form} onSubmit={submit} noValidate aria-labelledby={headingId}>
        <Field
          className={styles.date}
          label="Issued on"
          required
          validationMessage={problem ?? server.issuedOn}
        >
          <Input type="date" max="9999-12-31" value={issuedOn} onChange={(_, d) => setIssuedOn(d.value)} />
        </Field>
        <Field
          label="Summary"
          hint="Optional: what the partner has to do before the gap review."
          validationMessage={server.summary}
        >
          <Textarea resize="vertical" rows={2} value={summary} onChange={(_, d) => setSummary(d.value)} />
        </Field>
        {issue.isError && Object.keys(server).length === 0 && (
          <ErrorMessage error={issue.error} title="The gap report was not issued" />
        )}
        <div className={styles.actions}>
          <Button
            type="submit"
            appearance="primary"
            icon={<DocumentBulletListRegular />}
            disabled={issue.isPending || nothingOpen}
          >
            {issue.isPending ? "Issuing…" : "Issue gap report"}
          </Button>
          <span role="status" aria-live="polite">
            {message}
          </span>
        </div>
      </form>
    </Card>
  );
}

function GapReportCard({ report, plan }: { report: GapReport; plan: AuditPlan | undefined }) {
  const styles = useStyles();
  const headingId = useId();
  const ack = acknowledgementDue(report, plan?.timeline);
  const items = [...report.findings].sort((a, b) => compareControlIds(a.controlId, b.controlId));
  return (
    <Card className={styles.card} role="article" aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.title}>
        Gap report of {formatDate(report.issuedOn)}
      </h3>
      <p className={styles.meta}>
        Issued by {report.issuedBy} on {formatTimestamp(report.issuedAt)};{" "}
        {plural(items.length, "open finding")}
      </p>
      {ack !== null && (
        <p className={styles.deadline}>
          The partner acknowledges it by <strong>{formatDate(ack.due)}</strong> ({ack.within} after it was
          issued).
        </p>
      )}
      {report.summary !== null && report.summary !== "" && <p className={styles.summary}>{report.summary}</p>}
      {items.length === 0 ? (
        <p className={styles.muted}>No finding was open when it was issued.</p>
      ) : (
        <ol
          className={styles.items}
          aria-label={`Findings of the gap report of ${formatDate(report.issuedOn)}`}
        >
          {items.map((f, i) => (
            <li key={f.id ?? i}>
              <span className={styles.control}>{f.controlId}</span> {f.text}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
