/** The roles of a member of an organization, and what each may do in the app (the server decides too). */
export type Role = "partner_admin" | "contributor" | "auditor" | "viewer";

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

export function isAdmin(role: string): boolean {
  return role === "partner_admin";
}

/** Upload, import and revert are for partner admins and contributors. */
export function canImport(role: string): boolean {
  return role === "partner_admin" || role === "contributor";
}
