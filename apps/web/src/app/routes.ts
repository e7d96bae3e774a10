import type { ComponentType, LazyExoticComponent } from "react";
import { type Actions, can } from "../api/allowed-actions";
import { lazyComponent } from "../lib/lazy-component";

/**
 * The app's URLs. Each page is its own chunk, loaded when first shown (or when a link to it is
 * hovered or focused: `preload`), so the first load carries only the shell.
 *
 * - public: reachable signed out; member: a member of the organization in the path (with one of the
 *   route's `needs` among the organization's allowed actions, when it has any); signed-in: any
 *   signed-in person.
 */
export type RouteAccess = "public" | "signed-in" | "member";

/** The pages of an organization that need an action of it (the server refuses their calls otherwise). */
const NEEDS: Readonly<Record<string, Actions>> = {
  members: ["members.read"],
  activity: ["activity.read"],
  settings: [
    "application.record",
    "tokens.manage",
    "review-policy.change",
    "program.configure",
    "two-factor.require",
  ],
};

export interface AppRoute {
  readonly id: string;
  readonly path: string;
  readonly access: RouteAccess;
  /** Actions of the organization of which the person needs one to open the page (none: any member). */
  readonly needs: Actions;
  readonly page: LazyExoticComponent<ComponentType>;
  readonly preload: () => Promise<unknown>;
  /**
   * The page this one belongs to (an item's list): the side navigation marks it as current, and
   * switching organization goes there, since the item is not in the other organization.
   */
  readonly parent?: string;
}

function route(
  id: string,
  path: string,
  access: RouteAccess,
  load: () => Promise<Record<string, unknown>>,
  exportName: string,
  parent?: string,
): AppRoute {
  const { Component, preload } = lazyComponent(load, (module) => module[exportName] as ComponentType);
  return {
    id,
    path,
    access,
    needs: NEEDS[id] ?? [],
    preload,
    page: Component,
    ...(parent === undefined ? {} : { parent }),
  };
}

export const routes: readonly AppRoute[] = [
  route("setup", "/setup", "public", () => import("../features/auth/components/setup-page"), "SetupPage"),
  route(
    "sign-in",
    "/sign-in",
    "public",
    () => import("../features/auth/components/sign-in-page"),
    "SignInPage",
  ),
  route(
    "invite",
    "/invite/:token",
    "public",
    () => import("../features/auth/components/invitation-page"),
    "InvitationPage",
  ),
  route(
    "forgot-password",
    "/forgot-password",
    "public",
    () => import("../features/auth/components/forgot-password-page"),
    "ForgotPasswordPage",
  ),
  route(
    "reset-password",
    "/reset-password/:token",
    "public",
    () => import("../features/auth/components/reset-password-page"),
    "ResetPasswordPage",
  ),
  route(
    "verify-email",
    "/verify-email/:token",
    "public",
    () => import("../features/auth/components/verify-email-page"),
    "VerifyEmailPage",
  ),
  route(
    "two-factor",
    "/account/two-factor",
    "signed-in",
    () => import("../features/auth/components/two-factor-page"),
    "TwoFactorPage",
  ),
  route(
    "microsoft-sign-in-required",
    "/account/microsoft-sign-in",
    "signed-in",
    () => import("../features/auth/components/microsoft-sign-in-required-page"),
    "MicrosoftSignInRequiredPage",
  ),
  route("home", "/", "signed-in", () => import("../features/organizations/components/home-page"), "HomePage"),
  route(
    "dashboard",
    "/o/:orgId",
    "member",
    () => import("../features/dashboard/components/dashboard-page"),
    "DashboardPage",
  ),
  route(
    "imports",
    "/o/:orgId/imports",
    "member",
    () => import("../features/imports/components/imports-page"),
    "ImportsPage",
  ),
  route(
    "projects",
    "/o/:orgId/projects",
    "member",
    () => import("../features/projects/components/projects-page"),
    "ProjectsPage",
  ),
  route(
    "people",
    "/o/:orgId/people",
    "member",
    () => import("../features/people/components/people-page"),
    "PeoplePage",
  ),
  route(
    "capability-score",
    "/o/:orgId/capability-score",
    "member",
    () => import("../features/capability-score/components/capability-score-page"),
    "CapabilityScorePage",
  ),
  route(
    "audit-controls",
    "/o/:orgId/audit",
    "member",
    () => import("../features/controls/components/audit-controls-page"),
    "AuditControlsPage",
  ),
  route(
    "audit-control",
    "/o/:orgId/audit/controls/:controlId",
    "member",
    () => import("../features/controls/components/control-detail-page"),
    "ControlDetailPage",
    "audit-controls",
  ),
  route(
    "evidence",
    "/o/:orgId/evidence",
    "member",
    () => import("../features/evidence/components/evidence-page"),
    "EvidencePage",
  ),
  route(
    "evidence-item",
    "/o/:orgId/evidence/:evidenceId",
    "member",
    () => import("../features/evidence/components/evidence-detail-page"),
    "EvidenceDetailPage",
    "evidence",
  ),
  route(
    "audit-plan",
    "/o/:orgId/audit/plan",
    "member",
    () => import("../features/audit/components/audit-plan-page"),
    "AuditPlanPage",
  ),
  route(
    "audit-review",
    "/o/:orgId/audit/review",
    "member",
    () => import("../features/audit/components/audit-review-page"),
    "AuditReviewPage",
  ),
  route(
    "plan",
    "/o/:orgId/plan",
    "member",
    () => import("../features/plan/components/plan-page"),
    "PlanPage",
  ),
  route(
    "members",
    "/o/:orgId/members",
    "member",
    () => import("../features/members/components/members-page"),
    "MembersPage",
  ),
  route(
    "activity",
    "/o/:orgId/activity",
    "member",
    () => import("../features/activity/components/activity-page"),
    "ActivityPage",
  ),
  route(
    "notifications",
    "/o/:orgId/notifications",
    "member",
    () => import("../features/notifications/components/your-reminders-page"),
    "YourRemindersPage",
  ),
  route(
    "settings",
    "/o/:orgId/settings",
    "member",
    () => import("../features/settings/components/settings-page"),
    "SettingsPage",
  ),
];

/** Whether a member with these allowed actions in the organization may open the page (or its section). */
export function mayOpen(org: { readonly allowedActions: Actions }, id: string): boolean {
  const needs = routes.find((x) => x.id === id)?.needs ?? [];
  return needs.length === 0 || needs.some((action) => can(org, action));
}

/** The page a route belongs to: its parent, or itself. */
export function sectionOf(id: string): string {
  return routes.find((x) => x.id === id)?.parent ?? id;
}

export function routeById(id: string): AppRoute {
  const r = routes.find((x) => x.id === id);
  if (r === undefined) throw new Error(`No route ${id}`);
  return r;
}
