import { Field, makeStyles, ProgressBar, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  bar: { flexGrow: 1, minWidth: "200px" },
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

/** A labelled progress bar with a polite live region that announces milestones only. */
export function ProgressPanel({ label, value, detail, announcement, actions }: ProgressPanelProps) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  return (
    <div className={styles.root}>
      <div className={styles.row}>
        <Field className={styles.bar} label={label} hint={detail} validationState="none">
          <ProgressBar value={value} max={1} thickness="large" shape="rounded" />
        </Field>
        {actions}
      </div>
      <div className={hidden.hidden} role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
