import {
  Button,
  Card,
  Link,
  MessageBar,
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
import {
  ArrowDownloadRegular,
  ArrowLeftRegular,
  ArrowUploadRegular,
  DeleteRegular,
  EditRegular,
  OpenRegular,
} from "@fluentui/react-icons";
import { useEffect, useRef, useState } from "react";
import { useReadiness } from "../../../api/audit-readiness";
import { useOrg } from "../../../app/org-context";
import { useRouteParams } from "../../../app/route-params";
import { AppLink } from "../../../components/app-link";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { ApiError } from "../../../lib/api-client";
import { formatBytes, formatDate, formatNumber, formatTimestamp, plural } from "../../../lib/format";
import { navigate } from "../../../lib/router/router";
import {
  type EvidenceDetail,
  revisionContentUrl,
  useDeleteEvidence,
  useEvidenceItem,
  useUploadRevision,
} from "../api";
import { canEditEvidence, evidenceStatusLabel, KIND_LABELS, projectCustomer } from "../evidence-helpers";
import { isAbort } from "../send-file";
import { EditEvidenceDialog } from "./edit-evidence-dialog";
import { EvidenceStatusBadge } from "./evidence-status-badge";
import { ReviewPanel } from "./review-panel";
import { UploadProgress } from "./upload-progress";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  back: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  grid: {
    display: "grid",
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)",
    alignItems: "start",
    "@media (max-width: 1000px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  column: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  headingRow: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
  },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  term: { ...typographyStyles.body1Strong, margin: 0 },
  definition: { margin: 0, overflowWrap: "anywhere" },
  secondary: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  mono: { ...typographyStyles.caption1, fontFamily: tokens.fontFamilyMonospace },
  note: { whiteSpace: "pre-wrap", margin: 0, overflowWrap: "anywhere" },
  controls: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  wrap: { overflowX: "auto" },
  nowrap: { whiteSpace: "nowrap" },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  history: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
});

/** `/o/:orgId/evidence/:evidenceId`: one item, its file revisions and its review history. */
export function EvidenceDetailPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const { evidenceId = "" } = useRouteParams();
  const item = useEvidenceItem(org.id, evidenceId);
  const listHref = `/o/${encodeURIComponent(org.id)}/evidence`;

  return (
    <div className={styles.page}>
      <AppLink to={listHref}>
        <span className={styles.back}>
          <ArrowLeftRegular aria-hidden="true" />
          All evidence
        </span>
      </AppLink>
      {item.isPending && (
        <>
          <PageHeader title="Evidence item" context={org.name} />
          <PageLoading label="Loading the evidence item…" />
        </>
      )}
      {item.isError && (
        <>
          <PageHeader title="Evidence item" context={org.name} />
          <ErrorMessage
            error={item.error}
            title={
              item.error instanceof ApiError && item.error.status === 404
                ? "No such evidence item"
                : undefined
            }
            onRetry={
              item.error instanceof ApiError && item.error.status === 404
                ? undefined
                : () => void item.refetch()
            }
          />
        </>
      )}
      {item.data !== undefined && <EvidenceItemView item={item.data} />}
    </div>
  );
}

