import {
  Button,
  CounterBadge,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Actions } from "../../../api/allowed-actions";
import { AppLink } from "../../../components/app-link";
import { useVisuallyHiddenStyles } from "../../../components/visually-hidden";
import { plural } from "../../../lib/format";
import { type EvidenceItem, useAskedOfMe } from "../api";
import { canEditEvidence } from "../evidence-helpers";

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  comment: { color: tokens.colorNeutralForeground2 },
});

/** Items shown by name in the message bar; the rest are counted. */
const SHOWN = 3;

/**
 * What reviewers sent back to the signed-in person: the items they added whose changes were
 * requested, with the reviewer's comment, and a way to list just those.
 */
export function AskedOfMeBar({
  orgId,
  actions,
  onShow,
  showing,
}: {
  readonly orgId: string;
  readonly actions: Actions;
  readonly onShow: () => void;
  readonly showing: boolean;
}) {
  const styles = useStyles();
  const asked = useAskedOfMe(orgId, canEditEvidence(actions));
  const items: readonly EvidenceItem[] = asked.data ?? [];
  if (items.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline" aria-label="Asked of you">
      <MessageBarBody>
        <MessageBarTitle>
          {items.length === 1
            ? "A reviewer asked for changes to evidence you added"
            : `Reviewers asked for changes to ${plural(items.length, "evidence item")} you added`}
        </MessageBarTitle>
        <ul className={styles.list}>
          {items.slice(0, SHOWN).map((i) => (
            <li key={i.id}>
              <AppLink to={`/o/${encodeURIComponent(orgId)}/evidence/${encodeURIComponent(i.id)}`}>
                {i.title}
              </AppLink>
              {i.lastComment !== null && <span className={styles.comment}>: “{i.lastComment}”</span>}
            </li>
          ))}
          {items.length > SHOWN && <li>and {plural(items.length - SHOWN, "more item")}</li>}
        </ul>
      </MessageBarBody>
      {!showing && (
        <MessageBarActions>
          <Button onClick={onShow}>Show what is asked of me</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/**
 * The side navigation's count of items asked of the signed-in person (editors only): the number, and
 * for screen readers what it counts.
 */
export function AskedOfMeCount({ orgId, actions }: { readonly orgId: string; readonly actions: Actions }) {
  const hidden = useVisuallyHiddenStyles();
  const asked = useAskedOfMe(orgId, canEditEvidence(actions));
  const count = asked.data?.length ?? 0;
  if (count === 0) return null;
  return (
    <>
      <CounterBadge count={count} size="small" color="danger" aria-hidden="true" />
      <span className={hidden.hidden}>, {plural(count, "item")} with changes requested</span>
    </>
  );
}
