import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Link,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { OpenRegular } from "@fluentui/react-icons";
import { useEffect, useRef } from "react";
import type { RequirementResult } from "../../../api/types";
import { formatDate } from "../../../lib/format";
import { DetailsView } from "./details-view";
import { StatusBadge } from "./status-badge";

const useStyles = makeStyles({
  surface: { maxWidth: "min(960px, calc(100vw - 32px))", width: "100%" },
  // Focused when the dialog opens, marked as the page headings are: for keyboard users only.
  heading2: {
    ":focus": { outline: "none" },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  title: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalM },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  text: { margin: 0 },
  interpretation: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  date: { ...typographyStyles.body1Strong, whiteSpace: "nowrap" },
  link: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXXS },
});

export interface ExplanationDialogProps {
  readonly requirement: RequirementResult | null;
  readonly asOf: string;
  readonly onClose: () => void;
}

/**
 * "How this was computed": the rule in words, how specready reads it, the figures and the records
 * behind them, what is missing, the dates it will change, and where to learn more.
 */
export function ExplanationDialog({ requirement: current, asOf, onClose }: ExplanationDialogProps) {
  const styles = useStyles();
  // The content stays while the dialog animates closed.
  const last = useRef(current);
  if (current !== null) last.current = current;
  const requirement = last.current;
  const open = current !== null;
  // The dialog opens on its heading, so that reading starts at the top rather than on the first link of
  // the resources far below. Fluent's Dialog focuses its first focusable element in its own effect;
  // this component's effect runs after it (a parent's effects follow its children's).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  return (
    <Dialog open={open} onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        {requirement !== null && (
          <DialogBody>
            <DialogTitle as="h2" ref={heading} tabIndex={-1} className={styles.heading2}>
              <span className={styles.title}>
                How this was computed: {requirement.title}
                <StatusBadge status={requirement.status} size="medium" />
              </span>
            </DialogTitle>
            <DialogContent className={styles.content}>
              <section className={styles.section} aria-labelledby="explain-result">
                <h3 id="explain-result" className={styles.heading}>
                  Result as of {formatDate(asOf)}
                </h3>
                <p className={styles.text}>{requirement.summary}</p>
              </section>
              <section className={styles.section} aria-labelledby="explain-rule">
                <h3 id="explain-rule" className={styles.heading}>
                  The rule
                </h3>
                <p className={styles.text}>{requirement.rule}</p>
                {requirement.interpretation !== undefined && (
                  <p className={styles.interpretation}>
                    <strong>How specready reads it: </strong>
                    {requirement.interpretation}
                  </p>
                )}
              </section>
              {requirement.gaps.length > 0 && (
                <section className={styles.section} aria-labelledby="explain-gaps">
                  <h3 id="explain-gaps" className={styles.heading}>
                    What is missing
                  </h3>
                  <ul className={styles.list}>
                    {requirement.gaps.map((g) => (
                      <li key={`${g.code}:${g.message}`}>{g.message}</li>
                    ))}
                  </ul>
                </section>
              )}
              <section className={styles.section} aria-labelledby="explain-details">
                <h3 id="explain-details" className={styles.heading}>
                  Figures and the records behind them
                </h3>
                {requirement.details === undefined ? (
                  <p className={styles.text}>
                    No figures: the file this requirement needs has not been imported.
                  </p>
                ) : (
                  <DetailsView value={requirement.details} />
                )}
              </section>
              <section className={styles.section} aria-labelledby="explain-changes">
                <h3 id="explain-changes" className={styles.heading}>
                  When this changes
                </h3>
                {requirement.changes.length === 0 ? (
                  <p className={styles.text}>Nothing changes on current data.</p>
                ) : (
                  <ul className={styles.list}>
                    {requirement.changes.map((c) => (
                      <li key={`${c.date}:${c.message}`}>
                        <span className={styles.date}>{formatDate(c.date)}</span>: {c.message}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              {requirement.resources.length > 0 && (
                <section className={styles.section} aria-labelledby="explain-resources">
                  <h3 id="explain-resources" className={styles.heading}>
                    Learn more
                  </h3>
                  <ul className={styles.list}>
                    {requirement.resources.map((r) => (
                      <li key={r.url}>
                        <Link href={r.url} target="_blank" rel="noopener noreferrer" className={styles.link}>
                          {r.title}
                          <OpenRegular aria-label="(opens in a new tab)" />
                        </Link>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={onClose}>
                Close
              </Button>
            </DialogActions>
          </DialogBody>
        )}
      </DialogSurface>
    </Dialog>
  );
}
