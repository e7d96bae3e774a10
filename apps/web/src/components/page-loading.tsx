import { makeStyles, Spinner, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { display: "flex", justifyContent: "center", padding: tokens.spacingVerticalXXXL },
});

/** The placeholder while a page's code or data arrives. */
export function PageLoading({ label = "Loading…" }: { readonly label?: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Spinner label={label} role="status" />
    </div>
  );
}
