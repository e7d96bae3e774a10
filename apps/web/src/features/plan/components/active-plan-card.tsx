import { Card, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { AppLink } from "../../../components/app-link";
import { formatDate } from "../../../lib/format";
import { useActivePlan } from "../api";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  muted: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/** The dashboard's card: the active plan's name and its next three actions, or nothing without one. */
export function ActivePlanCard({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const active = useActivePlan(orgId);
  if (active.data === undefined || active.data === null) return null;
  const { saved, nextActions, problem } = active.data;
  return (
    <Card className={styles.card} data-testid="active-plan">
      <h2 className={styles.heading}>
        Plan “{saved.name}” for the audit on {formatDate(saved.auditDate)}
      </h2>
      {problem !== null && <p className={styles.muted}>{problem}</p>}
      {nextActions.length === 0 && problem === null ? (
        <p className={styles.muted}>Nothing left to do on this plan.</p>
      ) : (
        <ol className={styles.list} aria-label="Next actions">
          {nextActions.map((a) => (
            <li key={`${a.by}-${a.text}`}>
              <strong>{formatDate(a.by)}</strong> {a.text}
            </li>
          ))}
        </ol>
      )}
      <AppLink to={`/o/${orgId}/plan`}>Open the plan</AppLink>
    </Card>
  );
}
