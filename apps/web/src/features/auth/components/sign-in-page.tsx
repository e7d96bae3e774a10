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
import { PageLoading } from "../../../components/page-loading";
import { ApiError, errorMessage } from "../../../lib/api-client";
import { safeNextPath } from "../../../lib/router/match-path";
import { navigate, Redirect, useFocusOnNavigation, useSearchParams } from "../../../lib/router/router";
import { entraProblem, entraSignInHref, isCodeStep, useSession, useSetupStatus, useSignIn } from "../api";
import { useAuthFormStyles } from "./auth-form-styles";
import { CodeStepForm } from "./code-step-form";
import { firstPageOf } from "./first-page-of";

function signInProblem(error: unknown): { title: string; text: string } {
  if (error instanceof ApiError && error.status === 401) {
    return { title: "Not signed in", text: error.message };
  }
  if (error instanceof ApiError && error.status === 429) {
    const wait = error.retryAfterSeconds;
    return {
      title: "Too many attempts",
      text:
        wait === null
          ? error.message
          : `${error.message} Try again in ${wait < 90 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`}.`,
    };
  }
  return { title: "Signing in failed", text: errorMessage(error) };
}

export function SignInPage() {
  const styles = useAuthFormStyles();
  const session = useSession();
  const params = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const signIn = useSignIn();
  const setup = useSetupStatus();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [challenge, setChallenge] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  useEffect(() => {
    document.title = "Sign in · specready";
  }, []);

  if (session.isPending) return <PageLoading />;
  if (session.data && !signIn.isPending && !signIn.isSuccess && challenge === null)
    return <Redirect to={next ?? firstPageOf(session.data)} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      email: email.trim() === "" ? "Enter your email address." : undefined,
      password: password === "" ? "Enter your password." : undefined,
    };
    setErrors(found);
    if (found.email !== undefined || found.password !== undefined) return;
    signIn.mutate(
      { email: email.trim(), password },
      {
        // The whole frame is new: the focus starts at the top of the page (its skip link).
        onSuccess: (s) => {
          setPassword("");
          if (isCodeStep(s)) setChallenge(s.challenge);
          else navigate(next ?? firstPageOf(s), { replace: true, focus: "start" });
        },
        onError: () => setPassword(""),
      },
    );
  };
  const entraRefused = params.get("entraError");
  const problem = signIn.isError
    ? signInProblem(signIn.error)
    : entraRefused !== null
      ? { title: "Not signed in with Microsoft", text: entraProblem(entraRefused) }
      : null;
  if (challenge !== null)
    return (
      <CodeStepForm
        challenge={challenge}
        onSignedIn={(s) => navigate(next ?? firstPageOf(s), { replace: true, focus: "start" })}
        onRestart={() => {
          setChallenge(null);
          signIn.reset();
        }}
      />
    );

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        Sign in
      </h1>
      <p className={styles.intro}>Use the email address and password of your specready account.</p>
      {problem !== null && (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{problem.title}</MessageBarTitle>
            {problem.text}
          </MessageBarBody>
        </MessageBar>
      )}
      <Field label="Email" required validationMessage={errors.email}>
        <Input
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(_, d) => setEmail(d.value)}
          required
        />
      </Field>
      <Field label="Password" required validationMessage={errors.password}>
        <Input
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(_, d) => setPassword(d.value)}
          required
        />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </Button>
      </div>
      {setup.data?.entraEnabled === true && (
        <div className={styles.actions}>
          {/* A plain link: the server sends the browser on to Microsoft's sign-in page. */}
          <Button as="a" href={entraSignInHref()}>
            Sign in with Microsoft
          </Button>
        </div>
      )}
      {/* Without e-mail there is no link to send: a partner admin invites the person again instead. */}
      {setup.data?.emailEnabled === true && <AppLink to="/forgot-password">Forgot your password?</AppLink>}
    </form>
  );
}
