import {
  Button,
  Combobox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import {
  type CertificationChoice,
  type CertificationInput,
  type Person,
  type PersonCertification,
  useAddCertification,
  useCreatePerson,
  useUpdateCertification,
  useUpdatePerson,
} from "../api";

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

/** What the dialog does: add a person (with a first certification), rename one, or add or edit a row. */
export type PersonDialogMode =
  | { readonly kind: "new-person" }
  | { readonly kind: "edit-person"; readonly person: Person }
  | { readonly kind: "add-certification"; readonly person: Person }
  | {
      readonly kind: "edit-certification";
      readonly person: Person;
      readonly certification: PersonCertification;
    };

interface Form {
  personId: string;
  name: string;
  certification: string;
  earnedOn: string;
  expiresOn: string;
  associated: "" | "yes" | "no";
}

const EMPTY: Form = {
  personId: "",
  name: "",
  certification: "",
  earnedOn: "",
  expiresOn: "",
  associated: "",
};
const ASSOCIATED = { "": "Not stated (counts as yes)", yes: "Yes", no: "No" } as const;

function formOf(mode: PersonDialogMode): Form {
  if (mode.kind === "new-person") return EMPTY;
  const base = { ...EMPTY, personId: mode.person.personId, name: mode.person.name ?? "" };
  if (mode.kind !== "edit-certification") return base;
  const c = mode.certification;
  return {
    ...base,
    certification: c.certification,
    earnedOn: c.earnedOn ?? "",
    expiresOn: c.expiresOn ?? "",
    associated: c.associated === null ? "" : c.associated ? "yes" : "no",
  };
}

function certificationOf(f: Form): CertificationInput {
  return {
    certification: f.certification.trim(),
    earnedOn: f.earnedOn === "" ? null : f.earnedOn,
    expiresOn: f.expiresOn === "" ? null : f.expiresOn,
    associated: f.associated === "" ? null : f.associated === "yes",
  };
}

export interface PersonDialogProps {
  readonly orgId: string;
  readonly mode: PersonDialogMode | null;
  readonly choices: readonly CertificationChoice[];
  readonly onClose: () => void;
  readonly onSaved: (message: string) => void;
}

/**
 * The People page's form, as a dialog: a person's PersonId (as Partner Center shows it) and name, and a
 * certification chosen from the program's list or typed as free text, with the day it was earned, its
 * expiry and whether the person's Microsoft Learn profile is associated with the organization.
 */
export function PersonDialog({ orgId, mode, choices, onClose, onSaved }: PersonDialogProps) {
  const styles = useStyles();
  const create = useCreatePerson(orgId);
  const rename = useUpdatePerson(orgId);
  const add = useAddCertification(orgId);
  const edit = useUpdateCertification(orgId);
  const mutation =
    mode?.kind === "edit-person"
      ? rename
      : mode?.kind === "add-certification"
        ? add
        : mode?.kind === "edit-certification"
          ? edit
          : create;
  const [form, setForm] = useState<Form>(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the dialog opens on another mode
  useEffect(() => {
    if (mode === null) return;
    setForm(formOf(mode));
    setProblem(null);
    for (const m of [create, rename, add, edit]) m.reset();
  }, [mode]);

  if (mode === null) return null;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const withPerson = mode.kind === "new-person" || mode.kind === "edit-person";
  const withCertification = mode.kind !== "edit-person";
  const who = form.name.trim() || form.personId.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (withPerson && form.personId.trim() === "")
      return setProblem("Enter the PersonId Partner Center shows.");
    if (mode.kind !== "new-person" && mode.kind !== "edit-person" && form.certification.trim() === "")
      return setProblem("Choose or type the certification.");
    if (form.earnedOn !== "" && form.expiresOn !== "" && form.expiresOn < form.earnedOn)
      return setProblem("The expiry must not be before the day it was earned.");
    setProblem(null);
    const done = (message: string) => () => onSaved(message);
    if (mode.kind === "new-person")
      create.mutate(
        {
          personId: form.personId.trim(),
          name: form.name.trim() === "" ? null : form.name.trim(),
          certifications: form.certification.trim() === "" ? [] : [certificationOf(form)],
        },
        { onSuccess: done(`Added ${who}.`) },
      );
    else if (mode.kind === "edit-person")
      rename.mutate(
        {
          id: mode.person.id,
          personId: form.personId.trim(),
          name: form.name.trim() === "" ? null : form.name.trim(),
        },
        { onSuccess: done(`Saved ${who}.`) },
      );
    else if (mode.kind === "add-certification")
      add.mutate(
        { person: mode.person.id, input: certificationOf(form) },
        { onSuccess: done(`Noted ${form.certification.trim()} for ${who}.`) },
      );
    else
      edit.mutate(
        { person: mode.person.id, id: mode.certification.id, input: certificationOf(form) },
        { onSuccess: done(`Saved ${form.certification.trim()} of ${who}.`) },
      );
  };

  const title =
    mode.kind === "new-person"
      ? "Add a certified person"
      : mode.kind === "edit-person"
        ? `Edit ${who}`
        : mode.kind === "add-certification"
          ? `Add a certification for ${who}`
          : `Edit ${mode.certification.certification} of ${who}`;
  const chosen = choices.find((c) => c.id.toLowerCase() === form.certification.trim().toLowerCase());

  return (
    <Dialog
      open
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
                {withPerson && (
                  <>
                    <Field
                      label="PersonId"
                      required
                      hint="As Partner Center shows it: the person's e-mail or individual id"
                    >
                      <Input
                        value={form.personId}
                        onChange={(_, d) => set("personId", d.value)}
                        autoComplete="off"
                        spellCheck={false}
                      />
                    </Field>
                    <Field label="Name">
                      <Input value={form.name} onChange={(_, d) => set("name", d.value)} autoComplete="off" />
                    </Field>
                  </>
                )}
                {withCertification && (
                  <>
                    <Field
                      className={styles.wide}
                      label="Certification or exam"
                      required={mode.kind !== "new-person"}
                      hint={
                        chosen === undefined
                          ? "Choose from the program's list, or type any other (it is kept and shown, and counts only if the program names it)"
                          : chosen.countsAs === null
                            ? `${chosen.title}: not a certification of this program version`
                            : `${chosen.title}: counts as ${chosen.countsAs}`
                      }
                    >
                      <Combobox
                        freeform
                        value={form.certification}
                        selectedOptions={chosen === undefined ? [] : [chosen.id]}
                        onChange={(e) => set("certification", e.target.value)}
                        onOptionSelect={(_, d) => set("certification", d.optionValue ?? d.optionText ?? "")}
                      >
                        {choices.map((c) => (
                          <Option key={c.id} value={c.id} text={c.id}>
                            {`${c.id} — ${c.title}`}
                          </Option>
                        ))}
                      </Combobox>
                    </Field>
                    <Field label="Earned on">
                      <Input
                        type="date"
                        value={form.earnedOn}
                        onChange={(_, d) => set("earnedOn", d.value)}
                      />
                    </Field>
                    <Field label="Expires on" hint="Empty: a year after it was earned">
                      <Input
                        type="date"
                        value={form.expiresOn}
                        onChange={(_, d) => set("expiresOn", d.value)}
                      />
                    </Field>
                    <Field
                      className={styles.wide}
                      label="Microsoft Learn profile associated with the organization"
                      hint="Without the association Partner Center gives the organization no credit for it"
                    >
                      <Dropdown
                        value={ASSOCIATED[form.associated]}
                        selectedOptions={[form.associated]}
                        onOptionSelect={(_, d) =>
                          set("associated", (d.optionValue ?? "") as Form["associated"])
                        }
                      >
                        <Option value="">{ASSOCIATED[""]}</Option>
                        <Option value="yes">Yes</Option>
                        <Option value="no">No</Option>
                      </Dropdown>
                    </Field>
                  </>
                )}
              </div>
              {problem !== null && (
                <div role="alert">
                  <ErrorMessage error={new Error(problem)} title="Check the form" />
                </div>
              )}
              {mutation.error !== null && <ErrorMessage error={mutation.error} title="Not saved" />}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={mutation.isPending}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? "Saving…" : "Save"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
