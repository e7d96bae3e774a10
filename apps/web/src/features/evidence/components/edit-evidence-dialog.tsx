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
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useReadiness } from "../../../api/audit-readiness";
import { ErrorMessage } from "../../../components/error-message";
import { ApiError, isStale, type Versioned } from "../../../lib/api-client";
import { asSentence, splitIssues, useCustomerProjects } from "../../projects";
import { type EvidenceDetail, evidenceItemQuery, useUpdateEvidence } from "../api";
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
  /** The item as shown, with the ETag it was read with (an edit applies only to that version). */
  readonly item: Versioned<EvidenceDetail> | EvidenceDetail;
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
  const client = useQueryClient();
  // What the edit is based on: the item as it was when the dialog opened, and its version.
  const [base, setBase] = useState<{ item: EvidenceDetail; etag: string | null }>(() => ({
    item,
    etag: etagOf(item),
  }));
  const [form, setForm] = useState<EvidenceForm>(() => formFromItem(item));
  const [attempted, setAttempted] = useState(false);
  // Set when someone else changed the item meanwhile: it was reloaded under the person's entries.
  const [reloaded, setReloaded] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: start from the item each time the dialog opens
  useEffect(() => {
    if (!open) return;
    setBase({ item, etag: etagOf(item) });
    setForm(formFromItem(item));
    setAttempted(false);
    setReloaded(false);
    update.reset();
  }, [open]);

  /**
   * Someone else changed the item while this person was editing (412): nothing of theirs was saved.
   * The item is loaded again; the fields this person changed keep what they typed, the others show the
   * item as it is now, and saving again applies their changes over the current version.
   */
  const reloadAfterConflict = async () => {
    const fresh = await client.fetchQuery({ ...evidenceItemQuery(orgId, item.id), staleTime: 0 });
    const before = formFromItem(base.item);
    const now = formFromItem(fresh);
    const kept = Object.fromEntries(
      (Object.keys(form) as (keyof EvidenceForm)[]).map((key) => [
        key,
        JSON.stringify(form[key]) === JSON.stringify(before[key]) ? now[key] : form[key],
      ]),
    ) as unknown as EvidenceForm;
    setForm(kept);
    setBase({ item: fresh, etag: etagOf(fresh) });
    setReloaded(true);
  };

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
    const patch = patchFromForm(base.item, form);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setReloaded(false);
    update.mutate(
      { patch, ifMatch: base.etag },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (isStale(error)) void reloadAfterConflict();
        },
      },
    );
  };
  const stale = isStale(update.error);

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
              {stale && (
                <MessageBar intent="warning" role="alert">
                  <MessageBarBody>
                    {reloaded
                      ? "Someone else changed this evidence item while you were editing; it has been reloaded and your changes were not saved. What you typed is still in the form: check it against the item as it is now and save again."
                      : "Someone else changed this evidence item while you were editing; your changes were not saved. Reloading it…"}
                  </MessageBarBody>
                </MessageBar>
              )}
              {hasIssues && apiIssues.other.length === 0 && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>Nothing was changed: check the fields marked above.</MessageBarBody>
                </MessageBar>
              )}
              {update.error !== null && !stale && (!hasIssues || apiIssues.other.length > 0) && (
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

function etagOf(item: Versioned<EvidenceDetail> | EvidenceDetail): string | null {
  return "etag" in item ? item.etag : null;
}
