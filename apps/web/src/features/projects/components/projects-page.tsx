import {
  Badge,
  Button,
  Card,
  Field,
  MessageBar,
  MessageBarBody,
  makeStyles,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tooltip,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { AddRegular, ArrowDownloadRegular, DeleteRegular, EditRegular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
import { can } from "../../../api/allowed-actions";
import { useOrg } from "../../../app/org-context";
import { AppLink } from "../../../components/app-link";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { downloadCsv } from "../../../lib/csv";
import { formatDate, formatNumber, plural, todayIso } from "../../../lib/format";
import { useAuditPlan } from "../../audit";
import { type CustomerProject, useCustomerProjects, useDeleteProject } from "../api";
import {
  ageingLabel,
  customerCount,
  customerLabel,
  filterProjects,
  type ProjectSortKey,
  projectAgeing,
  projectsCsvFileName,
  projectsCsvRows,
  type SortDirection,
  sortProjects,
  stageLabel,
} from "../project-helpers";
import { ProjectDialog } from "./project-dialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  empty: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  emptyTitle: { ...typographyStyles.subtitle2, margin: 0 },
  emptyText: { margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace },
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalL },
  search: { minWidth: "280px" },
  count: { color: tokens.colorNeutralForeground2 },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  nowrap: { whiteSpace: "nowrap" },
  mono: { ...typographyStyles.caption1, fontFamily: tokens.fontFamilyMonospace, whiteSpace: "nowrap" },
  // The tenant ID under the customer's name: the GUID the audit names the customer by.
  tenant: {
    ...typographyStyles.caption1,
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorNeutralForeground2,
    display: "block",
    whiteSpace: "nowrap",
  },
  secondary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  ageing: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalXXS,
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalXS, whiteSpace: "nowrap" },
});

const COLUMNS: readonly { readonly key: ProjectSortKey; readonly label: string }[] = [
  { key: "customer", label: "Customer and tenant ID" },
  { key: "project", label: "Project" },
  { key: "workload", label: "Workload" },
  { key: "aiServices", label: "AI services" },
  { key: "completionDate", label: "Completed" },
  { key: "greenfield", label: "Greenfield" },
  { key: "stage", label: "Stage" },
  { key: "evidence", label: "Evidence" },
  { key: "countsUntil", label: "Counts until" },
];

/**
 * `/o/:orgId/projects`: the customer project register. Every role reads it; partner admins and
 * contributors add, change and remove projects (or import a spreadsheet on the Imports page). Evidence
 * is filed under a project, and a project counts for an audit for twelve months after it completed.
 */
