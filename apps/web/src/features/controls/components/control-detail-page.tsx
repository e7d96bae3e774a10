import {
  Badge,
  Button,
  Card,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { AddRegular, ArrowLeftRegular, DismissRegular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
import type { Actions } from "../../../api/allowed-actions";
import { useReadiness } from "../../../api/audit-readiness";
import type { ControlReadiness, CustomerReadiness, ProjectReadiness } from "../../../api/types";
import { useOrg } from "../../../app/org-context";
import { useRouteParams } from "../../../app/route-params";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { formatDate, plural } from "../../../lib/format";
import { withQuery } from "../../../lib/router/match-path";
import { useSearchParams } from "../../../lib/router/router";
import { localizeDates } from "../../audit";
import type { EvidenceDetail } from "../../evidence";
import { AddEvidenceDialog, canEditEvidence, EvidenceStatusBadge } from "../../evidence";
import { controlHeading, dateFromSearch, projectStanding } from "../control-helpers";
import {
  ControlStatusBadge,
  ControlWarnings,
  CustomerCoverage,
  EvidenceFigures,
  MissingList,
  SpecialtyPicker,
} from "./control-parts";
import { MeasuredOn } from "./measured-on";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  back: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  figures: {
    display: "flex",
    flexWrap: "wrap",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`,
    alignItems: "flex-start",
  },
  value: { ...typographyStyles.body1Strong },
  text: { margin: 0 },
  docs: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  wrap: { overflowX: "auto" },
  secondary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: "block" },
  mono: { ...typographyStyles.caption1, fontFamily: tokens.fontFamilyMonospace, display: "block" },
  items: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  // Each link a target of at least 24 px (WCAG 2.5.8), one above the other.
  item: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    minHeight: "24px",
    "& > a": { minHeight: "24px", display: "inline-flex", alignItems: "center" },
  },
  nowrap: { whiteSpace: "nowrap" },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalL },
});

/**
 * `/o/:orgId/audit/controls/:controlId`: one control on the date measured — what it asks for, each
 * customer's projects with their evidence against the minimum and when they age out, and what is
 * missing. `?date=` measures on another date, as on the controls page.
 */
export function ControlDetailPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const { controlId = "" } = useRouteParams();
  const search = useSearchParams();
  const asked = useMemo(() => dateFromSearch(search), [search]);
  const readiness = useReadiness(org.id, asked);
  const control = readiness.data?.controls.find((c) => c.id === controlId);
  const backHref = withQuery(`/o/${encodeURIComponent(org.id)}/audit`, { date: asked });

  return (
    <div className={styles.page}>
      <AppLink to={backHref}>
        <span className={styles.back}>
          <ArrowLeftRegular aria-hidden="true" />
          All audit controls
        </span>
      </AppLink>
      {readiness.isPending && (
        <>
          <PageHeader title={`Control ${controlId}`} context={org.name} />
          <PageLoading label="Measuring the control…" />
        </>
      )}
      {readiness.isError && (
        <>
          <PageHeader title={`Control ${controlId}`} context={org.name} />
          <ErrorMessage error={readiness.error} onRetry={() => void readiness.refetch()} />
        </>
      )}
      {readiness.data !== undefined && control === undefined && (
        <>
          <PageHeader title="No such control" context={org.name} />
          <p className={styles.text}>
            The checklists have no control {controlId}. <AppLink to={backHref}>See every control</AppLink>.
          </p>
        </>
      )}
      {readiness.data !== undefined && control !== undefined && (
        <ControlView
          orgId={org.id}
          orgName={org.name}
          actions={org.allowedActions}
          control={control}
          date={readiness.data.date}
          planned={readiness.data.planned}
          asked={asked}
        />
      )}
    </div>
  );
}

function ControlView({
  orgId,
  orgName,
  actions,
  control: c,
  date,
  planned,
  asked,
}: {
  readonly orgId: string;
  readonly orgName: string;
  readonly actions: Actions;
  readonly control: ControlReadiness;
  readonly date: string;
  readonly planned: boolean;
  readonly asked: string | null;
}) {
  const styles = useStyles();
  const editor = canEditEvidence(actions);
  const [adding, setAdding] = useState<{ projectId?: string } | null>(null);
  const [added, setAdded] = useState<EvidenceDetail | null>(null);
  const base = `/o/${encodeURIComponent(orgId)}`;
  const auditable = c.status !== "waived";

  return (
    <>
      <PageHeader
        title={controlHeading(c)}
        context={orgName}
        description={c.requiredEvidence}
        actions={
          editor && auditable ? (
            <Button
              appearance="primary"
              icon={<AddRegular />}
              onClick={() => {
                setAdded(null);
                setAdding({});
              }}
            >
              Add evidence for {c.id}
            </Button>
          ) : undefined
        }
      />
      <MeasuredOn orgId={orgId} date={date} planned={planned} asked={asked} />
      {added !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>
              Added “{added.title}” as a draft.{" "}
              <AppLink to={`${base}/evidence/${encodeURIComponent(added.id)}`}>Open it</AppLink>
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button
                  appearance="transparent"
                  icon={<DismissRegular />}
                  aria-label="Dismiss"
                  onClick={() => setAdded(null)}
                />
              }
            />
          </MessageBar>
        </div>
      )}

      <Card className={styles.card} role="region" aria-labelledby="standing-heading">
        <h2 id="standing-heading" className={styles.heading}>
          Where it stands
        </h2>
        <div className={styles.figures}>
          <ControlStatusBadge status={c.status} />
          <CustomerCoverage control={c} />
          <EvidenceFigures control={c} />
        </div>
        <SpecialtyPicker orgId={orgId} control={c} editor={editor} />
        {c.missing.length > 0 && (
          <div>
            <h3 className={styles.heading}>What is missing</h3>
            <MissingList missing={c.missing} />
          </div>
        )}
        <ControlWarnings warnings={c.warnings} />
        <div className={styles.actions}>
          <AppLink to={withQuery(`${base}/evidence`, { control: c.id })}>
            Every evidence item for {c.id}
          </AppLink>
        </div>
      </Card>

      <Card className={styles.card} role="region" aria-labelledby="accepted-heading">
        <h2 id="accepted-heading" className={styles.heading}>
          Documentation the checklist accepts
        </h2>
        <ul className={styles.docs}>
          {c.acceptedDocumentation.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      </Card>

      <Card className={styles.card} role="region" aria-labelledby="customers-heading">
        <h2 id="customers-heading" className={styles.heading}>
          Customers and their projects
        </h2>
        {c.customers.length === 0 ? (
          <p className={styles.text}>
            No customer project has evidence for {c.id} yet.
            {editor && auditable ? " Add evidence, filed under the customer project it comes from." : ""}
          </p>
        ) : (
          <CustomersTable
            control={c}
            base={base}
            editor={editor && auditable}
            onAdd={(projectId) => {
              setAdded(null);
              setAdding({ projectId });
            }}
          />
        )}
      </Card>

      <AddEvidenceDialog
        orgId={orgId}
        open={adding !== null}
        preset={{
          controls: [c.id],
          ...(adding?.projectId === undefined ? {} : { projectId: adding.projectId }),
        }}
        onClose={() => setAdding(null)}
        onAdded={(item) => {
          setAdding(null);
          setAdded(item);
        }}
      />
    </>
  );
}

function customerName(k: CustomerReadiness): string {
  return k.name?.trim() || k.tenantId;
}

function CustomersTable({
  control: c,
  base,
  editor,
  onAdd,
}: {
  readonly control: ControlReadiness;
  readonly base: string;
  readonly editor: boolean;
  readonly onAdd: (projectId: string) => void;
}) {
  const styles = useStyles();
  return (
    <div className={styles.wrap}>
      <Table style={AUTO_LAYOUT} size="small" aria-label={`Customers and projects for ${c.id}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Customer</TableHeaderCell>
            <TableHeaderCell>Project</TableHeaderCell>
            <TableHeaderCell>Completed</TableHeaderCell>
            <TableHeaderCell>Evidence items</TableHeaderCell>
            <TableHeaderCell>Standing</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {c.customers.map((k) => {
            const rows: { key: string; project: ProjectReadiness | null }[] =
              k.projects.length === 0
                ? [{ key: `${k.tenantId}:imported`, project: null }]
                : k.projects.map((p) => ({ key: p.projectId, project: p }));
            return rows.map(({ key, project: p }, i) => (
              <TableRow key={key}>
                <TableCell>
                  {i === 0 && (
                    <>
                      {customerName(k)}
                      <span className={styles.mono}>{k.tenantId}</span>
                      {k.counts ? (
                        <Badge appearance="tint" color="success">
                          Counts
                        </Badge>
                      ) : k.pending ? (
                        <Badge appearance="outline" color="informative">
                          Counts once approved
                        </Badge>
                      ) : (
                        <Badge appearance="outline" color="warning">
                          Does not count yet
                        </Badge>
                      )}
                      {k.importedRows > 0 && (
                        <span className={styles.secondary}>
                          {plural(k.importedRows, "row")} of the imported audit-evidence file
                        </span>
                      )}
                    </>
                  )}
                </TableCell>
                <TableCell>{p === null ? "—" : p.project}</TableCell>
                <TableCell className={styles.nowrap}>
                  {p === null ? "—" : <time dateTime={p.completionDate}>{formatDate(p.completionDate)}</time>}
                </TableCell>
                <TableCell>
                  {p === null ? (
                    "—"
                  ) : (
                    <>
                      <span className={styles.value}>
                        {p.artifacts} of {p.artifactsNeeded} approved
                      </span>
                      {p.pendingArtifacts > 0 && (
                        <span className={styles.secondary}>{p.pendingArtifacts} more pending review</span>
                      )}
                      {p.items.length > 0 && (
                        <ul className={styles.items}>
                          {p.items.map((item) => (
                            <li key={item.id} className={styles.item}>
                              <AppLink to={`${base}/evidence/${encodeURIComponent(item.id)}`}>
                                {item.title}
                              </AppLink>
                              <EvidenceStatusBadge status={item.status} size="small" />
                              {item.status === "approved" && !item.approved && (
                                <span className={styles.secondary}>approved for an earlier revision</span>
                              )}
                              {item.status !== "approved" && (
                                <span className={styles.secondary}>does not count until approved</span>
                              )}
                            </li>
                          ))}
                        </ul>
                      )}
                    </>
                  )}
                </TableCell>
                <TableCell>
                  {p === null ? (
                    "Imported rows only"
                  ) : (
                    <>
                      {localizeDates(projectStanding(p))}
                      {editor && p.inWindow && !p.complete && (
                        <div>
                          <Button
                            size="small"
                            icon={<AddRegular />}
                            onClick={() => onAdd(p.projectId)}
                            aria-label={`Add evidence for ${c.id} from ${p.project} (${customerName(k)})`}
                          >
                            Add evidence
                          </Button>
                        </div>
                      )}
                    </>
                  )}
                </TableCell>
              </TableRow>
            ));
          })}
        </TableBody>
      </Table>
    </div>
  );
}
