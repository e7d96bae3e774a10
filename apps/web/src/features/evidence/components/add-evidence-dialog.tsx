import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Radio,
  RadioGroup,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useReadiness } from "../../../api/audit-readiness";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { ApiError } from "../../../lib/api-client";
import { asSentence, ProjectDialog, splitIssues, useCustomerProjects } from "../../projects";
import { type EvidenceDetail, type EvidenceKind, useCreateEvidence, useUploadEvidenceFile } from "../api";
import {
  checkEvidenceForm,
  createBody,
  EVIDENCE_FIELD_ALIASES,
  EVIDENCE_FIELDS,
  type EvidenceField,
  type EvidenceForm,
  emptyEvidenceForm,
  titleFromFileName,
} from "../evidence-helpers";
import { isAbort } from "../send-file";
import { ArtifactTypePicker, ControlsPicker, ProjectPicker } from "./evidence-fields";
import { FileChooser } from "./file-chooser";
import { UploadProgress } from "./upload-progress";

const useStyles = makeStyles({
  surface: { maxWidth: "680px", width: "100%" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

export interface AddEvidenceDialogProps {
  readonly orgId: string;
  readonly open: boolean;
  /** Prefilled choices: the control (and project) the dialog was opened from. */
  readonly preset?: { readonly controls?: readonly string[]; readonly projectId?: string };
  readonly onClose: () => void;
  readonly onAdded: (item: EvidenceDetail) => void;
}

/**
 * Add a file, a link or a note as evidence: what it is (title, artifact type), which customer project
 * it comes from, and which controls it backs. A file goes up with a progress bar and can be cancelled;
 * the server's size limit comes back as its 413 message.
 */
export function AddEvidenceDialog({ orgId, open, preset, onClose, onAdded }: AddEvidenceDialogProps) {
  const styles = useStyles();
  const projects = useCustomerProjects(orgId);
  const readiness = useReadiness(orgId, null);
  const create = useCreateEvidence(orgId);
  const upload = useUploadEvidenceFile(orgId);
  const [form, setForm] = useState<EvidenceForm>(() => emptyEvidenceForm(preset));
  const [file, setFile] = useState<File | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [addingProject, setAddingProject] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const presetKey = `${preset?.controls?.join(",") ?? ""}|${preset?.projectId ?? ""}`;

  // Each opening starts afresh, with the preset of the place it was opened from.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dialog opens (presetKey stands for the preset)
  useEffect(() => {
    if (!open) return;
    setForm(emptyEvidenceForm(preset));
    setFile(null);
    setAttempted(false);
    setProgress(null);
    setAddingProject(false);
    create.reset();
    upload.reset();
  }, [open, presetKey]);

  // Closing the dialog (or leaving the page) cancels an upload in flight.
  useEffect(() => {
    if (!open) abort.current?.abort();
  }, [open]);
  useEffect(() => () => abort.current?.abort(), []);

  const controls = readiness.data?.controls ?? [];
  const register = projects.data ?? [];
  const pending = create.isPending || upload.isPending;
  const error = form.kind === "file" ? upload.error : create.error;
  const apiIssues = splitIssues<EvidenceField>(error, EVIDENCE_FIELDS, EVIDENCE_FIELD_ALIASES);
  const local = attempted ? checkEvidenceForm(form, file) : {};
  const problem = (field: EvidenceField): string | undefined => {
    const api = apiIssues.byField[field];
    return local[field] ?? (api === undefined ? undefined : asSentence(api));
  };
  // The size limit and an empty file are about the file: shown under it, in the API's words.
  const fileError =
    problem("file") ??
    (error instanceof ApiError && (error.status === 413 || error.code === "upload.empty")
      ? error.message
      : undefined);
  const shownAsField =
    error instanceof ApiError &&
    (error.issues.length > 0 || error.status === 413 || error.code === "upload.empty");

  const set = <K extends keyof EvidenceForm>(key: K, value: EvidenceForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const chooseFile = (f: File | null) => {
    setFile(f);
    upload.reset();
    if (f !== null && form.title.trim() === "") set("title", titleFromFileName(f.name));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(checkEvidenceForm(form, file)).length > 0) return;
    if (form.kind === "file" && file !== null) {
      const controller = new AbortController();
      abort.current = controller;
      setProgress({ loaded: 0, total: file.size });
      upload.mutate(
        {
          meta: {
            title: form.title.trim(),
            artifactType: form.artifactType.trim(),
            projectId: form.projectId,
            controls: form.controls,
          },
          file,
          signal: controller.signal,
          onProgress: (loaded, total) => setProgress({ loaded, total }),
        },
        {
          onSuccess: (item) => onAdded(item),
          onSettled: () => {
            abort.current = null;
            setProgress(null);
          },
        },
      );
      return;
    }
    create.mutate(createBody(form), { onSuccess: (item) => onAdded(item) });
  };

  const projectsHref = `/o/${encodeURIComponent(orgId)}/projects`;
  const loading = projects.isPending || readiness.isPending;
  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        if (!data.open && !pending) onClose();
      }}
    >
      <DialogSurface className={styles.surface} aria-label="Add evidence">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Add evidence</DialogTitle>
            <DialogContent className={styles.form}>
              {loading && <PageLoading label="Loading the projects and controls…" />}
              {projects.isError && <ErrorMessage error={projects.error} title="The projects did not load" />}
              {readiness.isError && (
                <ErrorMessage error={readiness.error} title="The controls did not load" />
              )}
              {projects.data !== undefined && register.length === 0 && (
                <MessageBar intent="warning" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>Add a customer project first</MessageBarTitle>
                    Evidence is filed under the customer project it comes from, and the register has none yet:
                    add it here with “New project”, or keep the whole register on the{" "}
                    <AppLink to={projectsHref}>Customer projects</AppLink> page.
                  </MessageBarBody>
                </MessageBar>
              )}
              {!loading && (
                <>
                  <Field label="Kind of evidence">
                    <RadioGroup
                      layout="horizontal"
                      value={form.kind}
                      onChange={(_, d) => {
                        set("kind", d.value as EvidenceKind);
                        create.reset();
                        upload.reset();
                      }}
                      disabled={pending}
                    >
                      <Radio value="file" label="File" />
                      <Radio value="link" label="Link" />
                      <Radio value="note" label="Note" />
                    </RadioGroup>
                  </Field>
                  {form.kind === "file" && (
                    <FileChooser file={file} onFile={chooseFile} error={fileError} disabled={pending} />
                  )}
                  {form.kind === "link" && (
                    <Field
                      label="Address"
                      required
                      hint="Where the document is kept, e.g. a SharePoint or Azure DevOps link"
                      {...(problem("url") === undefined
                        ? {}
                        : { validationState: "error" as const, validationMessage: problem("url") })}
                    >
                      <Input
                        type="url"
                        inputMode="url"
                        value={form.url}
                        placeholder="https://"
                        onChange={(_, d) => set("url", d.value)}
                        disabled={pending}
                      />
                    </Field>
                  )}
                  {form.kind === "note" && (
                    <Field
                      label="Note"
                      required
                      {...(problem("note") === undefined
                        ? {}
                        : { validationState: "error" as const, validationMessage: problem("note") })}
                    >
                      <Textarea
                        value={form.note}
                        resize="vertical"
                        rows={5}
                        onChange={(_, d) => set("note", d.value)}
                        disabled={pending}
                      />
                    </Field>
                  )}
                  <Field
                    label="Title"
                    required
                    {...(problem("title") === undefined
                      ? {}
                      : { validationState: "error" as const, validationMessage: problem("title") })}
                  >
                    <Input value={form.title} onChange={(_, d) => set("title", d.value)} disabled={pending} />
                  </Field>
                  <ProjectPicker
                    projects={register}
                    value={form.projectId}
                    onChange={(id) => set("projectId", id)}
                    error={problem("projectId")}
                    disabled={pending || register.length === 0}
                    onNew={pending ? undefined : () => setAddingProject(true)}
                  />
                  <ControlsPicker
                    controls={controls}
                    value={form.controls}
                    onChange={(ids) => set("controls", ids)}
                    error={problem("controls")}
                    disabled={pending}
                  />
                  <ArtifactTypePicker
                    controls={controls}
                    selectedControls={form.controls}
                    value={form.artifactType}
                    onChange={(t) => set("artifactType", t)}
                    error={problem("artifactType")}
                    disabled={pending}
                  />
                </>
              )}
              {progress !== null && file !== null && (
                <UploadProgress
                  fileName={file.name}
                  loaded={progress.loaded}
                  total={progress.total}
                  onCancel={() => abort.current?.abort()}
                />
              )}
              {error !== null && !isAbort(error) && !shownAsField && (
                <ErrorMessage error={error} title="The evidence was not added" />
              )}
              {error instanceof ApiError && apiIssues.other.length > 0 && (
                <ErrorMessage
                  error={new ApiError(400, "invalid", apiIssues.other.join(" "))}
                  title="The evidence was not added"
                />
              )}
              {shownAsField && apiIssues.other.length === 0 && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>The evidence was not added: check the fields marked above.</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={pending}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={pending || loading}>
                {pending ? (form.kind === "file" ? "Uploading…" : "Saving…") : "Save evidence"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
        {/* Nested in the surface (Fluent's nested dialog) but outside the form: its submit must not submit this one. */}
        <ProjectDialog
          orgId={orgId}
          open={addingProject}
          project={null}
          onClose={() => setAddingProject(false)}
          onSaved={(saved) => {
            setAddingProject(false);
            set("projectId", saved.id);
          }}
        />
      </DialogSurface>
    </Dialog>
  );
}
