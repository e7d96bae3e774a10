import { Button, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { DismissRegular, DocumentRegular } from "@fluentui/react-icons";
import { type ChangeEvent, type DragEvent, useState } from "react";
import { formatBytes } from "../lib/format";

const useStyles = makeStyles({
  fileName: { ...typographyStyles.body1Strong, overflowWrap: "anywhere" },
  fileSize: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3 },
});

/**
 * Dropping one file on a zone, and choosing it with a hidden file input: whether a file is being
 * dragged over the zone, the zone's drag handlers, and the input's change handler.
 */
export function useFileDrop(onFile: (file: File | null) => void, disabled: boolean) {
  const [dragging, setDragging] = useState(false);
  const zoneProps = {
    onDragEnter: (e: DragEvent<HTMLDivElement>) => {
      e.preventDefault();
      setDragging(true);
    },
    onDragOver: (e: DragEvent<HTMLDivElement>) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = disabled ? "none" : "copy";
    },
    onDragLeave: (e: DragEvent<HTMLDivElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: DragEvent<HTMLDivElement>) => {
      event.preventDefault();
      setDragging(false);
      if (disabled) return;
      const dropped = event.dataTransfer.files[0];
      if (dropped !== undefined) onFile(dropped);
    },
  };
  const onInputChange = (e: ChangeEvent<HTMLInputElement>) => {
    onFile(e.target.files?.[0] ?? null);
    // Choosing the same file again after a failure should fire again.
    e.target.value = "";
  };
  return { dragging, zoneProps, onInputChange };
}

/** The chosen file: its name and size, and a button to remove it. */
export function ChosenFile({
  file,
  className,
  onRemove,
  disabled,
}: {
  readonly file: File;
  readonly className: string;
  readonly onRemove: () => void;
  readonly disabled: boolean;
}) {
  const styles = useStyles();
  return (
    <div className={className}>
      <DocumentRegular aria-hidden="true" />
      <span>
        <span className={styles.fileName}>{file.name}</span>{" "}
        <span className={styles.fileSize}>{formatBytes(file.size)}</span>
      </span>
      <Button
        appearance="subtle"
        size="small"
        icon={<DismissRegular />}
        aria-label={`Remove ${file.name}`}
        onClick={onRemove}
        disabled={disabled}
      />
    </div>
  );
}
