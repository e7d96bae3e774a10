import type { Schemas } from "../../api/client";

/**
 * The roles of a member of an organization, in words. What each may do is the server's to say: every
 * resource carries the signed-in person's `allowedActions`.
 */
export type Role = Schemas["Role"];

export const ROLES: readonly Role[] = ["partner_admin", "contributor", "auditor", "viewer"];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  partner_admin: "Partner admin",
  contributor: "Contributor",
  auditor: "Auditor",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  partner_admin: "Everything, including members, activity, settings and API tokens",
  contributor: "Sees the dashboard and imports files",
  auditor: "Sees the dashboard and the imports",
  viewer: "Sees the dashboard and the imports",
};

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}
