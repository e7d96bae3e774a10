import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Option,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { ApiError } from "../../../lib/api-client";
import { type CustomerProject, useCreateProject, useUpdateProject } from "../api";
import { asSentence, splitIssues } from "../form-issues";
import {
  EMPTY_PROJECT_FORM,
  formFromProject,
  formProblems,
  inputFromForm,
  PROJECT_FORM_FIELDS,
  type ProjectForm,
  STAGE_LABELS,
} from "../project-helpers";

const useStyles = makeStyles({
  surface: { maxWidth: "640px", width: "100%" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    "@media (max-width: 600px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  wide: { gridColumn: "1 / -1" },
});

const GREENFIELD_LABELS = { "": "Not stated", yes: "Yes", no: "No" } as const;

export interface ProjectDialogProps {
  readonly orgId: string;
  readonly open: boolean;
  /** The project to edit; null adds one. */
  readonly project: CustomerProject | null;
  readonly onClose: () => void;
  readonly onSaved: (project: CustomerProject, created: boolean) => void;
}

/**
 * Add or edit a project of the register. The API validates; its 400 issues are shown under the fields
 * they concern, and a duplicate (409) above the buttons.
 */
export function ProjectDialog({ orgId, open, project, onClose, onSaved }: ProjectDialogProps) {
  const styles = useStyles();
  const create = useCreateProject(orgId);
  const update = useUpdateProject(orgId);
  const mutation = project === null ? create : update;
  const [form, setForm] = useState<ProjectForm>(EMPTY_PROJECT_FORM);
  // Problems found before sending (a tenant ID that is not a GUID), shown as the API's are.
  const [local, setLocal] = useState<Partial<Record<keyof ProjectForm, string>>>({});

  // Each opening starts from the project (or an empty form) and without the last attempt's errors.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the dialog opens or the project changes
  useEffect(() => {
    if (!open) return;
    setForm(project === null ? EMPTY_PROJECT_FORM : formFromProject(project));
    setLocal({});
    create.reset();
    update.reset();
  }, [open, project]);

  const { byField, other } = splitIssues(mutation.error, PROJECT_FORM_FIELDS);
  const hasIssues = mutation.error instanceof ApiError && mutation.error.issues.length > 0;
  const set = <K extends keyof ProjectForm>(key: K, value: ProjectForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const fieldState = (key: keyof ProjectForm) => {
    const message = local[key] ?? byField[key];
    return message === undefined
      ? {}
      : { validationState: "error" as const, validationMessage: asSentence(message) };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = formProblems(form);
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const input = inputFromForm(form);
    const done = (saved: CustomerProject) => onSaved(saved, project === null);
    if (project === null) create.mutate(input, { onSuccess: done });
    else update.mutate({ id: project.id, input }, { onSuccess: done });
  };

  const title = project === null ? "Add a customer project" : `Edit ${project.project}`;
  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        if (!data.open && !mutation.isPending) onClose();
      }}
    >
      <DialogSurface className={styles.surface}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.form}>
              <div className={styles.grid}>
                <Field
                  label="Customer tenant ID"
                  required
                  hint="The customer's Microsoft Entra tenant ID (a GUID)"
                  {...fieldState("customerTenantId")}
                >
                  <Input
                    value={form.customerTenantId}
                    onChange={(_, d) => set("customerTenantId", d.value)}
                    autoComplete="off"
                    spellCheck={false}
                  />
                </Field>
                <Field label="Customer name" {...fieldState("customerName")}>
                  <Input value={form.customerName} onChange={(_, d) => set("customerName", d.value)} />
                </Field>
                <Field label="Project" required {...fieldState("project")}>
                  <Input value={form.project} onChange={(_, d) => set("project", d.value)} />
                </Field>
                <Field label="Workload" hint="What was built, e.g. RAG assistant" {...fieldState("workload")}>
                  <Input value={form.workload} onChange={(_, d) => set("workload", d.value)} />
                </Field>
                <Field
                  className={styles.wide}
                  label="AI services"
                  hint="Separate with commas, e.g. Azure OpenAI, Azure AI Search"
                  {...fieldState("aiServices")}
                >
                  <Input value={form.aiServices} onChange={(_, d) => set("aiServices", d.value)} />
                </Field>
                <Field
                  label="Completion date"
                  required
                  hint="The project counts for an audit in the twelve months after it"
                  {...fieldState("completionDate")}
                >
                  <Input
                    type="date"
                    value={form.completionDate}
                    onChange={(_, d) => set("completionDate", d.value)}
                  />
                </Field>
                <Field label="Greenfield" {...fieldState("greenfield")}>
                  <Dropdown
                    value={GREENFIELD_LABELS[form.greenfield]}
                    selectedOptions={[form.greenfield]}
                    onOptionSelect={(_, d) =>
                      set("greenfield", (d.optionValue ?? "") as ProjectForm["greenfield"])
                    }
                  >
                    <Option value="">Not stated</Option>
                    <Option value="yes">Yes</Option>
                    <Option value="no">No</Option>
                  </Dropdown>
                </Field>
                <Field label="Stage" {...fieldState("stage")}>
                  <Dropdown
                    value={form.stage === "" ? "Not stated" : STAGE_LABELS[form.stage]}
                    selectedOptions={[form.stage]}
                    onOptionSelect={(_, d) => set("stage", (d.optionValue ?? "") as ProjectForm["stage"])}
                  >
                    <Option value="">Not stated</Option>
                    <Option value="production">Production</Option>
                    <Option value="pilot">Pilot</Option>
                  </Dropdown>
                </Field>
              </div>
              {hasIssues && other.length === 0 && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>Check the fields marked above.</MessageBarBody>
                </MessageBar>
              )}
              {mutation.error !== null && (!hasIssues || other.length > 0) && (
                <ErrorMessage
                  error={other.length > 0 ? new ApiError(400, "invalid", other.join(" ")) : mutation.error}
                  title={project === null ? "The project was not added" : "The project was not changed"}
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={mutation.isPending}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? "Saving…" : project === null ? "Save project" : "Save changes"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
