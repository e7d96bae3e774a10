import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { ClockRegular } from "@fluentui/react-icons";
import type { AuditPendingFigures } from "../../../api/types";
import { AppLink } from "../../../components/app-link";
import { plural } from "../../../lib/format";
import { withQuery } from "../../../lib/router/match-path";
import { pendingSentences } from "../audit-pending";

const useStyles = makeStyles({
  note: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    alignItems: "flex-start",
    margin: 0,
    padding: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    ...typographyStyles.caption1,
  },
  icon: { flexShrink: 0, fontSize: "16px", color: tokens.colorPaletteMarigoldForeground2 },
  list: { margin: `${tokens.spacingVerticalXXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

/**
 * Beside the audit requirement (which counts approved evidence only, as `specready check` does): the
 * evidence pending review and the customers it would add per control once approved, with the way to the
 * controls page's what-if.
 */
export function AuditPendingNote({
  orgId,
  pending,
}: {
  readonly orgId: string;
  readonly pending: AuditPendingFigures;
}) {
  const styles = useStyles();
  if (pending.items === 0) return null;
  const lines = pendingSentences(pending);
  return (
    <div className={styles.note} data-testid="audit-pending">
      <ClockRegular className={styles.icon} aria-hidden="true" />
      <div>
        <strong>
          {plural(pending.items, "evidence item")} pending review {pending.items === 1 ? "does" : "do"} not
          count yet.
        </strong>{" "}
        {pending.statusIfApproved === "met" ? "Approved, they would make the audit requirement met. " : ""}
        {lines.length > 0 && (
          <ul className={styles.list}>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        )}
        <AppLink to={withQuery(`/o/${encodeURIComponent(orgId)}/audit`, { whatIf: "1" })}>
          What if everything pending were approved?
        </AppLink>
      </div>
    </div>
  );
}
