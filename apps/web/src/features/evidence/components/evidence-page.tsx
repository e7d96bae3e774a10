import {
  Button,
  Card,
  Dropdown,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  Option,
  SearchBox,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { AddRegular, ArrowDownloadRegular, DismissRegular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
import { useReadiness } from "../../../api/audit-readiness";
import { useOrg } from "../../../app/org-context";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { downloadCsv } from "../../../lib/csv";
import { formatBytes, formatNumber, formatTimestamp, plural, todayIso } from "../../../lib/format";
import { setSearchParams, useSearchParams } from "../../../lib/router/router";
import { customerLabel, useCustomerProjects } from "../../projects";
import { type EvidenceDetail, type EvidenceItem, useEvidenceList } from "../api";
import {
  apiFilters,
  canEditEvidence,
  EVIDENCE_STATUSES,
  type EvidencePageFilters,
  evidenceCsvFileName,
  evidenceCsvRows,
  evidenceStatusLabel,
  filtersFromSearch,
  hasFilters,
  hostOf,
  KIND_LABELS,
  projectCustomer,
  searchEvidence,
  searchFromFilters,
} from "../evidence-helpers";
import { AddEvidenceDialog } from "./add-evidence-dialog";
import { AskedOfMeBar } from "./asked-of-me";
import { EvidenceStatusBadge } from "./evidence-status-badge";
import { ReviewProgress } from "./review-progress";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalL },
  filter: { minWidth: "200px" },
  search: { minWidth: "260px" },
  count: { color: tokens.colorNeutralForeground2 },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  nowrap: { whiteSpace: "nowrap" },
  secondary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: "block" },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  empty: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  emptyTitle: { ...typographyStyles.subtitle2, margin: 0 },
  controls: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  chips: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

/**
 * `/o/:orgId/evidence`: every file, link and note filed as audit evidence, filtered by control, status,
 * project, or what reviewers asked of the signed-in person. Editors add evidence here.
 */
