import { Card, makeStyles, Switch, tokens, typographyStyles } from "@fluentui/react-components";
import { can } from "../../../api/allowed-actions";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { useOrganization } from "../../organizations";
import { useSetTwoFactorPolicy } from "../api";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/** A partner admin requires two-factor sign-in of every member; members without it set it up first. */
export function TwoFactorPolicySection({ orgId }: { orgId: string }) {
  const styles = useStyles();
  const details = useOrganization(orgId);
  const change = useSetTwoFactorPolicy(orgId);
  if (details.data === undefined || !can(details.data, "two-factor.require")) return null;
  return (
    <section aria-labelledby="two-factor-policy-heading">
      <Card className={styles.card}>
        <h2 id="two-factor-policy-heading" className={styles.heading}>
          Two-factor sign-in
        </h2>
        <p className={styles.intro}>
          Require every member to sign in with a code from an authenticator app after their password. Members
          who have not set it up are asked to at their next visit, and see nothing of the organization until
          they do. Set it up for yourself first (
          <AppLink to="/account/two-factor">Two-factor sign-in</AppLink>
          ).
        </p>
        <Switch
          checked={details.data.requireTwoFactor}
          disabled={change.isPending}
          label="Require two-factor sign-in of every member"
          onChange={(_, d) => change.mutate(d.checked)}
        />
        {change.isError && <ErrorMessage error={change.error} title="The setting was not changed" />}
      </Card>
    </section>
  );
}
