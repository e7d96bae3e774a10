import {
  Button,
  Checkbox,
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
import { formatTimestamp } from "../../../lib/format";
import { navigate, useFocusOnNavigation } from "../../../lib/router/router";
import {
  entraSignInHref,
  isCodeStep,
  type Session,
  useAcceptInvitation,
  useInvitation,
  useSetupStatus,
} from "../api";
import { newPasswordProblem, PASSWORD_HINT, serverPasswordMessage } from "../password-rule";
import { roleLabel } from "../roles";
import { useAuthFormStyles } from "./auth-form-styles";
import { CodeStepForm } from "./code-step-form";
import { firstPageOf, landingPageOf } from "./first-page-of";

function landingOf(session: Session | null, organizationName: string): string {
  const org = session?.organizations.find((o) => o.name === organizationName);
  return org === undefined ? firstPageOf(session) : landingPageOf(org);
}

/** Accepting an invitation: a new account (name and password) or the existing account's password. */
export function InvitationPage() {
  const styles = useAuthFormStyles();
  const token = useRouteParams().token ?? "";
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const setup = useSetupStatus();
  const [name, setName] = useState("");
  // Whether the email has an account is not revealed by the invitation (anyone can invite any email):
  // the person says so.
  const [hasAccount, setHasAccount] = useState(false);
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});
  const [challenge, setChallenge] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  useEffect(() => {
    document.title = "Invitation · specready";
  }, []);

  if (challenge !== null)
    return (
      <CodeStepForm
        challenge={challenge}
        onSignedIn={(session) =>
          navigate(landingOf(session, invitation.data?.organizationName ?? ""), {
            replace: true,
            focus: "start",
          })
        }
        // The invitation was accepted: what is left is signing in.
        onRestart={() => navigate("/sign-in", { replace: true })}
      />
    );
  if (invitation.isPending) return <PageLoading />;
  if (invitation.isError) {
    const gone = invitation.error instanceof ApiError && [404, 409, 410].includes(invitation.error.status);
    return (
      <div className={styles.form}>
        <h1 ref={heading} tabIndex={-1} className={styles.heading}>
          Invitation
        </h1>
        {gone ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>This invitation cannot be used</MessageBarTitle>
              The link is wrong, the invitation was withdrawn or accepted already, or it has expired. Ask the
              person who invited you for a new link.
            </MessageBarBody>
          </MessageBar>
        ) : (
          <ErrorMessage error={invitation.error} onRetry={() => void invitation.refetch()} />
        )}
        <AppLink to="/sign-in">Go to sign-in</AppLink>
      </div>
    );
  }

  const inv = invitation.data;
  const server = fieldErrors(accept.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      name: !hasAccount && name.trim() === "" ? "Enter your name." : undefined,
      password: hasAccount
        ? password === ""
          ? "Enter your password."
          : undefined
        : newPasswordProblem(password),
    };
    setErrors(found);
    if (found.name !== undefined || found.password !== undefined) return;
    accept.mutate(hasAccount ? { password } : { name: name.trim(), password }, {
      onSuccess: (result) => {
        if (isCodeStep(result)) setChallenge(result.challenge);
        else navigate(landingOf(result, inv.organizationName), { replace: true, focus: "start" });
      },
    });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="invitation-heading">
      <h1 id="invitation-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        Join {inv.organizationName}
      </h1>
      <p className={styles.intro}>
        You are invited as <strong>{roleLabel(inv.role)}</strong> with the email address{" "}
        <strong>{inv.email}</strong>. The invitation is valid until {formatTimestamp(inv.expiresAt)}.
      </p>
      <p className={styles.intro}>
        {hasAccount
          ? "Enter the password of your specready account to join."
          : "Create your account: choose the name your colleagues will see and a password."}
      </p>
      <Checkbox
        label={`I already have a specready account with ${inv.email}`}
        checked={hasAccount}
        onChange={(_, d) => {
          setHasAccount(d.checked === true);
          setErrors({});
        }}
      />
      {accept.isError && Object.keys(server).length === 0 && (
        <ErrorMessage error={accept.error} title="Joining failed" />
      )}
      {/* The email is part of the invitation; a hidden username field lets password managers save it. */}
      <input type="email" name="username" autoComplete="username" value={inv.email} readOnly hidden />
      {!hasAccount && (
        <Field label="Your name" required validationMessage={errors.name ?? server.name}>
          <Input name="name" autoComplete="name" value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
      )}
      <Field
        label="Password"
        required
        validationMessage={errors.password ?? serverPasswordMessage(server.password)}
        hint={hasAccount ? undefined : PASSWORD_HINT}
      >
        <Input
          type="password"
          name="password"
          autoComplete={hasAccount ? "current-password" : "new-password"}
          value={password}
          onChange={(_, d) => setPassword(d.value)}
        />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={accept.isPending}>
          {accept.isPending ? "Joining…" : `Join ${inv.organizationName}`}
        </Button>
      </div>
      {setup.data?.entraEnabled === true && (
        <div className={styles.actions}>
          {/* The account is made (or found) from the Microsoft sign-in: no password to choose. */}
          <Button as="a" href={entraSignInHref(token)}>
            Join with Microsoft
          </Button>
        </div>
      )}
    </form>
  );
}
