import {
  Button,
  Field,
  makeStyles,
  mergeClasses,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { DismissRegular, DocumentRegular } from "@fluentui/react-icons";
import { type DragEvent, useRef, useState } from "react";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { formatBytes } from "../../../lib/format";

const useStyles = makeStyles({
  zone: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  dragging: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  text: { ...typographyStyles.body1, color: tokens.colorNeutralForeground2, margin: 0 },
  file: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  fileName: { ...typographyStyles.body1Strong, overflowWrap: "anywhere" },
  fileSize: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3 },
});

export interface FileChooserProps {
  readonly file: File | null;
  readonly onFile: (file: File | null) => void;
  readonly error?: string;
  readonly disabled?: boolean;
}

/**
 * One file of any type, chosen with the button (or dropped on the zone). The size limit is the
 * server's: it answers 413 with it, and the message is shown here as the field's error.
 */
export function FileChooser({ file, onFile, error, disabled = false }: FileChooserProps) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    const dropped = event.dataTransfer.files[0];
    if (dropped !== undefined) onFile(dropped);
  };

  return (
    <Field
      label="File"
      required
      {...(error === undefined ? {} : { validationState: "error" as const, validationMessage: error })}
    >
      {(control) => (
        // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the "Choose a file" button does the same by keyboard
        <div
          className={mergeClasses(styles.zone, dragging && styles.dragging)}
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = disabled ? "none" : "copy";
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={onDrop}
        >
          <Button onClick={() => input.current?.click()} disabled={disabled}>
            {file === null ? "Choose a file" : "Choose another file"}
          </Button>
          <input
            ref={input}
            id={control.id}
            aria-describedby={control["aria-describedby"]}
            aria-invalid={control["aria-invalid"]}
            className={hidden.hidden}
            type="file"
            tabIndex={-1}
            aria-label="Evidence file"
            disabled={disabled}
            onChange={(e) => {
              onFile(e.target.files?.[0] ?? null);
              // Choosing the same file again after a failure should fire again.
              e.target.value = "";
            }}
          />
          {file === null ? (
            <p className={styles.text}>or drop it here: a document, a diagram, an export, any type.</p>
          ) : (
            <div className={styles.file}>
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
                onClick={() => onFile(null)}
                disabled={disabled}
              />
            </div>
          )}
        </div>
      )}
    </Field>
  );
}
