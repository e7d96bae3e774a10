import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  makeStyles,
  Option,
  OptionGroup,
  Textarea,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { AddRegular, ArrowUndoRegular, CheckmarkRegular, CommentRegular } from "@fluentui/react-icons";
import { type FormEvent, useId, useRef, useState } from "react";
import { type Actions, can } from "../../../api/allowed-actions";
import { truncate } from "../../../components/charts/truncate";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { fieldErrors } from "../../../lib/api-client";
import { formatTimestamp, plural } from "../../../lib/format";
import {
  type ControlSummary,
  type Finding,
  useAuditReadiness,
  useFindings,
  useRecordFinding,
  useUpdateFinding,
} from "../api";
import { type FindingGroup, groupFindings } from "../findings";

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
  formTitle: { ...typographyStyles.subtitle2, margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  control: { maxWidth: "520px" },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  group: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  groupHeading: {
    ...typographyStyles.subtitle2,
    margin: 0,
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
  },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  finding: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  findingOpen: {
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteMarigoldBorderActive}`,
  },
  findingResolved: {
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteGreenBorderActive}`,
  },
  text: { margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
  meta: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, margin: 0 },
  response: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
  },
  responseLabel: { ...typographyStyles.caption1Strong, display: "block" },
  top: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
});

/** The auditor's findings per control: recorded and resolved by the auditor, answered by the partner. */
export function FindingsSection({ orgId, actions }: { readonly orgId: string; readonly actions: Actions }) {
  const styles = useStyles();
  const findings = useFindings(orgId);
  const readiness = useAuditReadiness(orgId);
  const controls = readiness.data?.controls ?? [];
  const grouped = findings.data === undefined ? null : groupFindings(findings.data, controls);
  const auditor = can(actions, "audit.findings.record");

  return (
    <section className={styles.section} aria-labelledby="findings-heading">
      <h2 id="findings-heading" className={styles.heading}>
        Findings
      </h2>
      {grouped !== null && (
        <p className={styles.muted}>
          {grouped.open === 0 && grouped.resolved === 0
            ? "No findings yet."
            : `${plural(grouped.open, "open action item")} on ${plural(
                grouped.groups.filter((g) => g.open > 0).length,
                "control",
              )}; ${plural(grouped.resolved, "finding")} resolved.`}
        </p>
      )}
      {auditor && (
        <RecordFindingForm
          orgId={orgId}
          controls={controls}
          controlsPending={readiness.isPending}
          controlsError={readiness.isError ? readiness.error : null}
          onRetryControls={() => void readiness.refetch()}
        />
      )}
      {findings.isPending && <PageLoading label="Loading the findings…" />}
      {findings.isError && (
        <ErrorMessage
          error={findings.error}
          title="The findings could not be loaded"
          onRetry={() => void findings.refetch()}
        />
      )}
      {grouped !== null && grouped.groups.length === 0 && (
        <p className={styles.muted}>
          {auditor
            ? "Record a finding for each control whose evidence falls short; the partner sees it here and responds."
            : "The auditor has recorded no findings. They appear here, per control, as the audit goes on."}
        </p>
      )}
      {grouped?.groups.map((g) => (
        <FindingGroupView key={g.controlId} orgId={orgId} group={g} />
      ))}
    </section>
  );
}

