import {
  Badge,
  Button,
  Card,
  Field,
  makeStyles,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons";
import type { CustomerProjectRecord } from "@specready/core";
import { useMemo, useState } from "react";
import { useOrg } from "../../../app/org-context";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { downloadCsv } from "../../../lib/csv";
import { formatDate, formatNumber, formatTimestamp, plural, todayIso } from "../../../lib/format";
import { canImport } from "../../auth/roles";
import { type ProjectsImport, useProjects } from "../api";
import {
  customerCount,
  customerLabel,
  filterProjects,
  type ProjectSortKey,
  projectAgeing,
  projectsCsvFileName,
  projectsCsvRows,
  type SortDirection,
  sortProjects,
} from "../project-helpers";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  source: { color: tokens.colorNeutralForeground2, margin: 0 },
  empty: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  emptyTitle: { ...typographyStyles.subtitle2, margin: 0 },
  emptyText: { margin: 0 },
  columns: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
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
  secondary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  ageing: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalXXS,
  },
  none: { color: tokens.colorNeutralForeground2, margin: 0 },
});

const COLUMNS: readonly { readonly key: ProjectSortKey; readonly label: string }[] = [
  { key: "customer", label: "Customer" },
  { key: "project", label: "Project" },
  { key: "workload", label: "Workload" },
  { key: "aiServices", label: "AI services" },
  { key: "completionDate", label: "Completed" },
  { key: "greenfield", label: "Greenfield" },
  { key: "stage", label: "Stage" },
];

const EXPECTED_COLUMNS = [
  "CustomerTenantId",
  "CustomerName",
  "Project",
  "Workload",
  "AIServices",
  "CompletionDate",
  "Greenfield",
  "Stage",
];

