import {
  Button,
  Card,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Radio,
  RadioGroup,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { fieldErrors } from "../../../lib/api-client";
import { type ProgramVersionOption, useProgramSettings, useSaveProgramSettings } from "../api";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, alignItems: "flex-start" },
  option: { display: "flex", flexDirection: "column" },
  hint: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, marginLeft: "32px" },
  today: { margin: 0 },
  strong: { ...typographyStyles.body1Strong },
});

/** The value of the radio group for "the version in effect on each date". */
const BY_DATE = "by-date";

function optionLabel(v: ProgramVersionOption): string {
  return `Pin ${v.name} ${v.version} (${v.id}) — ${v.period}${v.provisional === null ? "" : ` — ${v.provisional.label}`}`;
}

/**
 * The program version the organization's evaluations use: the one in effect on each date (what
 * `specready check` does), or one pinned; and whether provisional versions may be chosen by date.
 */
export function ProgramSection({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const settings = useProgramSettings(orgId);
  const save = useSaveProgramSettings(orgId);
  const [choice, setChoice] = useState(BY_DATE);
  const [provisional, setProvisional] = useState(false);
  const [saved, setSaved] = useState(false);

  const data = settings.data;
  useEffect(() => {
    if (data === undefined) return;
    setChoice(data.pinnedProgramId ?? BY_DATE);
    setProvisional(data.includeProvisional);
  }, [data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate(
      { pinnedProgramId: choice === BY_DATE ? null : choice, includeProvisional: provisional },
      { onSuccess: () => setSaved(true) },
    );
  };
  const server = fieldErrors(save.error);
  const today = data?.today;

  return (
    <section aria-labelledby="program-heading">
      <Card className={styles.card}>
        <h2 id="program-heading" className={styles.heading}>
          Program version
        </h2>
        <p className={styles.intro}>
          Readiness is measured against the program version in effect on each date, as{" "}
          <code>specready check</code> does: the specialization's name, the audit checklists in effect and the
          certifications' retirements follow the date. Pin a version to measure every date against it.
          Provisional versions are readings Microsoft has not published; they are used only if you opt in.
        </p>
        {settings.isPending && <PageLoading />}
        {settings.isError && <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} />}
        {today !== undefined && (
          <p className={styles.today} data-testid="program-today">
            Today:{" "}
            <span
              className={styles.strong}
            >{`${today.program.name} (version ${today.program.version})`}</span>
            {` — ${today.reason}.`}
          </p>
        )}
        {today?.program.provisional != null && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{today.program.provisional.label}</MessageBarTitle>
              {today.program.provisional.reason}
            </MessageBarBody>
          </MessageBar>
        )}
        {data !== undefined && (
          <form className={styles.form} onSubmit={submit} aria-label="Choose the program version">
            <Field label="Version used" validationMessage={server.pinnedProgramId}>
              <RadioGroup value={choice} onChange={(_, d) => setChoice(d.value)}>
                <Radio value={BY_DATE} label="The version in effect on each date (recommended)" />
                {data.versions.map((v) => (
                  <div key={v.id} className={styles.option}>
                    <Radio value={v.id} label={optionLabel(v)} />
                    {v.changes[0] !== undefined && <span className={styles.hint}>{v.changes[0]}</span>}
                  </div>
                ))}
              </RadioGroup>
            </Field>
            <Checkbox
              checked={provisional}
              disabled={choice !== BY_DATE}
              onChange={(_, d) => setProvisional(d.checked === true)}
              label="Use provisional versions on the dates they cover (provisional — verify in Partner Center)"
            />
            <Button type="submit" appearance="primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </form>
        )}
        {save.isError && Object.keys(server).length === 0 && (
          <ErrorMessage error={save.error} title="Not saved" />
        )}
        <div role="status" aria-live="polite">
          {saved && <span>The program version setting is saved; the dashboard uses it now.</span>}
        </div>
      </Card>
    </section>
  );
}