function RecordFindingForm({
  orgId,
  controls,
  controlsPending,
  controlsError,
  onRetryControls,
}: {
  orgId: string;
  controls: readonly ControlSummary[];
  controlsPending: boolean;
  controlsError: unknown;
  onRetryControls: () => void;
}) {
  const styles = useStyles();
  const record = useRecordFinding(orgId);
  const [controlId, setControlId] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<{ controlId?: string; text?: string }>({});
  const [message, setMessage] = useState("");
  const server = fieldErrors(record.error);
  const headingId = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);

  const modules = (["A", "B"] as const).map((m) => ({
    module: m,
    controls: controls.filter((c) => c.module === m),
  }));
  const selected = controls.find((c) => c.id === controlId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = {
      controlId: controlId === null ? "Choose the control the finding is about." : undefined,
      text:
        text.trim() === ""
          ? "Describe the finding."
          : text.trim().length > 5000
            ? "Keep it under 5,000 characters."
            : undefined,
    };
    setProblems(next);
    setMessage("");
    if (next.controlId !== undefined || next.text !== undefined || controlId === null) return;
    const id = controlId;
    record.mutate(
      { controlId: id, text: text.trim() },
      {
        onSuccess: () => {
          setText("");
          setMessage(`Finding recorded on ${id}.`);
          textRef.current?.focus();
        },
      },
    );
  };

  return (
    <Card className={styles.card}>
      <h3 id={headingId} className={styles.formTitle}>
        Record a finding
      </h3>
      {controlsError !== null && (
        <ErrorMessage
          error={controlsError}
          title="The controls could not be loaded"
          onRetry={onRetryControls}
        />
      )}
      <form className={styles.form} onSubmit={submit} noValidate aria-labelledby={headingId}>
        <Field
          className={styles.control}
          label="Control"
          required
          validationMessage={problems.controlId ?? server.controlId}
        >
          <Dropdown
            placeholder={controlsPending ? "Loading the controls…" : "Choose a control"}
            disabled={controls.length === 0}
            value={selected === undefined ? "" : `${selected.id} ${selected.title}`}
            selectedOptions={controlId === null ? [] : [controlId]}
            onOptionSelect={(_, d) => {
              setControlId(d.optionValue ?? null);
              setProblems((p) => ({ ...p, controlId: undefined }));
            }}
          >
            {modules
              .filter((m) => m.controls.length > 0)
              .map((m) => (
                <OptionGroup key={m.module} label={`Module ${m.module}`}>
                  {m.controls.map((c) => (
                    <Option key={c.id} value={c.id} text={`${c.id} ${c.title}`}>
                      {`${c.id} ${c.title}`}
                    </Option>
                  ))}
                </OptionGroup>
              ))}
          </Dropdown>
        </Field>
        <Field
          label="Finding"
          required
          hint="What is missing or does not meet the control, so that the partner can act on it."
          validationMessage={problems.text ?? server.text}
        >
          <Textarea
            ref={textRef}
            resize="vertical"
            rows={3}
            value={text}
            onChange={(_, d) => {
              setText(d.value);
              setMessage("");
            }}
          />
        </Field>
        {record.isError && Object.keys(server).length === 0 && (
          <ErrorMessage error={record.error} title="The finding was not recorded" />
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<AddRegular />} disabled={record.isPending}>
            {record.isPending ? "Recording…" : "Record finding"}
          </Button>
          <span role="status" aria-live="polite">
            {message}
          </span>
        </div>
      </form>
    </Card>
  );
}

