import { makeStyles, tokens } from "@fluentui/react-components";
import { memo, type ReactNode } from "react";
import type { Session, SessionOrganization } from "../../features/auth/api";
import { SideNav as SideNavRender } from "./side-nav";
import { SkipLink } from "./skip-link";
import { TopBar as TopBarRender } from "./top-bar";

// Drawn again only when their own props change (the session, the organization, the page), not with
// every render of the frame around them.
const TopBar = memo(TopBarRender);
const SideNav = memo(SideNavRender);

const useStyles = makeStyles({
  root: {
    display: "grid",
    minHeight: "100vh",
    gridTemplateRows: "auto 1fr",
    gridTemplateColumns: "220px minmax(0, 1fr)",
    gridTemplateAreas: '"top top" "nav main"',
    "@media (max-width: 767px)": {
      gridTemplateColumns: "minmax(0, 1fr)",
      gridTemplateRows: "auto auto 1fr",
      gridTemplateAreas: '"top" "nav" "main"',
    },
  },
  rootNoNav: {
    gridTemplateColumns: "minmax(0, 1fr)",
    gridTemplateAreas: '"top" "main"',
  },
  main: {
    gridArea: "main",
    minWidth: 0,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXXL}`,
    "@media (max-width: 767px)": { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}` },
    ":focus": { outline: "none" },
  },
  inner: { maxWidth: "1440px", marginInline: "auto" },
});

export interface AppShellProps {
  readonly session: Session;
  /** The organization of the page; null on pages outside one (no side navigation then). */
  readonly org: SessionOrganization | null;
  readonly routeId: string | null;
  readonly children: ReactNode;
}

/** The signed-in frame: skip link, top bar, side navigation of the organization, and the page. */
export function AppShell({ session, org, routeId, children }: AppShellProps) {
  const styles = useStyles();
  return (
    <div className={org === null ? `${styles.root} ${styles.rootNoNav}` : styles.root}>
      <SkipLink target="main-content" />
      <TopBar session={session} org={org} routeId={routeId} />
      {org !== null && <SideNav org={org} routeId={routeId} />}
      <main id="main-content" tabIndex={-1} className={styles.main}>
        <div className={styles.inner}>{children}</div>
      </main>
    </div>
  );
}