/** The customer project register in effect (the latest customer-projects import), read-only. */
export function ProjectsPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const projects = useProjects(org.id);
  const today = todayIso();
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: ProjectSortKey; direction: SortDirection }>({
    key: "completionDate",
    direction: "descending",
  });

  const all = projects.data?.projects ?? [];
  const shown = useMemo(
    () => sortProjects(filterProjects(all, filter), sort.key, sort.direction),
    [all, filter, sort],
  );

  const toggleSort = (key: ProjectSortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, direction: s.direction === "ascending" ? "descending" : "ascending" }
        : { key, direction: key === "completionDate" ? "descending" : "ascending" },
    );
  const headerSort = (key: ProjectSortKey) => ({
    sortDirection: sort.key === key ? sort.direction : undefined,
    onClick: () => toggleSort(key),
  });

  const imported = projects.data?.import ?? null;
  const filtered = filter.trim() !== "";
  const countText = `${plural(shown.length, "project")} from ${plural(customerCount(shown), "customer")}${
    filtered ? ` (of ${formatNumber(all.length)})` : ""
  }`;

  return (
    <div className={styles.page}>
      <PageHeader
        title="Customer projects"
        context={org.name}
        description="The customer project register in effect: each project counts as audit evidence for twelve months after its completion."
        actions={
          all.length > 0 ? (
            <Button
              icon={<ArrowDownloadRegular />}
              onClick={() => downloadCsv(projectsCsvFileName(org.name, today), projectsCsvRows(shown, today))}
              disabled={shown.length === 0}
            >
              {filtered ? "Export shown projects to CSV" : "Export to CSV"}
            </Button>
          ) : undefined
        }
      />

      {projects.isPending && <PageLoading label="Loading the customer projects…" />}
      {projects.isError && <ErrorMessage error={projects.error} onRetry={() => void projects.refetch()} />}

      {projects.data !== undefined && imported === null && <NoRegister orgId={org.id} role={org.role} />}

      {imported !== null && (
        <>
          <ImportLine imported={imported} />
          {all.length === 0 ? (
            <p className={styles.none}>The file in effect lists no projects.</p>
          ) : (
            <>
              <div className={styles.toolbar}>
                <Field className={styles.search} label="Filter by customer, project or workload">
                  <SearchBox value={filter} onChange={(_, d) => setFilter(d.value)} />
                </Field>
                <span className={styles.count} role="status" aria-live="polite">
                  {countText}
                </span>
              </div>
              {shown.length === 0 ? (
                <p className={styles.none}>No project matches “{filter.trim()}”.</p>
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
                        <TableHeaderCell sortable={false}>For the audit</TableHeaderCell>
                        <TableHeaderCell {...headerSort("source")}>Source line</TableHeaderCell>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {shown.map((p) => (
                        <ProjectRow key={`${p.source.file}:${p.source.line}`} project={p} today={today} />
                      ))}
                    </TableBody>
                  </Table>
                </div>
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}

function ImportLine({ imported }: { readonly imported: ProjectsImport }) {
  const styles = useStyles();
  return (
    <p className={styles.source}>
      In effect: <strong>{imported.fileName}</strong>, imported{" "}
      <time dateTime={imported.createdAt}>{formatTimestamp(imported.createdAt)}</time>
      {imported.createdBy !== null && ` by ${imported.createdBy.name}`}.
    </p>
  );
}

function NoRegister({ orgId, role }: { readonly orgId: string; readonly role: string }) {
  const styles = useStyles();
  return (
    <Card className={styles.empty}>
      <h2 className={styles.emptyTitle}>No customer project register yet</h2>
      <p className={styles.emptyText}>
        The register is imported on the Imports page as the kind “Customer projects” (
        <span className={styles.code}>customer-projects</span>): a CSV or Excel file with one project a row
        and these columns:
      </p>
      <ul className={styles.columns} aria-label="Columns of the register">
        {EXPECTED_COLUMNS.map((c) => (
          <li key={c} className={styles.code}>
            {c}
          </li>
        ))}
      </ul>
      <p className={styles.emptyText}>
        {canImport(role) ? (
          <AppLink to={`/o/${encodeURIComponent(orgId)}/imports`}>
            Import the register on the Imports page
          </AppLink>
        ) : (
          "A partner admin or a contributor of this organization can import it."
        )}
      </p>
    </Card>
  );
}

function ProjectRow({
  project: p,
  today,
}: {
  readonly project: CustomerProjectRecord;
  readonly today: string;
}) {
  const styles = useStyles();
  const age = projectAgeing(p.completionDate, today);
  const services = p.aiServices ?? [];
  return (
    <TableRow>
      <TableCell>
        {customerLabel(p)}
        {p.customerName?.trim() && (
          <div className={styles.secondary} title="Customer tenant ID">
            {p.customerTenantId}
          </div>
        )}
      </TableCell>
      <TableCell>{p.project}</TableCell>
      <TableCell>{p.workload || "—"}</TableCell>
      <TableCell>{services.length > 0 ? services.join(", ") : "—"}</TableCell>
      <TableCell className={styles.nowrap}>
        <time dateTime={p.completionDate}>{formatDate(p.completionDate)}</time>
      </TableCell>
      <TableCell>{p.greenfield === undefined ? "—" : p.greenfield ? "Yes" : "No"}</TableCell>
      <TableCell>{p.stage === "production" ? "Production" : p.stage === "pilot" ? "Pilot" : "—"}</TableCell>
      <TableCell>
        <div className={styles.ageing}>
          {age.status === "counting" && (
            <>
              <Badge appearance="tint" color="success">
                Counts
              </Badge>
              <span className={styles.secondary}>
                ages out after <time dateTime={age.countsThrough}>{formatDate(age.countsThrough)}</time>
              </span>
            </>
          )}
          {age.status === "older" && (
            <Badge appearance="outline" color="informative">
              Older than 12 months
            </Badge>
          )}
          {age.status === "future" && (
            <Badge appearance="outline" color="warning">
              Completion date ahead
            </Badge>
          )}
        </div>
      </TableCell>
      <TableCell className={styles.nowrap} title={p.source.file}>
        {p.source.line}
      </TableCell>
    </TableRow>
  );
}
