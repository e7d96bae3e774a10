import {
  Badge,
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  mergeClasses,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { can } from "../../../api/allowed-actions";
import { useOrg } from "../../../app/org-context";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { formatDate, formatTimestamp } from "../../../lib/format";
import { type AuditPlan, type ChecklistOnDate, useAuditPlan } from "../api";
import { feeAmount, localizeDates, modulesLabel } from "../audit-format";
import { DeadlinesChart } from "./deadlines-chart";
import { PlanForm } from "./plan-form";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXL },
  grid: {
    display: "grid",
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)",
    alignItems: "start",
    "@media (max-width: 1000px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  side: { display: "flex", flexDirection: "column", gap: tokens.spacingHorizontalL },
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  small: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { ...typographyStyles.body1Strong, margin: 0 },
  definition: { margin: 0 },
  fees: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  fee: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  feeApplies: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  feeName: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  amount: { ...typographyStyles.subtitle2, fontVariantNumeric: "tabular-nums" },
});

/** `/o/:orgId/audit/plan`: the planned dates and modules, the checklists and fees they imply, the deadlines. */
export function AuditPlanPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const plan = useAuditPlan(org.id);
  const editable = can(org, "audit.plan");
  return (
    <div className={styles.page}>
      <PageHeader
        title="Audit plan"
        context={org.name}
        description="When you apply and when the audit takes place decide the checklist version, the fee and every deadline of the audit process."
      />
      {plan.isPending && <PageLoading label="Loading the audit plan…" />}
      {plan.isError && (
        <ErrorMessage
          error={plan.error}
          title="The audit plan could not be loaded"
          onRetry={() => void plan.refetch()}
        />
      )}
      {plan.data !== undefined && <PlanView orgId={org.id} plan={plan.data} editable={editable} />}
    </div>
  );
}

function PlanView({ orgId, plan, editable }: { orgId: string; plan: AuditPlan; editable: boolean }) {
  const styles = useStyles();
  return (
    <>
      {plan.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>
              {plan.warnings.length === 1 ? "Check the plan" : `Check the plan (${plan.warnings.length})`}
            </MessageBarTitle>
            {plan.warnings.length === 1 ? (
              localizeDates(plan.warnings[0] as string)
            ) : (
              <ul className={styles.list}>
                {plan.warnings.map((w) => (
                  <li key={w}>{localizeDates(w)}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.grid}>
        <section aria-labelledby="plan-dates-heading">
          <Card className={styles.card}>
            <h2 id="plan-dates-heading" className={styles.heading}>
              Planned dates and modules
            </h2>
            {editable ? <PlanForm orgId={orgId} plan={plan} /> : <PlanFacts orgId={orgId} plan={plan} />}
            <p className={styles.small}>
              {plan.updatedAt === null
                ? "Not planned yet."
                : `Last changed by ${plan.updatedBy ?? "someone"} on ${formatTimestamp(plan.updatedAt)}.`}
            </p>
          </Card>
        </section>
        <div className={styles.side}>
          <ChecklistsCard plan={plan} />
          <FeesCard plan={plan} />
        </div>
      </div>
      <section className={styles.section} aria-labelledby="process-heading">
        <h2 id="process-heading" className={styles.heading}>
          The audit process
        </h2>
        <p className={styles.muted}>{localizeDates(plan.rule)}</p>
        <DeadlinesChart plan={plan} />
      </section>
    </>
  );
}

function PlanFacts({ orgId, plan }: { orgId: string; plan: AuditPlan }) {
  const styles = useStyles();
  return (
    <>
      <dl className={styles.facts}>
        <dt className={styles.term}>Planned application date</dt>
        <dd className={styles.definition}>
          {plan.applicationDate === null ? "Not planned" : formatDate(plan.applicationDate)}
        </dd>
        <dt className={styles.term}>Planned audit date</dt>
        <dd className={styles.definition}>
          {plan.auditDate === null ? "Not planned" : formatDate(plan.auditDate)}
        </dd>
        <dt className={styles.term}>Modules to audit</dt>
        <dd className={styles.definition}>{modulesLabel(plan.modules)}</dd>
      </dl>
      <p className={styles.muted}>
        Partner admins change the plan. The audit's findings and results are on the{" "}
        <AppLink to={`/o/${encodeURIComponent(orgId)}/audit/review`}>audit review</AppLink> page.
      </p>
    </>
  );
}

function ChecklistLine({
  module,
  checklist,
  plan,
}: {
  module: "A" | "B";
  checklist: ChecklistOnDate | null;
  plan: AuditPlan;
}) {
  const styles = useStyles();
  const notAudited = module === "A" && plan.modules === "B";
  const measured = plan.measuredAgainst?.find((m) => m.module === module);
  return (
    <>
      <dt className={styles.term}>Module {module}</dt>
      <dd className={styles.definition}>
        {plan.auditDate === null
          ? "Plan the audit date to see the version that applies."
          : checklist === null
            ? `No Module ${module} checklist in the program data was live on ${formatDate(plan.auditDate)}.`
            : `${checklist.title}, ${checklist.version}`}
        {checklist !== null && checklist.effectiveFrom !== null && (
          <span className={styles.small} style={{ display: "block" }}>
            {checklist.effectiveTo == null
              ? `Live since ${formatDate(checklist.effectiveFrom)}`
              : `Live ${formatDate(checklist.effectiveFrom)} – ${formatDate(checklist.effectiveTo)}`}
          </span>
        )}
        {measured !== undefined &&
          measured.measuredAgainst.id !== checklist?.id &&
          plan.auditDate !== null && (
            <span className={styles.small} style={{ display: "block" }}>
              Readiness is measured against {measured.measuredAgainst.version}, the nearest version whose
              controls specready holds.
            </span>
          )}
        {notAudited && (
          <span className={styles.small} style={{ display: "block" }}>
            Not audited in this plan: Module B only.
          </span>
        )}
      </dd>
    </>
  );
}

function ChecklistsCard({ plan }: { plan: AuditPlan }) {
  const styles = useStyles();
  return (
    <section aria-labelledby="checklists-heading">
      <Card className={styles.card}>
        <h2 id="checklists-heading" className={styles.heading}>
          Checklists on the audit date
        </h2>
        <p className={styles.muted}>
          The auditor checks against the checklist version live on the audit date, not the application date.
        </p>
        <dl className={styles.facts}>
          <ChecklistLine module="A" checklist={plan.checklists.A} plan={plan} />
          <ChecklistLine module="B" checklist={plan.checklists.B} plan={plan} />
        </dl>
      </Card>
    </section>
  );
}

function FeesCard({ plan }: { plan: AuditPlan }) {
  const styles = useStyles();
  return (
    <section aria-labelledby="fees-heading">
      <Card className={styles.card}>
        <h2 id="fees-heading" className={styles.heading}>
          Audit fees
        </h2>
        {plan.fees.length === 0 ? (
          <p className={styles.muted}>The program data lists no fees.</p>
        ) : (
          <ul className={styles.fees} aria-label="Audit fees by module">
            {plan.fees.map((f) => (
              <li key={f.modules} className={mergeClasses(styles.fee, f.applies && styles.feeApplies)}>
                <span className={styles.feeName}>
                  {modulesLabel(f.modules)}
                  {f.applies && (
                    <Badge appearance="filled" color="brand" size="small">
                      Applies to this plan
                    </Badge>
                  )}
                </span>
                <span className={styles.amount}>{feeAmount(f.usd)}</span>
              </li>
            ))}
          </ul>
        )}
        <p className={styles.small}>In US dollars, paid to the auditor before the audit.</p>
      </Card>
    </section>
  );
}
