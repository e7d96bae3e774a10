import {
  Card,
  MessageBar,
  MessageBarBody,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { ErrorMessage } from "../../../components/error-message";
import { useSetupStatus } from "../../auth";

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/**
 * Whether this server sends e-mail (SPECREADY_SMTP_URL, set by the operator): invitations and password
 * resets by e-mail, or links copied by hand and no "forgot password".
 */
export function EmailSection() {
  const styles = useStyles();
  const setup = useSetupStatus();
  return (
    <section aria-labelledby="email-heading">
      <Card className={styles.card}>
        <h2 id="email-heading" className={styles.heading}>
          E-mail
        </h2>
        {setup.isError && <ErrorMessage error={setup.error} onRetry={() => void setup.refetch()} />}
        {setup.data?.emailEnabled === true && (
          <p className={styles.intro}>
            E-mail is on. Invitation links go by e-mail to the invited address only, so accepting one proves
            the address belongs to the person; people who forget their password get a one-time link by e-mail.
          </p>
        )}
        {setup.data?.emailEnabled === false && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              E-mail is off: this server has no mail server configured. Invitation links are shown once when
              you create them: copy them and send them yourself. There is no “forgot password”: invite the
              person again instead. The operator turns e-mail on with SPECREADY_SMTP_URL and
              SPECREADY_MAIL_FROM.
            </MessageBarBody>
          </MessageBar>
        )}
      </Card>
    </section>
  );
}
