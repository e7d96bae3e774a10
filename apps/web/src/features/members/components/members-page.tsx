import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
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
import { DeleteRegular, PersonAddRegular } from "@fluentui/react-icons";
import { type FormEvent, useState } from "react";
import { useOrg } from "../../../app/org-context";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { fieldErrors } from "../../../lib/api-client";
import { formatTimestamp, formatTimestampDate } from "../../../lib/format";
import { ROLE_DESCRIPTIONS, ROLES, type Role, roleLabel } from "../../auth";
import {
  type CreatedInvitation,
  type Member,
  type PendingInvitation,
  useChangeRole,
  useInvite,
  useMembers,
  useRemoveMember,
  useWithdrawInvitation,
} from "../api";
import { InvitationCreated } from "./invitation-created";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  small: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3 },
  role: { minWidth: "170px" },
  form: { display: "flex", flexWrap: "wrap", alignItems: "flex-start", gap: tokens.spacingHorizontalL },
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  email: { minWidth: "280px", flexGrow: 1, maxWidth: "420px" },
  submit: { marginTop: "26px" },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
});

/** Who is in the organization, with which role; invitations to send and withdraw. */
export function MembersPage() {
  const styles = useStyles();
  const { org, session } = useOrg();
  const members = useMembers(org.id);
  return (
    <div className={styles.page}>
      <PageHeader
        title="Members"
        context={org.name}
        description="People in this organization and their roles. Invite colleagues with a one-time link."
      />
      <section className={styles.section} aria-labelledby="members-heading">
        <h2 id="members-heading" className={styles.heading}>
          Members
        </h2>
        {members.isPending && <PageLoading label="Loading the members…" />}
        {members.isError && <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />}
        {members.data !== undefined && (
          <MembersTable orgId={org.id} members={members.data.members} selfId={session.user.id} />
        )}
      </section>
      <InviteForm orgId={org.id} />
      <section className={styles.section} aria-labelledby="invitations-heading">
        <h2 id="invitations-heading" className={styles.heading}>
          Pending invitations
        </h2>
        {members.data !== undefined && (
          <InvitationsTable orgId={org.id} invitations={members.data.invitations} />
        )}
      </section>
    </div>
  );
}

