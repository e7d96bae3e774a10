import {
  Badge,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Option,
  ProgressBar,
  Spinner,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import {
  CheckmarkCircleFilled,
  DismissCircleFilled,
  SubtractCircleRegular,
  WarningRegular,
} from "@fluentui/react-icons";
import type { ControlReadiness } from "../../../api/types";
import { ErrorMessage } from "../../../components/error-message";
import { plural } from "../../../lib/format";
import { localizeDates } from "../../audit";
import { useSetSpecialty } from "../api";
import {
  controlStatusLabel,
  coverageFraction,
  customersText,
  pendingText,
  reviewSummary,
} from "../control-helpers";

const useStyles = makeStyles({
  coverage: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, minWidth: "160px" },
  coverageText: { ...typographyStyles.body1Strong },
  pendingText: { ...typographyStyles.caption1, color: tokens.colorPaletteMarigoldForeground2 },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  warnings: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  warning: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start" },
  warningIcon: {
    color: tokens.colorStatusWarningForeground1,
    fontSize: "18px",
    flexShrink: 0,
    marginTop: "2px",
  },
  specialty: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  dropdown: { minWidth: "260px", maxWidth: "100%" },
  readOnly: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  figure: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  label: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  value: { ...typographyStyles.body1Strong },
});

/** A control's status, in colour, icon and word. */
export function ControlStatusBadge({
  status,
  size = "large",
}: {
  readonly status: ControlReadiness["status"];
  readonly size?: "medium" | "large";
}) {
  const label = controlStatusLabel(status);
  if (status === "met")
    return (
      <Badge appearance="filled" color="success" size={size} icon={<CheckmarkCircleFilled />}>
        {label}
      </Badge>
    );
  if (status === "not_met")
    return (
      <Badge appearance="filled" color="danger" size={size} icon={<DismissCircleFilled />}>
        {label}
      </Badge>
    );
  return (
    <Badge appearance="tint" color="informative" size={size} icon={<SubtractCircleRegular />}>
      {label}
    </Badge>
  );
}

/**
 * "Customers 2 of 3" over a small bar, with what is pending review beside it ("1 more pending review");
 * in the what-if, the figure says so. Not for a waived control: it is not audited.
 */
export function CustomerCoverage({
  control,
  whatIf = false,
}: {
  readonly control: ControlReadiness;
  /** The figures count evidence pending review as if approved. */
  readonly whatIf?: boolean;
}) {
  const styles = useStyles();
  const text = `${customersText(control)}${whatIf ? " if approved" : ""}`;
  const pending = whatIf ? null : pendingText(control);
  if (control.status === "waived")
    return <span className={styles.muted}>Not audited: Module A is waived</span>;
  return (
    <div className={styles.coverage}>
      <span className={styles.coverageText}>
        {text}
        {pending !== null && <span className={styles.pendingText}>; {pending}</span>}
      </span>
      <ProgressBar
        value={coverageFraction(control)}
        max={1}
        thickness="large"
        shape="rounded"
        color={control.customerCount >= control.required ? "success" : "brand"}
        aria-label={`${control.id}: ${text.toLowerCase()} counting`}
      />
    </div>
  );
}

/** What is still missing, one sentence each. */
export function MissingList({ missing }: { readonly missing: readonly string[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {missing.map((m) => (
        <li key={m}>{localizeDates(m)}</li>
      ))}
    </ul>
  );
}

/** Age-out and planned-completion warnings, each with an icon. */
export function WarningLines({ warnings }: { readonly warnings: readonly string[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.warnings}>
      {warnings.map((w) => (
        <li key={w} className={styles.warning}>
          <WarningRegular className={styles.warningIcon} aria-hidden="true" />
          <span>{localizeDates(w)}</span>
        </li>
      ))}
    </ul>
  );
}

/** The evidence a control asks per customer project and the review state of what is linked to it. */
export function EvidenceFigures({ control }: { readonly control: ControlReadiness }) {
  const styles = useStyles();
  return (
    <>
      <div className={styles.figure}>
        <span className={styles.label}>Evidence items per customer project</span>
        <span className={styles.value}>at least {control.artifactsNeeded}</span>
      </div>
      <div className={styles.figure}>
        <span className={styles.label}>Linked evidence</span>
        <span className={styles.value}>{reviewSummary(control.review)}</span>
      </div>
    </>
  );
}

/** A control's warnings in a warning bar, or nothing when there are none. */
export function ControlWarnings({ warnings }: { readonly warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {warnings.length === 1 ? "Warning" : plural(warnings.length, "warning")}
        </MessageBarTitle>
        <WarningLines warnings={warnings} />
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * The practice specialty a control covers (B1.1, B2.1): a choice for partner admins and contributors,
 * read-only text for the others. The control is met only once one is chosen.
 */
export function SpecialtyPicker({
  orgId,
  control,
  editor,
}: {
  readonly orgId: string;
  readonly control: ControlReadiness;
  readonly editor: boolean;
}) {
  const styles = useStyles();
  const choose = useSetSpecialty(orgId);
  const specialty = control.specialty;
  if (specialty === null) return null;
  if (!editor) {
    return (
      <p className={styles.readOnly}>
        <strong>Practice specialty: </strong>
        {specialty.chosen ?? <span className={styles.muted}>not chosen yet</span>}
      </p>
    );
  }
  const pendingValue = choose.isPending ? choose.variables?.specialty : undefined;
  const shown = pendingValue !== undefined ? pendingValue : specialty.chosen;
  return (
    <div className={styles.specialty}>
      <Field
        label="Practice specialty"
        hint={
          specialty.chosen === null
            ? "The checklist asks which specialty your evidence covers in full: choose one"
            : "The specialty your evidence covers in full"
        }
        validationState={specialty.chosen === null ? "warning" : "none"}
      >
        <Dropdown
          className={styles.dropdown}
          placeholder="Choose a specialty"
          value={shown ?? ""}
          selectedOptions={shown === null || shown === undefined ? [] : [shown]}
          disabled={choose.isPending}
          onOptionSelect={(_, d) => {
            const value = d.optionValue === "" || d.optionValue === undefined ? null : d.optionValue;
            if (value === specialty.chosen) return;
            choose.mutate({ controlId: control.id, specialty: value });
          }}
        >
          {specialty.options.map((o) => (
            <Option key={o} value={o}>
              {o}
            </Option>
          ))}
          {specialty.chosen !== null && (
            <Option value="" text="Not chosen">
              Not chosen (clear the choice)
            </Option>
          )}
        </Dropdown>
      </Field>
      {choose.isPending && <Spinner size="tiny" label="Saving the specialty…" />}
      {choose.isError && <ErrorMessage error={choose.error} title="The specialty was not saved" />}
    </div>
  );
}
