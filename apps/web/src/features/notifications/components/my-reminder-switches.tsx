import { makeStyles, Switch, tokens, typographyStyles } from "@fluentui/react-components";
import { useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { type ReminderKind, useReminderPreferences, useSaveReminderPreferences } from "../api";

const useStyles = makeStyles({
  fieldset: {
    border: "none",
    padding: 0,
    margin: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  legend: { ...typographyStyles.subtitle2, padding: 0, marginBottom: tokens.spacingVerticalS },
  status: { ...typographyStyles.body1, color: tokens.colorNeutralForeground2, minHeight: "20px", margin: 0 },
});

/**
 * The signed-in person's own reminder e-mails in an organization: one switch per kind and one for the
 * weekly digest, each saved as soon as it is switched (the switch shows what the server saved), with
 * the outcome announced.
 */
export function MyReminderSwitches({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const prefs = useReminderPreferences(orgId);
  const save = useSaveReminderPreferences(orgId);
  const [saved, setSaved] = useState<string | null>(null);
  if (prefs.isPending) return <PageLoading label="Loading your reminders…" />;
  if (prefs.isError) return <ErrorMessage error={prefs.error} onRetry={() => void prefs.refetch()} />;
  const p = prefs.data;
  const off = p.kinds.filter((k) => !k.enabled).map((k) => k.kind);
  const set = (disabledKinds: ReminderKind[], digest: boolean, what: string, on: boolean) => {
    setSaved(null);
    save.mutate(
      { disabledKinds, digest },
      { onSuccess: () => setSaved(`Saved: ${what} ${on ? "on" : "off"}.`) },
    );
  };
  return (
    <fieldset className={styles.fieldset} aria-busy={save.isPending}>
      <legend className={styles.legend}>Your e-mails</legend>
      {p.kinds.map((k) => (
        <Switch
          key={k.kind}
          checked={k.enabled}
          disabled={save.isPending}
          label={k.label}
          onChange={(_, d) =>
            set(d.checked ? off.filter((x) => x !== k.kind) : [...off, k.kind], p.digest, k.label, d.checked)
          }
        />
      ))}
      <Switch
        checked={p.digest}
        disabled={save.isPending}
        label="The weekly digest (Mondays)"
        onChange={(_, d) => set(off, d.checked, "the weekly digest", d.checked)}
      />
      <p className={styles.status} role="status">
        {save.isPending ? "Saving…" : (saved ?? "")}
      </p>
      {save.isError && <ErrorMessage error={save.error} title="Your reminders were not changed" />}
    </fieldset>
  );
}
