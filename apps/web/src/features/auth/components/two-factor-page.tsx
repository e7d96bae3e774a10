import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { correction, generate } from "lean-qr";
import { toSvgPath } from "lean-qr/extras/svg";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { CopyButton } from "../../../components/copy-button";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { fieldErrors } from "../../../lib/api-client";
import { useFocusOnNavigation } from "../../../lib/router/router";
import { useConfirmTwoFactor, useDisableTwoFactor, useStartTwoFactor, useTwoFactorStatus } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";
import { EmailVerificationSection } from "./email-verification-section";
import { EntraLinkSection } from "./entra-link-section";

/** The otpauth link as a QR code (lean-qr), drawn as SVG in the page: nothing leaves the browser. */
function QrCode({ text }: { text: string }) {
  const code = generate(text, { minCorrectionLevel: correction.M });
  const pad = 4;
  const size = code.size + pad * 2;
  return (
    <svg
      role="img"
      aria-label="QR code for the authenticator app"
      viewBox={`${-pad} ${-pad} ${size} ${size}`}
      width={200}
      height={200}
      shapeRendering="crispEdges"
    >
      <rect x={-pad} y={-pad} width={size} height={size} fill="#ffffff" />
      <path d={toSvgPath(code)} fill="#000000" />
    </svg>
  );
}

/** The secret in groups of four, as authenticator apps ask for it when typed by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * Two-factor sign-in of the signed-in person: set up an authenticator app (its secret or otpauth link,
 * then its code), keep the recovery codes, or turn it off with the password.
 */
export function TwoFactorPage() {
  const styles = useAuthFormStyles();
  const status = useTwoFactorStatus();
  const start = useStartTwoFactor();
  const confirm = useConfirmTwoFactor();
  const disable = useDisableTwoFactor();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  useEffect(() => {
    document.title = "Two-factor sign-in · specready";
  }, []);

  if (status.isPending) return <PageLoading />;
  if (status.isError) return <ErrorMessage error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;

  const sendCode = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.replace(/\s+/g, ""))) {
      setError("Enter the six digits the app shows.");
      return;
    }
    setError(undefined);
    confirm.mutate({ code: code.replace(/\s+/g, "") }, { onSettled: () => setCode("") });
  };

  const turnOff = (event: FormEvent) => {
    event.preventDefault();
    if (password === "") {
      setError("Enter your password.");
      return;
    }
    setError(undefined);
    disable.mutate({ password }, { onSettled: () => setPassword("") });
  };

  return (
    <div className={styles.form}>
      <h1 ref={heading} tabIndex={-1} className={styles.heading}>
        Two-factor sign-in
      </h1>
      {confirm.data !== undefined && (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody>
            <MessageBarTitle>Two-factor sign-in is on</MessageBarTitle>
            Keep these recovery codes somewhere safe (a password manager): each one signs you in once if you
            lose your phone. They are shown only now.
            <section aria-label="Recovery codes">
              <pre>{confirm.data.recoveryCodes.join("\n")}</pre>
            </section>
            <CopyButton text={confirm.data.recoveryCodes.join("\n")} what="recovery codes" />
          </MessageBarBody>
        </MessageBar>
      )}
      {s.enabled ? (
        <>
          <p className={styles.intro}>
            On: after your password, specready asks for the code of your authenticator app.{" "}
            {s.recoveryCodesLeft} recovery code{s.recoveryCodesLeft === 1 ? "" : "s"} left.
          </p>
          {s.required ? (
            <p className={styles.intro}>An organization you belong to requires it, so it stays on.</p>
          ) : (
            <form onSubmit={turnOff} noValidate aria-label="Turn two-factor sign-in off">
              {disable.isError && <ErrorMessage error={disable.error} title="Two-factor sign-in stays on" />}
              <Field label="Password" required validationMessage={error}>
                <Input
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(_, d) => setPassword(d.value)}
                />
              </Field>
              <div className={styles.actions}>
                <Button type="submit" disabled={disable.isPending}>
                  Turn two-factor sign-in off
                </Button>
              </div>
            </form>
          )}
        </>
      ) : (
        <>
          {s.required && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Required by your organization</MessageBarTitle>
                Set up two-factor sign-in to open your organization again.
              </MessageBarBody>
            </MessageBar>
          )}
          <p className={styles.intro}>
            Sign in with a code from an authenticator app (Microsoft Authenticator, or any TOTP app) after
            your password, so a stolen password alone opens nothing.
          </p>
          {start.data === undefined ? (
            <>
              {start.isError && <ErrorMessage error={start.error} title="The set-up did not start" />}
              <div className={styles.actions}>
                <Button appearance="primary" onClick={() => start.mutate()} disabled={start.isPending}>
                  Set up an authenticator app
                </Button>
              </div>
            </>
          ) : (
            <form onSubmit={sendCode} noValidate aria-label="Confirm the authenticator app">
              <p className={styles.intro}>
                Scan this code with the app, or add an account by hand with the key below (time-based), or
                open the link on your phone:
              </p>
              <QrCode text={start.data.uri} />
              <Field label="Key">
                <Input
                  readOnly
                  value={grouped(start.data.secret)}
                  aria-label="Key for the authenticator app"
                />
              </Field>
              <CopyButton text={start.data.secret} what="key" />
              <div className={styles.actions}>
                <Button as="a" href={start.data.uri}>
                  Open in the authenticator app
                </Button>
              </div>
              {confirm.isError && Object.keys(fieldErrors(confirm.error)).length === 0 && (
                <ErrorMessage error={confirm.error} title="Not set up" />
              )}
              <Field
                label="Code the app shows now"
                required
                validationMessage={error ?? fieldErrors(confirm.error).code}
              >
                <Input
                  name="code"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  value={code}
                  onChange={(_, d) => setCode(d.value)}
                />
              </Field>
              <div className={styles.actions}>
                <Button appearance="primary" type="submit" disabled={confirm.isPending}>
                  Turn on two-factor sign-in
                </Button>
              </div>
            </form>
          )}
        </>
      )}
      <EntraLinkSection />
      <EmailVerificationSection />
    </div>
  );
}
