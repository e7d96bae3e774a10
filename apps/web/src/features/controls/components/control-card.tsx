import { Button, Card, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons";
import type { ControlReadiness } from "../../../api/types";
import { AppLink } from "../../../components/app-link";
import { listInWords, plural } from "../../../lib/format";
import { withQuery } from "../../../lib/router/match-path";
import { controlHeading, evidenceAgainstNeeded } from "../control-helpers";
import {
  ControlStatusBadge,
  ControlWarnings,
  CustomerCoverage,
  EvidenceFigures,
  MissingList,
  SpecialtyPicker,
} from "./control-parts";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  header: {
    display: "flex",
    alignItems: "flex-start",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
    flexWrap: "wrap",
  },
  title: { ...typographyStyles.subtitle2, margin: 0 },
  figures: {
    display: "flex",
    flexWrap: "wrap",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`,
    alignItems: "flex-start",
  },
  customers: { margin: 0 },
  subheading: { ...typographyStyles.body1Strong, margin: 0 },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalL },
});

export interface ControlCardProps {
  readonly orgId: string;
  readonly control: ControlReadiness;
  readonly editor: boolean;
  /** The `?date=` measured on, carried to the detail page; null for the planned date. */
  readonly date: string | null;
  /** The figures are the what-if: evidence pending review counted as if approved. */
  readonly whatIf: boolean;
  readonly onAddEvidence: (controlId: string) => void;
}

function customerName(c: ControlReadiness["customers"][number]): string {
  return c.name?.trim() || c.tenantId;
}

/** One control at a glance: status, customers counting against required, what is missing, and the ways to act. */
export function ControlCard({ orgId, control: c, editor, date, whatIf, onAddEvidence }: ControlCardProps) {
  const styles = useStyles();
  const headingId = `control-${c.id.replace(/\W/g, "-")}`;
  const base = `/o/${encodeURIComponent(orgId)}`;
  const counting = c.customers.filter((k) => k.counts).map(customerName);
  const waiting = c.customers
    .filter((k) => k.pending)
    .map((k) => {
      const p = k.projects.find((x) => x.inWindow && x.pendingArtifacts > 0);
      return p === undefined ? customerName(k) : `${customerName(k)} (${plural(p.pendingArtifacts, "item")})`;
    });
  const shortOnes = c.customers
    .filter((k) => !k.counts && !k.pending && k.projects.some((p) => p.inWindow))
    .map((k) => {
      const p = k.projects.find((x) => x.inWindow);
      return p === undefined ? customerName(k) : `${customerName(k)} (${evidenceAgainstNeeded(p)})`;
    });
  return (
    <Card className={styles.card} role="region" aria-labelledby={headingId}>
      <div className={styles.header}>
        <h3 id={headingId} className={styles.title}>
          {controlHeading(c)}
        </h3>
        <ControlStatusBadge status={c.status} />
      </div>
      <div className={styles.figures}>
        <CustomerCoverage control={c} whatIf={whatIf} />
        <EvidenceFigures control={c} />
      </div>
      {c.status !== "waived" && (counting.length > 0 || waiting.length > 0 || shortOnes.length > 0) && (
        <p className={styles.customers}>
          {counting.length > 0 && <>Counting: {listInWords(counting)}. </>}
          {waiting.length > 0 && <>Pending review: {listInWords(waiting)}. </>}
          {shortOnes.length > 0 && <>Not enough yet: {listInWords(shortOnes)}.</>}
        </p>
      )}
      <SpecialtyPicker orgId={orgId} control={c} editor={editor} />
      {c.missing.length > 0 && (
        <div>
          <h4 className={styles.subheading}>What is missing</h4>
          <MissingList missing={c.missing} />
        </div>
      )}
      <ControlWarnings warnings={c.warnings} />
      <div className={styles.actions}>
        <AppLink
          to={withQuery(`${base}/audit/controls/${encodeURIComponent(c.id)}`, { date })}
          aria-label={`Details and customers: ${controlHeading(c)}`}
        >
          Details and customers
        </AppLink>
        <AppLink to={withQuery(`${base}/evidence`, { control: c.id })}>Evidence for {c.id}</AppLink>
        {editor && c.status !== "waived" && (
          <Button icon={<AddRegular />} onClick={() => onAddEvidence(c.id)}>
            Add evidence
          </Button>
        )}
      </div>
    </Card>
  );
}