function EvidenceItemView({ item }: { readonly item: EvidenceDetail }) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const { org } = useOrg();
  const editor = canEditEvidence(org.allowedActions);
  const readiness = useReadiness(org.id, null);
  const remove = useDeleteEvidence(org.id, item.id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [saved, setSaved] = useState(false);
  const orgBase = `/o/${encodeURIComponent(org.id)}`;
  const titleOf = (id: string) => readiness.data?.controls.find((c) => c.id === id)?.title;

  return (
    <>
      <PageHeader
        title={item.title}
        context={org.name}
        description={`${KIND_LABELS[item.kind]} · ${item.artifactType}`}
        actions={
          editor ? (
            <>
              <Button
                icon={<EditRegular />}
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
              >
                Edit
              </Button>
              <Button
                icon={<DeleteRegular />}
                onClick={() => {
                  remove.reset();
                  setDeleting(true);
                }}
              >
                Delete
              </Button>
            </>
          ) : undefined
        }
      />
      {saved && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>Saved the changes.</MessageBarBody>
          </MessageBar>
        </div>
      )}
      <div className={styles.grid}>
        <div className={styles.column}>
          <Card className={styles.card} role="region" aria-labelledby="details-heading">
            <h2 id="details-heading" className={styles.heading}>
              Details
            </h2>
            <dl className={styles.facts}>
              <dt className={styles.term}>Status</dt>
              <dd className={styles.definition}>
                <EvidenceStatusBadge status={item.status} />
              </dd>
              <dt className={styles.term}>Kind</dt>
              <dd className={styles.definition}>{KIND_LABELS[item.kind]}</dd>
              <dt className={styles.term}>Artifact type</dt>
              <dd className={styles.definition}>{item.artifactType}</dd>
              <dt className={styles.term}>Customer</dt>
              <dd className={styles.definition}>
                {projectCustomer(item.project)}
                <div className={styles.mono}>{item.project.customerTenantId}</div>
              </dd>
              <dt className={styles.term}>Project</dt>
              <dd className={styles.definition}>
                <AppLink to={`${orgBase}/evidence?project=${encodeURIComponent(item.project.id)}`}>
                  {item.project.project}
                </AppLink>
                <div className={styles.secondary}>
                  completed{" "}
                  <time dateTime={item.project.completionDate}>
                    {formatDate(item.project.completionDate)}
                  </time>
                </div>
              </dd>
              <dt className={styles.term}>Controls</dt>
              <dd className={styles.definition}>
                <span className={styles.controls}>
                  {item.controls.map((c) => (
                    <AppLink key={c} to={`${orgBase}/audit/controls/${encodeURIComponent(c)}`}>
                      {titleOf(c) === undefined ? c : `${c} ${titleOf(c)}`}
                    </AppLink>
                  ))}
                </span>
              </dd>
              <dt className={styles.term}>Added</dt>
              <dd className={styles.definition}>
                by {item.createdBy}, <time dateTime={item.createdAt}>{formatTimestamp(item.createdAt)}</time>
              </dd>
              <dt className={styles.term}>Updated</dt>
              <dd className={styles.definition}>
                <time dateTime={item.updatedAt}>{formatTimestamp(item.updatedAt)}</time>
              </dd>
            </dl>
          </Card>

          {item.kind === "link" && item.url !== null && (
            <Card className={styles.card} role="region" aria-labelledby="link-heading">
              <h2 id="link-heading" className={styles.heading}>
                Link
              </h2>
              <p className={styles.definition}>
                <Link href={item.url} target="_blank" rel="noopener noreferrer">
                  {item.url} <OpenRegular aria-hidden="true" />
                  <span className={hidden.hidden}> (opens in a new tab)</span>
                </Link>
              </p>
            </Card>
          )}
          {item.kind === "note" && item.note !== null && (
            <Card className={styles.card} role="region" aria-labelledby="note-heading">
              <h2 id="note-heading" className={styles.heading}>
                Note
              </h2>
              <p className={styles.note}>{item.note}</p>
            </Card>
          )}
          {item.kind === "file" && <Revisions item={item} editor={editor} />}
        </div>
        <div className={styles.column}>
          <ReviewPanel orgId={org.id} item={item} />
          <ReviewHistory item={item} />
        </div>
      </div>

      <EditEvidenceDialog
        orgId={org.id}
        item={item}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          setSaved(true);
        }}
      />
      <ConfirmDialog
        open={deleting}
        title={`Delete “${item.title}”?`}
        confirmLabel="Delete evidence"
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => navigate(`${orgBase}/evidence`),
          })
        }
      >
        <p>
          {item.kind === "file"
            ? `The item and its ${plural(item.revisionCount, "file revision")} are deleted from the evidence storage.`
            : "The item is deleted."}{" "}
          The controls it backs count it no more; the activity log keeps a record.
        </p>
      </ConfirmDialog>
    </>
  );
}

