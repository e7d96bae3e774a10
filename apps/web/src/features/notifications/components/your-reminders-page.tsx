import { Card, makeStyles, tokens } from "@fluentui/react-components";
import { useOrg } from "../../../app/org-context";
import { PageHeader } from "../../../components/page-header";
import { MyReminderSwitches } from "./my-reminder-switches";

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL, maxWidth: "720px" },
});

/** Every member's own reminder e-mails and weekly digest of the organization, whatever their role. */
export function YourRemindersPage() {
  const styles = useStyles();
  const { org } = useOrg();
  return (
    <>
      <PageHeader
        title="Your reminders"
        context={org.name}
        description={`The e-mails specready sends you about ${org.name}: expiring certifications, projects ageing out before the audit, evidence waiting for review, audit deadlines and more, and a digest every Monday. Switch off what you do not want; each switch is saved at once.`}
      />
      <Card className={styles.card}>
        <MyReminderSwitches orgId={org.id} />
      </Card>
    </>
  );
}
