import {
  Card,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Switch,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { ErrorMessage } from "../../../components/error-message";
import { formatTimestamp } from "../../../lib/format";
import { useOrganization } from "../../organizations";
import { useSetReviewPolicy } from "../api";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  muted: { margin: 0, ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
});

/**
 * Two pairs of eyes: by default the person who uploaded an item's current revision (or wrote a link or
 * note) cannot approve it. A one-person team turns that off here; turning it off asks first, and the
 * change goes to the activity log.
 */
export function ReviewPolicySection({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const details = useOrganization(orgId);
  const change = useSetReviewPolicy(orgId);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const policy = details.data?.reviewPolicy;
  const allowed = policy?.allowSelfApproval ?? false;

  const set = (allow: boolean) => {
    setDone(null);
    change.mutate(allow, {
      onSuccess: () => {
        setConfirming(false);
        setDone(
          allow
            ? "People can now approve evidence they uploaded or wrote; such approvals are marked self-approved."
            : "A second partner admin approves evidence again.",
        );
      },
    });
  };

  return (
    <section aria-labelledby="review-policy-heading">
      <Card className={styles.card}>
        <h2 id="review-policy-heading" className={styles.heading}>
          Evidence review
        </h2>
        <p className={styles.intro}>
          Only approved evidence counts for the audit. By default a partner admin cannot approve evidence
          whose current revision they uploaded, or a link or note they wrote: a second person looks at it. A
          team with a single partner admin can allow self-approval; those approvals are marked as such in the
          evidence binder.
        </p>
        <Switch
          checked={allowed}
          disabled={policy === undefined || change.isPending}
          label="Let people approve evidence they uploaded or wrote themselves"
          onChange={(_, d) => {
            if (d.checked) setConfirming(true);
            else set(false);
          }}
        />
        {policy?.changedBy != null && policy.changedAt !== null && (
          <p className={styles.muted}>
            Last changed by {policy.changedBy} on {formatTimestamp(policy.changedAt)}.
          </p>
        )}
        {done !== null && (
          <div role="status">
            <MessageBar intent="success">
              <MessageBarBody>{done}</MessageBarBody>
            </MessageBar>
          </div>
        )}
        {change.isError && !confirming && (
          <ErrorMessage error={change.error} title="The setting was not changed" />
        )}
      </Card>
      <ConfirmDialog
        open={confirming}
        title="Allow self-approval?"
        confirmLabel="Allow self-approval"
        pending={change.isPending}
        error={change.error}
        onConfirm={() => set(true)}
        onCancel={() => {
          change.reset();
          setConfirming(false);
        }}
      >
        Anyone who may approve evidence (the partner admins) can then approve what they uploaded or wrote
        themselves, with nobody else looking at it. The binder and the evidence history mark those approvals
        as self-approved, and this change is recorded in the activity log.
      </ConfirmDialog>
    </section>
  );
}
