import {
  Button,
  Dropdown,
  Field,
  makeStyles,
  mergeClasses,
  Option,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ArrowUploadRegular } from "@fluentui/react-icons";
import { useRef } from "react";
import { ChosenFile, useFileDrop } from "../../../components/file-drop";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { IMPORT_KINDS, type ImportKind, kindLabel } from "../kinds";

const useStyles = makeStyles({
  zone: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
    textAlign: "center",
    transitionProperty: "background-color, border-color",
    transitionDuration: tokens.durationFast,
  },
  dragging: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  zoneIcon: { fontSize: "32px", color: tokens.colorBrandForeground1 },
  zoneText: { ...typographyStyles.body1, margin: 0, color: tokens.colorNeutralForeground2 },
  chosen: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalL,
  },
  file: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  kind: { minWidth: "240px" },
});

export interface FilePickerProps {
  readonly file: File | null;
  readonly kind: ImportKind | null;
  readonly guessed: boolean;
  readonly onFile: (file: File | null) => void;
  readonly onKind: (kind: ImportKind) => void;
  readonly disabled?: boolean;
}

/** Choose (or drop) one CSV or XLSX file and say which kind of file it is. */
export function FilePicker({ file, kind, guessed, onFile, onKind, disabled = false }: FilePickerProps) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const input = useRef<HTMLInputElement>(null);
  const { dragging, zoneProps, onInputChange } = useFileDrop(onFile, disabled);

  return (
    <>
      {/* Dropping is a pointer shortcut; the "Choose a file" button inside does the same by keyboard */}
      <div
        className={mergeClasses(styles.zone, dragging && styles.dragging)}
        {...zoneProps}
        data-testid="upload-drop-zone"
      >
        <ArrowUploadRegular className={styles.zoneIcon} aria-hidden="true" />
        <p className={styles.zoneText}>Drop a CSV or XLSX export from Partner Center here, or</p>
        <Button appearance="primary" onClick={() => input.current?.click()} disabled={disabled}>
          Choose a file
        </Button>
        <input
          ref={input}
          className={hidden.hidden}
          type="file"
          tabIndex={-1}
          aria-label="File to import"
          accept=".csv,.xlsx,.txt,.tsv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={disabled}
          onChange={onInputChange}
        />
      </div>
      {file !== null && (
        <div className={styles.chosen}>
          <ChosenFile file={file} className={styles.file} onRemove={() => onFile(null)} disabled={disabled} />
          <Field
            label="File kind"
            required
            hint={kind !== null && guessed ? "Guessed from the file name: check it" : undefined}
            validationMessage={kind === null ? "Choose what this file is." : undefined}
            validationState={kind === null ? "warning" : "none"}
          >
            <Dropdown
              className={styles.kind}
              value={kind === null ? "" : kindLabel(kind)}
              placeholder="Choose the kind of file"
              selectedOptions={kind === null ? [] : [kind]}
              onOptionSelect={(_, data) => {
                if (data.optionValue !== undefined) onKind(data.optionValue as ImportKind);
              }}
              disabled={disabled}
            >
              {IMPORT_KINDS.map((k) => (
                <Option key={k.kind} value={k.kind} text={k.label}>
                  <span>
                    {k.label}
                    <br />
                    <small>{k.description}</small>
                  </span>
                </Option>
              ))}
            </Dropdown>
          </Field>
        </div>
      )}
    </>
  );
}
