import {
  Dropdown,
  Menu,
  MenuButton,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  mergeClasses,
  Option,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import {
  AlertRegular,
  PersonCircleRegular,
  ShieldKeyholeRegular,
  SignOutRegular,
} from "@fluentui/react-icons";
import { useState } from "react";
import { ErrorMessage } from "../../components/error-message";
import {
  type Session,
  type SessionOrganization,
  useSignOut,
  useSignOutEverywhere,
} from "../../features/auth/api";
import { roleLabel } from "../../features/auth/roles";
import { AfterPaint } from "../../lib/after-paint";
import { buildPath } from "../../lib/router/match-path";
import { navigate, RouterLink } from "../../lib/router/router";
import { mayOpen, routeById, sectionOf } from "../routes";

const useStyles = makeStyles({
  bar: {
    gridArea: "top",
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalL,
    minHeight: "48px",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow2,
    position: "sticky",
    top: 0,
    zIndex: 10,
    flexWrap: "wrap",
  },
  product: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    ...typographyStyles.subtitle2,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  logo: { width: "24px", height: "24px" },
  org: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  orgLabel: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3 },
  dropdown: { minWidth: "200px", maxWidth: "320px" },
  // Until the organization switcher and the account menu are drawn (after the first paint): their
  // text in their place and size, so that nothing moves when they come.
  dropdownPlaceholder: {
    boxSizing: "border-box",
    display: "inline-flex",
    alignItems: "center",
    minHeight: "32px",
    padding: `0 ${tokens.spacingHorizontalM}`,
    paddingRight: "36px",
    ...typographyStyles.body1,
    overflow: "hidden",
    whiteSpace: "nowrap",
    textOverflow: "ellipsis",
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  menuPlaceholder: {
    boxSizing: "border-box",
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalSNudge,
    minHeight: "32px",
    padding: `0 ${tokens.spacingHorizontalM}`,
    paddingRight: "32px",
    ...typographyStyles.body1Strong,
  },
  menuPlaceholderIcon: { fontSize: "20px" },
  spacer: { flexGrow: 1 },
  email: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3 },
  error: { position: "absolute", top: "52px", right: tokens.spacingHorizontalL, zIndex: 20 },
});

function Logo({ className }: { readonly className: string }) {
  return (
    <svg className={className} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill={tokens.colorBrandBackground} />
      <path
        d="M9 16.5l4.5 4.5L23 11.5"
        fill="none"
        stroke={tokens.colorNeutralForegroundOnBrand}
        strokeWidth="3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/**
 * The path of the same page in another organization; the dashboard when the person's role there does
 * not reach the page.
 */
function samePageIn(target: SessionOrganization, routeId: string | null): string {
  const section = routeId === null ? null : sectionOf(routeId);
  const id = section !== null && section !== "dashboard" && mayOpen(target, section) ? section : "dashboard";
  return buildPath(routeById(id).path, { orgId: target.id });
}

export interface TopBarProps {
  readonly session: Session;
  readonly org: SessionOrganization | null;
  readonly routeId: string | null;
}

export function TopBar({ session, org, routeId }: TopBarProps) {
  const styles = useStyles();
  const signOut = useSignOut();
  const signOutEverywhere = useSignOutEverywhere();
  const [error, setError] = useState<unknown>(null);
  const orgs = session.organizations;

  const leave = (mutation: typeof signOut) => {
    setError(null);
    mutation.mutate(undefined, {
      onSuccess: () => navigate("/sign-in", { replace: true }),
      onError: (e) => setError(e),
    });
  };

  return (
    <header className={styles.bar}>
      <RouterLink to="/" className={styles.product} aria-label="specready home">
        <Logo className={styles.logo} />
        specready
      </RouterLink>
      {orgs.length > 0 && (
        <div className={styles.org}>
          <AfterPaint
            fallback={
              <span className={mergeClasses(styles.dropdown, styles.dropdownPlaceholder)}>
                {org?.name ?? "Choose an organization"}
              </span>
            }
          >
            <Dropdown
              className={styles.dropdown}
              aria-label="Organization"
              appearance="filled-darker"
              value={org?.name ?? "Choose an organization"}
              selectedOptions={org === null ? [] : [org.id]}
              onOptionSelect={(_, data) => {
                const target = orgs.find((o) => o.id === data.optionValue);
                if (target !== undefined && target.id !== org?.id) navigate(samePageIn(target, routeId));
              }}
            >
              {orgs.map((o) => (
                <Option key={o.id} value={o.id} text={o.name}>
                  {o.name} ({roleLabel(o.role)})
                </Option>
              ))}
            </Dropdown>
          </AfterPaint>
          {org !== null && <span className={styles.orgLabel}>{roleLabel(org.role)}</span>}
        </div>
      )}
      <div className={styles.spacer} />
      <AfterPaint
        fallback={
          <span className={styles.menuPlaceholder}>
            <PersonCircleRegular className={styles.menuPlaceholderIcon} aria-hidden="true" />
            {session.user.name}
          </span>
        }
      >
        <Menu positioning="below-end">
          <MenuTrigger disableButtonEnhancement>
            <MenuButton
              appearance="subtle"
              icon={<PersonCircleRegular />}
              aria-label={`Account: ${session.user.name}`}
            >
              {session.user.name}
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuGroup>
                <MenuGroupHeader>{session.user.email}</MenuGroupHeader>
              </MenuGroup>
              <MenuDivider />
              {org !== null && (
                <MenuItem
                  icon={<AlertRegular />}
                  onClick={() => navigate(buildPath(routeById("notifications").path, { orgId: org.id }))}
                >
                  Your reminders
                </MenuItem>
              )}
              <MenuItem icon={<ShieldKeyholeRegular />} onClick={() => navigate("/account/two-factor")}>
                Two-factor sign-in
              </MenuItem>
              <MenuItem icon={<SignOutRegular />} onClick={() => leave(signOut)} disabled={signOut.isPending}>
                Sign out
              </MenuItem>
              <MenuItem onClick={() => leave(signOutEverywhere)} disabled={signOutEverywhere.isPending}>
                Sign out everywhere
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      </AfterPaint>
      {error !== null && (
        <div className={styles.error}>
          <ErrorMessage error={error} title="Signing out failed" />
        </div>
      )}
    </header>
  );
}
