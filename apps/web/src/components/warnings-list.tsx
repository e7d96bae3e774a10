import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { WarningRegular } from "@fluentui/react-icons";
import type { InputWarning } from "../api/types";

const useStyles = makeStyles({
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  item: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start" },
  icon: { color: tokens.colorStatusWarningForeground1, fontSize: "20px", flexShrink: 0 },
  file: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, display: "block" },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
});

/** What the readers and rules set aside (rows not counted, other certifications), with the file it concerns. */
export function WarningsList({ warnings }: { readonly warnings: readonly InputWarning[] }) {
  const styles = useStyles();
  if (warnings.length === 0)
    return <p className={styles.empty}>No warnings: every row was read and counted as expected.</p>;
  return (
    <ul className={styles.list}>
      {warnings.map((w) => (
        <li key={`${w.code}:${w.file ?? ""}:${w.message}`} className={styles.item}>
          <WarningRegular className={styles.icon} aria-hidden="true" />
          <span>
            {w.message}
            {w.file !== undefined && <span className={styles.file}>{w.file}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
