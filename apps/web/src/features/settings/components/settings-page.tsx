import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
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
import { DeleteRegular, KeyRegular } from "@fluentui/react-icons";
import { type FormEvent, useEffect, useState } from "react";
import { can } from "../../../api/allowed-actions";
import { useOrg } from "../../../app/org-context";
import { ConfirmDialog } from "../../../components/confirm-dialog";
import { CopyButton } from "../../../components/copy-button";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { PageLoading } from "../../../components/page-loading";
import { AUTO_LAYOUT } from "../../../components/table-layout";
import { fieldErrors } from "../../../lib/api-client";
import { formatDate, formatTimestamp, isCalendarDate, todayIso } from "../../../lib/format";
import { useSetupStatus } from "../../auth";
import { useOrganization } from "../../organizations";
import { SpecializationsSection } from "../../specializations";
import {
  type ApiToken,
  type CreatedToken,
  type TokenRole,
  useCreateToken,
  useRecordApplication,
  useRevokeToken,
  useTokens,
} from "../api";
import { EmailSection } from "./email-section";
import { EntraPolicySection } from "./entra-policy-section";
import { ProgramSection } from "./program-section";
import { RemindersSection } from "./reminders-section";
import { ReviewPolicySection } from "./review-policy-section";
import { TwoFactorPolicySection } from "./two-factor-policy-section";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXL },
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexWrap: "wrap", alignItems: "flex-start", gap: tokens.spacingHorizontalL },
  field: { minWidth: "200px" },
  wideField: { minWidth: "260px", flexGrow: 1, maxWidth: "420px" },
  submit: { marginTop: "26px" },
  wrap: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  secret: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    alignItems: "center",
    flexWrap: "wrap",
    marginTop: tokens.spacingVerticalS,
  },
  secretInput: { flexGrow: 1, minWidth: "280px", fontFamily: tokens.fontFamilyMonospace },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
  code: { fontFamily: tokens.fontFamilyMonospace },
  prefix: {
    display: "block",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground3,
  },
});

/** Organization settings for partner admins: the application record, the program version and the API tokens. */
export function SettingsPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const setup = useSetupStatus();
  return (
    <div className={styles.page}>
      <PageHeader
        title="Settings"
        context={org.name}
        description="The specialization application, the program version, who approves evidence, API access and e-mail."
      />
      <ApplicationSection orgId={org.id} />
      <SpecializationsSection orgId={org.id} canEdit={can(org, "program.configure")} />
      <ProgramSection orgId={org.id} />
      <ReviewPolicySection orgId={org.id} />
      <TokensSection orgId={org.id} />
      <TwoFactorPolicySection orgId={org.id} />
      <EntraPolicySection orgId={org.id} entraEnabled={setup.data?.entraEnabled === true} />
      <EmailSection />
      <RemindersSection orgId={org.id} />
    </div>
  );
}

function ApplicationSection({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const details = useOrganization(orgId);
  const record = useRecordApplication(orgId);
  const application = details.data?.application ?? null;
  const [date, setDate] = useState("");
  const [reference, setReference] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (application !== null) {
      setDate(application.submittedOn);
      setReference(application.reference ?? "");
    }
  }, [application]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (!isCalendarDate(date)) {
      setError("Enter the date the application was submitted.");
      return;
    }
    if (date > todayIso()) {
      setError("The date is in the future.");
      return;
    }
    setError(undefined);
    const ref = reference.trim();
    record.mutate(ref === "" ? { submittedOn: date } : { submittedOn: date, reference: ref }, {
      onSuccess: () => setSaved(true),
    });
  };
  const server = fieldErrors(record.error);

  return (
    <section aria-labelledby="application-heading">
      <Card className={styles.card}>
        <h2 id="application-heading" className={styles.heading}>
          Specialization application
        </h2>
        <p className={styles.intro}>
          Record when you submitted the application in Partner Center, so your team knows it is under way.
        </p>
        {details.isPending && <PageLoading />}
        {details.isError && <ErrorMessage error={details.error} onRetry={() => void details.refetch()} />}
        {application !== null && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>
                Submitted on {formatDate(application.submittedOn, undefined, "long")}
              </MessageBarTitle>
              {application.reference !== null && application.reference !== ""
                ? `Reference ${application.reference}. `
                : ""}
              Recorded by {application.recordedBy} on {formatTimestamp(application.recordedAt)}.
            </MessageBarBody>
          </MessageBar>
        )}
        <form className={styles.form} onSubmit={submit} noValidate aria-label="Record the application">
          <Field
            className={styles.field}
            label="Submitted on"
            required
            validationMessage={error ?? server.submittedOn}
          >
            <Input type="date" value={date} max={todayIso()} onChange={(_, d) => setDate(d.value)} />
          </Field>
          <Field
            className={styles.wideField}
            label="Reference"
            hint="The request number Partner Center shows, if any"
            validationMessage={server.reference}
          >
            <Input value={reference} onChange={(_, d) => setReference(d.value)} />
          </Field>
          <Button className={styles.submit} type="submit" appearance="primary" disabled={record.isPending}>
            {record.isPending ? "Saving…" : application === null ? "Record the application" : "Update"}
          </Button>
        </form>
        {record.isError && Object.keys(server).length === 0 && (
          <ErrorMessage error={record.error} title="Not saved" />
        )}
        <div role="status" aria-live="polite">
          {saved && <span>The application is recorded.</span>}
        </div>
      </Card>
    </section>
  );
}

