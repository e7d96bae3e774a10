import {
  Button,
  Combobox,
  Dropdown,
  Field,
  makeStyles,
  Option,
  OptionGroup,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons";
import { formatDate } from "../../../lib/format";
import type { CustomerProject } from "../../projects";
import { customerLabel } from "../../projects";
import { artifactTypesFor, matchArtifactType } from "../evidence-helpers";

const useStyles = makeStyles({
  wide: { width: "100%", minWidth: 0 },
  row: { display: "flex", alignItems: "flex-start", gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1, minWidth: 0 },
  // Level with the dropdown, below the field's label (whatever the field says under it).
  newButton: { flexShrink: 0, marginTop: `calc(${tokens.lineHeightBase300} + ${tokens.spacingVerticalXXS})` },
});

/** A control as the pickers show it (from the readiness response). */
export interface ControlChoice {
  readonly id: string;
  readonly module: "A" | "B";
  readonly title: string;
  readonly acceptedDocumentation: readonly string[];
}

function validation(message: string | undefined) {
  return message === undefined ? {} : { validationState: "error" as const, validationMessage: message };
}

export function projectOptionText(p: CustomerProject): string {
  return `${customerLabel(p)} — ${p.project} (completed ${formatDate(p.completionDate)})`;
}

/**
 * The customer project the evidence comes from; with `onNew`, a button beside it adds a project to the
 * register without leaving the form (a contributor filing the first document of a new customer).
 */
export function ProjectPicker({
  projects,
  value,
  onChange,
  error,
  disabled,
  onNew,
}: {
  readonly projects: readonly CustomerProject[];
  readonly value: string;
  readonly onChange: (id: string) => void;
  readonly error?: string;
  readonly disabled?: boolean;
  readonly onNew?: () => void;
}) {
  const styles = useStyles();
  const chosen = projects.find((p) => p.id === value);
  const field = (
    <Field
      className={onNew === undefined ? undefined : styles.grow}
      label="Customer project"
      required
      {...validation(error)}
    >
      <Dropdown
        className={styles.wide}
        placeholder="Choose the project"
        value={chosen === undefined ? "" : projectOptionText(chosen)}
        selectedOptions={value === "" ? [] : [value]}
        onOptionSelect={(_, d) => onChange(d.optionValue ?? "")}
        disabled={disabled}
      >
        {projects.map((p) => (
          <Option key={p.id} value={p.id} text={projectOptionText(p)}>
            {projectOptionText(p)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
  if (onNew === undefined) return field;
  return (
    <div className={styles.row}>
      {field}
      <Button className={styles.newButton} icon={<AddRegular />} onClick={onNew}>
        New project
      </Button>
    </div>
  );
}

export function ControlsPicker({
  controls,
  value,
  onChange,
  error,
  disabled,
}: {
  readonly controls: readonly ControlChoice[];
  readonly value: readonly string[];
  readonly onChange: (ids: string[]) => void;
  readonly error?: string;
  readonly disabled?: boolean;
}) {
  const styles = useStyles();
  // Checklist order, whatever order they were ticked in.
  const ordered = controls.filter((c) => value.includes(c.id)).map((c) => c.id);
  const modules = (["A", "B"] as const).filter((m) => controls.some((c) => c.module === m));
  return (
    <Field
      label="Controls"
      required
      hint="The audit controls this evidence backs; a document may serve several"
      {...validation(error)}
    >
      <Dropdown
        className={styles.wide}
        multiselect
        placeholder="Choose one or more controls"
        value={ordered.join(", ")}
        selectedOptions={[...value]}
        onOptionSelect={(_, d) =>
          onChange(controls.filter((c) => d.selectedOptions.includes(c.id)).map((c) => c.id))
        }
        disabled={disabled}
      >
        {modules.map((m) => (
          <OptionGroup key={m} label={`Module ${m}`}>
            {controls
              .filter((c) => c.module === m)
              .map((c) => (
                <Option key={c.id} value={c.id} text={`${c.id} ${c.title}`}>
                  {`${c.id} ${c.title}`}
                </Option>
              ))}
          </OptionGroup>
        ))}
      </Dropdown>
    </Field>
  );
}

export function ArtifactTypePicker({
  controls,
  selectedControls,
  value,
  onChange,
  error,
  disabled,
}: {
  readonly controls: readonly ControlChoice[];
  readonly selectedControls: readonly string[];
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly error?: string;
  readonly disabled?: boolean;
}) {
  const styles = useStyles();
  const options = artifactTypesFor(controls, selectedControls);
  const noControls = selectedControls.length === 0;
  const accepted = matchArtifactType(value, options);
  const warn = !noControls && value.trim() !== "" && accepted === null && error === undefined;
  return (
    <Field
      label="Artifact type"
      required
      hint={
        noControls
          ? "Choose the controls first: they decide which documentation is accepted"
          : "The kind of document, as the checklist names it"
      }
      {...(error !== undefined
        ? validation(error)
        : warn
          ? {
              validationState: "warning" as const,
              validationMessage: `Not documentation ${selectedControls.join(", ")} ${selectedControls.length === 1 ? "accepts" : "accept"}: choose one from the list.`,
            }
          : {})}
    >
      <Combobox
        className={styles.wide}
        freeform
        placeholder={noControls ? "" : "Choose or type the documentation"}
        value={value}
        selectedOptions={accepted === null ? [] : [accepted]}
        onChange={(e) => onChange(e.target.value)}
        onOptionSelect={(_, d) => onChange(d.optionText ?? d.optionValue ?? "")}
        disabled={disabled || noControls}
      >
        {options.map((o) => (
          <Option key={o} value={o} text={o}>
            {o}
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
