import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { can } from "../../../api/allowed-actions";
import { useOrg } from "../../../app/org-context";
import { PageHeader } from "../../../components/page-header";
import { ImportHistory } from "./import-history";
import { UploadPanel } from "./upload-panel";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXL },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
});

/** Import Partner Center exports (partner admins and contributors) and see, undo or restore past imports. */
export function ImportsPage() {
  const styles = useStyles();
  const { org } = useOrg();
  const mayImport = can(org, "imports.create");
  return (
    <div className={styles.page}>
      <PageHeader
        title="Imports"
        context={org.name}
        description={
          mayImport
            ? "Import the files you download from Partner Center. Usage files replace the months they cover; other files replace the previous file of their kind."
            : "The files imported for this organization. Partner admins and contributors can import files."
        }
      />
      {mayImport && <UploadPanel orgId={org.id} dashboardHref={`/o/${encodeURIComponent(org.id)}`} />}
      <section className={styles.section} aria-labelledby="history-heading">
        <h2 id="history-heading" className={styles.heading}>
          Import history
        </h2>
        <ImportHistory orgId={org.id} canRevert={mayImport} />
      </section>
    </div>
  );
}
