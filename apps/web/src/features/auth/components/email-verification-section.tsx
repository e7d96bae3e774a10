import { Button, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { ErrorMessage } from "../../../components/error-message";
import { useEmailVerification, useSendEmailVerification } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";

/**
 * An account made while the server sent no e-mail has an address nothing proved: once e-mail is on, it
 * says so, and sends the person a link that verifies it.
 */
export function EmailVerificationSection() {
  const styles = useAuthFormStyles();
  const status = useEmailVerification();
  const send = useSendEmailVerification();
  if (status.data === undefined || status.data.verified || !status.data.emailEnabled) return null;
  return (
    <section aria-labelledby="email-verification-heading" className={styles.form}>
      <h2 id="email-verification-heading" className={styles.heading}>
        Address not verified
      </h2>
      <p className={styles.intro}>
        Your account was made while specready sent no e-mail, so nothing has proved that its address is yours.
        Verify it: an invitation or a Microsoft sign-in can then rely on it.
      </p>
      {send.data !== undefined && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            <MessageBarTitle>Sent</MessageBarTitle>
            Open the link in the e-mail within {send.data.minutes} minutes.
          </MessageBarBody>
        </MessageBar>
      )}
      {send.isError && <ErrorMessage error={send.error} title="No link was sent" />}
      <div className={styles.actions}>
        <Button onClick={() => send.mutate()} disabled={send.isPending}>
          {send.isPending ? "Sending…" : "Send a verification link"}
        </Button>
      </div>
    </section>
  );
}
