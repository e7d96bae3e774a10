import {
  Badge,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  mergeClasses,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { AddRegular, DeleteRegular } from "@fluentui/react-icons";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { can } from "../../../api/allowed-actions";
import { useOrg } from "../../../app/org-context";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { errorMessage } from "../../../lib/api-client";
import { formatDate, formatTimestamp, isCalendarDate, todayIso } from "../../../lib/format";
import { usePlanPreview, usePlans, useSavePlan, type WhatIfScenario } from "../api";
import { AllocationSection } from "./allocation-section";
import { CertificationTimeline } from "./certification-timeline";
import { ForecastChart } from "./forecast-chart";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXL },
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  text: { margin: 0, color: tokens.colorNeutralForeground2 },
  row: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM },
  fieldset: { border: "none", margin: 0, padding: 0 },
  field: { minWidth: "160px" },
  wide: { minWidth: "240px", flexGrow: 1, maxWidth: "360px" },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  wrap: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

type AcrRow = {
  id: number;
  type: "add" | "pal" | "stop";
  customer: string;
  usdPerMonth: string;
  from: string;
};
type CertRow = { id: number; person: string; certification: string; earnedOn: string };

let nextRowId = 1;

const TYPE_TEXT = { add: "Adds USD a month", pal: "Linked through PAL", stop: "Stops consuming" } as const;

function defaultAuditDate(): string {
  const d = new Date();
  d.setDate(d.getDate() + 56);
  return todayIso(d);
}

function scenarioOf(acr: readonly AcrRow[], certs: readonly CertRow[]): WhatIfScenario {
  return {
    acr: acr.map((r) =>
      r.type === "add"
        ? { type: "add", customer: r.customer.trim(), usdPerMonth: r.usdPerMonth.trim(), from: r.from }
        : { type: r.type, customer: r.customer.trim(), from: r.from },
    ),
    certifications: certs.map((c) => ({
      person: c.person.trim(),
      certification: c.certification.trim(),
      earnedOn: c.earnedOn,
    })),
  };
}

/**
 * Planning for an audit date: who to ask for references, the ACR forecast with what-ifs and the month
 * performance lapses, and who certifies by when; partner admins save it by name, the active plan's next
 * actions are on the dashboard.
 */
