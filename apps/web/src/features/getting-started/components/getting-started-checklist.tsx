import { Card, Link, makeStyles, ProgressBar, tokens, typographyStyles } from "@fluentui/react-components";
import { CheckmarkCircleFilled, CircleRegular } from "@fluentui/react-icons";
import { AppLink } from "../../../components/app-link";
import type { GettingStarted, GettingStartedStep } from "../api";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  list: {
    margin: 0,
    paddingLeft: 0,
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
  },
  step: { display: "grid", gridTemplateColumns: "24px minmax(0, 1fr)", gap: tokens.spacingHorizontalM },
  icon: { fontSize: "24px" },
  done: { color: tokens.colorStatusSuccessForeground1 },
  todo: { color: tokens.colorNeutralForeground3 },
  title: { ...typographyStyles.subtitle2, margin: 0 },
  text: { margin: `${tokens.spacingVerticalXXS} 0 0 0` },
  muted: { margin: `${tokens.spacingVerticalXXS} 0 0 0`, color: tokens.colorNeutralForeground2 },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalXS,
  },
  // Targets of at least 24 px, as the pointer needs them (WCAG 2.2 target size).
  action: { minHeight: "24px", display: "inline-flex", alignItems: "center" },
  sources: {
    ...typographyStyles.caption1,
    color: tokens.colorNeutralForeground2,
    margin: `${tokens.spacingVerticalXXS} 0 0 0`,
  },
});

const FORMS: Readonly<Record<NonNullable<GettingStartedStep["form"]>, { path: string; label: string }>> = {
  people: { path: "people", label: "Fill in the People page" },
  "capability-score": { path: "capability-score", label: "Type the score in the form" },
  evidence: { path: "evidence", label: "Add evidence" },
};

/**
 * What an organization needs to see its readiness: one step per input, with where it lives in Partner
 * Center (from the program data, with its sources), the upload or the form that brings it in, and
 * whether the workspace has it yet. Shown on the dashboard until every input is there.
 */
export function GettingStartedChecklist({
  orgId,
  checklist,
  canEdit,
}: {
  readonly orgId: string;
  readonly checklist: GettingStarted;
  readonly canEdit: boolean;
}) {
  const styles = useStyles();
  const base = `/o/${encodeURIComponent(orgId)}`;
  return (
    <Card className={styles.card} aria-labelledby="getting-started-heading">
      <h2 id="getting-started-heading" className={styles.heading}>
        Get started: {checklist.done} of {checklist.total} inputs in place
      </h2>
      <ProgressBar
        value={checklist.done}
        max={checklist.total}
        thickness="large"
        aria-label={`${checklist.done} of ${checklist.total} inputs in place`}
      />
      <ol className={styles.list}>
        {checklist.steps.map((s) => (
          <li key={s.kind} className={styles.step}>
            {s.done ? (
              <CheckmarkCircleFilled
                className={`${styles.icon} ${styles.done}`}
                aria-label="Done"
                role="img"
              />
            ) : (
              <CircleRegular className={`${styles.icon} ${styles.todo}`} aria-label="To do" role="img" />
            )}
            <div>
              <h3 className={styles.title}>{s.title}</h3>
              <p className={styles.muted}>{s.status}</p>
              {s.where !== null && (
                <p className={styles.text}>
                  In Partner Center: <strong>{s.where.join(" › ")}</strong>
                  {s.report !== null && (
                    <>
                      , report <strong>{s.report}</strong>
                    </>
                  )}
                  .
                </p>
              )}
              {s.range !== null && <p className={styles.text}>{s.range}</p>}
              {s.replaces !== null && <p className={styles.text}>{s.replaces}</p>}
              {s.note !== null && <p className={styles.text}>{s.note}</p>}
              {canEdit && (
                <div className={styles.actions}>
                  {s.report !== null && (
                    <AppLink className={styles.action} to={`${base}/imports`}>
                      Upload the file
                    </AppLink>
                  )}
                  {s.form !== null && (
                    <AppLink to={`${base}/${FORMS[s.form].path}`}>{FORMS[s.form].label}</AppLink>
                  )}
                </div>
              )}
              {s.sources.length > 0 && (
                <p className={styles.sources}>
                  Source:{" "}
                  {s.sources.map((src, i) => (
                    <span key={src.key}>
                      {i > 0 && "; "}
                      <Link className={styles.action} href={src.url} target="_blank" rel="noreferrer">
                        {src.title}
                      </Link>
                    </span>
                  ))}
                </p>
              )}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
