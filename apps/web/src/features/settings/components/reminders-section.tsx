import {
  Badge,
  Button,
  Card,
  Field,
  Input,
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
import { type FormEvent, useEffect, useState } from "react";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { fieldErrors } from "../../../lib/api-client";
import { formatTimestamp } from "../../../lib/format";
import {
  useReminderDeliveries,
  useReminderSettings,
  useRetryDelivery,
  useSaveReminderSettings,
} from "../api";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  subheading: { ...typographyStyles.subtitle2, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  row: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-end", flexWrap: "wrap" },
  wide: { minWidth: "320px", flexGrow: 1, maxWidth: "520px" },
  wrap: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
});

/** The organization's reminder settings and Teams channel, and the delivery log; each member's own switches are on Your reminders. */
export function RemindersSection({ orgId }: { orgId: string }) {
  const styles = useStyles();
  return (
    <section aria-labelledby="reminders-heading">
      <Card className={styles.card}>
        <h2 id="reminders-heading" className={styles.heading}>
          Reminders and digests
        </h2>
        <p className={styles.intro}>
          specready reminds people by e-mail of expiring certifications, projects ageing out before the audit,
          months leaving the ACR window, evidence waiting for review, changes requested, open findings and
          audit deadlines, and sends a digest every Monday. The organization can also send them to a Microsoft
          Teams channel.
        </p>
        <p className={styles.intro}>
          Your own reminder e-mails and digest are on{" "}
          <AppLink to={`/o/${encodeURIComponent(orgId)}/notifications`}>Your reminders</AppLink> (in the
          account menu), where every member chooses theirs.
        </p>
        <OrganizationReminders orgId={orgId} />
        <Deliveries orgId={orgId} />
      </Card>
    </section>
  );
}

function OrganizationReminders({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const settings = useReminderSettings(orgId);
  const save = useSaveReminderSettings(orgId);
  const [days, setDays] = useState("");
  const [url, setUrl] = useState("");
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data !== undefined) setDays(String(settings.data.reviewWaitDays));
  }, [settings.data]);
  if (settings.isPending) return <PageLoading label="Loading the reminder settings…" />;
  if (settings.isError)
    return <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const errorsOf = fieldErrors(save.error);
  const submit = (event: FormEvent, teamsWebhookUrl?: string | null) => {
    event.preventDefault();
    setDone(null);
    save.mutate(
      { reviewWaitDays: Number(days), ...(teamsWebhookUrl === undefined ? {} : { teamsWebhookUrl }) },
      {
        onSuccess: () => {
          setUrl("");
          setDone("Saved.");
        },
      },
    );
  };
  return (
    <form onSubmit={(e) => submit(e, url.trim() === "" ? undefined : url.trim())} noValidate>
      <h3 className={styles.subheading}>The organization</h3>
      {!s.email && (
        <MessageBar intent="warning">
          <MessageBarBody>
            E-mail is off on this server (SPECREADY_SMTP_URL): only Teams gets reminders.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Field
          label="Remind of evidence waiting for review after (days)"
          validationMessage={errorsOf.reviewWaitDays}
        >
          <Input type="number" min={1} max={90} value={days} onChange={(_, d) => setDays(d.value)} />
        </Field>
        <Field
          className={styles.wide}
          label="Teams incoming webhook address"
          hint={
            s.teamsWebhook === null
              ? "In Teams, create a webhook for the channel (Workflows: “Post to a channel when a webhook request is received”, or the Incoming Webhook) and paste its address: https on *.webhook.office.com, *.logic.azure.com or *.powerplatform.com."
              : `Set: ${s.teamsWebhook.masked}. Paste a new address to replace it.`
          }
          validationMessage={errorsOf.teamsWebhookUrl}
        >
          <Input type="url" value={url} onChange={(_, d) => setUrl(d.value)} autoComplete="off" />
        </Field>
        <Button type="submit" appearance="primary" disabled={save.isPending}>
          Save reminder settings
        </Button>
        {s.teamsWebhook !== null && (
          <Button disabled={save.isPending} onClick={(e) => submit(e, null)}>
            Remove the Teams channel
          </Button>
        )}
      </div>
      {done !== null && (
        <div role="status">
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        </div>
      )}
      {save.isError && <ErrorMessage error={save.error} title="The settings were not saved" />}
    </form>
  );
}

const STATUS: Record<string, { label: string; color: "success" | "warning" | "danger" | "informative" }> = {
  sent: { label: "Sent", color: "success" },
  pending: { label: "Waiting", color: "informative" },
  sending: { label: "Sending", color: "informative" },
  failed: { label: "Failed", color: "danger" },
};

function Deliveries({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const list = useReminderDeliveries(orgId);
  const retry = useRetryDelivery(orgId);
  if (list.isPending) return <PageLoading label="Loading the deliveries…" />;
  if (list.isError) return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  const { counts, deliveries } = list.data;
  return (
    <div>
      <h3 className={styles.subheading}>Delivery</h3>
      <p className={styles.intro}>
        {counts.sent} sent, {counts.pending + counts.sending} waiting, {counts.failed} failed.
      </p>
      {deliveries.length === 0 ? (
        <p className={styles.empty}>Nothing sent yet.</p>
      ) : (
        <div className={styles.wrap}>
          <Table style={AUTO_LAYOUT} size="small" aria-label="Reminder deliveries">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Reminder</TableHeaderCell>
                <TableHeaderCell>To</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Error</TableHeaderCell>
                <TableHeaderCell>
                  <span>Actions</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {deliveries.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>{d.subject}</TableCell>
                  <TableCell>
                    {d.channel === "teams" ? "Teams channel" : (d.recipient ?? "a former member")}
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={STATUS[d.status]?.color ?? "informative"}>
                      {STATUS[d.status]?.label ?? d.status}
                    </Badge>
                    {d.status === "sent" && d.sentAt !== null && ` ${formatTimestamp(d.sentAt)}`}
                    {d.nextAttemptAt !== null &&
                      d.attempts > 0 &&
                      ` — next try ${formatTimestamp(d.nextAttemptAt)}`}
                  </TableCell>
                  <TableCell>{d.status === "sent" ? "" : (d.lastError ?? "")}</TableCell>
                  <TableCell>
                    {(d.status === "failed" || (d.status === "pending" && d.attempts > 0)) && (
                      <Button
                        size="small"
                        disabled={retry.isPending}
                        onClick={() => retry.mutate(d.id)}
                        aria-label={`Retry now: ${d.subject}`}
                      >
                        Retry now
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {retry.isError && <ErrorMessage error={retry.error} title="Not retried" />}
    </div>
  );
}
