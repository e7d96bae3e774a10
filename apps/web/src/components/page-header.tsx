import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { type ReactNode, useEffect, useRef } from "react";
import { useFocusOnNavigation } from "../lib/router/router";

const useStyles = makeStyles({
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalS,
  },
  title: {
    ...typographyStyles.title2,
    margin: 0,
    ":focus": { outline: "none" },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  description: {
    ...typographyStyles.body1,
    color: tokens.colorNeutralForeground2,
    margin: `${tokens.spacingVerticalXS} 0 0`,
  },
  actions: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM },
});

export interface PageHeaderProps {
  readonly title: string;
  readonly description?: ReactNode;
  readonly actions?: ReactNode;
  /** The document title's context after the page title ("Adatum"); "specready" is always last. */
  readonly context?: string;
}

/**
 * Every page's `<h1>`: it sets the document title and takes the focus after an in-app navigation, so
 * a screen reader announces the new page.
 */
export function PageHeader({ title, description, actions, context }: PageHeaderProps) {
  const styles = useStyles();
  const ref = useRef<HTMLHeadingElement>(null);
  useFocusOnNavigation(ref);
  useEffect(() => {
    document.title = [title, context, "specready"].filter(Boolean).join(" · ");
  }, [title, context]);
  return (
    <div className={styles.header}>
      <div>
        <h1 ref={ref} tabIndex={-1} className={styles.title}>
          {title}
        </h1>
        {description !== undefined && <p className={styles.description}>{description}</p>}
      </div>
      {actions !== undefined && <div className={styles.actions}>{actions}</div>}
    </div>
  );
}
