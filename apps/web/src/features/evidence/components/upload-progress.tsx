import { Button, Field, makeStyles, ProgressBar, tokens } from "@fluentui/react-components";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { formatBytes, formatPercent } from "../../../lib/format";

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  live: { flexGrow: 1, minWidth: "200px" },
});

export interface UploadProgressProps {
  readonly fileName: string;
  readonly loaded: number;
  readonly total: number;
  readonly onCancel: () => void;
}

/**
 * A labelled progress bar for a file on its way to the server. The live region announces tenths only;
 * the byte count, which changes on every progress event, is the bar's value text (read on demand).
 */
export function UploadProgress({ fileName, loaded, total, onCancel }: UploadProgressProps) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const fraction = total > 0 ? Math.min(1, loaded / total) : undefined;
  const detail = `${formatBytes(loaded)} of ${formatBytes(total)}`;
  const announcement =
    fraction === undefined
      ? `Uploading ${fileName}`
      : fraction >= 1
        ? `${fileName} is uploaded; the server is storing it`
        : `Uploading ${fileName}: ${formatPercent(Math.floor(fraction * 10) / 10)}`;
  return (
    <div className={styles.row}>
      <div className={styles.live} role="status" aria-live="polite" aria-atomic="false">
        <Field
          label={`Uploading ${fileName}`}
          hint={{ children: detail, "aria-hidden": true }}
          validationState="none"
        >
          <ProgressBar value={fraction} max={1} thickness="large" shape="rounded" aria-valuetext={detail} />
        </Field>
        <div className={hidden.hidden}>{announcement}</div>
      </div>
      <Button onClick={onCancel}>Cancel upload</Button>
    </div>
  );
}
