import {
  Badge,
  Button,
  Card,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
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
  Textarea,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { RibbonRegular } from "@fluentui/react-icons";
import { type FormEvent, useEffect, useId, useState } from "react";
import { type Actions, can } from "../../../api/allowed-actions";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { fieldErrors } from "../../../lib/api-client";
import { formatDate, formatTimestamp, isCalendarDate, plural, todayIso } from "../../../lib/format";
import {
  type AuditOutcome,
  type AuditPlan,
  type AuditResult,
  type AuditResultInput,
  type AuditResultPreview,
  type ResultModule,
  useAuditResults,
  usePreviewResult,
  useRecordResult,
  useWithdrawResult,
} from "../api";
import { checklistVersionFor, modulesLabel } from "../audit-format";

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
  small: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: "block" },
  withdrawnRow: { color: tokens.colorNeutralForeground3, textDecorationLine: "none" },
  dialog: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  findings: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
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
  actions,
  plan,
}: {
  readonly orgId: string;
  readonly actions: Actions;
  readonly plan: AuditPlan | undefined;
}) {
  const styles = useStyles();
  const results = useAuditResults(orgId);
  const rows = [...(results.data ?? [])].sort(newestFirst);
  const [withdrawing, setWithdrawing] = useState<AuditResult | null>(null);
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
      {can(actions, "audit.result") && <RecordResultForm orgId={orgId} plan={plan} />}
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
                <TableHeaderCell>Standing</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.id} className={r.withdrawn ? styles.withdrawnRow : undefined}>
                  <TableCell>{modulesLabel(r.module)}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={r.result === "Pass" ? "success" : "danger"}>
                      {r.result}
                    </Badge>
                  </TableCell>
                  <TableCell>{formatDate(r.date)}</TableCell>
                  <TableCell>{r.checklistVersion}</TableCell>
                  <TableCell>
                    {r.recordedBy}{" "}
                    {(r.openFindings ?? 0) > 0 && (
                      <span className={styles.small}>
                        with {plural(r.openFindings ?? 0, "open finding")} acknowledged
                      </span>
                    )}
                  </TableCell>
                  <TableCell>
                    {r.withdrawn ? (
                      <>
                        <Badge appearance="outline" color="subtle">
                          Withdrawn
                        </Badge>{" "}
                        <span className={styles.small}>
                          by {r.withdrawn.by} on {formatTimestamp(r.withdrawn.at)}: {r.withdrawn.reason}
                        </span>
                      </>
                    ) : (
                      <>
                        <span>Counts</span>
                        {can(r, "audit.result") && (
                          <div>
                            <Button size="small" onClick={() => setWithdrawing(r)}>
                              Withdraw…
                            </Button>
                          </div>
                        )}
                      </>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <WithdrawDialog
        key={withdrawing?.id ?? "closed"}
        orgId={orgId}
        result={withdrawing}
        onClose={() => setWithdrawing(null)}
      />
    </section>
  );
}

