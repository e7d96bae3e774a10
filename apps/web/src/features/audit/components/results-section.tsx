import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { RibbonRegular } from "@fluentui/react-icons";
import { type FormEvent, useEffect, useId, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { fieldErrors } from "../../../lib/api-client";
import { formatDate, isCalendarDate, todayIso } from "../../../lib/format";
import {
  type AuditOutcome,
  type AuditPlan,
  type AuditResult,
  type ResultModule,
  useAuditResults,
  useRecordResult,
} from "../api";
import { checklistVersionFor, modulesLabel } from "../audit-format";
import { isAuditor } from "../audit-roles";

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
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXL },
  field: { minWidth: "200px" },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

const MODULES: readonly ResultModule[] = ["A+B", "B", "A"];

function newestFirst(a: AuditResult, b: AuditResult): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0;
}

/** The final result, recorded by the auditor, and the audit history it joins. */
export function ResultsSection({
  orgId,
  role,
  plan,
}: {
  readonly orgId: string;
  readonly role: string;
  readonly plan: AuditPlan | undefined;
}) {
  const styles = useStyles();
  const results = useAuditResults(orgId);
  const rows = [...(results.data ?? [])].sort(newestFirst);
  return (
    <section className={styles.section} aria-labelledby="history-heading">
      <h2 id="history-heading" className={styles.heading}>
        Audit history
      </h2>
      <p className={styles.muted}>
        The outcome is Pass or No Pass; after a No Pass the partner applies again. A Pass of Modules A+B (or
        of Module A) waives Module A in the audits of the next two years, so the dashboard and the control
        readiness take this history into account, together with any audit history imported from a file.
      </p>
      {isAuditor(role) && <RecordResultForm orgId={orgId} plan={plan} />}
      {results.isPending && <PageLoading label="Loading the audit history…" />}
      {results.isError && (
        <ErrorMessage
          error={results.error}
          title="The audit history could not be loaded"
          onRetry={() => void results.refetch()}
        />
      )}
      {results.data !== undefined && rows.length === 0 && (
        <p className={styles.muted}>No result recorded here yet.</p>
      )}
      {rows.length > 0 && (
        <div className={styles.wrap}>
          <Table style={AUTO_LAYOUT} size="small" aria-labelledby="history-heading">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Module</TableHeaderCell>
                <TableHeaderCell>Result</TableHeaderCell>
                <TableHeaderCell>Date</TableHeaderCell>
                <TableHeaderCell>Checklist version</TableHeaderCell>
                <TableHeaderCell>Recorded by</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{modulesLabel(r.module)}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={r.result === "Pass" ? "success" : "danger"}>
                      {r.result}
                    </Badge>
                  </TableCell>
                  <TableCell>{formatDate(r.date)}</TableCell>
                  <TableCell>{r.checklistVersion}</TableCell>
                  <TableCell>{r.recordedBy}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function RecordResultForm({ orgId, plan }: { orgId: string; plan: AuditPlan | undefined }) {
  const styles = useStyles();
  const record = useRecordResult(orgId);
  const headingId = useId();
  const [result, setResult] = useState<AuditOutcome | null>(null);
  const [module, setModule] = useState<ResultModule>(plan?.modules ?? "A+B");
  const [date, setDate] = useState(plan?.auditDate ?? todayIso());
  const [version, setVersion] = useState(checklistVersionFor(plan?.modules ?? "A+B", plan?.checklists));
  // The version follows the module and the plan until the auditor types one.
  const [versionEdited, setVersionEdited] = useState(false);
  const [touchedPlanFields, setTouchedPlanFields] = useState(false);
  const [problems, setProblems] = useState<{ result?: string; date?: string; checklistVersion?: string }>({});
  const [message, setMessage] = useState("");
  const server = fieldErrors(record.error);

  // The plan may arrive after the form: take its modules and audit date until the auditor changes them.
  useEffect(() => {
    if (plan === undefined || touchedPlanFields) return;
    setModule(plan.modules);
    if (plan.auditDate !== null) setDate(plan.auditDate);
  }, [plan, touchedPlanFields]);
  useEffect(() => {
    if (!versionEdited) setVersion(checklistVersionFor(module, plan?.checklists));
  }, [module, plan, versionEdited]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = {
      result: result === null ? "Choose Pass or No Pass." : undefined,
      date: isCalendarDate(date) ? undefined : "Enter the date of the result.",
      checklistVersion: version.trim() === "" ? "Enter the checklist version the audit used." : undefined,
    };
    setProblems(next);
    setMessage("");
    if (result === null || next.date !== undefined || next.checklistVersion !== undefined) return;
    const outcome = result;
    record.mutate(
      { module, result: outcome, date, checklistVersion: version.trim() },
      {
        onSuccess: () => {
          setMessage(`${outcome} of ${modulesLabel(module)} on ${formatDate(date)} recorded.`);
          setResult(null);
        },
      },
    );
  };

  return (
    <Card className={styles.card}>
      <h3 id={headingId} className={styles.title}>
        Record the final result
      </h3>
      <form className={styles.form} onSubmit={submit} noValidate aria-labelledby={headingId}>
        <div className={styles.row}>
          <Field label="Result" required validationMessage={problems.result ?? server.result}>
            <RadioGroup
              layout="horizontal"
              value={result ?? ""}
              onChange={(_, d) => {
                setResult(d.value === "No Pass" ? "No Pass" : "Pass");
                setProblems((p) => ({ ...p, result: undefined }));
              }}
            >
              <Radio value="Pass" label="Pass" />
              <Radio value="No Pass" label="No Pass" />
            </RadioGroup>
          </Field>
          <Field label="Modules" required validationMessage={server.module}>
            <RadioGroup
              layout="horizontal"
              value={module}
              onChange={(_, d) => {
                setModule(d.value as ResultModule);
                setTouchedPlanFields(true);
              }}
            >
              {MODULES.map((m) => (
                <Radio key={m} value={m} label={m} />
              ))}
            </RadioGroup>
          </Field>
        </div>
        <div className={styles.row}>
          <Field
            className={styles.field}
            label="Date"
            required
            validationMessage={problems.date ?? server.date}
          >
            <Input
              type="date"
              max="9999-12-31"
              value={date}
              onChange={(_, d) => {
                setDate(d.value);
                setTouchedPlanFields(true);
              }}
            />
          </Field>
          <Field
            className={styles.field}
            label="Checklist version"
            required
            hint={
              plan?.auditDate != null
                ? `From the plan: the version live on ${formatDate(plan.auditDate)}.`
                : "The version the audit was held on."
            }
            validationMessage={problems.checklistVersion ?? server.checklistVersion}
          >
            <Input
              value={version}
              onChange={(_, d) => {
                setVersion(d.value);
                setVersionEdited(true);
              }}
            />
          </Field>
        </div>
        {record.isError && Object.keys(server).length === 0 && (
          <ErrorMessage error={record.error} title="The result was not recorded" />
        )}
        <p className={styles.muted}>
          A recorded result stays in the audit history; it cannot be edited here.
        </p>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<RibbonRegular />} disabled={record.isPending}>
            {record.isPending ? "Recording…" : "Record result"}
          </Button>
          <span role="status" aria-live="polite">
            {message}
          </span>
        </div>
      </form>
    </Card>
  );
}
