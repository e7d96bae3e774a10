import { makeStyles, tokens } from "@fluentui/react-components";
import { useRef } from "react";
import { useFocusAtStart } from "../../lib/router/router";

const useStyles = makeStyles({
  link: {
    position: "absolute",
    top: tokens.spacingVerticalS,
    left: tokens.spacingHorizontalS,
    zIndex: 1000,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    borderRadius: tokens.borderRadiusMedium,
    textDecorationLine: "none",
    transform: "translateY(-200%)",
    ":focus": {
      transform: "none",
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
});

/**
 * "Skip to content": the first Tab stop, visible when focused, moves focus to the page. It has the focus
 * when a page is reached with the focus at its start (after signing in).
 */
export function SkipLink({ target }: { readonly target: string }) {
  const styles = useStyles();
  const ref = useRef<HTMLAnchorElement>(null);
  useFocusAtStart(ref);
  return (
    <a
      ref={ref}
      className={styles.link}
      href={`#${target}`}
      onClick={(event) => {
        // Focus the page without adding #main-content to the URL (the router owns the URL).
        event.preventDefault();
        const main = document.getElementById(target);
        main?.focus();
        main?.scrollIntoView();
      }}
    >
      Skip to content
    </a>
  );
}
