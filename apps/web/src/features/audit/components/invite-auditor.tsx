import { Button, Card, Field, Input, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { PersonAddRegular } from "@fluentui/react-icons";
import { type FormEvent, useState } from "react";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { fieldErrors } from "../../../lib/api-client";
import { listInWords } from "../../../lib/format";
import { type CreatedInvitation, InvitationCreated, useInvite, useMembers } from "../../members";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  muted: { color: tokens.colorNeutralForeground2, margin: 0 },
  form: { display: "flex", flexWrap: "wrap", alignItems: "flex-start", gap: tokens.spacingHorizontalM },
  email: { minWidth: "240px", flexGrow: 1 },
  submit: { marginTop: "26px" },
});

/**
 * For partner admins: invites the auditor with the members API (role "auditor"), and shows the one-time
 * link as the members page does.
 */
export function InviteAuditor({ orgId }: { readonly orgId: string }) {
  const styles = useStyles();
  const members = useMembers(orgId);
  const invite = useInvite(orgId);
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const auditors = (members.data?.members ?? []).filter((m) => m.role === "auditor");
  const pending = (members.data?.invitations ?? []).filter((i) => i.role === "auditor");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setError("Enter the auditor's email address, such as auditor@issi.example.");
      return;
    }
    setError(undefined);
    setCreated(null);
    invite.mutate(
      { email: email.trim(), role: "auditor" },
      {
        onSuccess: (inv) => {
          setCreated(inv);
          setEmail("");
        },
      },
    );
  };

  return (
    <section aria-labelledby="invite-auditor-heading">
      <Card className={styles.card}>
        <h2 id="invite-auditor-heading" className={styles.heading}>
          Invite the auditor
        </h2>
        <p className={styles.muted}>
          The auditor reads the workspace, downloads the binder and records findings, gap reports and the
          result; they change none of your evidence.
        </p>
        {members.isError && <ErrorMessage error={members.error} title="The members could not be loaded" />}
        {members.data !== undefined && (
          <p className={styles.muted}>
            {auditors.length === 0
              ? "No auditor is a member yet."
              : `Auditor${auditors.length === 1 ? "" : "s"}: ${listInWords(auditors.map((a) => `${a.name} (${a.email})`))}.`}
            {pending.length > 0 && ` Invited: ${listInWords(pending.map((p) => p.email))}.`}{" "}
            <AppLink to={`/o/${encodeURIComponent(orgId)}/members`}>Manage members</AppLink>
          </p>
        )}
        <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="invite-auditor-heading">
          <Field
            className={styles.email}
            label="Auditor's email"
            required
            validationMessage={error ?? fieldErrors(invite.error).email}
          >
            <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} autoComplete="off" />
          </Field>
          <Button
            className={styles.submit}
            type="submit"
            icon={<PersonAddRegular />}
            disabled={invite.isPending}
          >
            {invite.isPending ? "Inviting…" : "Invite auditor"}
          </Button>
        </form>
        {invite.isError && Object.keys(fieldErrors(invite.error)).length === 0 && (
          <ErrorMessage error={invite.error} title="The invitation was not created" />
        )}
        {created !== null && <InvitationCreated created={created} />}
      </Card>
    </section>
  );
}
