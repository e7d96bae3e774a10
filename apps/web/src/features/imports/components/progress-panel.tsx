import { Field, makeStyles, ProgressBar, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  live: { flexGrow: 1, minWidth: "200px" },
  bar: { width: "100%" },
});

export interface ProgressPanelProps {
  readonly label: string;
  /** 0–1, or undefined while the total is unknown. */
  readonly value: number | undefined;
  /** The precise line under the bar (bytes, rows); updated often, not announced. */
  readonly detail: string;
  /** The announced text: changes only at milestones. */
  readonly announcement: string;
  readonly actions?: ReactNode;
}

/**
 * A labelled progress bar in a polite live region. What the region announces is the milestone text
 * only: the bar's value is an attribute (not announced), and the detail line, which changes on every
 * poll, is hidden from the live region (it stays the bar's description, read on demand).
 */
export function ProgressPanel({ label, value, detail, announcement, actions }: ProgressPanelProps) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  return (
    <div className={styles.row}>
      <div className={styles.live} role="status" aria-live="polite" aria-atomic="false">
        <Field
          className={styles.bar}
          label={label}
          hint={{ children: detail, "aria-hidden": true }}
          validationState="none"
        >
          <ProgressBar value={value} max={1} thickness="large" shape="rounded" aria-valuetext={detail} />
        </Field>
        <div className={hidden.hidden}>{announcement}</div>
      </div>
      {actions}
    </div>
  );
}