export function ProjectsPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const projects = useCustomerProjects(org.id);
  const remove = useDeleteProject(org.id);
  const editor = can(org, "customer-projects.write");
  const today = todayIso();
  // Whether a project counts is measured where the auditor will: on the planned audit date, else today.
  const plan = useAuditPlan(org.id);
  const auditDate = plan.data?.auditDate ?? null;
  const measuredOn = auditDate ?? today;
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: ProjectSortKey; direction: SortDirection }>({
    key: "completionDate",
    direction: "descending",
  });
  const [dialog, setDialog] = useState<{ project: CustomerProject | null } | null>(null);
  const [deleting, setDeleting] = useState<CustomerProject | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const all = projects.data ?? [];
  const shown = useMemo(
    () => sortProjects(filterProjects(all, filter), sort.key, sort.direction),
    [all, filter, sort],
  );

  const toggleSort = (key: ProjectSortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, direction: s.direction === "ascending" ? "descending" : "ascending" }
        : {
            key,
            direction:
              key === "completionDate" || key === "countsUntil" || key === "evidence"
                ? "descending"
                : "ascending",
          },
    );
  const headerSort = (key: ProjectSortKey) => ({
    sortDirection: sort.key === key ? sort.direction : undefined,
    onClick: () => toggleSort(key),
  });

  const filtered = filter.trim() !== "";
  const countText = `${plural(shown.length, "project")} of ${plural(customerCount(shown), "customer")}${
    filtered ? ` (of ${formatNumber(all.length)})` : ""
  }`;
  const importsHref = `/o/${encodeURIComponent(org.id)}/imports`;

  const confirmDelete = () => {
    if (deleting === null) return;
    const name = deleting.project;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        setDeleting(null);
        setNotice(`Removed the project ${name}.`);
      },
    });
  };

  return (
    <div className={styles.page}>
      <PageHeader
        title="Customer projects"
        context={org.name}
        description="What was built for which customer, and when it completed: evidence is filed under a project, and a project counts for the audit for twelve months after its completion."
        actions={
          <>
            {all.length > 0 && (
              <Button
                icon={<ArrowDownloadRegular />}
                onClick={() =>
                  downloadCsv(projectsCsvFileName(org.name, today), projectsCsvRows(shown, measuredOn))
                }
                disabled={shown.length === 0}
              >
                {filtered ? "Export shown projects to CSV" : "Export to CSV"}
              </Button>
            )}
            {editor && (
              <Button
                appearance="primary"
                icon={<AddRegular />}
                onClick={() => {
                  setNotice(null);
                  setDialog({ project: null });
                }}
              >
                Add project
              </Button>
            )}
          </>
        }
      />

      <p className={styles.muted}>
        {editor ? (
          <>
            Have the register in a spreadsheet?{" "}
            <AppLink to={importsHref}>Import it on the Imports page</AppLink> as the kind “Customer projects”
            (<span className={styles.code}>customer-projects</span>): its projects are added, and those with
            the same customer and project name are updated.
          </>
        ) : (
          <>
            Partner admins and contributors keep the register, here or by importing a spreadsheet of the kind
            “Customer projects” (<span className={styles.code}>customer-projects</span>) on the{" "}
            <AppLink to={importsHref}>Imports page</AppLink>.
          </>
        )}
      </p>

      {all.length > 0 && (
        <p className={styles.muted}>
          {auditDate !== null ? (
            <>
              Whether each project counts is measured on the planned audit date,{" "}
              <strong>{formatDate(auditDate, undefined, "long")}</strong> (
              <AppLink to={`/o/${encodeURIComponent(org.id)}/audit/plan`}>audit plan</AppLink>).
            </>
          ) : (
            <>
              Whether each project counts is measured today: plan the audit date on the{" "}
              <AppLink to={`/o/${encodeURIComponent(org.id)}/audit/plan`}>audit plan</AppLink> to measure on
              the day the auditor will.
            </>
          )}
        </p>
      )}

      {notice !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        </div>
      )}

      {projects.isPending && <PageLoading label="Loading the customer projects…" />}
      {projects.isError && <ErrorMessage error={projects.error} onRetry={() => void projects.refetch()} />}

      {projects.data !== undefined && all.length === 0 && (
        <Card className={styles.empty}>
          <h2 className={styles.emptyTitle}>No customer projects yet</h2>
          <p className={styles.emptyText}>
            The audit counts customers whose project completed in the twelve months before the audit date. Add
            each project with its customer's tenant ID and completion date, then file evidence under it.
          </p>
          {editor && (
            <div>
              <Button appearance="primary" icon={<AddRegular />} onClick={() => setDialog({ project: null })}>
                Add the first project
              </Button>
            </div>
          )}
        </Card>
      )}

      {all.length > 0 && (
        <>
          <div className={styles.toolbar}>
            <Field className={styles.search} label="Filter by customer, project, workload or AI service">
              <SearchBox value={filter} onChange={(_, d) => setFilter(d.value)} />
            </Field>
            <span className={styles.count} role="status" aria-live="polite">
              {countText}
            </span>
          </div>
          {shown.length === 0 ? (
            <p className={styles.muted}>No project matches “{filter.trim()}”.</p>
          ) : (
            <div className={styles.wrap}>
              <Table sortable style={AUTO_LAYOUT} size="small" aria-label="Customer projects">
                <TableHeader>
                  <TableRow>
                    {COLUMNS.map((c) => (
                      <TableHeaderCell key={c.key} {...headerSort(c.key)}>
                        {c.label}
                      </TableHeaderCell>
                    ))}
                    {editor && <TableHeaderCell sortable={false}>Actions</TableHeaderCell>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {shown.map((p) => (
                    <ProjectRow
                      key={p.id}
                      orgId={org.id}
                      project={p}
                      date={measuredOn}
                      planned={auditDate !== null}
                      editor={editor}
                      onEdit={() => {
                        setNotice(null);
                        setDialog({ project: p });
                      }}
                      onDelete={() => {
                        setNotice(null);
                        remove.reset();
                        setDeleting(p);
                      }}
                    />
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </>
      )}

      <ProjectDialog
        orgId={org.id}
        open={dialog !== null}
        project={dialog?.project ?? null}
        onClose={() => setDialog(null)}
        onSaved={(saved, created) => {
          setDialog(null);
          setNotice(
            created
              ? `Added the project ${saved.project} of ${customerLabel(saved)}.`
              : `Saved the project ${saved.project}.`,
          );
        }}
      />

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the project ${deleting?.project ?? ""}?`}
        confirmLabel="Delete project"
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
        pending={remove.isPending}
        error={remove.error}
      >
        {deleting !== null && (
          <p>
            {customerLabel(deleting)}'s project {deleting.project}, completed{" "}
            {formatDate(deleting.completionDate)}, leaves the register.
            {deleting.evidenceCount > 0
              ? ` ${plural(deleting.evidenceCount, "evidence item is", "evidence items are")} filed under it: move or delete them first.`
              : " No evidence is filed under it."}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

interface ProjectRowProps {
  readonly orgId: string;
  readonly project: CustomerProject;
  /** The day the project is measured on: the planned audit date, or today. */
  readonly date: string;
  readonly planned: boolean;
  readonly editor: boolean;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
}

function ProjectRow({ orgId, project: p, date, planned, editor, onEdit, onDelete }: ProjectRowProps) {
  const styles = useStyles();
  const age = projectAgeing(p.completionDate, date);
  return (
    <TableRow>
      <TableCell>
        {customerLabel(p)}
        {p.customerName?.trim() ? <span className={styles.tenant}>{p.customerTenantId}</span> : null}
      </TableCell>
      <TableCell>{p.project}</TableCell>
      <TableCell>{p.workload || "—"}</TableCell>
      <TableCell>{p.aiServices.length > 0 ? p.aiServices.join(", ") : "—"}</TableCell>
      <TableCell className={styles.nowrap}>
        <time dateTime={p.completionDate}>{formatDate(p.completionDate)}</time>
      </TableCell>
      <TableCell>{p.greenfield === null ? "—" : p.greenfield ? "Yes" : "No"}</TableCell>
      <TableCell>{stageLabel(p.stage) || "—"}</TableCell>
      <TableCell>
        {p.evidenceCount > 0 ? (
          <AppLink
            to={`/o/${encodeURIComponent(orgId)}/evidence?project=${encodeURIComponent(p.id)}`}
            aria-label={`${plural(p.evidenceCount, "evidence item")} for ${p.project}`}
          >
            {formatNumber(p.evidenceCount)}
          </AppLink>
        ) : (
          "0"
        )}
      </TableCell>
      <TableCell>
        <div className={styles.ageing}>
          <time className={styles.nowrap} dateTime={age.countsUntil}>
            {formatDate(age.countsUntil)}
          </time>
          <Badge
            className={styles.nowrap}
            appearance={age.status === "counting" ? "tint" : "outline"}
            color={age.status === "counting" ? "success" : age.status === "older" ? "informative" : "warning"}
          >
            {ageingLabel(age, planned, todayIso())}
          </Badge>
        </div>
      </TableCell>
      {editor && (
        <TableCell>
          <div className={styles.actions}>
            {/* Icons with their words as tooltip and name: the register is wide enough as it is. */}
            <Tooltip content={`Edit ${p.project} (${customerLabel(p)})`} relationship="label">
              <Button size="small" appearance="subtle" icon={<EditRegular />} onClick={onEdit} />
            </Tooltip>
            <Tooltip content={`Delete ${p.project} (${customerLabel(p)})`} relationship="label">
              <Button size="small" appearance="subtle" icon={<DeleteRegular />} onClick={onDelete} />
            </Tooltip>
          </div>
        </TableCell>
      )}
    </TableRow>
  );
}
