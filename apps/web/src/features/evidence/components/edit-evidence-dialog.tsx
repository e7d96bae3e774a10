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
  makeStyles,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { useReadiness } from "../../../api/audit-readiness";
import { ErrorMessage } from "../../../components/error-message";
import { ApiError } from "../../../lib/api-client";
import { asSentence, splitIssues, useCustomerProjects } from "../../projects";
import { type EvidenceDetail, useUpdateEvidence } from "../api";
import {
  checkEvidenceForm,
  EVIDENCE_FIELDS,
  type EvidenceField,
  type EvidenceForm,
  formFromItem,
  patchFromForm,
} from "../evidence-helpers";
import { ArtifactTypePicker, ControlsPicker, ProjectPicker } from "./evidence-fields";

const useStyles = makeStyles({
  surface: { maxWidth: "680px", width: "100%" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

export interface EditEvidenceDialogProps {
  readonly orgId: string;
  readonly item: EvidenceDetail;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}

/** Change what an item is filed as (title, project, controls, artifact type) and a link's address or a note's text. */
export function EditEvidenceDialog({ orgId, item, open, onClose, onSaved }: EditEvidenceDialogProps) {
  const styles = useStyles();
  const projects = useCustomerProjects(orgId);
  const readiness = useReadiness(orgId, null);
  const update = useUpdateEvidence(orgId, item.id);
  const [form, setForm] = useState<EvidenceForm>(() => formFromItem(item));
  const [attempted, setAttempted] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: start from the item each time the dialog opens
  useEffect(() => {
    if (!open) return;
    setForm(formFromItem(item));
    setAttempted(false);
    update.reset();
  }, [open]);

  const controls = readiness.data?.controls ?? [];
  const apiIssues = splitIssues<EvidenceField>(update.error, EVIDENCE_FIELDS);
  const local = attempted ? checkEvidenceForm(form, null, { withFile: false }) : {};
  const problem = (field: EvidenceField): string | undefined => {
    const api = apiIssues.byField[field];
    return local[field] ?? (api === undefined ? undefined : asSentence(api));
  };
  const hasIssues = update.error instanceof ApiError && update.error.issues.length > 0;
  const set = <K extends keyof EvidenceForm>(key: K, value: EvidenceForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const fieldState = (field: EvidenceField) => {
    const message = problem(field);
    return message === undefined ? {} : { validationState: "error" as const, validationMessage: message };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(checkEvidenceForm(form, null, { withFile: false })).length > 0) return;
    const patch = patchFromForm(item, form);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(patch, { onSuccess: onSaved });
  };

  const register = projects.data ?? [];
  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        if (!data.open && !update.isPending) onClose();
      }}
    >
      <DialogSurface className={styles.surface}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Edit “{item.title}”</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label="Title" required {...fieldState("title")}>
                <Input value={form.title} onChange={(_, d) => set("title", d.value)} />
              </Field>
              {item.kind === "link" && (
                <Field label="Address" required {...fieldState("url")}>
                  <Input
                    type="url"
                    inputMode="url"
                    value={form.url}
                    onChange={(_, d) => set("url", d.value)}
                  />
                </Field>
              )}
              {item.kind === "note" && (
                <Field label="Note" required {...fieldState("note")}>
                  <Textarea
                    value={form.note}
                    rows={6}
                    resize="vertical"
                    onChange={(_, d) => set("note", d.value)}
                  />
                </Field>
              )}
              <ProjectPicker
                projects={register}
                value={form.projectId}
                onChange={(id) => set("projectId", id)}
                error={problem("projectId")}
              />
              <ControlsPicker
                controls={controls}
                value={form.controls}
                onChange={(ids) => set("controls", ids)}
                error={problem("controls")}
              />
              <ArtifactTypePicker
                controls={controls}
                selectedControls={form.controls}
                value={form.artifactType}
                onChange={(t) => set("artifactType", t)}
                error={problem("artifactType")}
              />
              {projects.isError && <ErrorMessage error={projects.error} title="The projects did not load" />}
              {readiness.isError && (
                <ErrorMessage error={readiness.error} title="The controls did not load" />
              )}
              {hasIssues && apiIssues.other.length === 0 && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>Nothing was changed: check the fields marked above.</MessageBarBody>
                </MessageBar>
              )}
              {update.error !== null && (!hasIssues || apiIssues.other.length > 0) && (
                <ErrorMessage
                  error={
                    apiIssues.other.length > 0
                      ? new ApiError(400, "invalid", apiIssues.other.join(" "))
                      : update.error
                  }
                  title="Nothing was changed"
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={update.isPending}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={update.isPending}>
                {update.isPending ? "Saving…" : "Save changes"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
