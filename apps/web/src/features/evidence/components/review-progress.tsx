import { Card, makeStyles, ToggleButton, tokens, typographyStyles } from "@fluentui/react-components";
import { statusColors } from "../../../components/charts/chart-palette";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import type { EvidenceItem, EvidenceStatus } from "../api";
import {
  evidenceStatusLabel,
  REVIEW_PROGRESS_ORDER,
  reviewCounts,
  reviewProgressText,
} from "../evidence-helpers";

const COLORS: Readonly<Record<EvidenceStatus, string>> = {
  approved: statusColors.good,
  ready: statusColors.upcoming,
  draft: statusColors.muted,
  changes_requested: statusColors.bad,
};

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  header: { display: "flex", flexWrap: "wrap", alignItems: "baseline", gap: tokens.spacingHorizontalM },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  text: { color: tokens.colorNeutralForeground2 },
  bar: {
    display: "flex",
    height: "14px",
    borderRadius: tokens.borderRadiusMedium,
    overflow: "hidden",
    backgroundColor: statusColors.track,
  },
  // A hairline between segments, so neighbours of similar colour stay apart.
  segment: {
    height: "100%",
    ":not(:last-child)": { borderRight: `2px solid ${tokens.colorNeutralBackground1}` },
  },
  legend: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    border: "none",
    margin: 0,
    padding: 0,
    minWidth: 0,
  },
  swatch: { width: "10px", height: "10px", borderRadius: "2px", flexShrink: 0 },
});

/**
 * How far the review has come, as one bar of the items by status (approved, waiting, drafts, sent
 * back). Each status is also a button that lists only its items, and says its count in words.
 */
export function ReviewProgress({
  items,
  status,
  onStatus,
  disabled = false,
}: {
  readonly items: readonly EvidenceItem[];
  /** The status the list is filtered on. */
  readonly status: EvidenceStatus | null;
  readonly onStatus: (status: EvidenceStatus | null) => void;
  readonly disabled?: boolean;
}) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const counts = reviewCounts(items);
  const total = items.length;
  const text = reviewProgressText(counts);
  return (
    <Card className={styles.card} role="region" aria-labelledby="review-progress-heading">
      <div className={styles.header}>
        <h2 id="review-progress-heading" className={styles.heading}>
          Review progress
        </h2>
        <span className={styles.text}>{text}</span>
      </div>
      <div
        className={styles.bar}
        role="img"
        aria-label={`Review progress: ${text}`}
        data-testid="review-progress-bar"
      >
        {REVIEW_PROGRESS_ORDER.filter((s) => counts[s] > 0).map((s) => (
          <div
            key={s}
            className={styles.segment}
            style={{ width: `${(counts[s] / total) * 100}%`, backgroundColor: COLORS[s] }}
            title={`${evidenceStatusLabel(s)}: ${counts[s]}`}
          />
        ))}
      </div>
      <fieldset className={styles.legend}>
        <legend className={hidden.hidden}>List the items of one status</legend>
        {REVIEW_PROGRESS_ORDER.map((s) => (
          <ToggleButton
            key={s}
            size="small"
            appearance="subtle"
            checked={status === s}
            disabled={disabled || (counts[s] === 0 && status !== s)}
            icon={
              <span className={styles.swatch} style={{ backgroundColor: COLORS[s] }} aria-hidden="true" />
            }
            onClick={() => onStatus(status === s ? null : s)}
          >
            {evidenceStatusLabel(s)}: {counts[s]}
          </ToggleButton>
        ))}
      </fieldset>
    </Card>
  );
}
