import {
  Badge,
  Button,
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
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { ArrowUndoRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { formatBytes, formatNumber, formatTimestamp } from "../../../lib/format";
import { useImports, useRevertImport } from "../api";
import { type EffectiveStatus, effectiveStatus, revertAction, summarizeMonths } from "../import-helpers";
import { kindLabel } from "../kinds";
import type { ImportRecord } from "../types";

const useStyles = makeStyles({
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  fileName: { overflowWrap: "anywhere" },
  small: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, display: "block" },
  number: { textAlign: "end", whiteSpace: "nowrap" },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
  nowrap: { whiteSpace: "nowrap" },
});

function StatusBadge({ status }: { readonly status: EffectiveStatus }) {
  switch (status) {
    case "in_effect":
      return (
        <Badge appearance="tint" color="success">
          In effect
        </Badge>
      );
    case "partly_replaced":
      return (
        <Badge appearance="tint" color="warning">
          Partly replaced
        </Badge>
      );
    case "replaced":
      return (
        <Badge appearance="tint" color="informative">
          Replaced
        </Badge>
      );
    default:
      return (
        <Badge appearance="tint" color="subtle">
          Undone
        </Badge>
      );
  }
}

interface Pending {
  readonly target: ImportRecord;
  readonly label: string;
  readonly restores: ImportRecord | null;
}

/** Every import of the organization, newest first, with undo for those who may import. */
export function ImportHistory({ orgId, canRevert }: { readonly orgId: string; readonly canRevert: boolean }) {
  const styles = useStyles();
  const imports = useImports(orgId);
  const revert = useRevertImport(orgId);
  const restoreFocus = useRestoreFocusTarget();
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (imports.isPending) return <PageLoading label="Loading the import history…" />;
  if (imports.isError) return <ErrorMessage error={imports.error} onRetry={() => void imports.refetch()} />;
  const list = imports.data;
  if (list.length === 0) return <p className={styles.empty}>No file has been imported yet.</p>;

  return (
    <>
      <div role="status" aria-live="polite">
        {done !== null && (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={styles.wrap}>
        <Table style={AUTO_LAYOUT} size="small" aria-label="Import history">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell className={styles.number}>Rows</TableHeaderCell>
              <TableHeaderCell>Months</TableHeaderCell>
              <TableHeaderCell>Imported by</TableHeaderCell>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              {canRevert && <TableHeaderCell>Action</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.map((i) => {
              const action = canRevert ? revertAction(i, list) : null;
              return (
                <TableRow key={i.id}>
                  <TableCell className={styles.nowrap}>{kindLabel(i.kind)}</TableCell>
                  <TableCell>
                    <span className={styles.fileName}>{i.fileName}</span>
                    <span className={styles.small}>
                      {formatBytes(i.size)}
                      {i.warnings.length > 0
                        ? ` · ${i.warnings.length} ${i.warnings.length === 1 ? "warning" : "warnings"}`
                        : ""}
                    </span>
                  </TableCell>
                  <TableCell className={styles.number}>{formatNumber(i.rows)}</TableCell>
                  <TableCell>{summarizeMonths(i.months)}</TableCell>
                  <TableCell>{i.createdBy?.name ?? "—"}</TableCell>
                  <TableCell className={styles.nowrap}>
                    <time dateTime={i.createdAt}>{formatTimestamp(i.createdAt)}</time>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={effectiveStatus(i, list)} />
                    {i.status !== "active" && i.revertedAt !== null && (
                      <span className={styles.small}>{formatTimestamp(i.revertedAt)}</span>
                    )}
                  </TableCell>
                  {canRevert && (
                    <TableCell>
                      {action !== null && (
                        <Button
                          {...restoreFocus}
                          className={styles.nowrap}
                          size="small"
                          icon={<ArrowUndoRegular />}
                          onClick={() => {
                            revert.reset();
                            setDone(null);
                            setPending({ target: i, label: action.label, restores: action.restores });
                          }}
                          aria-label={`${action.label}: ${i.fileName}, imported ${formatTimestamp(i.createdAt)}`}
                        >
                          {action.label}
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.label === "Restore previous" ? "Restore the previous file?" : "Undo this import?"}
        confirmLabel={pending?.label ?? "Undo"}
        pending={revert.isPending}
        error={revert.error}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending === null) return;
          revert.mutate(pending.target.id, {
            onSuccess: () => {
              setDone(
                `${pending.target.fileName}: ${pending.label === "Restore previous" ? "the previous file is in effect again" : "import undone"}.`,
              );
              setPending(null);
            },
          });
        }}
      >
        {pending !== null && (
          <p>
            The import of <strong>{pending.target.fileName}</strong> (
            {kindLabel(pending.target.kind).toLowerCase()}, {formatTimestamp(pending.target.createdAt)}) will
            be undone
            {pending.restores !== null
              ? ` and ${pending.restores.fileName}, imported ${formatTimestamp(pending.restores.createdAt)}, is in effect again`
              : ": its data no longer counts"}
            . The dashboard changes accordingly; the activity log records it.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