const TOKEN_ROLES: readonly { value: TokenRole; label: string; hint: string }[] = [
  { value: "viewer", label: "Viewer", hint: "Reads the evaluation, the dashboard and the imports" },
  {
    value: "contributor",
    label: "Contributor",
    hint: "Also uploads and imports files (for automated exports)",
  },
];

function TokensSection({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const list = useTokens(orgId);
  const create = useCreateToken(orgId);
  const revoke = useRevokeToken(orgId);
  const restoreFocus = useRestoreFocusTarget();
  const [name, setName] = useState("");
  const [role, setRole] = useState<TokenRole>("viewer");
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === "") {
      setError("Name the token after what uses it, e.g. Nightly usage export.");
      return;
    }
    setError(undefined);
    setCreated(null);
    create.mutate(
      { name: name.trim(), role },
      {
        onSuccess: (t) => {
          setCreated(t);
          setName("");
        },
      },
    );
  };
  const roleInfo = TOKEN_ROLES.find((r) => r.value === role);

  return (
    <section aria-labelledby="tokens-heading">
      <Card className={styles.card}>
        <h2 id="tokens-heading" className={styles.heading}>
          API tokens
        </h2>
        <p className={styles.intro}>
          Scripts and scheduled jobs use a token instead of a password: send it as{" "}
          <code className={styles.code}>Authorization: Bearer sr_…</code>. A token reaches this organization
          only. The API is described in the <a href="/api/docs">API reference</a> (OpenAPI 3.1:{" "}
          <a href="/api/openapi.json">/api/openapi.json</a>).
        </p>
        <form className={styles.form} onSubmit={submit} noValidate aria-label="Create an API token">
          <Field
            className={styles.wideField}
            label="Name"
            required
            validationMessage={error ?? fieldErrors(create.error).name}
          >
            <Input value={name} onChange={(_, d) => setName(d.value)} autoComplete="off" />
          </Field>
          <Field className={styles.field} label="Role" hint={roleInfo?.hint}>
            <Dropdown
              value={roleInfo?.label ?? role}
              selectedOptions={[role]}
              onOptionSelect={(_, d) => d.optionValue !== undefined && setRole(d.optionValue as TokenRole)}
            >
              {TOKEN_ROLES.map((r) => (
                <Option key={r.value} value={r.value} text={r.label}>
                  {r.label}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Button
            className={styles.submit}
            type="submit"
            appearance="primary"
            icon={<KeyRegular />}
            disabled={create.isPending}
          >
            {create.isPending ? "Creating…" : "Create token"}
          </Button>
        </form>
        {create.isError && Object.keys(fieldErrors(create.error)).length === 0 && (
          <ErrorMessage error={create.error} title="The token was not created" />
        )}
        {created !== null && (
          <MessageBar intent="warning" layout="multiline" role="status">
            <MessageBarBody>
              <MessageBarTitle>Copy the token now</MessageBarTitle>
              This is the only time the secret of “{created.name}” is shown. Store it where the script reads
              it.
              <div className={styles.secret}>
                <Input
                  className={styles.secretInput}
                  readOnly
                  value={created.token}
                  aria-label={`Secret of the token ${created.name}`}
                  onFocus={(e) => e.target.select()}
                />
                <CopyButton text={created.token} what="token secret" />
                <Button appearance="subtle" onClick={() => setCreated(null)}>
                  Done
                </Button>
              </div>
            </MessageBarBody>
          </MessageBar>
        )}

        {list.isPending && <PageLoading label="Loading the tokens…" />}
        {list.isError && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
        {list.data !== undefined && list.data.length === 0 && (
          <p className={styles.empty}>No API tokens yet.</p>
        )}
        {list.data !== undefined && list.data.length > 0 && (
          <div className={styles.wrap}>
            <Table style={AUTO_LAYOUT} size="small" aria-label="API tokens">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Role</TableHeaderCell>
                  <TableHeaderCell>Created</TableHeaderCell>
                  <TableHeaderCell>Last used</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>
                    <span>Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.data.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell>
                      {t.name}
                      {t.prefix !== undefined && <code className={styles.prefix}>{t.prefix}…</code>}
                    </TableCell>
                    <TableCell>{TOKEN_ROLES.find((r) => r.value === t.role)?.label ?? t.role}</TableCell>
                    <TableCell>
                      {formatTimestamp(t.createdAt)}
                      {t.createdBy !== null ? ` by ${t.createdBy}` : ""}
                    </TableCell>
                    <TableCell>{t.lastUsedAt === null ? "Never" : formatTimestamp(t.lastUsedAt)}</TableCell>
                    <TableCell>
                      {t.revokedAt === null ? (
                        <Badge appearance="tint" color="success">
                          Active
                        </Badge>
                      ) : (
                        <Badge appearance="tint" color="subtle">
                          Revoked {formatTimestamp(t.revokedAt)}
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell>
                      {t.revokedAt === null && (
                        <Button
                          {...restoreFocus}
                          size="small"
                          appearance="subtle"
                          icon={<DeleteRegular />}
                          aria-label={`Revoke the token ${t.name}`}
                          onClick={() => {
                            revoke.reset();
                            setRevoking(t);
                          }}
                        >
                          Revoke
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <ConfirmDialog
          open={revoking !== null}
          title={`Revoke “${revoking?.name ?? ""}”?`}
          confirmLabel="Revoke"
          pending={revoke.isPending}
          error={revoke.error}
          onCancel={() => setRevoking(null)}
          onConfirm={() =>
            revoking !== null && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })
          }
        >
          <p>
            Scripts using this token stop working at once. This cannot be undone; create a new token if
            needed.
          </p>
        </ConfirmDialog>
      </Card>
    </section>
  );
}
