import { Button, Card, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useSignedInSession } from "../../../app/org-context";
import { ErrorMessage } from "../../../components/error-message";
import { PageHeader } from "../../../components/page-header";
import { fieldErrors } from "../../../lib/api-client";
import { navigate, Redirect } from "../../../lib/router/router";
import { firstPageOf, sessionKey, useCreateOrganization } from "../../auth";

const useStyles = makeStyles({
  card: { maxWidth: "520px", padding: tokens.spacingHorizontalXL },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  actions: { display: "flex", justifyContent: "flex-end" },
});

/** `/`: the first organization's dashboard, or, for someone in no organization, the form to create one. */
export function HomePage() {
  const session = useSignedInSession();
  const styles = useStyles();
  const create = useCreateOrganization();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();

  if (session.organizations.length > 0 && !create.isPending && !create.isSuccess) {
    return <Redirect to={firstPageOf(session)} />;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === "") {
      setError("Enter the organization's name.");
      return;
    }
    setError(undefined);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: async (org) => {
          await client.refetchQueries({ queryKey: sessionKey });
          navigate(`/o/${encodeURIComponent(org.id)}`, { replace: true });
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title="Create an organization"
        description="You are not a member of any organization yet. Create one, or ask a partner admin of yours for an invitation."
      />
      <Card className={styles.card}>
        <form className={styles.form} onSubmit={submit} noValidate>
          {create.isError && <ErrorMessage error={create.error} />}
          <Field
            label="Organization name"
            required
            validationMessage={error ?? fieldErrors(create.error).name}
          >
            <Input value={name} onChange={(_, d) => setName(d.value)} autoComplete="organization" />
          </Field>
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create organization"}
            </Button>
          </div>
        </form>
      </Card>
    </>
  );
}
