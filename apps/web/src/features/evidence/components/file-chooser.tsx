import {
  Button,
  Field,
  makeStyles,
  mergeClasses,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useRef } from "react";
import { ChosenFile, useFileDrop } from "../../../components/file-drop";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";

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
  const { dragging, zoneProps, onInputChange } = useFileDrop(onFile, disabled);

  return (
    <Field
      label="File"
      required
      {...(error === undefined ? {} : { validationState: "error" as const, validationMessage: error })}
    >
      {(control) => (
        // Dropping is a pointer shortcut; the "Choose a file" button does the same by keyboard
        <div className={mergeClasses(styles.zone, dragging && styles.dragging)} {...zoneProps}>
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
            onChange={onInputChange}
          />
          {file === null ? (
            <p className={styles.text}>or drop it here: a document, a diagram, an export, any type.</p>
          ) : (
            <ChosenFile
              file={file}
              className={styles.file}
              onRemove={() => onFile(null)}
              disabled={disabled}
            />
          )}
        </div>
      )}
    </Field>
  );
}
