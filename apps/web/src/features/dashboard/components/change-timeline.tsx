import { Badge, Button, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { useState } from "react";
import type { ChangeEvent } from "../../../api/types";
import { formatDate } from "../../../lib/format";
import { requirementShortName, statusLabel } from "../requirement-labels";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "grid",
    gridTemplateColumns: "minmax(110px, max-content) minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    "@media (max-width: 600px)": { gridTemplateColumns: "1fr" },
  },
  date: { ...typographyStyles.body1Strong },
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  chips: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
});

const SHOWN = 8;

/** The dates the evaluation changes on current data, earliest first; status changes stand out. */
export function ChangeTimeline({ events }: { readonly events: readonly ChangeEvent[] }) {
  const styles = useStyles();
  const [all, setAll] = useState(false);
  if (events.length === 0) return <p className={styles.empty}>Nothing changes on current data.</p>;
  const shown = all ? events : events.slice(0, SHOWN);
  return (
    <>
      <ol className={styles.list}>
        {shown.map((e) => (
          <li key={`${e.date}:${e.requirement}:${e.message}`} className={styles.item}>
            <time className={styles.date} dateTime={e.date}>
              {formatDate(e.date)}
            </time>
            <div className={styles.body}>
              <div className={styles.chips}>
                <Badge appearance="outline" color="brand">
                  {requirementShortName(e.requirement)}
                </Badge>
                {e.statusChanges && (
                  <Badge appearance="filled" color={e.status === "met" ? "success" : "danger"}>
                    Becomes {statusLabel(e.status).toLowerCase()}
                  </Badge>
                )}
              </div>
              <span>{e.message}</span>
            </div>
          </li>
        ))}
      </ol>
      {events.length > SHOWN && (
        <Button appearance="subtle" onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? "Show fewer" : `Show all ${events.length} changes`}
        </Button>
      )}
    </>
  );
}