export function PlanPage() {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const { org } = useOrg();
  const admin = can(org, "plans.save");
  const plans = usePlans(org.id);
  const [auditDate, setAuditDate] = useState(defaultAuditDate);
  const [acr, setAcr] = useState<AcrRow[]>([]);
  const [certs, setCerts] = useState<CertRow[]>([]);
  const [asked, setAsked] = useState<{ auditDate: string; scenario: WhatIfScenario } | null>(null);
  const preview = usePlanPreview(org.id, asked);
  const save = useSavePlan(org.id);
  const [name, setName] = useState("");
  const [active, setActive] = useState(true);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (asked === null) setAsked({ auditDate, scenario: { acr: [], certifications: [] } });
  }, [asked, auditDate]);

  const scenario = useMemo(() => scenarioOf(acr, certs), [acr, certs]);
  const plan = preview.data;
  const month = todayIso().slice(0, 7);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isCalendarDate(auditDate)) return;
    setAsked({ auditDate, scenario });
  };
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    save.mutate(
      { name: name.trim(), auditDate, scenario, active },
      {
        onSuccess: (r) =>
          setSaved(`Saved the plan “${r.saved.name}”${r.saved.active ? "; it is the active plan" : ""}.`),
      },
    );
  };
  const load = (p: { auditDate: string; scenario: WhatIfScenario; name: string; active: boolean }) => {
    setAuditDate(p.auditDate);
    setAcr(
      p.scenario.acr.map((w) => ({
        id: nextRowId++,
        type: w.type,
        customer: w.customer,
        usdPerMonth: w.type === "add" ? w.usdPerMonth : "",
        from: w.from,
      })),
    );
    setCerts(
      p.scenario.certifications.map((c) => ({
        id: nextRowId++,
        person: c.person,
        certification: c.certification,
        earnedOn: c.earnedOn,
      })),
    );
    setName(p.name);
    setActive(p.active);
    setAsked({ auditDate: p.auditDate, scenario: p.scenario });
  };

  return (
    <div className={styles.page}>
      <PageHeader
        title="Plan"
        description="How to be ready on the audit date: who to ask for references, when ACR meets or lapses, who certifies by when."
      />
      <Card className={styles.card}>
        <form onSubmit={submit} className={styles.card} aria-label="Scenario">
          <div className={styles.row}>
            <Field label="Audit date" className={styles.field} required>
              <Input
                type="date"
                value={auditDate}
                min={todayIso()}
                onChange={(_, d) => setAuditDate(d.value)}
              />
            </Field>
          </div>
          <h2 className={styles.heading}>What-ifs</h2>
          {acr.map((r, i) => (
            <fieldset className={mergeClasses(styles.row, styles.fieldset)} key={r.id}>
              <legend className={hidden.hidden}>ACR what-if {i + 1}</legend>
              <Field label="What-if" className={styles.field}>
                <Dropdown
                  value={TYPE_TEXT[r.type]}
                  selectedOptions={[r.type]}
                  onOptionSelect={(_, d) =>
                    setAcr(
                      acr.map((x, k) =>
                        k === i ? { ...x, type: (d.optionValue ?? "add") as AcrRow["type"] } : x,
                      ),
                    )
                  }
                >
                  {(Object.keys(TYPE_TEXT) as AcrRow["type"][]).map((t) => (
                    <Option key={t} value={t}>
                      {TYPE_TEXT[t]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Customer (name or tenant id)" className={styles.wide}>
                <Input
                  value={r.customer}
                  onChange={(_, d) => setAcr(acr.map((x, k) => (k === i ? { ...x, customer: d.value } : x)))}
                />
              </Field>
              {r.type === "add" && (
                <Field label="USD a month" className={styles.field}>
                  <Input
                    inputMode="decimal"
                    value={r.usdPerMonth}
                    onChange={(_, d) =>
                      setAcr(acr.map((x, k) => (k === i ? { ...x, usdPerMonth: d.value } : x)))
                    }
                  />
                </Field>
              )}
              <Field label="From month" className={styles.field}>
                <Input
                  type="month"
                  value={r.from}
                  min={month}
                  onChange={(_, d) => setAcr(acr.map((x, k) => (k === i ? { ...x, from: d.value } : x)))}
                />
              </Field>
              <Button
                icon={<DeleteRegular />}
                aria-label={`Remove ACR what-if ${i + 1}`}
                onClick={() => setAcr(acr.filter((_, k) => k !== i))}
              />
            </fieldset>
          ))}
          {certs.map((c, i) => (
            <fieldset className={mergeClasses(styles.row, styles.fieldset)} key={c.id}>
              <legend className={hidden.hidden}>Certification what-if {i + 1}</legend>
              <Field label="Person (PersonId)" className={styles.wide}>
                <Input
                  value={c.person}
                  onChange={(_, d) =>
                    setCerts(certs.map((x, k) => (k === i ? { ...x, person: d.value } : x)))
                  }
                />
              </Field>
              <Field label="Earns certification" className={styles.field}>
                <Input
                  value={c.certification}
                  onChange={(_, d) =>
                    setCerts(certs.map((x, k) => (k === i ? { ...x, certification: d.value } : x)))
                  }
                />
              </Field>
              <Field label="On" className={styles.field}>
                <Input
                  type="date"
                  value={c.earnedOn}
                  onChange={(_, d) =>
                    setCerts(certs.map((x, k) => (k === i ? { ...x, earnedOn: d.value } : x)))
                  }
                />
              </Field>
              <Button
                icon={<DeleteRegular />}
                aria-label={`Remove certification what-if ${i + 1}`}
                onClick={() => setCerts(certs.filter((_, k) => k !== i))}
              />
            </fieldset>
          ))}
          <div className={styles.row}>
            <Button
              icon={<AddRegular />}
              onClick={() =>
                setAcr([...acr, { id: nextRowId++, type: "pal", customer: "", usdPerMonth: "", from: month }])
              }
            >
              Add an ACR what-if
            </Button>
            <Button
              icon={<AddRegular />}
              onClick={() =>
                setCerts([...certs, { id: nextRowId++, person: "", certification: "", earnedOn: todayIso() }])
              }
            >
              Add a certification what-if
            </Button>
            <Button appearance="primary" type="submit" disabled={preview.isFetching}>
              {preview.isFetching ? "Planning…" : "Plan"}
            </Button>
          </div>
        </form>
        {preview.isError && <ErrorMessage error={preview.error} />}
      </Card>

      {plan !== undefined && (
        <>
          <Card className={styles.card} data-testid="plan-next-actions">
            <h2 className={styles.heading}>Next actions</h2>
            {plan.nextActions.length === 0 ? (
              <p className={styles.text}>Nothing to do.</p>
            ) : (
              <ol className={styles.list}>
                {plan.nextActions.map((a) => (
                  <li key={`${a.by}-${a.text}`}>
                    <strong>{formatDate(a.by)}</strong> {a.text}
                  </li>
                ))}
              </ol>
            )}
          </Card>
          <AllocationSection allocation={plan.allocation} />
          <ForecastChart forecast={plan.forecast} />
          <CertificationTimeline plan={plan.certifications} from={plan.asOf} />
        </>
      )}

      {admin && (
        <Card className={styles.card}>
          <h2 className={styles.heading}>Save this plan</h2>
          <p className={styles.text}>
            Saves the audit date and the what-ifs under a name; the active plan's next three actions are on
            the dashboard.
          </p>
          <form onSubmit={onSave} className={styles.row} aria-label="Save the plan">
            <Field label="Name" className={styles.wide} required>
              <Input value={name} maxLength={100} onChange={(_, d) => setName(d.value)} />
            </Field>
            <Checkbox
              label="Active plan (shown on the dashboard)"
              checked={active}
              onChange={(_, d) => setActive(d.checked === true)}
            />
            <Button appearance="primary" type="submit" disabled={save.isPending || name.trim() === ""}>
              Save plan
            </Button>
          </form>
          {save.isError && (
            <MessageBar intent="error">
              <MessageBarBody>{errorMessage(save.error)}</MessageBarBody>
            </MessageBar>
          )}
          {saved !== null && (
            <MessageBar intent="success">
              <MessageBarBody>{saved}</MessageBarBody>
            </MessageBar>
          )}
        </Card>
      )}

      <Card className={styles.card}>
        <h2 className={styles.heading}>Saved plans</h2>
        {plans.data === undefined || plans.data.length === 0 ? (
          <p className={styles.text}>No plan saved yet.</p>
        ) : (
          <div className={styles.wrap}>
            <Table aria-label="Saved plans" style={AUTO_LAYOUT}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Audit date</TableHeaderCell>
                  <TableHeaderCell>What-ifs</TableHeaderCell>
                  <TableHeaderCell>Saved</TableHeaderCell>
                  <TableHeaderCell />
                </TableRow>
              </TableHeader>
              <TableBody>
                {plans.data.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>
                      {p.name}{" "}
                      {p.active && (
                        <Badge appearance="tint" color="brand">
                          Active
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell>{formatDate(p.auditDate)}</TableCell>
                    <TableCell>{p.scenario.acr.length + p.scenario.certifications.length}</TableCell>
                    <TableCell>
                      {formatTimestamp(p.updatedAt)} by {p.updatedBy}
                    </TableCell>
                    <TableCell>
                      <Button size="small" onClick={() => load(p)}>
                        Open
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </Card>
    </div>
  );
}
