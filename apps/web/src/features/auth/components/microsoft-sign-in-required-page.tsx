import { Button, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { navigate, useFocusOnNavigation, useSearchParams } from "../../../lib/router/router";
import { entraSignInHref, useSession, useSetupStatus, useSignOut } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";

/**
 * Where the app sends a person an organization refused for the way they signed in (`?reason=`):
 * `entra_required`, it requires signing in with Microsoft and this is a password session;
 * `entra_tenant_refused`, it accepts Microsoft accounts of its own tenants only. It says so, and offers
 * to sign in with Microsoft (a plain link: the server sends the browser on to Microsoft) or to sign out.
 */
export function MicrosoftSignInRequiredPage() {
  const styles = useAuthFormStyles();
  const params = useSearchParams();
  const tenantRefused = params.get("reason") === "entra_tenant_refused";
  const setup = useSetupStatus();
  const session = useSession();
  const signOut = useSignOut();
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  const title = tenantRefused ? "Your Microsoft account is not accepted" : "Sign in with Microsoft";
  useEffect(() => {
    document.title = `${title} · specready`;
  }, [title]);
  const leave = () => {
    setError(null);
    signOut.mutate(undefined, {
      onSuccess: () => navigate("/sign-in", { replace: true }),
      onError: (e) => setError(e),
    });
  };
  return (
    <section className={styles.form} aria-labelledby="entra-required-heading">
      <h1 id="entra-required-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        {title}
      </h1>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>
            {tenantRefused
              ? "This organization accepts its own Microsoft tenants only"
              : "This organization requires signing in with Microsoft"}
          </MessageBarTitle>
          {tenantRefused
            ? "You signed in with a Microsoft account of another tenant (directory) than the organization's. Sign in with your work account of the organization's tenant, or sign out."
            : "You signed in with a password, and the organization's administrators require its members to sign in with their Microsoft (Entra ID) work account. Sign in with Microsoft to continue, or sign out."}
        </MessageBarBody>
      </MessageBar>
      <p className={styles.intro}>
        If Microsoft says no specready account is linked to yours, sign in once with your password at an
        organization that allows it and link Microsoft under Two-factor sign-in, or ask an administrator of
        the organization.
      </p>
      {setup.data?.entraEnabled === false && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            Sign-in with Microsoft is not set up on this server: tell your administrator.
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        {setup.data?.entraEnabled !== false && (
          <Button as="a" appearance="primary" href={entraSignInHref()}>
            Sign in with Microsoft
          </Button>
        )}
        <Button onClick={leave} disabled={signOut.isPending}>
          {signOut.isPending ? "Signing out…" : "Sign out"}
        </Button>
      </div>
      {(session.data?.organizations.length ?? 0) > 1 && <AppLink to="/">Your other organizations</AppLink>}
      {error !== null && <ErrorMessage error={error} title="Signing out failed" />}
    </section>
  );
}
