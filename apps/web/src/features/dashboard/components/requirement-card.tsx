import {
  Button,
  Card,
  CardFooter,
  makeStyles,
  tokens,
  typographyStyles,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { CalendarClockRegular, InfoRegular } from "@fluentui/react-icons";
import { type ReactNode, useState } from "react";
import type { RequirementResult } from "../../../api/types";
import { formatDate } from "../../../lib/format";
import { StatusBadge } from "./status-badge";

const useStyles = makeStyles({
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    height: "100%",
    boxSizing: "border-box",
  },
  header: {
    display: "flex",
    alignItems: "flex-start",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  title: { ...typographyStyles.subtitle2, margin: 0 },
  badge: { flexShrink: 0, whiteSpace: "nowrap" },
  summary: { ...typographyStyles.body1, margin: 0 },
  gapsHeading: { ...typographyStyles.body1Strong, margin: 0 },
  gaps: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    color: tokens.colorNeutralForeground2,
  },
  next: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    alignItems: "flex-start",
    margin: 0,
    padding: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    ...typographyStyles.caption1,
  },
  nextIcon: { flexShrink: 0, fontSize: "16px", color: tokens.colorBrandForeground1 },
  footer: { marginTop: "auto" },
});

/** Gaps shown on the card before "Show all". */
const SHOWN_GAPS = 3;

export interface RequirementCardProps {
  readonly requirement: RequirementResult;
  readonly onExplain: () => void;
  /** Shown under the summary: what the evaluation does not count yet (the audit's evidence pending review). */
  readonly aside?: ReactNode;
}

/** One requirement at a glance: status, the figure against its threshold, what is missing, the next change. */
export function RequirementCard({ requirement: r, onExplain, aside }: RequirementCardProps) {
  const styles = useStyles();
  // The explanation dialog gives the focus back to this button when it closes.
  const restoreFocus = useRestoreFocusTarget();
  const [allGaps, setAllGaps] = useState(false);
  const next = r.changes[0];
  const gaps = allGaps ? r.gaps : r.gaps.slice(0, SHOWN_GAPS);
  const headingId = `requirement-${r.id}`;
  return (
    <Card
      className={styles.card}
      role="group"
      aria-labelledby={headingId}
      data-testid={`requirement-${r.id}`}
    >
      <div className={styles.header}>
        <h3 id={headingId} className={styles.title}>
          {r.title}
        </h3>
        <span className={styles.badge}>
          <StatusBadge status={r.status} />
        </span>
      </div>
      <p className={styles.summary}>{r.summary}</p>
      {aside}
      {r.gaps.length > 0 && (
        <div>
          <h4 className={styles.gapsHeading}>{r.status === "met" ? "Worth doing" : "What is missing"}</h4>
          <ul className={styles.gaps}>
            {gaps.map((g) => (
              <li key={`${g.code}:${g.message}`}>{g.message}</li>
            ))}
          </ul>
          {r.gaps.length > SHOWN_GAPS && (
            <Button
              size="small"
              appearance="transparent"
              onClick={() => setAllGaps((a) => !a)}
              aria-expanded={allGaps}
            >
              {allGaps ? "Show fewer" : `Show all ${r.gaps.length}`}
            </Button>
          )}
        </div>
      )}
      {next !== undefined && (
        <p className={styles.next}>
          <CalendarClockRegular className={styles.nextIcon} aria-hidden="true" />
          <span>
            <strong>Next change {formatDate(next.date)}:</strong> {next.message}
          </span>
        </p>
      )}
      <CardFooter className={styles.footer}>
        <Button
          {...restoreFocus}
          icon={<InfoRegular />}
          onClick={onExplain}
          aria-label={`How this was computed: ${r.title}`}
        >
          How this was computed
        </Button>
      </CardFooter>
    </Card>
  );
}
