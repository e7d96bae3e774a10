import {
  Button,
  Card,
  Checkbox,
  MessageBar,
  MessageBarBody,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { useSaveSpecializations, useSpecializations } from "../api";

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: "12px" },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  choices: { display: "flex", flexDirection: "column", border: "none", margin: 0, padding: 0 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/**
 * The specializations the organization pursues (partner admins choose; others see the choice). Usage
 * imported before a specialization is chosen holds no figures for its sub-rules: its readiness says to
 * import the usage again until it is.
 */
export function SpecializationsSection({ orgId, canEdit }: { orgId: string; canEdit: boolean }) {
  const styles = useStyles();
  const current = useSpecializations(orgId);
  const save = useSaveSpecializations(orgId);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const pursued = current.data?.pursued;
  useEffect(() => {
    if (pursued !== undefined) setChosen([...pursued]);
  }, [pursued]);
  const selected = chosen ?? pursued ?? [];
  const changed = pursued !== undefined && selected.join() !== pursued.join();

  return (
    <section aria-labelledby="specializations-settings-heading">
      <Card className={styles.card}>
        <h2 id="specializations-settings-heading" className={styles.heading}>
          Specializations pursued
        </h2>
        <p className={styles.intro}>
          The dashboard shows a readiness view for each specialization pursued, and a summary across them,
          from the same usage, certifications and evidence. A usage import keeps the figures of the
          specializations pursued when it is imported: after adding one, import the Azure usage report again.
        </p>
        {current.isError && (
          <ErrorMessage error={current.error} title="The specializations could not be loaded" />
        )}
        {current.data !== undefined && (
          <fieldset className={styles.choices}>
            <legend className={styles.intro}>Specializations</legend>
            {current.data.installed.map((i) => (
              <Checkbox
                key={i.specialization}
                label={i.name}
                checked={selected.includes(i.specialization)}
                disabled={!canEdit || save.isPending}
                onChange={(_, d) => {
                  setDone(null);
                  const rest = selected.filter((s) => s !== i.specialization);
                  setChosen(d.checked === true ? [...rest, i.specialization] : rest);
                }}
              />
            ))}
          </fieldset>
        )}
        {canEdit && (
          <div className={styles.actions}>
            <Button
              appearance="primary"
              disabled={!changed || selected.length === 0 || save.isPending}
              onClick={() =>
                save.mutate(selected, {
                  onSuccess: (saved) =>
                    setDone(
                      `Pursuing ${saved.installed
                        .filter((i) => saved.pursued.includes(i.specialization))
                        .map((i) => i.name)
                        .join(" and ")}.`,
                    ),
                })
              }
            >
              {save.isPending ? "Saving…" : "Save specializations"}
            </Button>
          </div>
        )}
        {done !== null && (
          <div role="status">
            <MessageBar intent="success">
              <MessageBarBody>{done}</MessageBarBody>
            </MessageBar>
          </div>
        )}
        {save.isError && <ErrorMessage error={save.error} title="The specializations were not saved" />}
      </Card>
    </section>
  );
}