function Revisions({ item, editor }: { readonly item: EvidenceDetail; readonly editor: boolean }) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const { org } = useOrg();
  const upload = useUploadRevision(org.id, item.id);
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [progress, setProgress] = useState<{ file: File; loaded: number; total: number } | null>(null);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const revisions = [...item.revisions].sort((a, b) => b.revision - a.revision);

  useEffect(() => () => abort.current?.abort(), []);

  const send = (file: File) => {
    setUploaded(null);
    upload.reset();
    const wasReviewed = item.status === "approved" || item.status === "ready";
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ file, loaded: 0, total: file.size });
    upload.mutate(
      {
        file,
        signal: controller.signal,
        onProgress: (loaded, total) => setProgress({ file, loaded, total }),
      },
      {
        onSuccess: (r) =>
          setUploaded(
            `Revision ${formatNumber(r.revision)} (${r.fileName}, ${formatBytes(r.size)}) is uploaded.${
              wasReviewed
                ? ` The item was ${evidenceStatusLabel(item.status).toLowerCase()} and is back to draft.`
                : ""
            }`,
          ),
        onSettled: () => {
          abort.current = null;
          setProgress(null);
        },
      },
    );
  };

  return (
    <Card className={styles.card} role="region" aria-labelledby="revisions-heading">
      <div className={styles.headingRow}>
        <h2 id="revisions-heading" className={styles.heading}>
          Revisions
        </h2>
        {editor && (
          <>
            <Button
              icon={<ArrowUploadRegular />}
              onClick={() => input.current?.click()}
              disabled={upload.isPending}
            >
              Upload new revision
            </Button>
            <input
              ref={input}
              type="file"
              className={hidden.hidden}
              tabIndex={-1}
              aria-label="New revision file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = "";
                if (f !== undefined) send(f);
              }}
            />
          </>
        )}
      </div>
      {progress !== null && (
        <UploadProgress
          fileName={progress.file.name}
          loaded={progress.loaded}
          total={progress.total}
          onCancel={() => abort.current?.abort()}
        />
      )}
      {uploaded !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>{uploaded}</MessageBarBody>
          </MessageBar>
        </div>
      )}
      {upload.error !== null && !isAbort(upload.error) && (
        <ErrorMessage error={upload.error} title="The revision was not uploaded" />
      )}
      {revisions.length === 0 ? (
        <p className={styles.muted}>No file is stored for this item.</p>
      ) : (
        <div className={styles.wrap}>
          <Table style={AUTO_LAYOUT} size="small" aria-label="Revisions">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Revision</TableHeaderCell>
                <TableHeaderCell>File</TableHeaderCell>
                <TableHeaderCell>Size</TableHeaderCell>
                <TableHeaderCell>Uploaded</TableHeaderCell>
                <TableHeaderCell>SHA-256</TableHeaderCell>
                <TableHeaderCell>Download</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {revisions.map((r) => (
                <TableRow key={r.revision}>
                  <TableCell>
                    {formatNumber(r.revision)}
                    {r.revision === item.currentRevision?.revision && (
                      <div className={styles.secondary}>current</div>
                    )}
                  </TableCell>
                  <TableCell>
                    {r.fileName}
                    <div className={styles.secondary}>{r.mediaType}</div>
                  </TableCell>
                  <TableCell className={styles.nowrap}>{formatBytes(r.size)}</TableCell>
                  <TableCell>
                    <time dateTime={r.uploadedAt}>{formatTimestamp(r.uploadedAt)}</time>
                    <div className={styles.secondary}>by {r.uploadedBy}</div>
                  </TableCell>
                  <TableCell>
                    <span className={styles.mono} title={r.sha256}>
                      {r.sha256.slice(0, 12)}…
                    </span>
                  </TableCell>
                  <TableCell>
                    <Link
                      href={revisionContentUrl(org.id, item.id, r.revision)}
                      download={r.fileName}
                      aria-label={`Download revision ${r.revision} (${r.fileName})`}
                    >
                      <ArrowDownloadRegular aria-hidden="true" /> Download
                    </Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}

function ReviewHistory({ item }: { readonly item: EvidenceDetail }) {
  const styles = useStyles();
  const reviews = [...item.reviews].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Card className={styles.card} role="region" aria-labelledby="history-heading">
      <h2 id="history-heading" className={styles.heading}>
        Review history
      </h2>
      {reviews.length === 0 ? (
        <p className={styles.muted}>Not reviewed yet: the item has been a draft since it was added.</p>
      ) : (
        <ol className={styles.history}>
          {reviews.map((r) => (
            <li key={`${r.at}:${r.toStatus}`}>
              <strong>
                {r.fromStatus === null ? "" : `${evidenceStatusLabel(r.fromStatus)} → `}
                {evidenceStatusLabel(r.toStatus)}
              </strong>
              <div className={styles.secondary}>
                {r.actor}, <time dateTime={r.at}>{formatTimestamp(r.at)}</time>
              </div>
              {r.comment !== null && r.comment !== "" && <p className={styles.note}>“{r.comment}”</p>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