function MembersTable({
  orgId,
  members,
  selfId,
}: {
  orgId: string;
  members: readonly Member[];
  selfId: string;
}) {
  const styles = useStyles();
  const changeRole = useChangeRole(orgId);
  const remove = useRemoveMember(orgId);
  const restoreFocus = useRestoreFocusTarget();
  const [removing, setRemoving] = useState<Member | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <>
      {changeRole.isError && <ErrorMessage error={changeRole.error} title="The role was not changed" />}
      <div className={styles.wrap}>
        <Table style={AUTO_LAYOUT} size="small" aria-label="Members">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Joined</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.small}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((m) => {
              const busy = changeRole.isPending && changeRole.variables?.userId === m.userId;
              return (
                <TableRow key={m.userId}>
                  <TableCell>
                    {m.name}
                    {m.userId === selfId && (
                      <>
                        {" "}
                        <Badge appearance="outline" size="small">
                          you
                        </Badge>
                      </>
                    )}
                  </TableCell>
                  <TableCell>{m.email}</TableCell>
                  <TableCell>
                    <Dropdown
                      className={styles.role}
                      size="small"
                      aria-label={`Role of ${m.name}`}
                      value={busy ? `${roleLabel(changeRole.variables?.role ?? m.role)}…` : roleLabel(m.role)}
                      selectedOptions={[m.role]}
                      disabled={busy}
                      onOptionSelect={(_, data) => {
                        const role = data.optionValue as Role | undefined;
                        if (role === undefined || role === m.role) return;
                        setMessage(null);
                        changeRole.mutate(
                          { userId: m.userId, role },
                          {
                            onSuccess: () => setMessage(`${m.name} is now ${roleLabel(role).toLowerCase()}.`),
                          },
                        );
                      }}
                    >
                      {ROLES.map((r) => (
                        <Option key={r} value={r} text={roleLabel(r)}>
                          {roleLabel(r)}
                        </Option>
                      ))}
                    </Dropdown>
                  </TableCell>
                  <TableCell>{formatTimestampDate(m.joinedAt)}</TableCell>
                  <TableCell>
                    <Button
                      {...restoreFocus}
                      size="small"
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      aria-label={`Remove ${m.name}`}
                      onClick={() => {
                        remove.reset();
                        setRemoving(m);
                      }}
                    >
                      Remove
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <div role="status" aria-live="polite">
        {message !== null && <p>{message}</p>}
      </div>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? "this member"}?`}
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing === null) return;
          const who = removing;
          remove.mutate(who.userId, {
            onSuccess: () => {
              setMessage(`${who.name} was removed.`);
              setRemoving(null);
            },
          });
        }}
      >
        {removing !== null && (
          <p>
            {removing.name} ({removing.email}) will no longer see this organization. Their earlier imports and
            the activity log stay.
            {removing.userId === selfId ? " You are removing yourself: you will lose access right away." : ""}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

function InviteForm({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const invite = useInvite(orgId);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("contributor");
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setError("Enter an email address such as name@contoso.com.");
      return;
    }
    setError(undefined);
    setCreated(null);
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (inv) => {
          setCreated(inv);
          setEmail("");
        },
      },
    );
  };

  return (
    <section aria-labelledby="invite-heading">
      <Card className={styles.card}>
        <h2 id="invite-heading" className={styles.heading}>
          Invite someone
        </h2>
        <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="invite-heading">
          <Field
            className={styles.email}
            label="Email"
            required
            validationMessage={error ?? fieldErrors(invite.error).email}
          >
            <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} autoComplete="off" />
          </Field>
          <Field label="Role" hint={ROLE_DESCRIPTIONS[role]}>
            <Dropdown
              className={styles.role}
              value={roleLabel(role)}
              selectedOptions={[role]}
              onOptionSelect={(_, d) => d.optionValue !== undefined && setRole(d.optionValue as Role)}
            >
              {ROLES.map((r) => (
                <Option key={r} value={r} text={roleLabel(r)}>
                  {roleLabel(r)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Button
            className={styles.submit}
            type="submit"
            appearance="primary"
            icon={<PersonAddRegular />}
            disabled={invite.isPending}
          >
            {invite.isPending ? "Inviting…" : "Create invitation"}
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

function InvitationsTable({
  orgId,
  invitations,
}: {
  orgId: string;
  invitations: readonly PendingInvitation[];
}) {
  const styles = useStyles();
  const withdraw = useWithdrawInvitation(orgId);
  const restoreFocus = useRestoreFocusTarget();
  const [target, setTarget] = useState<PendingInvitation | null>(null);
  if (invitations.length === 0) return <p className={styles.empty}>No pending invitations.</p>;
  return (
    <>
      <div className={styles.wrap}>
        <Table style={AUTO_LAYOUT} size="small" aria-label="Pending invitations">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Invited</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.small}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {invitations.map((i) => (
              <TableRow key={i.id}>
                <TableCell>{i.email}</TableCell>
                <TableCell>{roleLabel(i.role)}</TableCell>
                <TableCell>{formatTimestamp(i.createdAt)}</TableCell>
                <TableCell>{formatTimestamp(i.expiresAt)}</TableCell>
                <TableCell>
                  <Button
                    {...restoreFocus}
                    size="small"
                    appearance="subtle"
                    icon={<DeleteRegular />}
                    aria-label={`Withdraw the invitation of ${i.email}`}
                    onClick={() => {
                      withdraw.reset();
                      setTarget(i);
                    }}
                  >
                    Withdraw
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ConfirmDialog
        open={target !== null}
        title="Withdraw the invitation?"
        confirmLabel="Withdraw"
        pending={withdraw.isPending}
        error={withdraw.error}
        onCancel={() => setTarget(null)}
        onConfirm={() => target !== null && withdraw.mutate(target.id, { onSuccess: () => setTarget(null) })}
      >
        <p>The link sent to {target?.email} will stop working.</p>
      </ConfirmDialog>
    </>
  );
}
