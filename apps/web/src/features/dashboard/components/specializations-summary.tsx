import { Badge, Card, makeStyles, Tab, TabList, tokens, typographyStyles } from "@fluentui/react-components";
import type { SpecializationSummary } from "../../specializations";
import { requirementShortName } from "../requirement-labels";
import { StatusBadge } from "./status-badge";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  cards: {
    display: "grid",
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))",
  },
  card: { padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: "8px" },
  cardHeading: { ...typographyStyles.subtitle2, margin: 0 },
  table: { borderCollapse: "collapse", width: "100%" },
  cell: {
    textAlign: "left",
    verticalAlign: "top",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  note: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, margin: 0 },
});

/** "Unknown — re-import usage" rather than the generic unknown, when that is why. */
function reimportNeeded(summary: string): boolean {
  return summary.startsWith("Unknown — re-import usage");
}

/**
 * The summary across the specializations the organization pursues: one card per specialization with
 * the state of each requirement (as a table, so a screen reader reads it row by row), all from the same
 * usage import, certifications and evidence register.
 */
export function SpecializationsSummary({ summary }: { readonly summary: readonly SpecializationSummary[] }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby="specializations-heading">
      <h2 id="specializations-heading" className={styles.heading}>
        Specializations pursued
      </h2>
      <p className={styles.intro}>
        One usage import, one set of certifications and one evidence register feed every specialization;
        Module A evidence counts for each specialization audited with Module A.
      </p>
      <div className={styles.cards}>
        {summary.map((s) => (
          <Card key={s.specialization} className={styles.card} data-specialization={s.specialization}>
            <h3 className={styles.cardHeading}>{s.name}</h3>
            <p className={styles.note}>
              {s.programId} · {s.ready ? "ready" : s.eligibleToApply ? "eligible to apply" : "not ready yet"}
            </p>
            <table className={styles.table}>
              <caption className={styles.note} style={{ textAlign: "left" }}>
                Requirements of {s.name} today
              </caption>
              <thead>
                <tr>
                  <th className={styles.cell} scope="col">
                    Requirement
                  </th>
                  <th className={styles.cell} scope="col">
                    State
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.requirements.map((r) => (
                  <tr key={r.id}>
                    <th className={styles.cell} scope="row" title={r.summary}>
                      {requirementShortName(r.id)}
                    </th>
                    <td className={styles.cell}>
                      {r.status === "unknown" && reimportNeeded(r.summary) ? (
                        <Badge appearance="tint" color="warning" size="medium">
                          Unknown — re-import usage
                        </Badge>
                      ) : (
                        <StatusBadge status={r.status} size="medium" />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        ))}
      </div>
    </section>
  );
}

/**
 * Which specialization's readiness the page shows: tabs (arrow keys move between them, as Fluent's
 * TabList does), the choice kept in the address (`?specialization=`).
 */
export function SpecializationTabs({
  summary,
  selected,
  onSelect,
}: {
  readonly summary: readonly SpecializationSummary[];
  readonly selected: string;
  readonly onSelect: (specialization: string) => void;
}) {
  return (
    <TabList
      selectedValue={selected}
      onTabSelect={(_, d) => onSelect(String(d.value))}
      aria-label="Readiness of the specialization"
    >
      {summary.map((s) => (
        <Tab key={s.specialization} value={s.specialization}>
          {s.name}
        </Tab>
      ))}
    </TabList>
  );
}