function FindingGroupView({ orgId, group }: { orgId: string; group: FindingGroup }) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.group} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.groupHeading}>
        <span>
          {group.controlId}
          {group.title !== null ? ` ${group.title}` : ""}
        </span>
        {group.open > 0 ? (
          <Badge appearance="tint" color="warning">
            {plural(group.open, "open item")}
          </Badge>
        ) : (
          <Badge appearance="tint" color="success">
            All resolved
          </Badge>
        )}
      </h3>
      <ul className={styles.list}>
        {group.findings.map((f) => (
          <li key={f.id}>
            <FindingCard orgId={orgId} finding={f} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function FindingCard({ orgId, finding }: { orgId: string; finding: Finding }) {
  const styles = useStyles();
  const update = useUpdateFinding(orgId);
  const [responding, setResponding] = useState(false);
  const textId = useId();
  const respondRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLButtonElement>(null);
  const hidden = useVisuallyHiddenStyles();
  const [announcement, setAnnouncement] = useState("");
  const open = finding.status === "open";
  const short = truncate(finding.text.replace(/\s+/g, " "), 60);
  const statusBusy =
    update.isPending && update.variables !== undefined && "status" in update.variables.change;
  const changeStatus = () => {
    const status = open ? "resolved" : "open";
    setAnnouncement("");
    update.mutate(
      { id: finding.id, change: { status } },
      {
        onSuccess: () => {
          setAnnouncement(status === "resolved" ? "Finding resolved." : "Finding reopened.");
          // The finding moves as the list re-sorts: keep the focus on its button.
          requestAnimationFrame(() => statusRef.current?.focus());
        },
      },
    );
  };

  return (
    <Card className={`${styles.finding} ${open ? styles.findingOpen : styles.findingResolved}`}>
      <div className={styles.top}>
        <Badge appearance="filled" color={open ? "warning" : "success"}>
          {open ? "Open" : "Resolved"}
        </Badge>
        <span className={styles.meta}>
          Recorded by {finding.createdBy} on {formatTimestamp(finding.createdAt)}
          {!open && finding.resolvedAt !== null
            ? `; resolved by ${finding.resolvedBy ?? "the auditor"} on ${formatTimestamp(finding.resolvedAt)}`
            : ""}
        </span>
      </div>
      <p id={textId} className={styles.text}>
        {finding.text}
      </p>
      {finding.response !== null && finding.response !== "" && !responding && (
        <p className={styles.response}>
          <span className={styles.responseLabel}>Partner's response</span>
          {finding.response}
        </p>
      )}
      {finding.response === null && !responding && open && <p className={styles.meta}>No response yet.</p>}
      {responding && (
        <ResponseForm
          orgId={orgId}
          finding={finding}
          onDone={() => {
            setResponding(false);
            requestAnimationFrame(() => respondRef.current?.focus());
          }}
        />
      )}
      {update.isError && <ErrorMessage error={update.error} title="The finding was not changed" />}
      <div className={styles.actions}>
        {can(finding, "audit.findings.record") && (
          <Button
            ref={statusRef}
            size="small"
            icon={open ? <CheckmarkRegular /> : <ArrowUndoRegular />}
            aria-label={`${open ? "Resolve" : "Reopen"} the finding on ${finding.controlId}: ${short}`}
            disabled={statusBusy}
            onClick={changeStatus}
          >
            {statusBusy ? "Saving…" : open ? "Resolve" : "Reopen"}
          </Button>
        )}
        {can(finding, "audit.findings.respond") && !responding && (open || finding.response) && (
          <Button
            ref={respondRef}
            size="small"
            icon={<CommentRegular />}
            aria-label={`${finding.response ? "Edit the response" : "Respond"} to the finding on ${finding.controlId}: ${short}`}
            onClick={() => {
              update.reset();
              setResponding(true);
            }}
          >
            {finding.response ? "Edit the response" : "Respond"}
          </Button>
        )}
        <span role="status" aria-live="polite" className={hidden.hidden}>
          {announcement}
        </span>
      </div>
    </Card>
  );
}

function ResponseForm({ orgId, finding, onDone }: { orgId: string; finding: Finding; onDone: () => void }) {
  const styles = useStyles();
  const update = useUpdateFinding(orgId);
  const [text, setText] = useState(finding.response ?? "");
  const [problem, setProblem] = useState<string | undefined>();
  const server = fieldErrors(update.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length > 5000) {
      setProblem("Keep it under 5,000 characters.");
      return;
    }
    setProblem(undefined);
    update.mutate({ id: finding.id, change: { response: text.trim() } }, { onSuccess: onDone });
  };
  return (
    <form
      className={styles.form}
      onSubmit={submit}
      noValidate
      aria-label={`Response to the finding on ${finding.controlId}`}
    >
      <Field
        label="Response"
        hint="What you did or will do about it, and where the auditor finds the evidence."
        validationMessage={problem ?? server.response}
      >
        <Textarea
          resize="vertical"
          rows={3}
          value={text}
          onChange={(_, d) => setText(d.value)}
          autoFocus
          onKeyDown={(e) => {
            if (e.key === "Escape" && !update.isPending) onDone();
          }}
        />
      </Field>
      {update.isError && Object.keys(server).length === 0 && (
        <ErrorMessage error={update.error} title="The response was not saved" />
      )}
      <div className={styles.actions}>
        <Button type="submit" size="small" appearance="primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save response"}
        </Button>
        <Button size="small" onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
