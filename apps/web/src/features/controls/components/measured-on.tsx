import { Button, Field, Input, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { CalendarLtrRegular } from "@fluentui/react-icons";
import { useEffect, useState } from "react";
import { AppLink } from "../../../components/app-link";
import { formatDate, isCalendarDate } from "../../../lib/format";
import { setSearchParams } from "../../../lib/router/router";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
  },
  text: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start", margin: 0 },
  icon: { fontSize: "20px", color: tokens.colorBrandForeground1, flexShrink: 0, marginTop: "1px" },
  hint: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: "block" },
  picker: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/**
 * Which date readiness is measured on: the planned audit date, today when none is planned (with the
 * way to plan it), or a date chosen here (`?date=`) to see what a later or earlier audit would find.
 */
export function MeasuredOn({
  orgId,
  date,
  planned,
  asked,
}: {
  readonly orgId: string;
  /** The date the server measured on. */
  readonly date: string;
  readonly planned: boolean;
  /** The `?date=` asked for; null for the planned date. */
  readonly asked: string | null;
}) {
  const styles = useStyles();
  const [draft, setDraft] = useState(asked ?? "");
  useEffect(() => setDraft(asked ?? ""), [asked]);
  const planHref = `/o/${encodeURIComponent(orgId)}/audit/plan`;
  return (
    <div className={styles.bar}>
      <p className={styles.text}>
        <CalendarLtrRegular className={styles.icon} aria-hidden="true" />
        <span>
          Measured on <strong>{formatDate(date, undefined, "long")}</strong>
          {asked !== null ? (
            <span className={styles.hint}>A date chosen here, not the planned audit date.</span>
          ) : planned ? (
            <span className={styles.hint}>
              The planned audit date (<AppLink to={planHref}>audit plan</AppLink>).
            </span>
          ) : (
            <span className={styles.hint}>
              Today: no audit date is planned yet. Set it on the <AppLink to={planHref}>audit plan</AppLink>{" "}
              to measure on the day the auditor will.
            </span>
          )}
        </span>
      </p>
      <form
        className={styles.picker}
        onSubmit={(e) => {
          e.preventDefault();
          if (isCalendarDate(draft)) setSearchParams({ date: draft });
        }}
      >
        <Field label="Measure on another date">
          <Input type="date" value={draft} onChange={(_, d) => setDraft(d.value)} />
        </Field>
        <Button type="submit" disabled={!isCalendarDate(draft) || draft === asked}>
          Show
        </Button>
        {asked !== null && (
          <Button appearance="subtle" onClick={() => setSearchParams({ date: null })}>
            Back to the planned date
          </Button>
        )}
      </form>
    </div>
  );
}