export function EvidencePage() {
  const styles = useStyles();
  const { org } = useOrg();
  const editor = canEditEvidence(org.allowedActions);
  const search = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const list = useEvidenceList(org.id, apiFilters(filters));
  // The progress bar counts every status of the control and project chosen (the same request when no
  // status is chosen).
  const overview = useEvidenceList(org.id, apiFilters({ ...filters, status: null, asked: false }));
  const readiness = useReadiness(org.id, null);
  const projects = useCustomerProjects(org.id);
  const [text, setText] = useState("");
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<EvidenceDetail | null>(null);
  const today = todayIso();

  const setFilters = (change: Partial<EvidencePageFilters>) =>
    setSearchParams(searchFromFilters({ ...filters, ...change }));

  const items = list.data ?? [];
  const shown = useMemo(() => searchEvidence(items, text), [items, text]);
  const controls = readiness.data?.controls ?? [];
  const project = filters.project === null ? undefined : projects.data?.find((p) => p.id === filters.project);
  const orgBase = `/o/${encodeURIComponent(org.id)}`;
  const searching = text.trim() !== "";
  const filtered = hasFilters(filters) || searching;

  return (
    <div className={styles.page}>
      <PageHeader
        title="Evidence"
        context={org.name}
        description="The documents, links and notes the auditor will see, each filed under a customer project and linked to the controls it backs. Partner admins review them before the audit."
        actions={
          <>
            {items.length > 0 && (
              <Button
                icon={<ArrowDownloadRegular />}
                disabled={shown.length === 0}
                onClick={() => downloadCsv(evidenceCsvFileName(org.name, today), evidenceCsvRows(shown))}
              >
                {filtered ? "Export shown evidence to CSV" : "Export to CSV"}
              </Button>
            )}
            {editor && (
              <Button
                appearance="primary"
                icon={<AddRegular />}
                onClick={() => {
                  setAdded(null);
                  setAdding(true);
                }}
              >
                Add evidence
              </Button>
            )}
          </>
        }
      />

      {editor && (
        <AskedOfMeBar
          orgId={org.id}
          actions={org.allowedActions}
          showing={filters.asked}
          onShow={() => setFilters({ asked: true })}
        />
      )}

      {added !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>
              Added “{added.title}” as a draft.{" "}
              <AppLink to={`${orgBase}/evidence/${encodeURIComponent(added.id)}`}>Open it</AppLink> to submit
              it for review.
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

      {overview.data !== undefined && overview.data.length > 0 && (
        <ReviewProgress
          items={overview.data}
          status={filters.asked ? null : filters.status}
          disabled={filters.asked}
          onStatus={(status) => setFilters({ status })}
        />
      )}

      <search className={styles.toolbar} aria-label="Filter the evidence">
        <Field className={styles.filter} label="Control">
          <Dropdown
            value={
              filters.control === null
                ? "All controls"
                : `${filters.control} ${controls.find((c) => c.id === filters.control)?.title ?? ""}`.trim()
            }
            selectedOptions={[filters.control ?? ""]}
            onOptionSelect={(_, d) =>
              setFilters({ control: d.optionValue === "" ? null : (d.optionValue ?? null) })
            }
          >
            <Option value="">All controls</Option>
            {controls.map((c) => (
              <Option key={c.id} value={c.id} text={`${c.id} ${c.title}`}>
                {`${c.id} ${c.title}`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field className={styles.filter} label="Status">
          <Dropdown
            value={
              filters.asked
                ? evidenceStatusLabel("changes_requested")
                : filters.status === null
                  ? "All statuses"
                  : evidenceStatusLabel(filters.status)
            }
            selectedOptions={[filters.asked ? "changes_requested" : (filters.status ?? "")]}
            disabled={filters.asked}
            onOptionSelect={(_, d) =>
              setFilters({
                status:
                  d.optionValue === "" || d.optionValue === undefined
                    ? null
                    : (d.optionValue as EvidencePageFilters["status"]),
              })
            }
          >
            <Option value="">All statuses</Option>
            {EVIDENCE_STATUSES.map((s) => (
              <Option key={s} value={s}>
                {evidenceStatusLabel(s)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {editor && (
          <Switch
            label="Only what is asked of me"
            checked={filters.asked}
            onChange={(_, d) => setFilters({ asked: d.checked })}
          />
        )}
        <Field className={styles.search} label="Search titles, customers and files">
          <SearchBox value={text} onChange={(_, d) => setText(d.value)} />
        </Field>
        {list.data !== undefined && (
          <span className={styles.count} role="status" aria-live="polite">
            {searching
              ? `${plural(shown.length, "item")} of ${formatNumber(items.length)}`
              : plural(items.length, "item")}
          </span>
        )}
      </search>

      {filters.project !== null && (
        <div className={styles.chips}>
          <span>Project:</span>
          <strong>
            {project === undefined ? filters.project : `${customerLabel(project)} — ${project.project}`}
          </strong>
          <Button size="small" icon={<DismissRegular />} onClick={() => setFilters({ project: null })}>
            Show every project
          </Button>
        </div>
      )}

      {list.isPending && <PageLoading label="Loading the evidence…" />}
      {list.isError && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}

      {list.data !== undefined && items.length === 0 && (
        <Card className={styles.empty}>
          {hasFilters(filters) ? (
            <>
              <h2 className={styles.emptyTitle}>No evidence matches these filters</h2>
              <p className={styles.muted}>
                {filters.asked ? "Nothing is asked of you: no item you added has changes requested. " : ""}
                <Button
                  appearance="transparent"
                  onClick={() => setSearchParams({ control: null, status: null, project: null, asked: null })}
                >
                  Clear the filters
                </Button>
              </p>
            </>
          ) : (
            <>
              <h2 className={styles.emptyTitle}>No evidence yet</h2>
              <p className={styles.muted}>
                Each audit control asks for documents from customer projects completed in the twelve months
                before the audit. See what each control needs on the{" "}
                <AppLink to={`${orgBase}/audit`}>Audit controls</AppLink> page.
              </p>
              {editor && (
                <div>
                  <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>
                    Add the first evidence
                  </Button>
                </div>
              )}
            </>
          )}
        </Card>
      )}

      {items.length > 0 && shown.length === 0 && (
        <p className={styles.muted}>No item matches “{text.trim()}”.</p>
      )}

      {shown.length > 0 && (
        <div className={styles.wrap}>
          <Table style={AUTO_LAYOUT} size="small" aria-label="Evidence">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Title</TableHeaderCell>
                <TableHeaderCell>Kind</TableHeaderCell>
                <TableHeaderCell>Artifact type</TableHeaderCell>
                <TableHeaderCell>Customer and project</TableHeaderCell>
                <TableHeaderCell>Controls</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Current version</TableHeaderCell>
                <TableHeaderCell>Updated</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((i) => (
                <EvidenceRow key={i.id} item={i} orgBase={orgBase} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      <AddEvidenceDialog
        orgId={org.id}
        open={adding}
        preset={{
          ...(filters.control !== null ? { controls: [filters.control] } : {}),
          ...(filters.project !== null ? { projectId: filters.project } : {}),
        }}
        onClose={() => setAdding(false)}
        onAdded={(item) => {
          setAdding(false);
          setAdded(item);
        }}
      />
    </div>
  );
}

function EvidenceRow({ item: i, orgBase }: { readonly item: EvidenceItem; readonly orgBase: string }) {
  const styles = useStyles();
  return (
    <TableRow>
      <TableCell>
        <AppLink to={`${orgBase}/evidence/${encodeURIComponent(i.id)}`}>{i.title}</AppLink>
        {i.status === "changes_requested" && i.lastComment !== null && (
          <span className={styles.secondary}>“{i.lastComment}”</span>
        )}
      </TableCell>
      <TableCell>{KIND_LABELS[i.kind]}</TableCell>
      <TableCell>{i.artifactType}</TableCell>
      <TableCell>
        {projectCustomer(i.project)}
        <span className={styles.secondary}>{i.project.project}</span>
      </TableCell>
      <TableCell>
        <span className={styles.controls}>
          {i.controls.map((c) => (
            <AppLink key={c} to={`${orgBase}/audit/controls/${encodeURIComponent(c)}`}>
              {c}
            </AppLink>
          ))}
        </span>
      </TableCell>
      <TableCell>
        <EvidenceStatusBadge status={i.status} />
      </TableCell>
      <TableCell>
        {i.kind === "file" && i.currentRevision !== null ? (
          <>
            {i.currentRevision.fileName}
            <span className={styles.secondary}>
              {formatBytes(i.currentRevision.size)} · revision {formatNumber(i.currentRevision.revision)}
            </span>
          </>
        ) : i.kind === "link" && i.url !== null ? (
          <span className={styles.secondary}>{hostOf(i.url)}</span>
        ) : (
          <span className={styles.secondary}>{i.kind === "note" ? "Note" : "—"}</span>
        )}
      </TableCell>
      <TableCell className={styles.nowrap}>
        <time dateTime={i.updatedAt}>{formatTimestamp(i.updatedAt)}</time>
      </TableCell>
    </TableRow>
  );
}
