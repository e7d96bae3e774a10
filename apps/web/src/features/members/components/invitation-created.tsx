import {
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CopyButton } from "../../../components/copy-button";
import { formatTimestamp } from "../../../lib/format";
import { absoluteUrl, type CreatedInvitation } from "../api";

const useStyles = makeStyles({
  link: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  linkInput: { flexGrow: 1, minWidth: "220px", fontFamily: tokens.fontFamilyMonospace },
});

/**
 * What an invitation just created became: with e-mail on, the link went to the invited address only
 * (accepting it proves the address); without, the link is shown once here, to be sent by hand.
 */
export function InvitationCreated({ created }: { readonly created: CreatedInvitation }) {
  const styles = useStyles();
  if (created.url === undefined)
    return (
      <MessageBar intent="success" layout="multiline" role="status">
        <MessageBarBody>
          <MessageBarTitle>Invitation for {created.email}</MessageBarTitle>
          The link went by e-mail to {created.email} only; it works until {formatTimestamp(created.expiresAt)}
          .
        </MessageBarBody>
      </MessageBar>
    );
  const link = absoluteUrl(created.url, window.location.origin);
  return (
    <MessageBar intent="success" layout="multiline" role="status">
      <MessageBarBody>
        <MessageBarTitle>Invitation for {created.email}</MessageBarTitle>
        Send this link to {created.email}; it is shown only now and works until{" "}
        {formatTimestamp(created.expiresAt)}.
        <div className={styles.link}>
          <Input
            className={styles.linkInput}
            readOnly
            value={link}
            aria-label="Invitation link"
            onFocus={(e) => e.target.select()}
          />
          <CopyButton text={link} what="invitation link" />
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}
