import {
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { orgKey } from "../../../api/org-keys";
import { AppLink } from "../../../components/app-link";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { ErrorMessage } from "../../../components/error-message";
import { WarningsList } from "../../../components/warnings-list";
import { ApiError } from "../../../lib/api-client";
import { formatBytes, formatNumber, formatPercent } from "../../../lib/format";
import {
  discardUpload,
  jobRunning,
  uploadFile,
  useCancelImport,
  useConfirmImport,
  useImportJob,
  useStartImport,
} from "../api";
import {
  confirmationTitle,
  confirmLabel,
  jobAnnouncement,
  jobFraction,
  jobProgressText,
  previewsBeforeApplying,
  replacementWarning,
  summarizeMonths,
} from "../import-helpers";
import { guessKind, type ImportKind, kindLabel, looksLikeSpreadsheet } from "../kinds";
import type { ImportJob, Upload } from "../types";
import { FilePicker } from "./file-picker";
import { ImpactTables, ImportPreview, ReadinessChangeList } from "./import-impact";
import { MappingPreview } from "./mapping-preview";
import { ProblemsTable } from "./problems-table";
import { ProgressPanel } from "./progress-panel";

const useStyles = makeStyles({
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalXL,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  stepHeading: { ...typographyStyles.subtitle2, margin: 0, ":focus": { outline: "none" } },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  step: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

type Step =
  | { readonly name: "choose" }
  | { readonly name: "uploading"; readonly loaded: number; readonly total: number }
  | { readonly name: "preview"; readonly upload: Upload }
  | { readonly name: "importing"; readonly upload: Upload; readonly jobId: string };

/** The focusable heading of a step: focus moves to it when the step appears. */
function StepHeading({ children }: { readonly children: string }) {
  const styles = useStyles();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h3 ref={ref} tabIndex={-1} className={styles.stepHeading}>
      {children}
    </h3>
  );
}

/**
 * Upload → preview and column mapping → import with progress → result. The file is sent once; the
 * import reads it on the server, and the job is polled until it is done or failed.
 */
export function UploadPanel({
  orgId,
  dashboardHref,
}: {
  readonly orgId: string;
  readonly dashboardHref: string;
}) {
  const styles = useStyles();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<ImportKind | null>(null);
  const [guessed, setGuessed] = useState(false);
  const [step, setStep] = useState<Step>({ name: "choose" });
  const [uploadError, setUploadError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const start = useStartImport(orgId);
  const jobId = step.name === "importing" ? step.jobId : null;
  const job = useImportJob(orgId, jobId);
  const finished = useRef<string | null>(null);

  // Once per job: a finished import changes the dashboard and the history.
  const state = job.data?.state;
  useEffect(() => {
    if (jobId === null || finished.current === jobId) return;
    if (state === "done") {
      finished.current = jobId;
      void client.invalidateQueries({
        queryKey: orgKey(orgId),
        predicate: (q) => q.queryKey[2] !== "import-job",
      });
    } else if (state === "failed") {
      finished.current = jobId;
    }
  }, [state, jobId, client, orgId]);

  // Leaving the page cancels an upload in flight.
  useEffect(() => () => abort.current?.abort(), []);

  const chooseFile = (f: File | null) => {
    setFile(f);
    setUploadError(null);
    if (f === null) {
      setKind(null);
      return;
    }
    const g = guessKind(f.name);
    setKind(g);
    setGuessed(g !== null);
  };

  const reset = () => {
    abort.current?.abort();
    // An upload left at its preview is discarded, so it does not count against the organization's
    // pending-uploads cap until it expires (a failure here only leaves it to expire).
    if (step.name === "preview") void discardUpload(orgId, step.upload.id).catch(() => {});
    setFile(null);
    setKind(null);
    setUploadError(null);
    start.reset();
    setStep({ name: "choose" });
  };

  const upload = () => {
    if (file === null || kind === null) return;
    setUploadError(null);
    const controller = new AbortController();
    abort.current = controller;
    setStep({ name: "uploading", loaded: 0, total: file.size });
    uploadFile({
      orgId,
      kind,
      file,
      signal: controller.signal,
      onProgress: (loaded, total) => setStep({ name: "uploading", loaded, total }),
    }).then(
      (u) => {
        abort.current = null;
        setStep({ name: "preview", upload: u });
      },
      (error: unknown) => {
        abort.current = null;
        setStep({ name: "choose" });
        if (!(error instanceof DOMException && error.name === "AbortError")) setUploadError(error);
      },
    );
  };

  const runImport = (u: Upload, mapping: Record<string, string>, remember: boolean) => {
    start.mutate(
      { uploadId: u.id, mapping, rememberMapping: remember, preview: previewsBeforeApplying(u.kind) },
      { onSuccess: ({ jobId: id }) => setStep({ name: "importing", upload: u, jobId: id }) },
    );
  };

  return (
    <Card className={styles.card} role="region" aria-labelledby="upload-heading">
      <h2 id="upload-heading" className={styles.heading}>
        Import a file
      </h2>
      {step.name === "choose" && (
        <div className={styles.step}>
          <FilePicker
            file={file}
            kind={kind}
            guessed={guessed}
            onFile={chooseFile}
            onKind={(k) => {
              setKind(k);
              setGuessed(false);
            }}
          />
          {file !== null && !looksLikeSpreadsheet(file.name) && (
            <MessageBar intent="warning">
              <MessageBarBody>
                specready reads CSV and XLSX files; {file.name} may not be one. You can still try.
              </MessageBarBody>
            </MessageBar>
          )}
          {uploadError !== null && <ErrorMessage error={uploadError} title="The upload failed" />}
          {uploadError instanceof ApiError && uploadError.problems.length > 0 && (
            <ProblemsTable problems={uploadError.problems} total={uploadError.problemTotal ?? undefined} />
          )}
          {file !== null && (
            <div className={styles.actions}>
              <Button appearance="primary" disabled={kind === null} onClick={upload}>
                Upload and preview
              </Button>
            </div>
          )}
        </div>
      )}
      {step.name === "uploading" && (
        <div className={styles.step}>
          <StepHeading>{`Uploading ${file?.name ?? "the file"}`}</StepHeading>
          <ProgressPanel
            label="Upload progress"
            value={step.total > 0 ? step.loaded / step.total : undefined}
            detail={`${formatBytes(step.loaded)} of ${formatBytes(step.total)}`}
            announcement={
              step.total > 0
                ? `Uploading: ${formatPercent(Math.floor((step.loaded / step.total) * 10) / 10)}`
                : "Uploading"
            }
            actions={<Button onClick={reset}>Cancel upload</Button>}
          />
        </div>
      )}
      {step.name === "preview" && (
        <MappingPreview
          upload={step.upload}
          pending={start.isPending}
          error={start.error}
          onImport={(mapping, remember) => runImport(step.upload, mapping, remember)}
          onCancel={reset}
        />
      )}
      {step.name === "importing" && (
        <ImportStatus
          orgId={orgId}
          upload={step.upload}
          job={job.data}
          error={job.error}
          dashboardHref={dashboardHref}
          onRestart={reset}
        />
      )}
    </Card>
  );
}

interface ImportStatusProps {
  readonly orgId: string;
  readonly upload: Upload;
  readonly job: ImportJob | undefined;
  readonly error: unknown;
  readonly dashboardHref: string;
  readonly onRestart: () => void;
}

function ImportStatus({ orgId, upload, job, error, dashboardHref, onRestart }: ImportStatusProps) {
  const styles = useStyles();
  const cancel = useCancelImport(orgId);
  if (job === undefined || jobRunning(job.state)) {
    const reading = job === undefined || job.state === "reading";
    return (
      <div className={styles.step}>
        <StepHeading>{`Importing ${upload.fileName}`}</StepHeading>
        <ProgressPanel
          label={job?.state === "saving" ? "Saving" : "Reading the file"}
          value={job === undefined ? undefined : job.state === "saving" ? undefined : jobFraction(job)}
          detail={
            job === undefined
              ? "Starting…"
              : `${jobProgressText(job)}${job.bytesTotal > 0 ? ` · ${formatBytes(job.bytesDone)} of ${formatBytes(job.bytesTotal)}` : ""}`
          }
          announcement={job === undefined ? "Import started" : jobAnnouncement(job)}
          actions={
            job !== undefined && reading ? (
              <Button disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
                Cancel import
              </Button>
            ) : undefined
          }
        />
        {error !== null && error !== undefined && (
          <ErrorMessage error={error} title="Checking the import's progress failed; retrying" />
        )}
        {cancel.error !== null && (
          <ErrorMessage error={cancel.error} title="The import could not be cancelled" />
        )}
      </div>
    );
  }
  if (job.state === "needs_confirmation") {
    return <ConfirmImport orgId={orgId} upload={upload} job={job} onRestart={onRestart} />;
  }
  if (job.state === "failed" || job.state === "cancelled") {
    const problems = job.problems ?? [];
    const cancelled = job.state === "cancelled";
    return (
      <div className={styles.step}>
        <StepHeading>{`${upload.fileName} was not imported`}</StepHeading>
        <div role="alert">
          <MessageBar intent={cancelled ? "info" : "error"} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Nothing was changed</MessageBarTitle>
              {cancelled
                ? "The import was cancelled."
                : `${job.message ?? "The file has problems."} Fix them in the file and import it again.`}
            </MessageBarBody>
          </MessageBar>
        </div>
        {problems.length > 0 && <ProblemsTable problems={problems} total={job.problemTotal} />}
        <div className={styles.actions}>
          <Button appearance="primary" onClick={onRestart}>
            Import a file
          </Button>
        </div>
      </div>
    );
  }
  const imported = job.import;
  const repeated = job.repeats?.repeated ?? 0;
  return (
    <div className={styles.step}>
      <StepHeading>{`${upload.fileName} is imported`}</StepHeading>
      <div role="status">
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Imported</MessageBarTitle>
            {formatNumber(imported?.rows ?? job.rows)} rows of {kindLabel(upload.kind).toLowerCase()}
            {imported !== undefined && imported.months.length > 0
              ? ` covering ${summarizeMonths(imported.months)}`
              : ""}
            .
            {upload.kind === "azure-usage"
              ? " The months in this file replace the same months of earlier usage files."
              : upload.kind === "customer-projects"
                ? " Its projects are merged into the customer project register."
                : ` This file replaces the previous ${kindLabel(upload.kind).toLowerCase()} file.`}
            {repeated > 0 ? ` ${formatNumber(repeated)} repeated rows were imported as you confirmed.` : ""}
          </MessageBarBody>
        </MessageBar>
      </div>
      {job.readiness !== undefined && (
        <ReadinessChangeList change={job.readiness} idPrefix="import-result" prospective={false} />
      )}
      {job.impact?.months !== undefined && job.impact.months.length > 0 && (
        <ImpactTables impact={job.impact} idPrefix="import-result" />
      )}
      {job.impact !== undefined && (
        <ImportPreview impact={job.impact} idPrefix="import-result" prospective={false} />
      )}
      {imported !== undefined && imported.warnings.length > 0 && (
        <section className={styles.step} aria-label="Warnings of this import">
          <h4 className={styles.stepHeading}>Warnings</h4>
          <WarningsList warnings={imported.warnings} />
        </section>
      )}
      <div className={styles.actions}>
        <AppLink to={dashboardHref}>See the dashboard</AppLink>
        <Button onClick={onRestart}>Import another file</Button>
      </div>
    </div>
  );
}

/**
 * An import that replaces more than half of what is in effect, empties its kind, or brings rows that
 * repeat: what it would do, and a dialog that asks before it goes ahead. The dialog opens at once; closed,
 * the page keeps the review with the choice to import anyway or cancel.
 */
function ConfirmImport({
  orgId,
  upload,
  job,
  onRestart,
}: {
  readonly orgId: string;
  readonly upload: Upload;
  readonly job: ImportJob;
  readonly onRestart: () => void;
}) {
  const styles = useStyles();
  const confirm = useConfirmImport(orgId);
  const cancel = useCancelImport(orgId);
  const [open, setOpen] = useState(true);
  const replace = job.confirmations?.includes("replace") ?? false;
  const repeats = job.confirmations?.includes("repeats") ?? false;
  const changes = job.confirmations?.includes("changes") ?? false;
  const warning = job.impact === undefined ? null : replacementWarning(job.impact);
  const go = () =>
    confirm.mutate(
      { jobId: job.id, confirmReplace: replace, confirmRepeats: repeats, confirmChanges: changes },
      { onSuccess: () => setOpen(false) },
    );
  const reasons = (
    <>
      {replace && warning !== null && <p>{warning}</p>}
      {repeats && job.repeats?.message != null && (
        <p>
          {job.repeats.message} Rows that repeat are kept and counted, as <code>specready check</code> counts
          them.
        </p>
      )}
      {changes && !replace && !repeats && (
        <p>
          Read what it would change, then apply the import or cancel it: nothing changes until you apply it.
        </p>
      )}
    </>
  );
  const onlyPreview = changes && !replace && !repeats;
  return (
    <div className={styles.step}>
      <StepHeading>
        {onlyPreview
          ? `Review the import of ${upload.fileName}`
          : `${upload.fileName} needs your confirmation`}
      </StepHeading>
      <MessageBar intent={onlyPreview ? "info" : "warning"} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Nothing is imported yet</MessageBarTitle>
          {reasons}
        </MessageBarBody>
      </MessageBar>
      {job.impact !== undefined && <ImportPreview impact={job.impact} idPrefix="import-review" prospective />}
      {job.impact !== undefined && <ImpactTables impact={job.impact} idPrefix="import-review" />}
      {job.readiness !== undefined && (
        <ReadinessChangeList change={job.readiness} idPrefix="import-review" prospective />
      )}
      {cancel.error !== null && (
        <ErrorMessage error={cancel.error} title="The import could not be cancelled" />
      )}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => setOpen(true)} disabled={cancel.isPending}>
          {onlyPreview ? "Apply…" : "Import anyway…"}
        </Button>
        <Button
          disabled={cancel.isPending || confirm.isPending}
          onClick={() => cancel.mutate(job.id, { onSuccess: () => onRestart() })}
        >
          Cancel import
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        title={confirmationTitle(job, upload.kind)}
        confirmLabel={confirmLabel(job)}
        cancelLabel="Go back"
        pending={confirm.isPending}
        error={confirm.error}
        onCancel={() => setOpen(false)}
        onConfirm={go}
      >
        {reasons}
        {job.impact !== undefined && (
          <ImportPreview impact={job.impact} idPrefix="import-dialog" prospective />
        )}
        {job.readiness !== undefined && (
          <ReadinessChangeList change={job.readiness} idPrefix="import-dialog" prospective />
        )}
      </ConfirmDialog>
    </div>
  );
}
