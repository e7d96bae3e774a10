import {
  Button,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, errorMessage } from "../../../lib/api-client";
import { type Session, useSubmitCode } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";

/**
 * The second step of signing in: the six digits of the authenticator app, or one of the recovery codes.
 * A step that expired or had too many wrong codes sends the person back to the password (`onRestart`).
 */
export function CodeStepForm({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: string;
  onSignedIn: (session: Session | null) => void;
  onRestart: () => void;
}) {
  const styles = useAuthFormStyles();
  const submit = useSubmitCode();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim();
    if (value === "") {
      setError(recovery ? "Enter one of your recovery codes." : "Enter the six digits the app shows.");
      return;
    }
    setError(undefined);
    submit.mutate(recovery ? { challenge, recoveryCode: value } : { challenge, code: value }, {
      onSuccess: onSignedIn,
      onError: (e) => {
        setCode("");
        if (e instanceof ApiError && e.code === "auth.code_step_expired") onRestart();
      },
    });
  };

  return (
    <form className={styles.form} onSubmit={send} noValidate aria-labelledby="code-heading">
      <h1 id="code-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        Two-factor sign-in
      </h1>
      <p className={styles.intro}>
        {recovery
          ? "Enter one of the recovery codes you kept when you set up the app. Each works once."
          : "Open your authenticator app and enter the six-digit code it shows for specready."}
      </p>
      {submit.isError && (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not signed in</MessageBarTitle>
            {errorMessage(submit.error)}
          </MessageBarBody>
        </MessageBar>
      )}
      <Field label={recovery ? "Recovery code" : "Code"} required validationMessage={error}>
        <Input
          name="code"
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          value={code}
          onChange={(_, d) => setCode(d.value)}
        />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={submit.isPending}>
          {submit.isPending ? "Checking…" : "Sign in"}
        </Button>
      </div>
      <Link
        as="button"
        type="button"
        onClick={() => {
          setRecovery(!recovery);
          setCode("");
          setError(undefined);
        }}
      >
        {recovery ? "Use the app's code instead" : "Use a recovery code instead"}
      </Link>
    </form>
  );
}
