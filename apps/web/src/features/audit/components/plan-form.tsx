import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  tokens,
} from "@fluentui/react-components";
import { SaveRegular } from "@fluentui/react-icons";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { fieldErrors, isStale, type Versioned } from "../../../lib/api-client";
import { isCalendarDate } from "../../../lib/format";
import { type AuditPlan, auditPlanQuery, type PlanModules, useSaveAuditPlan } from "../api";
import { localizeDates } from "../audit-format";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  dates: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL },
  date: { minWidth: "200px", flexGrow: 1 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

interface Draft {
  readonly applicationDate: string;
  readonly auditDate: string;
  readonly modules: PlanModules;
}

function draftOf(plan: AuditPlan): Draft {
  return {
    applicationDate: plan.applicationDate ?? "",
    auditDate: plan.auditDate ?? "",
    modules: plan.modules,
  };
}

function dateProblem(text: string): string | undefined {
  return text === "" || isCalendarDate(text) ? undefined : "Enter a complete date, or leave it empty.";
}

/** The partner admin's form: the planned application and audit dates and the modules to audit. */
export function PlanForm({
  orgId,
  plan,
}: {
  readonly orgId: string;
  /** The plan with the ETag it was read with: a save applies only over that version. */
  readonly plan: AuditPlan | Versioned<AuditPlan>;
}) {
  const styles = useStyles();
  const save = useSaveAuditPlan(orgId);
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const [checked, setChecked] = useState(false);
  const [saved, setSaved] = useState(false);
  // After a 412 the plan is reloaded under what the person typed, which stays in the form.
  const keepDraft = useRef(false);

  // Another admin's save (or ours) comes back with the plan: show what is stored.
  useEffect(() => {
    if (keepDraft.current) keepDraft.current = false;
    else setDraft(draftOf(plan));
  }, [plan]);
  const stale = isStale(save.error);

  const initial = draftOf(plan);
  const dirty =
    draft.applicationDate !== initial.applicationDate ||
    draft.auditDate !== initial.auditDate ||
    draft.modules !== initial.modules;
  const local = {
    applicationDate: checked ? dateProblem(draft.applicationDate) : undefined,
    auditDate: checked ? dateProblem(draft.auditDate) : undefined,
  };
  // The API's field messages may name dates ("must not be before the application date 2026-12-10").
  const server = Object.fromEntries(
    Object.entries(fieldErrors(save.error)).map(([k, v]) => [k, localizeDates(v)]),
  ) as Readonly<Record<string, string>>;
  const serverHasFields = Object.keys(server).length > 0;

  const change = (next: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...next }));
    setSaved(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (dateProblem(draft.applicationDate) !== undefined || dateProblem(draft.auditDate) !== undefined)
      return;
    setSaved(false);
    save.mutate(
      {
        input: {
          applicationDate: draft.applicationDate === "" ? null : draft.applicationDate,
          auditDate: draft.auditDate === "" ? null : draft.auditDate,
          modules: draft.modules,
        },
        ifMatch: "etag" in plan ? plan.etag : null,
      },
      {
        onSuccess: () => setSaved(true),
        onError: (error) => {
          if (!isStale(error)) return;
          keepDraft.current = true;
          void client.invalidateQueries({ queryKey: auditPlanQuery(orgId).queryKey });
        },
      },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Audit plan">
      <div className={styles.dates}>
        <Field
          className={styles.date}
          label="Planned application date"
          hint="The day you apply in Partner Center; the deadlines count from it."
          validationMessage={local.applicationDate ?? server.applicationDate}
        >
          <Input
            type="date"
            max="9999-12-31"
            value={draft.applicationDate}
            onChange={(_, d) => change({ applicationDate: d.value })}
          />
        </Field>
        <Field
          className={styles.date}
          label="Planned audit date"
          hint="The checklist live on this day applies, and readiness is measured on it."
          validationMessage={local.auditDate ?? server.auditDate}
        >
          <Input
            type="date"
            max="9999-12-31"
            value={draft.auditDate}
            onChange={(_, d) => change({ auditDate: d.value })}
          />
        </Field>
      </div>
      <Field label="Modules to audit" validationMessage={server.modules}>
        <RadioGroup
          value={draft.modules}
          onChange={(_, d) => change({ modules: d.value === "B" ? "B" : "A+B" })}
        >
          <Radio value="A+B" label="Modules A and B" />
          <Radio value="B" label="Module B only (Module A waived by an earlier pass)" />
        </RadioGroup>
      </Field>
      {stale && (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>
            Someone else changed the audit plan while you were editing; it has been reloaded and your changes
            were not saved. What you entered is still in the form: check it and save again.
          </MessageBarBody>
        </MessageBar>
      )}
      {save.isError && !stale && !serverHasFields && (
        <ErrorMessage error={save.error} title="The plan was not saved" />
      )}
      {save.isError && serverHasFields && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>The plan was not saved: correct the fields marked above.</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save plan"}
        </Button>
        <Button
          appearance="secondary"
          disabled={!dirty || save.isPending}
          onClick={() => {
            setDraft(initial);
            setChecked(false);
            save.reset();
          }}
        >
          Discard changes
        </Button>
        <span role="status" aria-live="polite">
          {saved && !dirty ? "Plan saved." : ""}
        </span>
      </div>
    </form>
  );
}
