import { Button, Field, Input } from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { ErrorMessage } from "../../../components/error-message";
import { PageLoading } from "../../../components/page-loading";
import { fieldErrors } from "../../../lib/api-client";
import { navigate, Redirect, useFocusOnNavigation } from "../../../lib/router/router";
import { useCompleteSetup, useSetupStatus } from "../api";
import { newPasswordProblem, PASSWORD_HINT, serverPasswordMessage } from "../password-rule";
import { useAuthFormStyles } from "./auth-form-styles";
import { firstPageOf } from "./first-page-of";

interface SetupForm {
  organizationName: string;
  name: string;
  email: string;
  password: string;
}

/** First run: the installation has no account yet; this creates the organization and its first partner admin. */
export function SetupPage() {
  const styles = useAuthFormStyles();
  const status = useSetupStatus();
  const setup = useCompleteSetup();
  const [form, setForm] = useState<SetupForm>({ organizationName: "", name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<keyof SetupForm, string>>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(heading);
  useEffect(() => {
    document.title = "Set up · specready";
  }, []);

  if (status.isPending) return <PageLoading />;
  if (status.isError) return <ErrorMessage error={status.error} onRetry={() => void status.refetch()} />;
  if (!status.data.needsSetup && !setup.isSuccess) return <Redirect to="/sign-in" />;

  const server = fieldErrors(setup.error);
  const set = (key: keyof SetupForm) => (_: unknown, data: { value: string }) =>
    setForm((f) => ({ ...f, [key]: data.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<keyof SetupForm, string>> = {};
    if (form.organizationName.trim() === "") found.organizationName = "Enter your organization's name.";
    if (form.name.trim() === "") found.name = "Enter your name.";
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim()))
      found.email = "Enter an email address such as name@contoso.com.";
    const passwordProblem = newPasswordProblem(form.password);
    if (passwordProblem !== undefined) found.password = passwordProblem;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setup.mutate(
      {
        ...form,
        organizationName: form.organizationName.trim(),
        name: form.name.trim(),
        email: form.email.trim(),
      },
      { onSuccess: (session) => navigate(firstPageOf(session), { replace: true, focus: "start" }) },
    );
  };

  const message = (key: keyof SetupForm) =>
    errors[key] ?? (key === "password" ? serverPasswordMessage(server[key]) : server[key]);

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="setup-heading">
      <h1 id="setup-heading" ref={heading} tabIndex={-1} className={styles.heading}>
        Set up specready
      </h1>
      <p className={styles.intro}>
        Create your organization and your own account. You will be its partner admin and can invite your team
        afterwards.
      </p>
      {setup.isError && Object.keys(server).length === 0 && (
        <ErrorMessage error={setup.error} title="Setup failed" />
      )}
      <Field
        label="Organization name"
        required
        validationMessage={message("organizationName")}
        hint="As in Partner Center, e.g. Adatum Consulting"
      >
        <Input
          name="organization"
          autoComplete="organization"
          value={form.organizationName}
          onChange={set("organizationName")}
        />
      </Field>
      <Field label="Your name" required validationMessage={message("name")}>
        <Input name="name" autoComplete="name" value={form.name} onChange={set("name")} />
      </Field>
      <Field label="Email" required validationMessage={message("email")}>
        <Input type="email" name="email" autoComplete="username" value={form.email} onChange={set("email")} />
      </Field>
      <Field label="Password" required validationMessage={message("password")} hint={PASSWORD_HINT}>
        <Input
          type="password"
          name="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set("password")}
        />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={setup.isPending}>
          {setup.isPending ? "Creating…" : "Create organization"}
        </Button>
      </div>
    </form>
  );
}
