import {
  Button,
  Card,
  Checkbox,
  Field,
  makeStyles,
  Select,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { type Actions, can } from "../../../api/allowed-actions";
import { useOrg } from "../../../app/org-context";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { formatDate } from "../../../lib/format";
import { DEFAULT_SPECIALIZATION, useSpecializations } from "../../specializations";
import { type AuditPlan, binderUrl, useAuditPlan } from "../api";
import { modulesLabel } from "../audit-format";
import { FindingsSection } from "./findings-section";
import { GapReportsSection } from "./gap-reports-section";
import { InviteAuditor } from "./invite-auditor";
import { ResultsSection } from "./results-section";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL },
  layout: {
    display: "grid",
    gap: tokens.spacingHorizontalXXL,
    gridTemplateColumns: "minmax(0, 1fr) minmax(280px, 360px)",
    alignItems: "start",
    "@media (max-width: 1100px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  main: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXL, minWidth: 0 },
  aside: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  small: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  term: { ...typographyStyles.body1Strong, margin: 0 },
  definition: { margin: 0 },
});

function description(actions: Actions): string {
  if (can(actions, "audit.findings.record"))
    return "Record findings per control, issue the gap report and record the final result. Download the evidence binder to review the files offline.";
  if (can(actions, "audit.findings.respond"))
    return "The auditor's findings per control and your responses, the gap reports and the audit history.";
  return "The auditor's findings per control, the gap reports and the audit history.";
}

/** `/o/:orgId/audit/review`: the auditor's workspace; partners follow it and answer the findings. */
export function AuditReviewPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const plan = useAuditPlan(org.id);
  return (
    <div className={styles.page}>
      <PageHeader title="Audit review" context={org.name} description={description(org.allowedActions)} />
      <div className={styles.layout}>
        <div className={styles.main}>
          <FindingsSection orgId={org.id} actions={org.allowedActions} />
          <GapReportsSection orgId={org.id} actions={org.allowedActions} plan={plan.data} />
          <ResultsSection orgId={org.id} actions={org.allowedActions} plan={plan.data} />
        </div>
        <div className={styles.aside}>
          <PlanGlance orgId={org.id} plan={plan.data} error={plan.isError ? plan.error : null} />
          {can(org, "audit.binder") && <BinderCard orgId={org.id} />}
          {can(org, "members.invite") && <InviteAuditor orgId={org.id} />}
        </div>
      </div>
    </div>
  );
}

function PlanGlance({ orgId, plan, error }: { orgId: string; plan: AuditPlan | undefined; error: unknown }) {
  const styles = useStyles();
  const audit = plan?.timeline.find((s) => s.id === "audit");
  return (
    <section aria-labelledby="glance-heading">
      <Card className={styles.card}>
        <h2 id="glance-heading" className={styles.heading}>
          The audit
        </h2>
        {error !== null && <ErrorMessage error={error} title="The audit plan could not be loaded" />}
        {plan !== undefined && (
          <dl className={styles.facts}>
            <dt className={styles.term}>Audit date</dt>
            <dd className={styles.definition}>
              {plan.auditDate === null ? "Not planned" : formatDate(plan.auditDate)}
              {audit?.due != null && (
                <span className={styles.small} style={{ display: "block" }}>
                  To be held by {formatDate(audit.due)}
                </span>
              )}
            </dd>
            <dt className={styles.term}>Modules</dt>
            <dd className={styles.definition}>{modulesLabel(plan.modules)}</dd>
            <dt className={styles.term}>Checklists</dt>
            <dd className={styles.definition}>
              {[plan.checklists.A, plan.checklists.B]
                .filter((c) => c !== null)
                .map((c) => `${c.title} ${c.version}`)
                .join("; ") || "Known once the audit date is planned"}
            </dd>
          </dl>
        )}
        <AppLink to={`/o/${encodeURIComponent(orgId)}/audit/plan`}>Audit plan and deadlines</AppLink>
      </Card>
    </section>
  );
}

function BinderCard({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const [pending, setPending] = useState(false);
  const specializations = useSpecializations(orgId);
  const pursued = specializations.data?.summary ?? [];
  const [specialization, setSpecialization] = useState(DEFAULT_SPECIALIZATION);
  return (
    <section aria-labelledby="binder-heading">
      <Card className={styles.card}>
        <h2 id="binder-heading" className={styles.heading}>
          Evidence binder
        </h2>
        <p className={styles.muted}>
          One ZIP of the approved evidence, filed by module, control and customer, with an index to read (
          <span className={styles.code}>index.html</span> and <span className={styles.code}>index.pdf</span>),{" "}
          <span className={styles.code}>manifest.csv</span> with the SHA-256 of every file, and{" "}
          <span className={styles.code}>check-data/</span> with the evidence and audit history in the files{" "}
          <span className={styles.code}>specready check</span> reads, to verify the figures independently.
          Each item says its review status and who approved it.
        </p>
        {pursued.length > 1 && (
          <Field
            label="Specialization"
            hint="Module A evidence is shared: it is in the binder of each specialization audited with Module A."
          >
            <Select value={specialization} onChange={(_, d) => setSpecialization(d.value)}>
              {pursued.map((s) => (
                <option key={s.specialization} value={s.specialization}>
                  {s.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Checkbox
          checked={pending}
          onChange={(_, d) => setPending(d.checked === true)}
          label="Include evidence not approved yet (drafts, waiting for review, sent back), each marked with its status"
        />
        <div>
          {/* A plain link: the browser streams the ZIP to disk and shows the download's progress. */}
          <Button
            as="a"
            href={binderUrl(orgId, { pending, specialization })}
            download
            appearance="primary"
            icon={<ArrowDownloadRegular />}
          >
            {pending
              ? "Download evidence binder with pending evidence (ZIP)"
              : "Download evidence binder (ZIP)"}
          </Button>
        </div>
        <p className={styles.small}>
          Built when you ask for it, from the evidence as it is now; the download is logged.
        </p>
      </Card>
    </section>
  );
}
