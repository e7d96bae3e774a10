import {
  Button,
  Card,
  Field,
  makeStyles,
  Switch,
  Textarea,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useState } from "react";
import { can } from "../../../api/allowed-actions";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { fieldErrors } from "../../../lib/api-client";
import { useOrganization } from "../../organizations";
import { useSetEntraPolicy } from "../api";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/** The tenant ids typed one a line (or separated by commas or spaces). */
function tenantList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/**
 * A partner admin's Microsoft (Entra ID) sign-in rules: which tenants' people may use the organization
 * after a Microsoft sign-in, and whether members must sign in with Microsoft (not a password).
 */
export function EntraPolicySection({ orgId, entraEnabled }: { orgId: string; entraEnabled: boolean }) {
  const styles = useStyles();
  const details = useOrganization(orgId);
  const change = useSetEntraPolicy(orgId);
  const saved = details.data?.entraPolicy;
  const [tenants, setTenants] = useState("");
  const [required, setRequired] = useState(false);
  useEffect(() => {
    if (saved === undefined) return;
    setTenants(saved.allowedTenantIds.join("\n"));
    setRequired(saved.requireEntra);
  }, [saved]);
  if (details.data === undefined || saved === undefined || !can(details.data, "entra-policy.change"))
    return null;
  if (!entraEnabled && !saved.requireEntra && saved.allowedTenantIds.length === 0) return null;
  const problems = change.isError ? fieldErrors(change.error) : {};
  const tenantProblem = Object.entries(problems)
    .filter(([path]) => path.startsWith("allowedTenantIds"))
    .map(([, message]) => message)
    .join(" ");
  const save = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ allowedTenantIds: tenantList(tenants), requireEntra: required });
  };
  return (
    <section aria-labelledby="entra-policy-heading">
      <Card className={styles.card}>
        <h2 id="entra-policy-heading" className={styles.heading}>
          Sign-in with Microsoft
        </h2>
        <p className={styles.intro}>
          Accept Microsoft sign-ins from your own Entra tenants only, and require members to sign in with
          Microsoft rather than a password. Link your own Microsoft account first (
          <AppLink to="/account/two-factor">Two-factor sign-in</AppLink>) and sign in with it: requiring it is
          accepted only then, so you cannot lock yourself out.
        </p>
        <form onSubmit={save} noValidate aria-label="Microsoft sign-in rules" className={styles.card}>
          <Field
            label="Entra tenant IDs accepted (one a line; none: any tenant)"
            validationMessage={tenantProblem || undefined}
            hint="The Directory (tenant) ID, a GUID, as the Entra admin center's Overview page shows it."
          >
            <Textarea value={tenants} onChange={(_, d) => setTenants(d.value)} rows={3} resize="vertical" />
          </Field>
          <Switch
            checked={required}
            label="Require members to sign in with Microsoft"
            onChange={(_, d) => setRequired(d.checked)}
          />
          {change.isError && tenantProblem === "" && (
            <ErrorMessage error={change.error} title="The rules were not changed" />
          )}
          {change.isSuccess && !change.isPending && <p role="status">Saved.</p>}
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={change.isPending}>
              {change.isPending ? "Saving…" : "Save the sign-in rules"}
            </Button>
          </div>
        </form>
      </Card>
    </section>
  );
}
