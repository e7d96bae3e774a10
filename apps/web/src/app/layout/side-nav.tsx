import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";
import {
  ArrowUploadRegular,
  BoardRegular,
  BriefcaseRegular,
  CalendarLtrRegular,
  ChartMultipleRegular,
  ClipboardTaskListLtrRegular,
  DataTrendingRegular,
  DocumentBulletListMultipleRegular,
  type FluentIcon,
  HistoryRegular,
  PeopleTeamRegular,
  PersonBoardRegular,
  SettingsRegular,
  ShieldTaskRegular,
} from "@fluentui/react-icons";
import type { SessionOrganization } from "../../features/auth/api";
import { AskedOfMeCount } from "../../features/evidence/components/asked-of-me";
import { AfterPaint } from "../../lib/after-paint";
import { buildPath } from "../../lib/router/match-path";
import { RouterLink } from "../../lib/router/router";
import { mayOpen, routeById, sectionOf } from "../routes";

const useStyles = makeStyles({
  nav: {
    gridArea: "nav",
    backgroundColor: tokens.colorNeutralBackground3,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalS}`,
    "@media (max-width: 767px)": {
      borderRight: "none",
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      overflowX: "auto",
    },
  },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    position: "sticky",
    top: tokens.spacingVerticalM,
    "@media (max-width: 767px)": { flexDirection: "row" },
  },
  link: {
    position: "relative",
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textDecorationLine: "none",
    whiteSpace: "nowrap",
    ...typographyStyles.body1,
    ":hover": {
      backgroundColor: tokens.colorSubtleBackgroundHover,
      color: tokens.colorNeutralForeground2Hover,
    },
    ":active": { backgroundColor: tokens.colorSubtleBackgroundPressed },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "-2px",
    },
  },
  current: {
    ...typographyStyles.body1Strong,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    "::before": {
      content: '""',
      position: "absolute",
      left: 0,
      top: "8px",
      bottom: "8px",
      width: "3px",
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: tokens.colorCompoundBrandStroke,
    },
  },
  icon: { fontSize: "20px", flexShrink: 0 },
  label: { flexGrow: 1 },
});

interface NavEntry {
  readonly id: string;
  readonly label: string;
  readonly Icon: FluentIcon;
}

const ENTRIES: readonly NavEntry[] = [
  { id: "dashboard", label: "Dashboard", Icon: BoardRegular },
  { id: "imports", label: "Imports", Icon: ArrowUploadRegular },
  { id: "people", label: "People", Icon: PersonBoardRegular },
  { id: "capability-score", label: "Capability score", Icon: DataTrendingRegular },
  { id: "projects", label: "Customer projects", Icon: BriefcaseRegular },
  { id: "audit-controls", label: "Audit controls", Icon: ShieldTaskRegular },
  { id: "evidence", label: "Evidence", Icon: DocumentBulletListMultipleRegular },
  { id: "audit-plan", label: "Audit plan", Icon: CalendarLtrRegular },
  { id: "audit-review", label: "Audit review", Icon: ClipboardTaskListLtrRegular },
  { id: "plan", label: "Plan", Icon: ChartMultipleRegular },
  { id: "members", label: "Members", Icon: PeopleTeamRegular },
  { id: "activity", label: "Activity", Icon: HistoryRegular },
  { id: "settings", label: "Settings", Icon: SettingsRegular },
];

/**
 * The organization's pages that the person's allowed actions reach (members, activity and settings need
 * actions partner admins have). Evidence
 * carries the number of items a reviewer sent back to the signed-in person (partner admins and
 * contributors): what is asked of them, on every page.
 */
export function SideNav({
  org,
  routeId,
}: {
  readonly org: SessionOrganization;
  readonly routeId: string | null;
}) {
  const styles = useStyles();
  const entries = ENTRIES.filter((e) => mayOpen(org, e.id));
  return (
    <nav className={styles.nav} aria-label="Organization">
      <ul className={styles.list}>
        {entries.map(({ id, label, Icon }) => {
          const route = routeById(id);
          const current = routeId !== null && sectionOf(routeId) === id;
          return (
            <li key={id}>
              <RouterLink
                to={buildPath(route.path, { orgId: org.id })}
                className={mergeClasses(styles.link, current && styles.current)}
                aria-current={current ? "page" : undefined}
                onMouseEnter={() => void route.preload()}
                onFocus={() => void route.preload()}
              >
                <Icon className={styles.icon} aria-hidden="true" />
                <span className={styles.label}>{label}</span>
                {id === "evidence" && (
                  <AfterPaint>
                    <AskedOfMeCount orgId={org.id} actions={org.allowedActions} />
                  </AfterPaint>
                )}
              </RouterLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