/** Withdraws a result with a reason, saying first what that does to the Module A waiver. */
function WithdrawDialog({
  orgId,
  result,
  onClose,
}: {
  readonly orgId: string;
  readonly result: AuditResult | null;
  readonly onClose: () => void;
}) {
  const withdraw = useWithdrawResult(orgId);
  const [reason, setReason] = useState("");
  const [attempted, setAttempted] = useState(false);
  const empty = reason.trim() === "";
  const message =
    attempted && empty ? "Say why the result is withdrawn." : fieldErrors(withdraw.error).reason;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (empty || result === null) return;
    withdraw.mutate({ id: result.id, reason: reason.trim() }, { onSuccess: onClose });
  };
  return (
    <Dialog
      open={result !== null}
      modalType="alert"
      onOpenChange={(_, d) => {
        if (!d.open && !withdraw.isPending) onClose();
      }}
    >
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Withdraw this result?</DialogTitle>
            <DialogContent>
              {result !== null && (
                <p>
                  {result.result} of {modulesLabel(result.module)} dated {formatDate(result.date)}. It stays
                  in the audit history, marked withdrawn with your name and reason, and no longer counts.{" "}
                  {result.ifWithdrawn ?? ""}
                </p>
              )}
              <Field
                label="Why it is withdrawn"
                required
                {...(message === undefined
                  ? {}
                  : { validationState: "error" as const, validationMessage: message })}
              >
                <Textarea value={reason} rows={3} resize="vertical" onChange={(_, d) => setReason(d.value)} />
              </Field>
              {withdraw.isError && fieldErrors(withdraw.error).reason === undefined && (
                <ErrorMessage error={withdraw.error} title="The result was not withdrawn" />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={withdraw.isPending}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={withdraw.isPending}>
                {withdraw.isPending ? "Withdrawing…" : "Withdraw result"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function RecordResultForm({ orgId, plan }: { orgId: string; plan: AuditPlan | undefined }) {
  const styles = useStyles();
  const record = useRecordResult(orgId);
  const preview = usePreviewResult(orgId);
  // What recording will do, shown for confirmation before anything is recorded.
  const [confirming, setConfirming] = useState<{
    input: AuditResultInput;
    preview: AuditResultPreview;
  } | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
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
  const server = { ...fieldErrors(preview.error), ...fieldErrors(record.error) };

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
      date: !isCalendarDate(date)
        ? "Enter the date of the result."
        : date > todayIso()
          ? "The result is dated today or earlier, not in the future."
          : undefined,
      checklistVersion: version.trim() === "" ? "Enter the checklist version the audit used." : undefined,
    };
    setProblems(next);
    setMessage("");
    record.reset();
    if (result === null || next.date !== undefined || next.checklistVersion !== undefined) return;
    const input: AuditResultInput = { module, result, date, checklistVersion: version.trim() };
    // First what it will do (the server checks the dates too), then the auditor confirms.
    preview.mutate(input, {
      onSuccess: (p) => {
        setAcknowledged(false);
        setConfirming({ input, preview: p });
      },
    });
  };

  const confirm = () => {
    if (confirming === null) return;
    const { input } = confirming;
    record.mutate(
      {
        ...input,
        ...(confirming.preview.openFindings.length > 0 ? { acknowledgeOpenFindings: acknowledged } : {}),
      },
      {
        onSuccess: (recorded) => {
          setConfirming(null);
          setMessage(
            `${input.result} of ${modulesLabel(input.module)} on ${formatDate(input.date)} recorded. ${recorded.effect ?? ""}`,
          );
          setResult(null);
        },
      },
    );
  };
  const openFindings = confirming?.preview.openFindings ?? [];

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
            hint={checklistHint(plan)}
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
        {preview.isError && Object.keys(fieldErrors(preview.error)).length === 0 && (
          <ErrorMessage error={preview.error} title="The result could not be checked" />
        )}
        {record.isError && confirming === null && Object.keys(server).length === 0 && (
          <ErrorMessage error={record.error} title="The result was not recorded" />
        )}
        <p className={styles.muted}>
          You see what recording it does before it is recorded. A recorded result stays in the audit history;
          a mistaken one can be withdrawn, with a reason, and then no longer counts.
        </p>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<RibbonRegular />} disabled={preview.isPending}>
            {preview.isPending ? "Checking…" : "Record result…"}
          </Button>
          <span role="status" aria-live="polite">
            {message}
          </span>
        </div>
      </form>
      <Dialog
        open={confirming !== null}
        modalType="alert"
        onOpenChange={(_, d) => {
          if (!d.open && !record.isPending) setConfirming(null);
        }}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Record this result?</DialogTitle>
            <DialogContent className={styles.dialog}>
              <p data-testid="result-effect">{confirming?.preview.effect}</p>
              {openFindings.length > 0 && (
                <>
                  <p>
                    {plural(openFindings.length, "finding")} {openFindings.length === 1 ? "is" : "are"} still
                    open:
                  </p>
                  <ul className={styles.findings}>
                    {openFindings.map((f) => (
                      <li key={f.id}>
                        {f.controlId}: {f.text}
                      </li>
                    ))}
                  </ul>
                  <Field
                    validationMessage={fieldErrors(record.error).acknowledgeOpenFindings}
                    validationState={
                      fieldErrors(record.error).acknowledgeOpenFindings === undefined ? "none" : "error"
                    }
                  >
                    <Checkbox
                      checked={acknowledged}
                      onChange={(_, d) => setAcknowledged(d.checked === true)}
                      label="Record the result with these findings still open"
                    />
                  </Field>
                </>
              )}
              {record.isError &&
                Object.keys(fieldErrors(record.error)).filter((k) => k !== "acknowledgeOpenFindings").length >
                  0 && <ErrorMessage error={record.error} title="The result was not recorded" />}
              {record.isError && Object.keys(fieldErrors(record.error)).length === 0 && (
                <ErrorMessage error={record.error} title="The result was not recorded" />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirming(null)} disabled={record.isPending}>
                Cancel
              </Button>
              <Button
                appearance="primary"
                onClick={confirm}
                disabled={record.isPending || (openFindings.length > 0 && !acknowledged)}
              >
                {record.isPending ? "Recording…" : "Record result"}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}

/**
 * Where the checklist version comes from: the plan's, when the program data knows the version live on
 * the audit date; else the auditor says which one the audit used (the data may simply not have it yet).
 */
function checklistHint(plan: AuditPlan | undefined): string {
  if (plan?.auditDate == null) return "The version the audit was held on.";
  if (plan.checklists.A !== null || plan.checklists.B !== null)
    return `From the plan: the version live on ${formatDate(plan.auditDate)}.`;
  const latest = (plan.measuredAgainst ?? []).map((m) => `Module ${m.module} ${m.measuredAgainst.version}`);
  return `specready's program data has no checklist live on ${formatDate(plan.auditDate)}: enter the version the audit used${
    latest.length > 0 ? ` (the latest it knows: ${latest.join(", ")})` : ""
  }.`;
}
