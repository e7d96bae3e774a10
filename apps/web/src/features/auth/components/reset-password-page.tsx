import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useRouteParams } from "../../../app/route-params";
import { AppLink } from "../../../components/app-link";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { ApiError, fieldErrors } from "../../../lib/api-client";
import { useFocusOnNavigation } from "../../../lib/router/router";
import { useCompletePasswordReset, usePasswordResetLink } from "../api";
import { newPasswordProblem, PASSWORD_HINT, serverPasswordMessage } from "../password-rule";
import { useAuthFormStyles } from "./auth-form-styles";

/** Choosing a new password with the link of a "forgot password" e-mail. */
export function ResetPasswordPage() {
  const styles = useAuthFormStyles();
  const token = useRouteParams().token ?? "";
  const link = usePasswordResetLink(token);
  const complete = useCompletePasswordReset(token);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  useEffect(() => {
    document.title = "Choose a new password · specready";
  }, []);

  if (link.isPending) return <PageLoading />;

  const gone =
    (link.isError && link.error instanceof ApiError && link.error.status === 404) ||
    (complete.isError && complete.error instanceof ApiError && complete.error.status === 404);
  if (gone || link.isError) {
    return (
      <div className={styles.form}>
        <h1 ref={heading} tabIndex={-1} className={styles.heading}>
          Choose a new password
        </h1>
        {gone ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>This link cannot be used</MessageBarTitle>
              It was used already, a newer password was set, or it has expired.
            </MessageBarBody>
          </MessageBar>
        ) : (
          <ErrorMessage error={link.error} onRetry={() => void link.refetch()} />
        )}
        <AppLink to="/forgot-password">Ask for a new link</AppLink>
      </div>
    );
  }

  if (complete.isSuccess) {
    return (
      <div className={styles.form}>
        <h1 ref={heading} tabIndex={-1} className={styles.heading}>
          Password changed
        </h1>
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody>
            <MessageBarTitle>Your new password is set</MessageBarTitle>
            Every browser signed in to this account was signed out. Sign in with the new password.
          </MessageBarBody>
        </MessageBar>
        <AppLink to="/sign-in">Sign in</AppLink>
      </div>
    );
  }

  const server = fieldErrors(complete.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password);
    setError(problem);
    if (problem === undefined) complete.mutate({ password });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="reset-heading">
      <h1 id="reset-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        Choose a new password
      </h1>
      <p className={styles.intro}>
        For the account <strong>{link.data.email}</strong>. Every browser signed in to it will be signed out.
      </p>
      {complete.isError && Object.keys(server).length === 0 && (
        <ErrorMessage error={complete.error} title="The password was not changed" />
      )}
      <input type="email" name="username" autoComplete="username" value={link.data.email} readOnly hidden />
      <Field
        label="New password"
        required
        validationMessage={error ?? serverPasswordMessage(server.password)}
        hint={PASSWORD_HINT}
      >
        <Input
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(_, d) => setPassword(d.value)}
        />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={complete.isPending}>
          {complete.isPending ? "Saving…" : "Set the new password"}
        </Button>
      </div>
    </form>
  );
}
