import {
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import type { ChecklistUse, VersionsUsed } from "../../../api/types";
import { AppLink } from "../../../components/app-link";
import { formatDate } from "../../../lib/format";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  lead: { margin: 0 },
  name: { ...typographyStyles.body1Strong },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { ...typographyStyles.body1Strong },
  definition: { margin: 0 },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  warnings: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, color: tokens.colorNeutralForeground2 },
});

/** "from 12 Aug 2024", "12 Aug 2024 – 31 Dec 2025". */
function period(from: string | null, to: string | null): string {
  if (from === null) return "not dated";
  return to === null ? `from ${formatDate(from)}` : `${formatDate(from)} – ${formatDate(to)}`;
}

function checklistText(c: ChecklistUse): { inEffect: string; measured: string | null } {
  const inEffect =
    c.inEffect === null
      ? `None in the program data on ${formatDate(c.date)}`
      : `${c.inEffect.version} (${period(c.inEffect.effectiveFrom, c.inEffect.effectiveTo)})`;
  const measured =
    c.inEffect?.id === c.measuredAgainst.id
      ? null
      : `Controls measured against ${c.measuredAgainst.version} (${period(c.measuredAgainst.effectiveFrom, c.measuredAgainst.effectiveTo)})`;
  return { inEffect, measured };
}

export interface ProgramVersionsProps {
  readonly versions: VersionsUsed;
  /** Where a partner admin changes the choice; null for the other roles. */
  readonly settingsHref: string | null;
}

/**
 * The program version and the audit checklists an evaluation used, and why: the same `versions` member
 * `specready check --format json` prints. A provisional version is labelled as such.
 */
export function ProgramVersions({ versions, settingsHref }: ProgramVersionsProps) {
  const styles = useStyles();
  const p = versions.program;
  return (
    <Card className={styles.card} data-testid="program-versions">
      {p.provisional !== null && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{p.provisional.label}</MessageBarTitle>
            {p.provisional.reason}
          </MessageBarBody>
        </MessageBar>
      )}
      <p className={styles.lead}>
        <span className={styles.name}>
          {p.name} (version {p.version})
        </span>
        {" — "}
        {versions.reason}.
        {settingsHref !== null && (
          <>
            {" "}
            <AppLink to={settingsHref}>Change in Settings</AppLink>
          </>
        )}
      </p>
      <dl className={styles.facts}>
        {versions.checklists.map((c) => {
          const text = checklistText(c);
          return (
            <div key={c.module} style={{ display: "contents" }}>
              <dt className={styles.term}>Module {c.module} checklist</dt>
              <dd className={styles.definition}>
                {text.inEffect}
                {text.measured !== null && <span className={styles.small}> · {text.measured}</span>}
              </dd>
            </div>
          );
        })}
      </dl>
      {versions.warnings.length > 0 && (
        <ul className={styles.warnings} aria-label="Notes on the versions">
          {versions.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}
