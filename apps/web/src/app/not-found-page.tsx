import { makeStyles, tokens } from "@fluentui/react-components";
import { AppLink } from "../components/app-link";
import { PageHeader } from "../components/page-header";

const useStyles = makeStyles({ text: { color: tokens.colorNeutralForeground2 } });

/** An unknown path, an organization the person is not a member of, or a page their role does not reach. */
export function NotFoundPage({ forbidden = false }: { readonly forbidden?: boolean }) {
  const styles = useStyles();
  return (
    <>
      <PageHeader title={forbidden ? "Not available for your role" : "Page not found"} />
      <p className={styles.text}>
        {forbidden
          ? "This page is for the organization's partner admins. Ask one of them if you need it."
          : "There is no such page, or it belongs to an organization you are not a member of."}
      </p>
      <p>
        <AppLink to="/">Go to your dashboard</AppLink>
      </p>
    </>
  );
}
