import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { useFocusOnNavigation } from "../../../lib/router/router";
import { useRequestPasswordReset, useSetupStatus } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";

/** "Forgot password": a one-time link by e-mail, when the server sends e-mail. */
export function ForgotPasswordPage() {
  const styles = useAuthFormStyles();
  const setup = useSetupStatus();
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [sentTo, setSentTo] = useState<{ email: string; minutes: number } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  useEffect(() => {
    document.title = "Forgot password · specready";
  }, []);

  if (setup.isPending) return <PageLoading />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    if (!/^\S+@\S+\.\S+$/.test(address)) {
      setError("Enter the email address of your account, such as name@contoso.com.");
      return;
    }
    setError(undefined);
    request.mutate(
      { email: address },
      { onSuccess: (answer) => setSentTo({ email: address, minutes: answer.minutes }) },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="forgot-heading">
      <h1 id="forgot-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        Forgot your password?
      </h1>
      {setup.data?.emailEnabled === false ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>This server sends no e-mail</MessageBarTitle>
            It cannot send you a link to choose a new password. Ask a partner admin of your organization to
            invite you again, or the operator of specready to configure e-mail.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <p className={styles.intro}>
            Enter the email address of your account: we send it a link to choose a new password.
          </p>
          {sentTo !== null && (
            <MessageBar intent="success" layout="multiline" role="status">
              <MessageBarBody>
                <MessageBarTitle>Check your mail</MessageBarTitle>
                If {sentTo.email} has a specready account, a link is on its way to it. The link works once,
                within {sentTo.minutes} minutes.
              </MessageBarBody>
            </MessageBar>
          )}
          {request.isError && <ErrorMessage error={request.error} title="The link was not sent" />}
          <Field label="Email" required validationMessage={error}>
            <Input
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              onChange={(_, d) => setEmail(d.value)}
            />
          </Field>
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={request.isPending}>
              {request.isPending ? "Sending…" : "Send the link"}
            </Button>
          </div>
        </>
      )}
      <AppLink to="/sign-in">Back to sign-in</AppLink>
    </form>
  );
}
