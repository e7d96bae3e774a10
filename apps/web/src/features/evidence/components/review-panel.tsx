import {
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Textarea,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { fieldErrors } from "../../../lib/api-client";
import { formatTimestamp } from "../../../lib/format";
import { type EvidenceDetail, type ReviewActionName, useReviewEvidence } from "../api";
import { canEditEvidence, canReviewEvidence, reviewChoices } from "../evidence-helpers";
import { EvidenceStatusBadge } from "./evidence-status-badge";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  status: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  hint: { color: tokens.colorNeutralForeground2, margin: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

function statusHint(item: EvidenceDetail): string | null {
  const editor = canEditEvidence(item.allowedActions);
  const reviewer = canReviewEvidence(item.allowedActions);
  switch (item.status) {
    case "draft":
      return editor
        ? "A draft: submit it for review once it is complete."
        : "A draft, not yet submitted for review.";
    case "ready":
      return reviewer
        ? "Submitted: approve it, or request changes saying what has to change."
        : "Submitted: waiting for a partner admin's review.";
    case "changes_requested":
      return editor ? "Make the changes asked for, then submit it again." : "Sent back for changes.";
    case "approved":
      return reviewer
        ? "Approved: it counts for the audit. Reopen it to change it, or request changes."
        : "Approved: it counts for the audit. A new revision sends it back to draft and needs a new approval.";
  }
}

/** "Approved by Avery Admin on Dec 1, 2026, revision 2 (SHA-256 3f2a…)", self-approval said so. */
function approvalText(item: EvidenceDetail): string {
  const a = item.approval;
  if (a === null) return "";
  const what =
    a.revision === null ? `this ${item.kind === "link" ? "address" : "text"}` : `revision ${a.revision}`;
  return `${a.selfApproved ? "Self-approved by its author" : "Approved by"} ${a.by} on ${formatTimestamp(a.at)}, for ${what} (SHA-256 ${a.sha256.slice(0, 12)}…).${a.selfApproved ? " The organization allows people to approve their own evidence." : ""}`;
}

/** The item's review status and the moves the signed-in person may make from it (its allowed actions). */
export function ReviewPanel({ orgId, item }: { readonly orgId: string; readonly item: EvidenceDetail }) {
  const styles = useStyles();
  const review = useReviewEvidence(orgId, item.id);
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const choices = reviewChoices(item.allowedActions, item.status);

  const act = (action: ReviewActionName, label: string) => {
    setDone(null);
    review.mutate(
      // An approval is for the revision on screen: refused if a newer one came in meanwhile.
      action === "approve" && item.currentRevision !== null
        ? { action, revision: item.currentRevision.revision }
        : { action },
      { onSuccess: (detail) => setDone(`${label}: the item is now ${statusWord(detail.status)}.`) },
    );
  };

  return (
    <Card className={styles.card} role="region" aria-labelledby="review-heading">
      <h2 id="review-heading" className={styles.heading}>
        Review
      </h2>
      <div className={styles.status}>
        <EvidenceStatusBadge status={item.status} size="large" />
        <p className={styles.hint}>{statusHint(item)}</p>
      </div>
      {item.approval !== null && (
        <p className={styles.hint} data-testid="approval">
          {approvalText(item)}
        </p>
      )}
      {item.status === "ready" && canReviewEvidence(item.allowedActions) && !item.approvalRule.allowed && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Another partner admin approves this</MessageBarTitle>
            {item.approvalRule.reason}
          </MessageBarBody>
        </MessageBar>
      )}
      {item.status === "changes_requested" && item.lastComment !== null && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Changes requested</MessageBarTitle>
            {item.lastComment}
          </MessageBarBody>
        </MessageBar>
      )}
      {choices.length > 0 && (
        <div className={styles.actions}>
          {choices.map((c) =>
            c.needsComment ? (
              <Button
                key={c.action}
                onClick={() => {
                  review.reset();
                  setDone(null);
                  setAsking(true);
                }}
                disabled={review.isPending}
              >
                {c.label}
              </Button>
            ) : (
              <Button
                key={c.action}
                appearance={c.action === "reopen" ? "secondary" : "primary"}
                onClick={() => act(c.action, c.label)}
                // Two pairs of eyes: the author of the current content does not approve it (unless allowed).
                disabled={review.isPending || (c.action === "approve" && !item.approvalRule.allowed)}
              >
                {c.action === "approve" && item.approvalRule.selfApproval
                  ? "Approve (self-approval)"
                  : c.label}
              </Button>
            ),
          )}
        </div>
      )}
      {done !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        </div>
      )}
      {review.error !== null && !asking && (
        <ErrorMessage error={review.error} title="The review did not go through" />
      )}
      <RequestChangesDialog
        // A fresh comment each time the dialog opens.
        key={asking ? "open" : "closed"}
        open={asking}
        pending={review.isPending}
        error={review.error}
        onCancel={() => setAsking(false)}
        onSend={(comment) =>
          review.mutate(
            { action: "request_changes", comment },
            {
              onSuccess: () => {
                setAsking(false);
                setDone("Changes requested: the author sees your comment.");
              },
            },
          )
        }
      />
    </Card>
  );
}

function statusWord(status: EvidenceDetail["status"]): string {
  return status === "changes_requested"
    ? "sent back for changes"
    : status === "ready"
      ? "ready for review"
      : status;
}

function RequestChangesDialog({
  open,
  pending,
  error,
  onCancel,
  onSend,
}: {
  readonly open: boolean;
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly onSend: (comment: string) => void;
}) {
  const [comment, setComment] = useState("");
  const [attempted, setAttempted] = useState(false);
  const empty = comment.trim() === "";
  const apiMessage = fieldErrors(error).comment;
  const message = attempted && empty ? "Say what has to change." : apiMessage;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (empty) return;
    onSend(comment.trim());
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        if (!d.open && !pending) onCancel();
      }}
    >
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Request changes</DialogTitle>
            <DialogContent>
              <Field
                label="What has to change"
                required
                hint="The person who added the item sees this comment"
                {...(message === undefined
                  ? {}
                  : { validationState: "error" as const, validationMessage: message })}
              >
                <Textarea
                  value={comment}
                  rows={4}
                  resize="vertical"
                  onChange={(_, d) => setComment(d.value)}
                />
              </Field>
              {error !== null && error !== undefined && apiMessage === undefined && (
                <ErrorMessage error={error} title="The request did not go through" />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onCancel} disabled={pending}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={pending}>
                {pending ? "Sending…" : "Send back"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
