import { Button, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { ErrorMessage } from "../../../components/error-message";
import { useSearchParams } from "../../../lib/router/router";
import { entraProblem, useEntraStatus, useStartEntraLink, useUnlinkEntra } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";

/** The Microsoft (Entra ID) account linked to the signed-in person: link one, or unlink it. */
export function EntraLinkSection() {
  const styles = useAuthFormStyles();
  const status = useEntraStatus();
  const link = useStartEntraLink();
  const unlink = useUnlinkEntra();
  const params = useSearchParams();
  const refused = params.get("entraError");
  if (status.data === undefined || !status.data.configured) return null;
  const identity = status.data.identity;
  return (
    <section aria-labelledby="entra-link-heading" className={styles.form}>
      <h2 id="entra-link-heading" className={styles.heading}>
        Sign in with Microsoft
      </h2>
      {params.get("entra") === "linked" && identity !== null && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>Your Microsoft account is linked: you can sign in with it.</MessageBarBody>
        </MessageBar>
      )}
      {refused !== null && (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not linked</MessageBarTitle>
            {entraProblem(refused)}
          </MessageBarBody>
        </MessageBar>
      )}
      {identity === null ? (
        <>
          <p className={styles.intro}>
            Link your work account (Microsoft Entra ID) to sign in with it instead of your password.
          </p>
          {link.isError && <ErrorMessage error={link.error} title="Linking did not start" />}
          <div className={styles.actions}>
            <Button appearance="primary" onClick={() => link.mutate()} disabled={link.isPending}>
              {link.isPending ? "Opening Microsoft…" : "Link a Microsoft account"}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className={styles.intro}>
            Linked to {identity.username || "a Microsoft account"} (tenant {identity.tenantId}).
            {status.data.required && " An organization you belong to requires it, so it stays linked."}
          </p>
          {unlink.isError && <ErrorMessage error={unlink.error} title="Still linked" />}
          {!status.data.required && (
            <div className={styles.actions}>
              <Button onClick={() => unlink.mutate()} disabled={unlink.isPending}>
                Unlink the Microsoft account
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
